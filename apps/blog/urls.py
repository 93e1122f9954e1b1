from django.urls import path, register_converter

from apps.blog import feeds, views
from apps.blog.caching.pages import cache_anonymous_page as cached
from apps.blog.converters import UnicodeSlugConverter, UsernameConverter

register_converter(UnicodeSlugConverter, "uslug")
register_converter(UsernameConverter, "username")

# `cached`: anonymous readers get these pages from the page cache (apps/blog/caching/pages.py).
urlpatterns = [
    path("", cached(views.HomeView.as_view()), name="home"),
    path("feed/", cached(feeds.LatestPostsFeed()), name="feed"),
    path("search/", cached(views.SearchView.as_view()), name="search"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("posts/new/", views.PostCreateView.as_view(), name="post_create"),
    path("posts/<uslug:slug>/", cached(views.PostDetailView.as_view()), name="post_detail"),
    path("posts/<uslug:slug>/edit/", views.PostEditView.as_view(), name="post_edit"),
    path("posts/<uslug:slug>/delete/", views.PostDeleteView.as_view(), name="post_delete"),
    path(
        "posts/<uslug:slug>/comments/<int:pk>/delete/",
        views.CommentDeleteView.as_view(),
        name="comment_delete",
    ),
    path(
        "authors/<username:username>/",
        cached(views.AuthorDetailView.as_view()),
        name="author_detail",
    ),
    path("authors/<username:username>/feed/", cached(feeds.AuthorPostsFeed()), name="author_feed"),
    path("tags/<uslug:slug>/", cached(views.TagDetailView.as_view()), name="tag_detail"),
    path("tags/<uslug:slug>/feed/", cached(feeds.TagPostsFeed()), name="tag_feed"),
]
