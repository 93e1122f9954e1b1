from django.urls import path, register_converter

from apps.blog import author_views, feeds, image_library, post_views, selectors, views
from apps.blog.caching.pages import cache_anonymous_page as cached
from apps.blog.caching.pages import page_number
from apps.blog.converters import UnicodeSlugConverter, UsernameConverter

register_converter(UnicodeSlugConverter, "uslug")
register_converter(UsernameConverter, "username")

# `cached`: anonymous readers get these pages from the page cache (apps/blog/caching/pages.py),
# keyed by the query parameters the view reads (`query`) and no others.
LIST_QUERY = {"page": page_number}
SEARCH_QUERY = {**LIST_QUERY, "q": selectors.search_query_clean}
POST_QUERY = {post_views.COMMENT_PAGE_PARAM: page_number}

urlpatterns = [
    path("", cached(views.HomeView.as_view(), query=LIST_QUERY), name="home"),
    path("feed/", cached(feeds.LatestPostsFeed()), name="feed"),
    path("search/", cached(views.SearchView.as_view(), query=SEARCH_QUERY), name="search"),
    path("dashboard/", author_views.DashboardView.as_view(), name="dashboard"),
    path("dashboard/comments/", author_views.CommentQueueView.as_view(), name="comment_queue"),
    path("dashboard/images/", image_library.ImageLibraryView.as_view(), name="image_library"),
    path(
        "dashboard/images/<int:pk>/delete/",
        image_library.LibraryImageDeleteView.as_view(),
        name="library_image_delete",
    ),
    path("posts/new/", author_views.PostCreateView.as_view(), name="post_create"),
    path(
        "posts/<uslug:slug>/",
        cached(post_views.PostDetailView.as_view(), query=POST_QUERY),
        name="post_detail",
    ),
    path("posts/<uslug:slug>/edit/", author_views.PostEditView.as_view(), name="post_edit"),
    path("posts/<uslug:slug>/delete/", author_views.PostDeleteView.as_view(), name="post_delete"),
    path(
        "posts/<uslug:slug>/comments/<int:pk>/delete/",
        author_views.CommentDeleteView.as_view(),
        name="comment_delete",
    ),
    path(
        "authors/<username:username>/",
        cached(views.AuthorDetailView.as_view(), query=LIST_QUERY),
        name="author_detail",
    ),
    path("authors/<username:username>/feed/", cached(feeds.AuthorPostsFeed()), name="author_feed"),
    path("tags/", cached(views.TagIndexView.as_view()), name="tag_index"),
    path(
        "tags/<uslug:slug>/",
        cached(views.TagDetailView.as_view(), query=LIST_QUERY),
        name="tag_detail",
    ),
    path("pages/<uslug:slug>/", cached(views.PageDetailView.as_view()), name="page_detail"),
    path("tags/<uslug:slug>/feed/", cached(feeds.TagPostsFeed()), name="tag_feed"),
]
