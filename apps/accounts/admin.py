"""Admin for users (in `default`).

Apps whose rows belong to users but live in other databases extend `UserAdmin` from their own
admin module (the blog: apps/blog/admin_users.py), so this one imports no such app. A deletion
they refuse because their database cannot be reached (`DatabaseUnavailable`, raised while the
confirmation page is built or from a `pre_delete` receiver) ends in an error message and
changes nothing, never a server error.
"""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.auth import get_permission_codename
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse

from apps.accounts.invitations import send_invitations
from apps.accounts.models import User
from apps.core.image_fields import ImageFieldsAdminMixin
from apps.multidb.aliases import PEOPLE_DB
from apps.multidb.availability import DatabaseUnavailable


def may_view_users(request) -> bool:
    """Whether the signed-in user may see people's details (e-mail address, names) in the admin.

    Blog editors choose authors by username without this permission; every search they can
    reach must then match usernames only, or probing it letter by letter reads the addresses.
    """
    opts = User._meta
    return any(
        request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("view", "change")
    )


@admin.register(User)
class UserAdmin(ImageFieldsAdminMixin, DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets[:2],
        ("Profile", {"fields": ("display_name", "bio", "avatar")}),
        *DjangoUserAdmin.fieldsets[2:],
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "email",
                    "display_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("username", "email", "display_name", "is_staff")
    search_fields = ("username", "email", "display_name", "first_name", "last_name")
    actions = ("delete_selected", "invite")

    def get_search_fields(self, request):
        # Also what the author autocomplete of blog editors searches (apps/blog/admin_users.py).
        return self.search_fields if may_view_users(request) else ("username",)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except DatabaseUnavailable as error:
            # Raised before the deletion (listing related content) or by a pre_delete receiver
            # inside the deletion's transaction: nothing was deleted.
            self.message_user(request, str(error), messages.ERROR)
            # object_id comes from the URL, already quoted.
            return HttpResponseRedirect(reverse("admin:accounts_user_change", args=[object_id]))

    @admin.action(
        permissions=["change"], description="Send an invitation (a link to choose a password)"
    )
    def invite(self, request, queryset):
        users = list(queryset)
        sent = send_invitations(request, users)
        skipped = len(users) - sent
        self.message_user(request, f"Invitations sent: {sent}.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"Not sent (inactive or no e-mail address): {skipped}.", messages.WARNING
            )

    @admin.action(permissions=["delete"], description="Delete selected users")
    def delete_selected(self, request, queryset):
        # Django runs actions outside any transaction; one on `default` makes the admin log
        # entries and the deletions succeed or fail together.
        try:
            with transaction.atomic(using=PEOPLE_DB):
                return django_delete_selected(self, request, queryset)
        except DatabaseUnavailable as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
