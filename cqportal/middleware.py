"""Response headers and compression for the whole site."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse


class PublicGZipMiddleware(GZipMiddleware):
    """Gzip the public pages, never a response that carries a secret.

    BREACH recovers a secret from the compressed size of a page that also reflects the attacker's
    input. The public pages hold no secret (no CSRF token, no session data); the admin does, so
    nothing under it is compressed, nor any response that rendered a CSRF token (Django then sets
    the CSRF cookie on it).
    """

    def process_response(self, request, response):
        if request.path.startswith(reverse("admin:index")) or settings.CSRF_COOKIE_NAME in response.cookies:
            return response
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """A news site needs no camera, microphone or location: say so, so no embedded content may ask."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
