"""What every blog model's admin needs across the two databases: authors attached to a list
page with one query on `default`, searched and filtered by id (apps/blog/admin/__init__.py)."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from apps.accounts.admin import may_view_users
from apps.multidb.aliases import BLOG_DB
from apps.multidb.authors import authors_attach

# Cap on the users a search term may resolve to: the ids travel in an `IN (...)` list to blog_db.
AUTHOR_SEARCH_LIMIT = 1000


def author_ids_matching(*, term: str, by_email: bool) -> list[int]:
    """Ids of users whose username (or, `by_email`, e-mail address) contains `term` (one query
    on `default`)."""
    term = term.strip()
    if not term:
        return []
    matches = Q(username__icontains=term)
    if by_email:
        matches |= Q(email__icontains=term)
    users = get_user_model().objects.filter(matches)
    return list(users.order_by("pk").values_list("pk", flat=True)[:AUTHOR_SEARCH_LIMIT])


class AuthorBatchChangeList(ChangeList):
    """A changelist that attaches the authors of the page with one query on `default`.

    Rows whose author no longer exists (orphans awaiting `audit_crossdb --fix`) stay listed, so
    staff can see and delete them; `author_link` marks them.
    """

    def get_results(self, request):
        super().get_results(request)
        self.result_list = list(self.result_list)
        authors_attach(self.result_list)
        user_admin = self.model_admin.admin_site._registry.get(get_user_model())
        can_open_users = user_admin is not None and user_admin.has_view_or_change_permission(
            request
        )
        for obj in self.result_list:
            obj.admin_author_url = None
            if can_open_users and obj._meta.get_field("author").is_cached(obj):
                obj.admin_author_url = user_change_url(obj.author_id)


def user_change_url(user_id: int) -> str | None:
    opts = get_user_model()._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(user_id)])
    except NoReverseMatch:
        return None


class AuthorListFilter(admin.SimpleListFilter):
    """Filter by author: the users who wrote rows of this model, read by id from `default`."""

    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        # order_by() drops Meta.ordering, which would otherwise make DISTINCT see duplicates.
        author_ids = model_admin.model.objects.order_by().values_list("author_id", flat=True)
        users = get_user_model().objects.filter(pk__in=list(author_ids.distinct()))
        users = users.order_by("username")
        return [(str(pk), username) for pk, username in users.values_list("pk", "username")]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(author_id=int(value))


class AuthorSearchMixin:
    """Search that also finds rows by their author's username, or e-mail address for those who
    may view users (`may_view_users`).

    The users are resolved in `default`, then the rows are matched by `author_id` in `blog_db`;
    `author__username` in `search_fields` would need a JOIN across the two databases.
    """

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        author_ids = author_ids_matching(term=search_term, by_email=may_view_users(request))
        if author_ids:
            matched = matched | queryset.filter(author_id__in=author_ids)
        return matched, may_have_duplicates


class BlogModelAdmin(admin.ModelAdmin):
    """Base for blog models: rows in `blog_db`, authors attached from `default`."""

    # Never let the changelist select_related() the author: that JOIN cannot cross databases.
    list_select_related = ()

    def get_changelist(self, request, **kwargs):
        return AuthorBatchChangeList

    @admin.display(description="author", ordering="author_id")
    def author_link(self, obj):
        if not obj._meta.get_field("author").is_cached(obj):
            return format_html("<em>deleted user #{}</em>", obj.author_id)
        url = getattr(obj, "admin_author_url", None)
        if url is None:
            return obj.author.username
        return format_html('<a href="{}">{}</a>', url, obj.author.username)

    def bulk_change(
        self,
        request,
        queryset,
        *,
        change: Callable[[list[int]], list[int]],
        log_message: str,
        done: str,
    ) -> list[int]:
        """Run a bulk action's service on the selected rows, log and report what it changed;
        returns the ids changed.

        `change` takes the selected ids and returns those it changed; `done` is the message,
        with `{count}` for their number. One log entry per changed row, written with one insert.
        """
        ids = list(queryset.values_list("pk", flat=True))
        with transaction.atomic(using=BLOG_DB):
            changed_ids = change(ids)
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=self.model.objects.filter(pk__in=changed_ids),
                action_flag=CHANGE,
                change_message=log_message,
            )
        self.message_user(request, done.format(count=len(changed_ids)), messages.SUCCESS)
        return changed_ids


def bulk_change_action(
    description: str,
    change: Callable[[list[int]], list[int]],
    *,
    log_message: str,
    done: str,
    after: Callable[[HttpRequest, list[int]], None] | None = None,
):
    """An admin action (for `ModelAdmin.actions`, needing the change permission) that runs
    `change` on the selected rows through `BlogModelAdmin.bulk_change`, then `after(request,
    changed_ids)` when given."""

    @admin.action(description=description, permissions=["change"])
    def action(model_admin: BlogModelAdmin, request: HttpRequest, queryset) -> None:
        changed_ids = model_admin.bulk_change(
            request, queryset, change=change, log_message=log_message, done=done
        )
        if after is not None:
            after(request, changed_ids)

    return action
