"""What machines ask of the site: health and liveness probes, robots.txt, the favicon."""

import logging
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.db import DatabaseError, connection, connections
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from haystack import connections as search_connections

from cqportal.db_router import REPLICA, replica_configured

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _favicon() -> bytes:
    path = finders.find("favicon.svg")
    with open(path, "rb") as icon:
        return icon.read()


@require_safe
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page links: answer it with the site's icon."""
    response = HttpResponse(_favicon(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def livez(request):
    """The process answers: nothing else is touched (a baseline for load tests, a liveness probe)."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def healthz(request):
    """200 when the database and the search index both answer, else 503 naming what failed."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError as exc:
        logger.exception("health check: database")
        checks["database"] = f"error: {exc.__class__.__name__}"
    if replica_configured():
        # Informative only: a lost replica's reads go to the primary (cqportal.db_replica), the host still serves.
        checks["reads"] = _reads_from()
    try:
        # Opening the index is what a search needs first, and costs the same at any size; counting
        # or searching the documents would make each probe as slow as the biggest search.
        search_connections["default"].get_backend().check()
        checks["search"] = "ok"
    except Exception as exc:  # any backend failure is what this view exists to report
        logger.exception("health check: search")
        checks["search"] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for name, value in checks.items() if name != "reads")
    response = JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


def _reads_from() -> str:
    replica = connections[REPLICA]
    try:
        replica.ensure_connection()
        if not replica.is_usable():
            replica.close()
            replica.ensure_connection()
    except DatabaseError as exc:
        logger.exception("health check: replica")
        return f"error: {exc.__class__.__name__}"
    return "primary (replica unreachable)" if getattr(replica, "serving", None) == "primary" else "replica"


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
