"""The work a reader's page costs: the same handful of queries however many articles there are, and
nothing counted over a district's articles while the page waits (the counts are stored with each
site revision). Work is counted here, never timed."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import charts
from articles.models import Article, District, SiteRevision
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached(settings):
    """The page cache off, as the latency benchmark runs: every request does the page's whole work."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _more_articles(district, count, start=dt.date(2021, 1, 1)):
    """`count` more articles of `district`, a few days apart, with districts and topics to show."""
    page = Article.objects.filter(primary_districts=district).first().page
    for n in range(count):
        published = None if n % 9 == 0 else start + dt.timedelta(days=3 * n)
        make_article(
            page=page,
            title=f"增稿{n}",
            published=published,
            districts=[district.slug, "jiangbei"],
            mentioned=["banan"],
            topics=["housing", "transport"],
        )
    SiteRevision.bump()


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries]


def _cursor_url(district) -> str:
    listed = Article.objects.published().in_districts([district])
    deep = listed[listed.count() // 2]
    return f"{district.get_absolute_url()}?before={deep.published.isoformat() if deep.published else ''},{deep.pk}"


DISTRICT_PAGES = [
    "",
    "?page=2",
    "?topic=housing",
    "?topic=housing&date_from=2021-01-01&date_to=2022-12-31",
    "?source=1",
]


def test_reader_pages_make_as_many_queries_with_ten_times_the_articles(client, seeded, uncached):
    yuzhong = District.objects.get(slug="yuzhong")
    _more_articles(yuzhong, 45)
    article = Article.objects.published().in_districts([yuzhong]).first()
    urls = [yuzhong.get_absolute_url() + query for query in DISTRICT_PAGES]
    urls += ["/", article.get_absolute_url(), reverse("articles:latest-feed"), reverse("articles:list")]
    before = [len(_queries(client, url)) for url in urls]
    _more_articles(yuzhong, 300, start=dt.date(2019, 1, 1))
    assert [len(_queries(client, url)) for url in urls] == before
    # Far back by cursor: the first page's queries, but the list read as up to three ranges (views.older_than).
    assert len(_queries(client, _cursor_url(yuzhong))) <= before[0] + 2


def test_a_district_page_counts_nothing_over_its_articles(client, seeded, uncached):
    """The article total and the chart come from the stored counts: no COUNT or GROUP BY while the reader waits."""
    yuzhong = District.objects.get(slug="yuzhong")
    _more_articles(yuzhong, 30)
    queries = _queries(client, yuzhong.get_absolute_url())
    assert not [sql for sql in queries if re.search(r"COUNT\(|GROUP BY", sql, re.IGNORECASE)]
    # The page itself: the revision, the district, a page of articles with their districts and topics,
    # and the topics and sources the filter form offers.
    assert len(queries) <= 7


def test_the_stored_chart_follows_an_editor_hiding_an_article(client, seeded):
    bishan = District.objects.get(slug="bishan")
    page = Article.objects.filter(primary_districts=bishan).first().page
    made = [
        make_article(page=page, title=f"图表稿{n}", published=date, districts=["bishan"])
        for n, date in enumerate([dt.date(2023, 1, 5), dt.date(2023, 1, 20), dt.date(2023, 4, 2)])
    ]
    SiteRevision.bump()
    bishan.refresh_from_db()
    assert bishan.monthly_counts == {"2023-01": 2, "2023-04": 1}
    made[0].hidden = True
    made[0].save()
    SiteRevision.bump()  # what the admin does after an editor's save
    bishan.refresh_from_db()
    chart = charts.coverage(bishan)
    assert [(b.label, b.count) for b in chart.bars] == [
        ("2023年1月", 1),
        ("2023年2月", 0),
        ("2023年3月", 0),
        ("2023年4月", 1),
    ]
    assert chart.undated == Article.objects.published().in_districts([bishan]).filter(published__isnull=True).count()
    assert client.get(reverse("articles:district", args=["bishan"])).context["coverage"].bars[0].count == 1


FORM_QUERIES = [
    "",
    "district=yuzhong&district=banan&topic=housing",
    "district=nope&region=zz&source=abc&date_from=x",
    "region=yudongbei&source=1&date_from=2021-01-01&date_to=2020-01-01",
    "topic=nope&topic=transport&date_to=2022-12-31&date_from=",
]


@pytest.mark.parametrize("query", FORM_QUERIES)
def test_the_hand_written_filter_form_has_the_inputs_django_widgets_would_write(client, seeded, query):
    from django.http import QueryDict

    from articles.forms import ArticleFilterForm

    form = ArticleFilterForm(QueryDict(query) or None)
    form.valid_filters()
    # Checkboxes one by one, as the page wrote them before (box.tag), the others whole.
    boxes = ["".join(box.tag() for box in form[name]) for name in ("district", "topic")]
    widgets = (
        boxes[0] + str(form["region"]) + boxes[1] + "".join(str(form[n]) for n in ("source", "date_from", "date_to"))
    )
    page = html_form(client.get(reverse("articles:list") + "?" + query).content.decode())
    assert _controls(page) == _controls(widgets)


def html_form(html: str) -> str:
    return html[html.index('<form class="filters"') : html.index("</form>", html.index('<form class="filters"'))]


def _controls(html: str) -> list[str]:
    return re.findall(r"<input[^>]*>|<select[^>]*>|<option[^>]*>[^<]*</option>", html)


def test_an_article_page_reads_one_body_however_many_related_articles_it_weighs(client, seeded, uncached):
    """Related articles are chosen from the district's newest fifty by their topics' rows, and only the
    chosen ones' titles are loaded; the newer/older links need no bodies either."""
    yuzhong = District.objects.get(slug="yuzhong")
    _more_articles(yuzhong, 12)
    article = Article.objects.published().in_districts([yuzhong])[5]
    response = client.get(article.get_absolute_url())
    assert len(response.context["related"]) == 5 and response.context["previous"] and response.context["next"]
    bodies = [sql for sql in _queries(client, article.get_absolute_url()) if '"articles_article"."body"' in sql]
    assert len(bodies) == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_a_list_walks_the_shown_articles_index_not_every_row(seeded):
    """Without the partial index the list walked the date index and read each row (body and all) to
    check `hidden`: page 850 of a big district cost ~150 ms at 100,000 articles."""
    yuzhong = District.objects.get(slug="yuzhong")
    listed = Article.objects.published().in_districts([yuzhong]).values_list("pk", flat=True)[40:60]
    sql, params = listed.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(row[-1] for row in cursor.fetchall())
    assert "article_listing_shown" in plan and "TEMP B-TREE" not in plan
