from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from apps.accounts.forms import AdminLoginForm
from apps.blog.sitemaps import SITEMAPS
from apps.multidb import health

admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # --- web UI (issue 4) ---
    path("accounts/", include("apps.accounts.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("apps.blog.urls")),
]

# A database outage anywhere in the stack answers 503, not 500 (apps/multidb/middleware.py).
handler500 = "apps.multidb.views.server_error"
