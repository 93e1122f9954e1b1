"""Authors' image libraries: images to show inside their posts."""

from django.conf import settings
from django.db import models

from apps.core.image_fields import RenditionsImageField
from apps.core.images import BODY_IMAGE, Picture, picture_of

LIBRARY_MARKDOWN_WIDTH = 1024


class LibraryImage(models.Model):
    """An image an author uploaded to show inside their posts: their image library
    (/dashboard/images/) gives the Markdown to paste into a post's body."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="library_images",
    )
    image = RenditionsImageField(kind=BODY_IMAGE.directory, blank=False)
    image_width = models.PositiveIntegerField(editable=False)
    image_height = models.PositiveIntegerField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["author", "-created_at"], name="library_image_author_idx")]

    def __str__(self) -> str:
        return self.image.name

    @property
    def picture(self) -> Picture:
        return picture_of(
            self.image.name, width=self.image_width, height=self.image_height, kind=BODY_IMAGE
        )

    @property
    def markdown(self) -> str:
        """What to paste into a post's body to show the image."""
        return f"![Describe the image]({self.picture.rendition(LIBRARY_MARKDOWN_WIDTH).url})"
