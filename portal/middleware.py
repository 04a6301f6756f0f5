"""Cross-cutting middleware."""

from django.middleware.locale import LocaleMiddleware

# Only the portal's own scripts run: every asset is vendored and no template has inline script.
# Styles allow inline attributes because ECharts and Bootstrap set element styles at run time.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The API documentation page is the only one allowed its own policy (set by its view).
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class PortalLocaleMiddleware(LocaleMiddleware):
    """Pages are Chinese unless the user chose English with the language switch (its cookie); the
    browser's Accept-Language is not followed there, since a civil servant's machine with an
    English system must not turn the portal English.  The API follows Accept-Language, which is
    how integrators ask for English messages."""

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        accept = request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        try:
            return super().process_request(request)
        finally:
            if accept is not None:
                request.META["HTTP_ACCEPT_LANGUAGE"] = accept
