"""The MIDDLEWARE setting: the order a request passes through, and why each piece sits where it
does (top to bottom on the way in, bottom to top on the way out)."""


def middleware() -> list[str]:
    return [
        # First, so every log line and response of a request carries its id.
        "config.web.request_id.RequestIdMiddleware",
        "django.middleware.security.SecurityMiddleware",
        # Outside whitenoise, so static files and error pages get the policy too.
        "config.web.security.ContentSecurityPolicyMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        # /healthz and /readyz answer probes by IP address, before the Host header is validated.
        "config.web.health.HealthProbeMiddleware",
        # Before the page cache and sessions: a client's reads never miss its own writes, the
        # session's included (apps/multidb/middleware.py).
        "apps.multidb.middleware.ReadYourWritesMiddleware",
        # Outside the page cache, so its hits are counted too (apps/analytics/counting.py).
        "apps.analytics.counting.PostViewCountingMiddleware",
        # Anonymous pages from memory, before sessions, CSRF and auth (apps/blog/caching/pages.py).
        "apps.blog.caching.pages.PageCacheMiddleware",
        # Before sessions and auth: a database outage answers 503 (with handler500 in
        # config/urls.py).
        "config.web.errors.DatabaseUnavailableMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        # Inside sessions and auth: marks what a signed-in person gets `Cache-Control: private`.
        "config.web.private_cache.PrivateCacheMiddleware",
        # Before the admin's views send parameters to a query: unusable ones (NUL, ids) are a 400.
        "config.web.admin_parameters.AdminParametersMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        # Last, as django-axes asks: turns a locked-out login into its 429 page.
        "axes.middleware.AxesMiddleware",
    ]
