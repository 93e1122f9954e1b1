from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.text import slugify

from apps.accounts.invisible_characters import validate_no_invisible_characters
from apps.blog.models import POST_BODY_MAX_LENGTH, Comment, Post
from apps.blog.rendering import validate_markdown_nesting
from apps.blog.services import TAG_MAX_LENGTH, TAGS_PER_POST_MAX, tag_names_parse
from apps.core.image_fields import ImageUploadField
from apps.core.images import COVER
from apps.core.text import validate_no_control_characters

TAGS_FIELD_MAX_LENGTH = 600
DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class MinuteDateTimeField(forms.DateTimeField):
    """A `datetime-local` input, precise to the minute: it has changed only when the minute has."""

    def has_changed(self, initial, data) -> bool:
        if isinstance(initial, datetime):
            initial = initial.replace(second=0, microsecond=0)
        return super().has_changed(initial, data)


class PostForm(forms.Form):
    title = forms.CharField(
        max_length=Post._meta.get_field("title").max_length,
        validators=[validate_no_control_characters, validate_no_invisible_characters],
    )
    body = forms.CharField(
        max_length=POST_BODY_MAX_LENGTH,
        validators=[validate_no_control_characters],
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Markdown: **bold**, *italic*, # headings, - lists, [links](https://…); "
        "images from Your images (/dashboard/images/).",
    )
    tags = forms.CharField(
        required=False,
        max_length=TAGS_FIELD_MAX_LENGTH,
        validators=[validate_no_control_characters],
        help_text=f"Comma-separated, up to {TAGS_PER_POST_MAX}, e.g. django, databases.",
    )
    status = forms.ChoiceField(choices=Post.Status.choices, initial=Post.Status.DRAFT)
    published_at = MinuteDateTimeField(
        label="Publication time",  # the time zone's name is added per form
        required=False,
        input_formats=[DATETIME_INPUT_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT_FORMAT),
        help_text="Leave empty to publish now; a future time schedules the post.",
    )
    cover_image = ImageUploadField(kind=COVER, label="Cover image")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The input is read in the site's time zone (TIME_ZONE); the label names it.
        zone = timezone.get_current_timezone_name()
        self.fields["published_at"].label = f"Publication time ({zone})"

    def clean_title(self) -> str:
        title = self.cleaned_data["title"]
        if not title.strip():
            raise forms.ValidationError("Give the post a title.")
        return title.strip()

    def clean_published_at(self) -> datetime | None:
        # The input shows the stored time without its seconds: left alone, the time stays exact.
        if "published_at" not in self.changed_data:
            return self.initial.get("published_at")
        return self.cleaned_data["published_at"]

    def clean_body(self) -> str:
        # Here rather than in the field's validators, which would render an over-long body too.
        body = self.cleaned_data["body"]
        validate_markdown_nesting(body)
        return body

    def clean_tags(self) -> list[str]:
        names = tag_names_parse(self.cleaned_data["tags"])
        if len(names) > TAGS_PER_POST_MAX:
            raise forms.ValidationError(f"Use at most {TAGS_PER_POST_MAX} tags.")
        for name in names:
            if len(name) > TAG_MAX_LENGTH:
                raise forms.ValidationError(
                    f"Keep each tag to {TAG_MAX_LENGTH} characters (“{name[:20]}…” is longer)."
                )
            if not slugify(name, allow_unicode=True):
                raise forms.ValidationError(f"The tag “{name}” needs a letter or a digit.")
            validate_no_invisible_characters(name)
        return names

    @classmethod
    def initial_for(cls, post: Post) -> dict:
        return {
            "title": post.title,
            "body": post.body,
            "tags": ", ".join(tag.name for tag in post.tags.all()),
            "status": post.status,
            "published_at": post.published_at,
            "cover_image": post.cover_image,
        }


class CommentForm(forms.ModelForm):
    # The id of the comment replied to; a reply to a reply joins its top-level comment's thread.
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": "Your comment"}
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, post: Post, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.post = post

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Write something first.")
        return body

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data["parent"]
        if parent_id is None:
            return None
        parent = (
            Comment.objects.public()
            .select_related("parent")
            .filter(pk=parent_id, post=self.post)
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                "The comment you replied to is no longer shown; your text is kept below."
            )
        # A public reply's parent is public too.
        return parent.parent or parent


class CommentDecisionForm(forms.Form):
    """Approve or reject one held comment (a Approve / Reject button pair in the queue)."""

    comment = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
