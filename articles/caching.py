"""Cached, conditional public pages: keyed on the site revision, answered with 304 when unchanged."""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
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
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        revision = SiteRevision.current()
        key = _page_key(request, revision)
        etag = f'"{key.split(":", 1)[1]}"'
        last_modified = int(revision.changed_at.timestamp())
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return not_modified
        response = cache.get(key)
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
        return response

    return wrapper
