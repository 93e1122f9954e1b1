"""Count the views of public post pages as they are answered, page-cache hits included.

The middleware sits outside (before) the page cache, so it sees every answer, cached or not. The
post page marks its response with the post's id when the post is public
(apps/blog/post_views.py); the middleware removes the mark and counts a GET answered 200 that is
not from a bot. Counting is an addition to this process's memory (apps/analytics/recorder.py):
no request waits on `analytics`.
"""

import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from apps.accounts.client_ip import client_ip
from apps.analytics.bots import bot_patterns_compile, user_agent_is_bot
from apps.analytics.models import VISITOR_HASH_BYTES
from apps.analytics.recorder import recorder
from apps.blog.post_views import PUBLIC_POST_HEADER

# Longer ones are cut: a bot names itself early, and the check's cache stays small.
MAX_USER_AGENT = 512


def visitor_digest(*, address: str, user_agent: str) -> bytes:
    """A visitor's address and User-Agent, digested at once so that neither is kept as such;
    what is stored is this keyed with the day's salt (apps/analytics/services.py)."""
    data = f"{address}\n{user_agent}".encode()
    return hashlib.blake2b(data, digest_size=VISITOR_HASH_BYTES).digest()


class PostViewCountingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        bot_patterns_compile()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        post_id = response.get(PUBLIC_POST_HEADER)
        if post_id is None:
            return response
        del response[PUBLIC_POST_HEADER]
        if request.method != "GET" or response.status_code != 200:
            return response
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:MAX_USER_AGENT]
        if not user_agent_is_bot(user_agent):
            address = client_ip(request) or ""
            recorder.record(
                post_id=int(post_id),
                visitor=visitor_digest(address=address, user_agent=user_agent),
            )
        return response
