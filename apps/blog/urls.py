from django.urls import path, register_converter

from apps.blog import feeds, views
from apps.blog.converters import UnicodeSlugConverter, UsernameConverter

register_converter(UnicodeSlugConverter, "uslug")
register_converter(UsernameConverter, "username")

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("feed/", feeds.LatestPostsFeed(), name="feed"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("posts/new/", views.PostCreateView.as_view(), name="post_create"),
    path("posts/<uslug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
    path("posts/<uslug:slug>/edit/", views.PostEditView.as_view(), name="post_edit"),
    path("posts/<uslug:slug>/delete/", views.PostDeleteView.as_view(), name="post_delete"),
    path(
        "posts/<uslug:slug>/comments/<int:pk>/delete/",
        views.CommentDeleteView.as_view(),
        name="comment_delete",
    ),
    path("authors/<username:username>/", views.AuthorDetailView.as_view(), name="author_detail"),
    path("authors/<username:username>/feed/", feeds.AuthorPostsFeed(), name="author_feed"),
    path("tags/<uslug:slug>/", views.TagDetailView.as_view(), name="tag_detail"),
    path("tags/<uslug:slug>/feed/", feeds.TagPostsFeed(), name="tag_feed"),
]
