"""The CONTENT_SECURITY_POLICY setting, sent by config.web.security.ContentSecurityPolicyMiddleware.

No inline scripts or styles anywhere (the Django admin has none either); post bodies may show
images from any https site."""


def site_policy() -> dict[str, list[str]]:
    return {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
