"""Admin requests whose parameters no query could use answer 400, before any query fails on them.

- A NUL byte in the query string: PostgreSQL text cannot hold one, so the admin's search, list
  filters and autocomplete would send it to a query and fail with DataError, a 500.
- An action's selected ids (`_selected_action`) that are not primary keys ("abc", "1.5"): the
  action's queryset would fail with ValueError, a 500.

The public pages strip or 404 such input themselves (apps/blog/selectors.py,
apps/blog/converters.py). Submitted admin forms are left to their fields, which refuse NUL with a
form error and keep what was typed.
"""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import BadRequest, ValidationError

ADMIN_NAMESPACE = "admin"


def _holds_nul(query) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in query.lists()
    )


def _are_primary_keys(values: list[str], model) -> bool:
    try:
        for value in values:
            model._meta.pk.to_python(value)
    except ValidationError:
        return False
    return all(values)


class AdminParametersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if ADMIN_NAMESPACE not in request.resolver_match.namespaces:
            return None
        # Answered by handler400 (templates/400.html) and logged like other bad requests.
        if _holds_nul(request.GET):
            raise BadRequest("NUL byte in the query string of an admin page")
        # The admin marks each of its model views with the ModelAdmin it belongs to.
        model_admin = getattr(view_func, "model_admin", None)
        if request.method == "POST" and model_admin is not None:
            selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
            if not _are_primary_keys(selected, model_admin.model):
                raise BadRequest("Selected ids of an admin action that are not primary keys")
        return None
