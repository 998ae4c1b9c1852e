"""Xapian's facet counts past the exact limit: estimated from an even sample of the matches, and said so."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import make_article

SEARCH = reverse("search")


def test_sample_levels_are_nested_and_each_holds_half_of_the_one_before():
    from articles.search_backends.xapian import SAMPLE_LEVELS, SAMPLE_PREFIX, sample_terms

    members = [set(sample_terms(f"articles.article.{pk}")) for pk in range(1, 20_001)]
    for level in (1, 2, 3, 4, 5):
        share = sum(f"{SAMPLE_PREFIX}{level}" in terms for terms in members) / len(members)
        assert share == pytest.approx(0.5**level, rel=0.15)
    for terms in members:
        for level in range(2, SAMPLE_LEVELS + 1):
            assert f"{SAMPLE_PREFIX}{level}" not in terms or f"{SAMPLE_PREFIX}{level - 1}" in terms


@pytest.fixture
def two_years(db, search_index):
    """120 articles saying 云巴. The 60 of 2024 are indexed first (newest first) and match best, so
    Xapian can stop early, once it has seen them: the 60 of 2019 say it once in a longer text."""
    if search_index.engine != "xapian":
        pytest.skip("Whoosh counts every match")
    for _ in range(60):
        make_article(title="云巴", body="云巴。云巴。云巴。", published=dt.date(2024, 5, 1))
        make_article(
            title="璧山新闻",
            body="璧山区的云巴开通以后，市民出行方便了很多，沿线商铺生意也好了起来。",
            published=dt.date(2019, 5, 1),
        )
    search_index.refresh()
    return search_index


def year_counts(response) -> dict[str, int]:
    return {
        value.label: value.count
        for facet in response.context["facets"]
        if facet.field == "year"
        for value in facet.values
    }


def test_estimated_facets_come_from_every_part_of_the_index_not_the_first_indexed(client, two_years, settings):
    exact = year_counts(client.get(SEARCH, {"q": "云巴"}))
    assert exact == {"2019": 60, "2024": 60}

    settings.SEARCH_EXACT_COUNTS_UP_TO = 10
    response = client.get(SEARCH, {"q": "云巴"})
    html = response.content.decode()
    assert "估计值" in html and "共找到约" in html
    estimated = year_counts(response)
    # Counting the first matches Xapian sees (the 2019 articles) would show 2019 alone.
    assert set(estimated) == {"2019", "2024"}
    # Scaled to the estimated number of matches, the years still add up to it.
    assert abs(sum(estimated.values()) - response.context["paginator"].count) <= len(estimated)
