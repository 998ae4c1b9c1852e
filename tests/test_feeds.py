"""Feeds carry text, never live markup: a hostile page or edit cannot put a script in a reader."""

import html
import re

import feedparser
import pytest
from django.urls import reverse

from articles.models import Article, District

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
TAG = re.compile(r"<\s*(script|img)\b", re.IGNORECASE)


@pytest.fixture
def hostile(seeded):
    """An article whose title, byline and text carry markup, as an imported page or an admin edit may."""
    article = Article.objects.published().first()
    article.title = f"标题{HOSTILE}"
    article.byline = f"记者{HOSTILE}"
    article.body = f"第一段{HOSTILE}正文。\n\n第二段。"
    article.save()
    return article


FEEDS = [("articles:latest-feed", []), ("articles:latest-atom", [])]


def elements(xml: str, *names: str) -> list[str]:
    """The raw text of each named element, as the XML carries it (still escaped once)."""
    found = []
    for name in names:
        found += re.findall(rf"<{name}\b[^>]*>(.*?)</{name}>", xml, re.DOTALL)
    return found


@pytest.mark.parametrize(("name", "args"), FEEDS, ids=["rss", "atom"])
def test_a_hostile_article_reaches_feed_readers_as_text(client, hostile, name, args):
    xml = client.get(reverse(name, args=args)).content.decode()
    assert HOSTILE[:8] not in xml  # nothing unescaped in the XML itself
    carried = elements(xml, "title", "description", "summary", "name", "dc:creator", "author")
    assert any("第一段" in text for text in carried)
    for text in carried:
        # What a reader gets once the XML is parsed, and then renders as HTML:
        assert not TAG.search(html.unescape(text)), text
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    entry = next(e for e in parsed.entries if "第一段" in e.summary)
    assert entry.title.startswith("标题")


def test_a_plain_article_reads_the_same_in_a_feed(client, seeded):
    parsed = feedparser.parse(client.get(reverse("articles:latest-feed")).content)
    article = Article.objects.published().first()
    entry = parsed.entries[0]
    assert entry.title == article.title
    assert entry.summary == article.paragraphs[0]


def test_a_district_renamed_with_markup_reaches_feed_readers_as_text(client, seeded):
    District.objects.filter(slug="yuzhong").update(name="渝中<img src=x onerror=alert(1)>")  # 30 characters
    for name in ("articles:district-feed", "articles:district-atom"):
        xml = client.get(reverse(name, args=["yuzhong"])).content.decode()
        for text in elements(xml, "title", "description", "subtitle", "category"):
            assert not TAG.search(html.unescape(text)), text
        assert not feedparser.parse(xml).bozo


def test_a_feed_describes_an_article_by_its_first_paragraph_of_prose_not_a_caption(client, seeded):
    article = Article.objects.published().first()
    article.body = "【图】市民在步道上散步。\n\n【小标题】江边\n\n本报讯 步道昨日全线贯通。"
    article.save()
    parsed = feedparser.parse(client.get(reverse("articles:latest-feed")).content)
    entry = next(e for e in parsed.entries if e.title == article.title)
    assert entry.summary == "本报讯 步道昨日全线贯通。"
