from django.http import HttpResponse
from django.urls import path

from apps.blog.models import Post
from config.urls import handler500, urlpatterns

__all__ = ["handler500", "urlpatterns"]


def post_titles(request):
    """A minimal blog page: reads `blog_db` in the view."""
    titles = list(Post.objects.published().values_list("title", flat=True)[:5])
    return HttpResponse("\n".join(titles), content_type="text/plain")


class LoadUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user.is_authenticated  # noqa: B018  (the lookup is the point)
        return self.get_response(request)


urlpatterns = [*urlpatterns, path("__tests__/posts/", post_titles)]
