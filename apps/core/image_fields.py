"""The model and form fields of an image stored as renditions (apps/core/images.py).

A form's field decodes and checks the upload and returns a PreparedImage (or False to remove the
image, or the current value when nothing was sent); the model field never takes that value from a
form itself: `image_changes` (apps/core/image_files.py) stores the files and names them in the
row, inside the caller's transaction.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, router
from django.template.defaultfilters import filesizeformat

from apps.core.image_files import (
    ImageStorageUnavailable,
    image_changes,
    image_delete,
    image_store_prepared,
    image_transaction,
    images_delete_after_commit,
)
from apps.core.image_uploads import (
    ACCEPTED_EXTENSIONS,
    EXTENSIONS,
    ImageRejected,
    PreparedImage,
    image_prepare,
)
from apps.core.images import KINDS, ImageKind
from apps.core.upload_limits import OversizeUpload

# Django's admin opens no transaction for these either.
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
ACCEPTED_TYPES = ",".join(
    [f"image/{name.lower()}" for name in EXTENSIONS] + list(ACCEPTED_EXTENSIONS)
)


class ImageUploadField(forms.FileField):
    widget = forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES})

    def __init__(self, *, kind: ImageKind, **kwargs) -> None:
        self.kind = kind
        kwargs.setdefault("required", False)
        if not kwargs.get("help_text"):
            limit = filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES)
            kwargs["help_text"] = f"JPEG, PNG or WebP, at most {limit}."
        super().__init__(**kwargs)

    def to_python(self, data):
        if isinstance(data, OversizeUpload):
            raise ValidationError(
                "This file is larger than %(limit)s: upload a smaller one.",
                code="too_large",
                params={"limit": filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES)},
            )
        upload = super().to_python(data)
        if upload is None:
            return None
        try:
            return image_prepare(upload, kind=self.kind)
        except ImageRejected as rejection:
            raise ValidationError(str(rejection), code="invalid_image") from None


class RenditionsImageField(models.ImageField):
    """The name of an image's largest rendition; its forms field is an ImageUploadField."""

    def __init__(self, *args, kind: str, **kwargs) -> None:
        self.kind = KINDS[kind]
        kwargs["upload_to"] = self.kind.directory
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("upload_to", None)
        kwargs["kind"] = self.kind.directory
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, "kind": self.kind, **kwargs})

    def save_form_data(self, instance, data) -> None:
        """Nothing: image_changes() stores the files and sets the name and size together."""


def image_form_values(form, instance: models.Model) -> dict:
    """The cleaned values of `form`'s fields that are `instance`'s RenditionsImageFields."""
    return {
        field.name: form.cleaned_data[field.name]
        for field in instance._meta.fields
        if isinstance(field, RenditionsImageField) and field.name in form.cleaned_data
    }


def _write_alias(instance: models.Model) -> str:
    return router.db_for_write(instance._meta.model, instance=instance)


class ImagesStoredWhenValid:
    """A ModelForm that stores its new images' files once everything else in it is valid, so a
    storage that fails is an error on the image's field, shown with the rest of the form as
    typed, and never a failure of the save that follows (`save` names the stored files)."""

    def _post_clean(self) -> None:
        super()._post_clean()
        if self._errors:
            return
        stored = []
        for field, value in image_form_values(self, self.instance).items():
            if not isinstance(value, PreparedImage):
                continue
            try:
                self.cleaned_data[field] = image_store_prepared(value)
            except ImageStorageUnavailable as error:
                self.add_error(field, str(error))
                break
            stored.append(self.cleaned_data[field].name)
        if self._errors:  # a second image failed: the first is named by no row
            for name in stored:
                image_delete(directory_of=name)


class ImageFieldsFormMixin(ImagesStoredWhenValid):
    """A ModelForm that stores its images' renditions with the row it saves."""

    def save(self, commit: bool = True):
        if not commit:
            raise ValueError("Images are stored with their row: save with commit=True.")
        images = image_form_values(self, self.instance)
        with image_changes(self.instance, images, using=_write_alias(self.instance)):
            return super().save()


class ImageFieldsAdminMixin:
    """A ModelAdmin that stores its images' renditions with the row it saves.

    The form stores them while it is validated, inside the admin's own transaction, which then
    saves the row, its relations and the admin's log entry (in `default`) before it commits: the
    whole view runs in an `image_transaction`, so that files whose row did not commit are removed
    whichever step failed.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method in SAFE_METHODS:  # nothing is stored; reads may go to a replica
            return super().changeform_view(request, object_id, form_url, extra_context)
        with image_transaction(using=router.db_for_write(self.model)):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (ImagesStoredWhenValid, form), {})

    def save_model(self, request, obj, form, change) -> None:
        with image_changes(obj, image_form_values(form, obj), using=_write_alias(obj)):
            super().save_model(request, obj, form, change)


def image_files_delete_with_row(sender, instance: models.Model, using: str, **kwargs) -> None:
    """`post_delete` receiver: a deleted row's images go once its deletion commits.

    Every way of deleting a row (a view, the admin's single and bulk delete, a cascade, the
    audit's repairs) runs Django's Collector, which sends this for each row.
    """
    names = [
        getattr(instance, field.name).name
        for field in instance._meta.fields
        if isinstance(field, RenditionsImageField)
    ]
    images_delete_after_commit(names, using=using)
