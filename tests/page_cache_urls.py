"""Small views behind the page cache decorator: the URLconf of the page cache's rule tests
(tests/test_page_cache.py, tests/test_page_cache_invalidation.py), so each rule is checked in
isolation from the site's own views.
"""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotFound
from django.template import engines
from django.urls import path

from apps.blog.caching.dependencies import LISTS, depends_on, posts_shown
from apps.blog.caching.pages import cache_anonymous_page, page_number
from apps.blog.models import Post
from apps.multidb.authors import authors_attach


def post_list(request):
    posts = authors_attach(Post.objects.published().prefetch_related("tags", "comments"))
    depends_on(LISTS)  # what it shows, as every cached view declares (caching/dependencies.py)
    posts_shown(posts)
    lines = [
        f"{post.title} by {post.author.public_name} "
        f"tags={','.join(tag.name for tag in post.tags.all())} "
        f"comments={'|'.join(comment.body for comment in post.comments.all())}"
        for post in posts
    ]
    return HttpResponse("\n".join(lines) or "no posts")


def whoami(request):
    return HttpResponse(f"you are {request.user.get_username() or 'anonymous'}")


def with_form(request):
    template = engines["django"].from_string("<form method=post>{% csrf_token %}</form>")
    return HttpResponse(template.render({}, request))


def sets_cookie(request):
    response = HttpResponse("cookie")
    response.set_cookie("seen", "1")
    return response


def adds_message(request):
    messages.info(request, "hello")
    return HttpResponse("message stored")


def missing(request):
    return HttpResponseNotFound("not here")


urlpatterns = [
    path("posts/", cache_anonymous_page(post_list, query={"page": page_number})),
    path("whoami/", cache_anonymous_page(whoami)),
    path("form/", cache_anonymous_page(with_form)),
    path("cookie/", cache_anonymous_page(sets_cookie)),
    path("message/", adds_message),
    path("missing/", cache_anonymous_page(missing)),
    # The site's navigation names pages by this route (apps/blog/site_content.py), and a new
    # user's welcome post is titled with the site content.
    path("pages/<slug:slug>/", missing, name="page_detail"),
]
