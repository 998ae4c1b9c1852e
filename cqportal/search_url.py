"""Turn SEARCH_URL into a HAYSTACK_CONNECTIONS entry."""

from pathlib import Path
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

ENGINES = {
    "whoosh": "articles.search_backends.ChineseWhooshEngine",
    "xapian": "articles.xapian_backend.ChineseXapianEngine",
}


def parse_search_url(url: str, base_dir: Path) -> dict:
    parsed = urlparse(url)
    engine = ENGINES.get(parsed.scheme)
    if engine is None:
        known = ", ".join(sorted(ENGINES))
        raise ImproperlyConfigured(f"SEARCH_URL={url!r}: unknown scheme {parsed.scheme!r} (known: {known})")
    raw_path = (parsed.netloc + parsed.path) if parsed.netloc not in ("", "localhost") else parsed.path
    if not raw_path:
        raise ImproperlyConfigured(f"SEARCH_URL={url!r} names no index path")
    path = Path(raw_path)
    if not path.is_absolute():
        path = base_dir / path
    return {"ENGINE": engine, "PATH": str(path)}
