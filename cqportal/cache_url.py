"""Turn CACHE_URL into a CACHES entry: locmem:// (default), redis://host:port/db, dummy://."""

from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured


def parse_cache_url(url: str) -> dict:
    scheme = urlparse(url).scheme
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cqportal"}
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"CACHE_URL={url!r}: use locmem://, redis://host:port/db or dummy://")
