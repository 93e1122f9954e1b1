from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person. Lives in `default`; their blog content lives in `blog_db`."""

    display_name = models.CharField(max_length=100, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    # Recorded in `default` once the welcome post exists, so a user who deletes it never gets
    # it back and concurrent repairs never seed two.
    welcome_post_seeded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(AbstractUser.Meta):
        db_table = "accounts_user"

    @property
    def public_name(self) -> str:
        return self.display_name or self.username
