"""Receivers that carry user lifecycle events from `default` over to `blog_db`."""

from django.conf import settings
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from apps.multidb.integrity import blog_content_delete_after_commit, welcome_post_seed_after_commit


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="quire_welcome_post")
def seed_welcome_post(sender, instance, created: bool, raw: bool, **kwargs) -> None:
    if created and not raw:
        welcome_post_seed_after_commit(user_id=instance.pk)


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="quire_user_cascade")
def cascade_user_blog_content(sender, instance, **kwargs) -> None:
    # Runs inside the Collector's transaction on `default`: raising here refuses the deletion.
    blog_content_delete_after_commit(author_id=instance.pk)
