"""Production behaviour: security headers, deploy check, page cache with conditional GET, health check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from articles.models import Article, SiteRevision
from cqportal.cache_url import parse_cache_url


def test_check_deploy_reports_nothing_with_debug_off(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "LOCAL_HTTP", "DJANGO_SETTINGS_MODULE")}
    env.update(CQPORTAL_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="cqportal.settings")
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_malformed_environment_stops_the_start(tmp_path):
    env = {**os.environ, "CQPORTAL_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "cqportal.settings"}
    for name, value in (
        ("DEBUG", "perhaps"),
        ("DATABASE_URL", "nonsense://x"),
        ("CACHE_URL", "memcache://x"),
        ("SEARCH_URL", "solr://x"),
    ):
        result = subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=settings.BASE_DIR,
            env={**env, name: value},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode != 0, name
        assert name in result.stderr, (name, result.stderr[-500:])


@pytest.mark.django_db
def test_https_responses_carry_the_security_headers(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/").status_code == 301  # plain HTTP goes to HTTPS
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


def test_cache_url_choices():
    assert parse_cache_url("locmem://")["BACKEND"].endswith("LocMemCache")
    assert parse_cache_url("redis://127.0.0.1:6379/0")["LOCATION"] == "redis://127.0.0.1:6379/0"
    assert parse_cache_url("dummy://")["BACKEND"].endswith("DummyCache")
    with pytest.raises(Exception, match="CACHE_URL"):
        parse_cache_url("memcache://x")


def test_pages_are_served_from_cache_until_the_content_changes(client, seeded, django_assert_max_num_queries):
    url = reverse("articles:district", args=["bishan"])
    first = client.get(url)
    with django_assert_max_num_queries(1):  # the revision check only
        again = client.get(url)
    assert again.content == first.content
    article = Article.objects.filter(primary_districts__slug="bishan").first()
    Article.objects.filter(pk=article.pk).update(title="编辑改过的标题")
    assert "编辑改过的标题" not in client.get(url).content.decode()  # still the cached page
    SiteRevision.bump()
    assert "编辑改过的标题" in client.get(url).content.decode()


def test_conditional_get_answers_304_until_a_new_revision(client, seeded):
    url = reverse("articles:latest-feed")
    response = client.get(url)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert "no-cache" in response["Cache-Control"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    SiteRevision.bump()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_the_current_revision_is_read_as_stored_with_its_time_zone(db):
    SiteRevision.objects.filter(pk=1).delete()
    first = SiteRevision.current()  # created when missing
    SiteRevision.bump()
    now = SiteRevision.current()
    stored = SiteRevision.objects.get(pk=1)
    assert now.number == stored.number == first.number + 1
    assert now.changed_at == stored.changed_at and now.changed_at.tzinfo is not None


def test_an_import_starts_a_new_revision(seeded, tmp_path):
    from articles.importer import Importer
    from tests.conftest import SEEDS

    before = SiteRevision.current().number
    Importer().run([SEEDS])  # nothing changed
    assert SiteRevision.current().number == before
    page = tmp_path / "p.txt"
    page.write_text((SEEDS / "002_2c168bc24c4a06ad.txt").read_text(encoding="utf-8"), encoding="utf-8")
    Importer().run([page])
    assert SiteRevision.current().number == before + 1


def test_healthz_checks_the_database_and_the_search_index(client, seeded, search_index):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "search": "ok"}

    import shutil

    from haystack import connections

    path = connections["default"].options["PATH"]
    shutil.rmtree(path)
    Path(path).write_text("not an index")  # the index gone, something else in its place
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["search"].startswith("error: ")


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="needs TEST_REDIS_URL (scripts/test.sh starts one)")
def test_redis_cache_serves_pages_across_clients(seeded, settings):
    redis_cache = parse_cache_url(os.environ["TEST_REDIS_URL"])
    settings.CACHES = {"default": redis_cache}
    from django.core.cache import caches

    caches["default"].clear()
    first = Client().get("/")
    second = Client().get("/")
    assert first.content == second.content
    keys = [k for k in caches["default"]._cache.get_client().keys("*page:*")]
    assert keys
    caches["default"].clear()
    cache.clear()
