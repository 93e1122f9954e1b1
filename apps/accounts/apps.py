from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from apps.accounts import checks  # noqa: F401  (registers the deploy check)
        from apps.core.image_fields import image_files_delete_with_row

        # A user's photo files go after the user's deletion commits, however they were deleted.
        post_delete.connect(
            image_files_delete_with_row,
            sender="accounts.User",
            dispatch_uid="quire_user_avatar_files",
        )
