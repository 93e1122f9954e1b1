"""Admin requests with a NUL byte in their query string answer 400.

PostgreSQL text cannot hold NUL, so the admin's search, list filters and autocomplete would send
one to a query and fail with DataError, a 500. The public pages strip or 404 such input
themselves (apps/blog/selectors.py, apps/blog/converters.py). Submitted admin forms are left to
their fields, which refuse NUL with a form error and keep what was typed.
"""

from django.core.exceptions import BadRequest

ADMIN_NAMESPACE = "admin"


def _holds_nul(query) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in query.lists()
    )


class AdminQueryStringMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if ADMIN_NAMESPACE in request.resolver_match.namespaces and _holds_nul(request.GET):
            # Answered by handler400 and logged by `django.security` like other bad requests.
            raise BadRequest("NUL byte in the query string of an admin page")
        return None
