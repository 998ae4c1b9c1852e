"""Cached, conditional public pages: keyed on the site revision, answered with 304 when unchanged."""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from articles.models import SiteRevision


def _page_key(request, revision: SiteRevision) -> str:
    digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
    return f"page:{revision.number}:{digest}"


def published_page(view):
    """For views whose output depends only on the URL and the published articles."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD", "OPTIONS"])
        revision = SiteRevision.current()
        key = _page_key(request, revision)
        etag = f'"{key.split(":", 1)[1]}"'
        last_modified = int(revision.changed_at.timestamp())
        response = cache.get(key)
        if response is not None:
            # Only a page that exists is "not modified" (If-None-Match: * matches any page).
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if not_modified is not None:
                return not_modified
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.streaming:
                response["ETag"] = etag
                response["Last-Modified"] = http_date(last_modified)
                # Browsers and proxies may keep it, but must ask first: an edit shows at once, and
                # asking costs a 304 from the revision check.
                patch_cache_control(response, public=True, no_cache=True)
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
                not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
                if not_modified is not None:
                    return not_modified
        return response

    return wrapper
