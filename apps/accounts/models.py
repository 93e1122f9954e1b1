from django.contrib.auth.models import AbstractUser
from django.db import models

from apps.accounts.invisible_characters import validate_no_invisible_characters
from apps.accounts.people import ShownAsPerson
from apps.core.image_fields import RenditionsImageField
from apps.core.images import AVATAR
from apps.core.text import validate_no_control_characters


class User(ShownAsPerson, AbstractUser):
    """A person. Lives in `default`; their blog content lives in `blog_db`."""

    display_name = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_no_control_characters, validate_no_invisible_characters],
    )
    bio = models.TextField(max_length=2000, blank=True, validators=[validate_no_control_characters])
    notify_replies = models.BooleanField(
        default=True, help_text="E-mail me when someone replies to my comment or on my post."
    )
    # The largest rendition of the author's photo and its size (apps/core/images.py); written by
    # apps.accounts.services, never from an upload directly.
    avatar = RenditionsImageField(kind=AVATAR.directory)
    avatar_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    avatar_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Recorded in `default` once the welcome post exists, so a user who deletes it never gets
    # it back and concurrent repairs never seed two.
    welcome_post_seeded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(AbstractUser.Meta):
        db_table = "accounts_user"

    def avatar_name(self) -> str:
        return self.avatar.name


class RateLimitCounter(models.Model):
    """How often one subject (an account, an address) did one kind of thing in one time window.

    Written only by apps.accounts.ratelimits; rows of windows that have ended are deleted there.
    """

    scope = models.CharField(max_length=40)
    # A keyed hash of the account id or address: the table holds no addresses.
    subject = models.CharField(max_length=64)
    # Windows of different lengths may end at the same moment (a minute's and a day's at 00:00).
    window_seconds = models.PositiveIntegerField()
    window_ends_at = models.DateTimeField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "subject", "window_seconds", "window_ends_at"],
                name="one_counter_per_window",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope}: {self.hits} until {self.window_ends_at:%Y-%m-%d %H:%M:%S}"
