"""Deep pages of a long list: numbered up to a point, then "更早" links that carry the last article
shown, so a page far back answers with a bounded number of simple range queries (no OFFSET)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import views
from articles.models import Article, District, SiteRevision
from tests.factories import make_article


@pytest.fixture
def long_district(seeded, settings, monkeypatch):
    """Yuzhong with 40 more articles: several on one day, some undated; two to a page, numbered to page 3."""
    settings.ARTICLES_PER_PAGE = 2
    monkeypatch.setattr(views, "NUMBERED_PAGES", 3, raising=False)
    district = District.objects.get(slug="yuzhong")
    template = Article.objects.filter(primary_districts=district).first()
    for n in range(40):
        published = None if n % 7 == 0 else dt.date(2023, 1, 1) + dt.timedelta(days=n // 3)
        make_article(page=template.page, title=f"深页{n}", published=published, districts=[district.slug])
    SiteRevision.bump()
    return district


def _older_link(html: str) -> str | None:
    found = re.search(r'<a rel="next" href="\?([^"]*before=[^"]*)">更早</a>', html)
    return found and found.group(1).replace("&amp;", "&")


def test_walking_older_links_gives_the_whole_list_in_order_with_bounded_queries(client, long_district):
    url = long_district.get_absolute_url()
    expected = list(Article.objects.published().in_districts([long_district]).values_list("pk", flat=True))
    seen = []
    for number in range(1, 4):  # the numbered pages
        response = client.get(url, {"page": number})
        seen += [a.pk for a in response.context["articles"]]
    query = _older_link(response.content.decode())
    assert query, "the last numbered page links further back by cursor"
    while query:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        assert len(queries) <= 16
        assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)
        seen += [a.pk for a in response.context["articles"]]
        query = _older_link(response.content.decode())
    assert seen == expected


@pytest.mark.parametrize("number", ["10", "last", "9" * 40])
def test_numbered_urls_past_the_numbered_pages_lead_to_the_last_one(client, long_district, number):
    """Page 10 would walk every newer article: the reader is sent to page 3, whose 更早 link goes on."""
    response = client.get(long_district.get_absolute_url(), {"page": number, "date_to": "2999-01-01"})
    assert response.status_code == 302
    assert response["Location"] == f"{long_district.get_absolute_url()}?page=3&date_to=2999-01-01"
    assert _older_link(client.get(response["Location"]).content.decode())


def test_a_filtered_list_is_counted_only_as_far_as_its_numbered_pages(client, long_district):
    url = reverse("articles:list")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url, {"district": "yuzhong"}).content.decode()
    assert "超过 6 篇" in html and "第 1 页</span>" in html  # 3 pages of 2; no total of pages
    assert any("LIMIT 7" in q["sql"] for q in queries.captured_queries)
    few = client.get(url, {"district": "yuzhong", "date_from": "2023-01-01", "date_to": "2023-01-02"})
    assert "共 5 篇" in few.content.decode() and "共 3 页" in few.content.decode()


def test_a_cursor_keeps_the_lists_filters(client, long_district):
    first = client.get(reverse("articles:list"), {"district": "yuzhong", "page": 3}).content.decode()
    query = _older_link(first)
    assert "district=yuzhong" in query
    articles = client.get(reverse("articles:list") + "?" + query).context["articles"]
    assert articles and all(a.primary_districts.filter(slug="yuzhong").exists() for a in articles)


@pytest.mark.parametrize("cursor", ["yesterday,1", "2024-01-01,x", "2024-13-01,5", ""])
def test_a_malformed_cursor_is_404(client, long_district, cursor):
    assert client.get(long_district.get_absolute_url(), {"before": cursor}).status_code == 404
