"""`Cache-Control: private` on every response to a signed-in person.

Their pages carry their name, drafts and forms; `private` forbids shared caches (a proxy, a CDN)
to keep one for someone else. Anonymous pages are left cacheable.
"""

from django.utils.cache import patch_cache_control


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A response that never read the session cannot depend on who is signed in; skipping
        # it spares anonymous requests the session and user lookups.
        session = getattr(request, "session", None)
        if session is not None and session.accessed and request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
