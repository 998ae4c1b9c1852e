"""HTTP at the edges: HEAD, OPTIONS and TRACE, conditional requests for missing pages, a sitemap
past 5,000 articles, what the original page shows, bad Host headers, long queries, secret keys."""

import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from articles.models import Article, Page
from articles.sitemaps import ArticleSitemap
from cqportal.env import secret_key, weak_secret_key
from tests.test_views import sitemap_locations


@pytest.fixture
def article(seeded):
    return Article.objects.published().first()


def test_head_is_answered_wherever_get_is(client, article):
    for url in (
        "/search/?q=重庆",
        "/robots.txt",
        "/healthz",
        article.get_absolute_url(),
        reverse("articles:original", args=[article.pk]),
    ):
        response = client.head(url)
        assert response.status_code == 200, url
        assert response.content == b""


@pytest.mark.parametrize("url", ["/feeds/latest/rss/", "/sitemap.xml", "/", "/articles/"])
def test_trace_and_options_get_no_page(client, seeded, url):
    assert client.generic("TRACE", url).status_code == 405
    response = client.options(url)
    assert response.status_code == 204 and response.content == b""
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert client.post(url).status_code == 405


def test_if_none_match_star_is_not_modified_only_for_pages_that_exist(client, article):
    assert client.get("/articles/99999999/", HTTP_IF_NONE_MATCH="*").status_code == 404
    assert client.get("/districts/atlantis/", HTTP_IF_NONE_MATCH="*").status_code == 404
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH="*").status_code == 304
    etag = client.get(article.get_absolute_url())["ETag"]
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_sitemap_reaches_every_article_past_one_sitemaps_limit(client, seeded, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 5)
    locations = sitemap_locations(client)
    assert Article.objects.count() > 10
    for item in Article.objects.all():
        assert f"http://testserver{item.get_absolute_url()}" in locations


def test_the_original_page_names_the_file_not_the_server_folder(client, article):
    Page.objects.filter(pk=article.page_id).update(path="/srv/cqportal/private/imports/2024/page-01.txt")
    html = client.get(reverse("articles:original", args=[article.pk])).content.decode()
    assert "page-01.txt" in html and "/srv/cqportal" not in html


def test_a_bad_host_header_logs_one_line(client, db, caplog):
    from cqportal.log import WithoutTraceback

    logger = logging.getLogger("django.security.DisallowedHost")
    assert any(isinstance(f, WithoutTraceback) for f in logger.filters)
    with caplog.at_level(logging.ERROR, logger="django.security.DisallowedHost"):
        assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert record.exc_info is None
    assert "\n" not in logging.Formatter().format(record)


def test_search_links_carry_the_capped_query_not_the_raw_one(client, seeded, search_index):
    search_index.refresh()
    raw = "重庆 保交楼 " + "渝" * 4000  # most of its words still find something once it is capped
    response = client.get("/search/", {"q": raw})
    assert response.context["state"] == "results"  # so the page has sort and facet links
    assert "渝" * 200 not in response.content.decode()
    assert len(response.content) < 60_000


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("k" * 40 + "0123456789"[:9], "50 characters"),
        ("ab" * 30, "5 different"),
        ("django-insecure-" + "abcdefghij" * 5, "django-insecure-"),
    ],
)
def test_a_secret_key_django_would_warn_about_stops_the_start(key, problem, monkeypatch, tmp_path):
    assert problem in weak_secret_key(key)
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ImproperlyConfigured, match=problem):
        secret_key(tmp_path, debug=False)


def test_a_strong_secret_key_and_the_test_key_pass(settings):
    assert weak_secret_key(settings.SECRET_KEY) == ""
    assert weak_secret_key("a1B2c3D4e5" * 5) == ""
