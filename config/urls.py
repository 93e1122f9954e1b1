from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from apps.accounts.forms import AdminLoginForm
from apps.blog.caching.pages import cache_anonymous_page, page_number
from apps.blog.sitemaps import SITEMAPS
from config.web import health, site_urls

admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("favicon.ico", site_urls.favicon, name="favicon"),
    path("accounts/", include("apps.accounts.urls")),
    # Every public post in one document, which grows with the site: kept like a reader page.
    path(
        "sitemap.xml",
        cache_anonymous_page(sitemap, query={"p": page_number}),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("", include("apps.analytics.urls")),
    path("", include("apps.blog.urls")),
]
# Uploaded files from MEDIA_ROOT, in development only (static() adds nothing unless DEBUG): the
# reverse proxy serves them in compose and production (config/nginx.conf), or the S3 bucket does.
urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

# A database outage anywhere in the stack answers 503, not 500 (config/web/errors.py).
handler500 = "config.web.errors.server_error"
