"""Turn SEARCH_URL into a HAYSTACK_CONNECTIONS entry."""

from pathlib import Path
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

ENGINES = {
    "whoosh": "articles.search_backends.whoosh.ChineseWhooshEngine",
    "xapian": "articles.search_backends.xapian.ChineseXapianEngine",
    # Read-only views of an index written on another host (docs/scaling-out.md).
    "xapian+replica": "articles.search_backends.xapian.ReplicaXapianEngine",
    "xapian+remote": "articles.search_backends.xapian.RemoteXapianEngine",
}


def parse_search_url(url: str, base_dir: Path) -> dict:
    parsed = urlparse(url)
    engine = ENGINES.get(parsed.scheme)
    if engine is None:
        known = ", ".join(sorted(ENGINES))
        raise ImproperlyConfigured(f"SEARCH_URL={url!r}: unknown scheme {parsed.scheme!r} (known: {known})")
    if parsed.scheme == "xapian+remote":
        return _remote(url, parsed, engine)
    raw_path = (parsed.netloc + parsed.path) if parsed.netloc not in ("", "localhost") else parsed.path
    if not raw_path:
        raise ImproperlyConfigured(f"SEARCH_URL={url!r} names no index path")
    path = Path(raw_path)
    if not path.is_absolute():
        path = base_dir / path
    return {"ENGINE": engine, "PATH": str(path)}


def _remote(url: str, parsed, engine: str) -> dict:
    try:
        port = parsed.port
    except ValueError:
        port = None
    if not parsed.hostname or port is None or parsed.path not in ("", "/"):
        raise ImproperlyConfigured(f"SEARCH_URL={url!r}: use xapian+remote://host:port (a xapian-tcpsrv)")
    # The index folder's name is only used for the drain lock, which a reading host never takes.
    return {"ENGINE": engine, "PATH": f"remote:{parsed.hostname}:{port}", "HOST": parsed.hostname, "PORT": port}
