"""Reader pages: every page renders with one <h1>, filters combine, bad input gives 404 or a message."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles.article_views import neighbours
from articles.models import Article, District, SiteRevision, Topic
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


@pytest.fixture
def article(seeded):
    return Article.objects.get(title="渝中區專題研究部署重點項目建設工作")


def page_urls(article):
    return [
        reverse("articles:home"),
        reverse("articles:list"),
        reverse("articles:district", args=["yuzhong"]),
        reverse("articles:region", args=["zhongxin-chengqu"]),
        reverse("articles:topic", args=["housing"]),
        reverse("articles:detail", args=[article.pk]),
        reverse("articles:original", args=[article.pk]),
        reverse("search") + "?q=渝中",
        reverse("search"),
    ]


def test_every_page_renders_in_chinese_with_exactly_one_h1(client, article):
    for url in page_urls(article):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert h1_count(html) == 1, url
        assert '<html lang="zh-Hans">' in html
        assert 'id="main"' in html and "跳到正文" in html


def test_home_groups_the_38_districts_by_region_with_counts(client, seeded):
    html = client.get("/").content.decode()
    for region in ("中心城区", "主城新区", "渝东北", "渝东南"):
        assert region in html
    assert html.count('class="district-list"') == 4
    assert len(re.findall(r'<a class="tile shade-\d" href="/districts/[a-z]+/" aria-label=', html)) == 38
    assert 'aria-label="渝中区：' in html


def test_the_map_shades_districts_by_article_count(client, seeded):
    html = client.get("/").content.decode()
    empty = re.search(r'class="tile (shade-\d)" href="/districts/dadukou/" aria-label="大渡口区：0篇"', html).group(1)
    busy = re.search(r'class="tile (shade-\d)" href="/districts/bishan/" aria-label="璧山区：(\d+)篇"', html)
    assert int(busy.group(2)) >= 2 and busy.group(1) != empty == "shade-0"


def test_district_page_lists_only_its_own_articles(client, seeded):
    response = client.get(reverse("articles:district", args=["bishan"]))
    titles = {a.title for a in response.context["articles"]}
    assert "重庆市璧山区：各部门多跨协同解决云巴营运难题" in titles
    assert all(a.primary_districts.filter(slug="bishan").exists() for a in response.context["articles"])


def test_filters_combine_and_their_urls_are_shareable(client, seeded):
    url = reverse("articles:list") + "?district=bishan&district=qijiang&topic=industry"
    articles = list(client.get(url).context["articles"])
    assert articles
    for a in articles:
        assert {d.slug for d in a.primary_districts.all()} & {"bishan", "qijiang"}
        assert a.topics.filter(slug="industry").exists()
    dated = client.get(reverse("articles:list") + "?date_from=2022-01-01&date_to=2022-12-31").context["articles"]
    assert [a.title for a in dated] == ["渝中區專題研究部署重點項目建設工作"]
    source = Article.objects.get(title__startswith="保交楼").source
    by_source = client.get(reverse("articles:list") + f"?source={source.pk}").context["articles"]
    assert {a.source_id for a in by_source} == {source.pk}


def test_region_filter_takes_every_district_of_the_region(client, seeded):
    articles = client.get(reverse("articles:region", args=["yudongbei"])).context["articles"]
    assert {d.region.slug for a in articles for d in a.primary_districts.all()} >= {"yudongbei"}
    assert all(a.primary_districts.filter(region__slug="yudongbei").exists() for a in articles)


def test_invalid_filters_are_reported_and_ignored(client, seeded):
    response = client.get(reverse("articles:list") + "?district=atlantis&date_from=2020-13-45&topic=housing")
    assert response.status_code == 200
    html = response.content.decode()
    assert "已忽略" in html
    assert all(a.topics.filter(slug="housing").exists() for a in response.context["articles"])


@pytest.mark.parametrize("page", ["abc", "0", "999", "-1", "9" * 30])
def test_bad_page_numbers_are_404_not_500(client, seeded, page):
    assert client.get(reverse("articles:list") + f"?page={page}").status_code == 404


def test_unknown_district_topic_region_and_article_are_404(client, seeded):
    for url in (
        "/districts/atlantis/",
        "/topics/nothing/",
        "/regions/nowhere/",
        "/articles/999999/",
        "/articles/999999/original/",
        "/feeds/districts/atlantis/rss/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
    assert "找不到这个页面" in client.get("/districts/atlantis/").content.decode()


def test_list_pages_run_a_bounded_number_of_queries(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(reverse("articles:list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("articles:district", args=["bishan"]))
    with django_assert_max_num_queries(12):
        client.get("/")


def test_list_query_count_does_not_grow_with_page_size(client, seeded, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("articles:topic", args=["housing"]))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("articles:list"))
    assert len(many) <= len(few) + 1


def test_article_page_shows_text_as_written_with_links_and_sharing_tags(client, article):
    html = client.get(article.get_absolute_url(), {"script": "original"}).content.decode()
    assert "渝中區專題研究部署重點項目建設工作" in html
    assert html.count("<p>") >= len(article.paragraphs)
    assert 'href="/districts/yuzhong/"' in html
    assert '<link rel="canonical" href="http://testserver/articles/' in html
    assert '<meta property="og:title" content="渝中區專題研究部署重點項目建設工作">' in html
    assert reverse("articles:original", args=[article.pk]) in html


def test_article_page_links_related_and_neighbouring_articles(client, seeded):
    article = Article.objects.get(title="重庆市璧山区：各部门多跨协同解决云巴营运难题")
    response = client.get(article.get_absolute_url())
    assert response.context["related"]
    assert response.context["previous"] or response.context["next"]
    neighbour = response.context["previous"] or response.context["next"]
    assert neighbour.primary_districts.filter(slug="bishan").exists()


def test_newer_and_older_links_follow_the_district_list_order_with_ties_and_undated(seeded):
    bishan = District.objects.get(slug="bishan")
    template = Article.objects.filter(primary_districts=bishan).first()
    for n, date in enumerate([None, None, dt.date(2023, 5, 1), dt.date(2023, 5, 1), dt.date(2020, 1, 2), None]):
        make_article(page=template.page, title=f"副本{n}", body="正文", published=date, districts=["bishan"])
    listed = list(Article.objects.published().in_districts([bishan]))
    assert len(listed) >= 8
    # Dated and undated articles are two runs of the list that never lead into each other.
    for run in ([a for a in listed if a.published], [a for a in listed if not a.published]):
        for at, article in enumerate(run):
            newer = run[at - 1] if at else None
            older = run[at + 1] if at + 1 < len(run) else None
            assert neighbours(article, bishan) == (newer, older), article.title


def test_stored_counts_follow_an_editors_change_with_the_new_revision(client, seeded):
    yuzhong = District.objects.get(slug="yuzhong")
    before = yuzhong.article_count
    assert before == Article.objects.published().in_districts([yuzhong]).count() > 0
    hidden = Article.objects.published().in_districts([yuzhong]).first()
    hidden.hidden = True
    hidden.save()
    SiteRevision.bump()
    yuzhong.refresh_from_db()
    assert yuzhong.article_count == before - 1
    response = client.get(reverse("articles:district", args=["yuzhong"]))
    assert response.context["paginator"].count == before - 1
    assert f"共 {before - 1} 篇" in response.content.decode()
    topic = Topic.objects.filter(article_count__gt=0).first()
    assert topic.article_count == Article.objects.published().with_topics([topic]).count()


def test_original_page_shows_the_file_verbatim_with_the_article_marked(client, article):
    response = client.get(reverse("articles:original", args=[article.pk]))
    html = response.content.decode()
    marked = re.search(r'<mark id="article-span">(.*?)</mark>', html, re.S).group(1)
    assert marked.startswith("渝中區專題研究部署重點項目建設工作")
    assert "26643fdb4d9c1d39f6cce92d34ae0c7.jpg" in html


def test_hidden_articles_disappear_from_pages(client, seeded):
    article = Article.objects.get(title__startswith="保交楼")
    client.get(reverse("articles:list"))  # now cached
    article.hidden = True
    article.save()
    SiteRevision.bump()  # what the admin does after an editor's save
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get(reverse("articles:list")).content.decode()


def _parse(xml_bytes):
    return ET.fromstring(xml_bytes)


def test_feeds_are_valid_xml_for_latest_districts_and_topics(client, seeded):
    atom = "{http://www.w3.org/2005/Atom}"
    rss = _parse(client.get(reverse("articles:latest-feed")).content)
    assert len(rss.findall("./channel/item")) == Article.objects.count()
    feed = _parse(client.get(reverse("articles:district-atom", args=["bishan"])).content)
    titles = [e.findtext(f"{atom}title") for e in feed.findall(f"{atom}entry")]
    assert "重庆市璧山区：各部门多跨协同解决云巴营运难题" in titles
    topic = _parse(client.get(reverse("articles:topic-feed", args=["housing"])).content)
    assert topic.findall("./channel/item")
    assert _parse(client.get(reverse("articles:topic-atom", args=["housing"])).content).tag == f"{atom}feed"


def sitemap_locations(client) -> set[str]:
    """Every URL the sitemap index leads to, through each of its sitemaps."""
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = _parse(client.get("/sitemap.xml").content)
    assert index.tag == f"{ns}sitemapindex"
    locations = set()
    for sitemap in index.iter(f"{ns}loc"):
        locations |= {loc.text for loc in _parse(client.get(sitemap.text).content).iter(f"{ns}loc")}
    return locations


def test_sitemap_lists_every_article_and_every_place(client, seeded):
    locations = sitemap_locations(client)
    for article in Article.objects.all():
        assert f"http://testserver{article.get_absolute_url()}" in locations
    assert len([u for u in locations if "/districts/" in u]) == District.objects.count()
    assert len([u for u in locations if "/topics/" in u]) == Topic.objects.count()


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


MARKED_BODY = "\n\n".join(
    [
        "【图】市民在新开放的步道上散步。",
        "本报讯 步道昨日全线贯通。",
        "【小标题】江边有了新去处",
        "傍晚时分，不少市民来到江边。",
    ]
)


def test_article_page_renders_sub_heads_and_captions_from_a_marked_body(client, article):
    article.body = MARKED_BODY
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<h2 class="subhead">江边有了新去处</h2>' in html
    assert '<figcaption><span class="caption-label">图片说明</span> 市民在新开放的步道上散步。</figcaption>' in html
    assert "<p>傍晚时分，不少市民来到江边。</p>" in html
    assert "【小标题】" not in html and "【图】" not in html  # not in the text, the description or the JSON-LD
    card = client.get(reverse("articles:district", args=["yuzhong"])).content.decode()
    assert "市民在新开放的步道上散步" in card and "【图】" not in card
