from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from apps.accounts.forms import AdminLoginForm
from apps.blog.sitemaps import SITEMAPS

admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    # --- web UI (issue 4) ---
    path("accounts/", include("apps.accounts.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("apps.blog.urls")),
]
