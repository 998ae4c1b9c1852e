"""What a reader sees: honest dates, usable filters, a map and chart that say what they show, small things."""

import datetime as dt
import gzip
import itertools
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles import charts, tilemap
from articles.models import Article, District, Region, SiteRevision
from tests.factories import make_article

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def html_of(client, url, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def dated_clones(district, dates):
    """Extra articles of `district` with the given dates (None: undated), for charts and neighbours."""
    template = Article.objects.filter(primary_districts=district).first()
    made = []
    for n, date in enumerate(dates):
        made.append(make_article(page=template.page, title=f"测试稿{n}", published=date, districts=[district.slug]))
    SiteRevision.bump()
    return made


# Dates a reader can trust


def test_cards_and_article_pages_show_the_found_date_or_say_there_was_none(client, seeded):
    dated = Article.objects.get(title="渝中區專題研究部署重點項目建設工作")
    undated = Article.objects.get(title__startswith="保交楼")
    listing = html_of(client, reverse("articles:list"))
    assert '<time datetime="2022-02-11">2022年2月11日</time> · 中國網' in listing
    assert '<span class="undated">日期不详</span> · 重庆晨报' in listing
    page = html_of(client, undated.get_absolute_url())
    assert "原版面未注明日期" in page and "<time" not in page.split('class="byline"')[1].split("</p>")[0]
    assert '<time datetime="2022-02-11">2022年2月11日</time>' in html_of(client, dated.get_absolute_url())


def test_feeds_never_give_an_undated_article_a_publication_date(client, seeded):
    undated = {a.title for a in Article.objects.filter(published__isnull=True)}
    rss = ET.fromstring(client.get(reverse("articles:latest-feed")).content)
    for item in rss.findall("./channel/item"):
        if item.findtext("title") in undated:
            assert item.find("pubDate") is None, item.findtext("title")
        else:
            assert item.find("pubDate") is not None
    assert sum(1 for i in rss.findall("./channel/item") if i.find("pubDate") is None) == len(undated) > 10
    atom = ET.fromstring(client.get(reverse("articles:latest-atom")).content)
    for entry in atom.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}updated") is not None  # Atom requires it
        has_published = entry.find(f"{ATOM}published") is not None
        assert has_published == (entry.findtext(f"{ATOM}title") not in undated)
    # A 党史 column's event day (1946) is no publication date: the item is undated, not 80 years old.
    history = next(e for e in atom.findall(f"{ATOM}entry") if "劳协" in e.findtext(f"{ATOM}title"))
    assert history.find(f"{ATOM}published") is None


def test_undated_neighbours_are_labelled_as_such_on_the_article_page(client, seeded):
    bishan = District.objects.get(slug="bishan")
    # One dated article and three undated (the seeds hold one undated 璧山 article since its two pieces are joined).
    dated_clones(bishan, [dt.date(2023, 5, 1), None, None])
    undated = Article.objects.published().in_districts([bishan]).filter(published__isnull=True)[1]
    response = client.get(undated.get_absolute_url())
    assert response.context["previous"].published is None and response.context["next"].published is None
    html = response.content.decode()
    assert "同样未注明日期" in html and "较早" not in html and "较新" not in html
    newest = Article.objects.published().in_districts([bishan]).first()
    assert newest.published == dt.date(2023, 5, 1)
    assert client.get(newest.get_absolute_url()).context["next"] is None  # never into the undated ones


def test_history_is_kept_out_of_the_latest_news_and_labelled(client, seeded):
    history = Article.objects.get(topics__slug="history")
    response = client.get("/")
    assert history not in response.context["latest"]
    assert list(response.context["history"]) == [history]
    html = response.content.decode()
    latest = html.split('id="latest-heading"')[1].split("</section>")[0]
    box = html.split('id="history-heading"')[1].split("</section>")[0]
    assert history.title not in latest and history.title in box and "史话" in box
    topic_page = html_of(client, reverse("articles:topic", args=["history"]))
    assert '<span class="label-history">史话</span>' in topic_page


# Filters people can use


def test_districts_and_topics_are_checkboxes_grouped_by_region(client, seeded):
    html = html_of(client, reverse("articles:list"))
    assert "<select multiple" not in html and 'name="district" multiple' not in html
    assert len(re.findall(r'<input type="checkbox" name="district"', html)) == 38
    assert len(re.findall(r'<input type="checkbox" name="topic"', html)) >= 17
    groups = re.findall(r'<fieldset class="checkbox-group">\s*<legend>([^<]+)</legend>', html)
    assert groups == list(Region.objects.values_list("name", flat=True))
    assert "<summary>筛选</summary>" in html and '<details class="filter-panel">' in html  # closed: no filter yet


def test_several_topics_combine_and_a_single_topic_url_still_works(client, seeded):
    single = list(client.get(reverse("articles:list") + "?topic=housing").context["articles"])
    both = list(client.get(reverse("articles:list") + "?topic=housing&topic=transport").context["articles"])
    assert single and all(a.topics.filter(slug="housing").exists() for a in single)
    assert set(single) < set(both)
    assert all(a.topics.filter(slug__in=["housing", "transport"]).exists() for a in both)


def test_heading_names_the_filters_each_with_a_remove_link_and_one_clear_all(client, seeded):
    url = reverse("articles:list") + "?district=yuzhong&topic=housing&date_from=2022-01-01&date_to=2022-12-31&page=1"
    html = html_of(client, url)
    assert "<h1>渝中区 · 住房与城市更新 · 2022年</h1>" in html
    assert "<title>渝中区 · 住房与城市更新 · 2022年 · " in html
    chips = dict(
        re.findall(r'<a class="chip" href="\?([^"]*)" aria-label="移除筛选：([^"]+)"', html.replace("&amp;", "&"))
    )
    by_label = {label: query for query, label in chips.items()}
    assert by_label["渝中区"] == "topic=housing&date_from=2022-01-01&date_to=2022-12-31"
    assert by_label["住房与城市更新"] == "district=yuzhong&date_from=2022-01-01&date_to=2022-12-31"
    assert len(by_label) == 4
    assert html.count("清除全部筛选") == 1 and '<a class="clear-filters" href="/articles/">' in html
    assert '<details class="filter-panel">' in html  # the chips say what is filtered; the form stays folded
    assert '<details class="filter-panel" open>' in html_of(client, reverse("articles:list") + "?date_from=2022-13-01")


def test_place_and_topic_pages_offer_only_the_filters_that_can_narrow_them(client, seeded):
    district = html_of(client, reverse("articles:district", args=["yuzhong"]))
    assert 'name="region"' not in district and 'name="district"' not in district and 'name="topic"' in district
    topic = html_of(client, reverse("articles:topic", args=["housing"]))
    assert 'name="topic"' not in topic and 'name="district"' in topic
    region = html_of(client, reverse("articles:region", args=["yudongnan"]))
    assert 'name="region"' not in region
    offered = set(re.findall(r'name="district" value="([a-z]+)"', region))
    assert offered == set(District.objects.filter(region__slug="yudongnan").values_list("slug", flat=True))
    narrowed = html_of(client, reverse("articles:district", args=["yuzhong"]) + "?topic=governance")
    assert "<h1>渝中区 · 党建与政务</h1>" in narrowed


# The map and the district chart


def test_map_tiles_are_placed_by_the_layout_and_empty_districts_are_distinct(client, seeded):
    html = html_of(client, "/")
    tiles = re.findall(r'<li class="col-(\d+) row-(\d+)"><a class="tile shade-(\d)" href="/districts/([a-z]+)/"', html)
    assert len(tiles) == 38
    for col, row, level, slug in tiles:
        assert tilemap.LAYOUT[slug] == (int(col), int(row))
        assert (level == "0") == (District.objects.get(slug=slug).article_count == 0)
    assert "<svg" not in html.split('id="map-heading"')[1].split("</section>")[0]
    legend = re.findall(r'<span class="swatch shade-(\d)" aria-hidden="true"></span>([^<]+)</li>', html)
    assert legend[0] == ("0", "0篇") and len(legend) >= 2


def test_legend_ranges_cover_every_count_with_the_shade_it_gets():
    for most in range(1, 300):
        entries = tilemap.legend([tilemap.Tile("x", "x", "x", most, 0, 0, 0, "")])
        assert entries[1].low == 1 and entries[-1].high == most
        for entry in entries[1:]:
            assert {tilemap.shade(c, most) for c in (entry.low, entry.high)} == {entry.level}
        assert all(a.high + 1 == b.low for a, b in itertools.pairwise(entries[1:]))


def test_district_page_charts_its_articles_a_month_when_they_have_dates(client, seeded):
    assert "coverage-chart" not in html_of(client, reverse("articles:district", args=["bishan"]))  # all undated
    bishan = District.objects.get(slug="bishan")
    dated_clones(bishan, [dt.date(2023, 1, 5), dt.date(2023, 1, 20), dt.date(2023, 4, 2)])
    response = client.get(reverse("articles:district", args=["bishan"]))
    chart = response.context["coverage"]
    assert [(b.label, b.count) for b in chart.bars] == [
        ("2023年1月", 2),
        ("2023年2月", 0),
        ("2023年3月", 0),
        ("2023年4月", 1),
    ]
    bishan.refresh_from_db()
    assert chart.undated == bishan.article_count - 3
    html = response.content.decode()
    assert '<svg class="coverage-chart"' in html and 'role="img"' in html
    assert '<title id="coverage-svg-title">璧山区每月的文章数</title>' in html
    assert "2023年1月至2023年4月，共3篇注明日期的文章，最多的是2023年1月（2篇）" in html
    assert html.count("<rect ") == 2 and "<td>2023年2月</td><td>0</td>" in html
    assert "coverage" not in client.get(reverse("articles:district", args=["bishan"]) + "?page=2").context


def test_long_spans_are_charted_by_year():
    chart = charts.chart({dt.date(1946, 8, 1): 1, dt.date(2022, 2, 1): 3})
    assert chart.unit == "年" and len(chart.bars) == 2022 - 1946 + 1
    assert chart.bars[0].label == "1946年" and chart.bars[-1].count == 3
    assert all(b.width > 0 and charts.LEFT <= b.x < charts.WIDTH for b in chart.bars)
    assert len(chart.ticks) <= charts.MAX_LABELS
    assert charts.chart({dt.date(2022, 2, 1): 3}) is None  # one month is no trend


# Small things a reader or a crawler sees


def test_site_map_page_lists_districts_topics_and_feeds_for_people(client, seeded):
    html = html_of(client, reverse("articles:site-map"))
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert len(re.findall(r'href="/feeds/districts/[a-z]+/rss/"', html)) == 38
    assert len(re.findall(r'href="/feeds/regions/[a-z-]+/atom/"', html)) == 4
    assert 'href="/topics/housing/"' in html and 'href="/sitemap.xml"' in html
    assert '<a href="/sitemap/">网站地图</a>' in html_of(client, "/")


def test_region_page_has_its_count_and_feeds(client, seeded):
    region = Region.objects.get(slug="yudongbei")
    expected = Article.objects.published().in_region(region).count()
    html = html_of(client, reverse("articles:region", args=["yudongbei"]))
    assert f"共 {expected} 篇" in html and 'href="/feeds/regions/yudongbei/rss/"' in html
    feed = ET.fromstring(client.get(reverse("articles:region-feed", args=["yudongbei"])).content)
    assert len(feed.findall("./channel/item")) == expected


def test_public_pages_are_gzipped_and_the_admin_is_not(client, seeded):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "最新文章" in gzip.decompress(response.content).decode()
    login = client.get(reverse("admin:login"), HTTP_ACCEPT_ENCODING="gzip")
    assert login.status_code == 200 and not login.has_header("Content-Encoding")
    assert "csrfmiddlewaretoken" in login.content.decode()
    revalidated = client.get("/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=response["ETag"])
    assert revalidated.status_code == 304


def test_one_language_headers_and_the_admin_still_in_chinese(client, seeded):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Accept-Language" not in response.get("Vary", "")
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    login = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "用户名" in login and "Username" not in login


def test_favicon_is_served_at_the_path_browsers_ask_for(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    assert 'rel="icon" href="/static/favicon.svg"' in html_of(client, reverse("articles:list"))


# An article page that reads like one


def test_article_page_has_byline_and_source_on_one_line_and_a_plain_original_link(client, seeded):
    article = Article.objects.get(title="渝中區專題研究部署重點項目建設工作")
    html = html_of(client, article.get_absolute_url())
    byline = re.search(r'<p class="byline">(.*?)</p>', html).group(1)
    assert (
        re.sub(r"<[^>]+>", "", byline) == "李传芳 何超/图文 · 中国网 · 2022年2月11日"
    )  # read in Simplified by default
    assert '">查看原版面</a>' in html
    original = html_of(client, reverse("articles:original", args=[article.pk]))
    lede = re.search(r'<p class="lede">(.*?)</p>', original).group(1)
    assert "seeds/" not in lede and "字）" not in lede


def test_article_page_describes_itself_as_json_ld_news_article(client, seeded):
    article = Article.objects.get(title="渝中區專題研究部署重點項目建設工作")
    html = html_of(client, article.get_absolute_url())
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    # The page reads in Simplified by default (its original script is a link away): so does its description.
    assert data["@type"] == "NewsArticle" and data["headline"] == "渝中区专题研究部署重点项目建设工作"
    assert data["datePublished"] == "2022-02-11" and data["publisher"]["name"] == "中国网"
    assert data["url"] == f"http://testserver{article.get_absolute_url()}"
    undated = Article.objects.get(title__startswith="保交楼")
    undated.title = "标题</script><script>alert(1)</script>"
    undated.save()
    SiteRevision.bump()
    html = html_of(client, undated.get_absolute_url())
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["headline"] == undated.title and "datePublished" not in data


def test_the_article_page_shares_itself_through_the_models_opengraph_tags(client, seeded):
    article = Article.objects.get(title__startswith="保交楼")
    html = client.get(article.get_absolute_url()).content.decode()
    for prop, content in article.opengraph_tags:
        assert f'<meta property="{prop}" content="{content}">' in html
    assert dict(article.opengraph_tags)["og:description"] == article.description and article.description
    assert f'<meta name="description" content="{article.description}">' in html
