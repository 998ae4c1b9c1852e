"""An article's card in a list (home, lists, search), worked out and written in Python.

A list page shows twenty cards: each template lookup through the model (its tags' managers twice for
the 史话 label, a `date` filter twice, the whole body parsed for the snippet), Django's prefetching of
the tags (a filtered queryset built for every article) and the card template itself (an include and
some twenty nodes a card) cost more than the rest of the page. A card keeps plain values, and
`{% article_card %}` (templatetags/article_cards.py) writes CARD_HTML with them."""

from collections import defaultdict
from dataclasses import dataclass

from django.urls import get_script_prefix
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles.models import Article, place_url

SNIPPET_CHARS = 90
# What a card reads of an article (QuerySet.only): not the editing fields, dates and JSON a list never shows.
CARD_FIELDS = ("id", "title", "published", "body", "source__name")
HISTORY_TOPIC = "history"


@dataclass(frozen=True)
class Card:
    url: str
    history: bool  # about the past (topic 历史与党史): labelled 史话
    date: str  # "2023-04-02", "" when the page gave no date
    date_label: str  # "2023年4月2日"
    source: str
    districts: list[tuple[str, str]]  # (url, name), in the districts' order
    topics: list[tuple[str, str]]
    snippet: str


def card_of(article, districts=None, topics=None) -> Card:
    """`districts` and `topics` as (slug, name) pairs; read through the article's relations when not given."""
    if districts is None:
        districts = [(d.slug, d.name) for d in article.primary_districts.all()]
    if topics is None:
        topics = [(t.slug, t.name) for t in article.topics.all()]
    prefix = get_script_prefix()
    published = article.published
    paragraphs = article.paragraphs
    return Card(
        url=article.get_absolute_url(),
        history=any(slug == HISTORY_TOPIC for slug, _ in topics),
        date=published.isoformat() if published else "",
        date_label=f"{published.year}年{published.month}月{published.day}日" if published else "",
        source=article.source.name if article.source else "",
        districts=[(place_url("articles:district", slug, prefix), name) for slug, name in districts],
        topics=[(place_url("articles:topic", slug, prefix), name) for slug, name in topics],
        snippet=Truncator(paragraphs[0]).chars(SNIPPET_CHARS) if paragraphs else "",
    )


CARD_HTML = """<article class="card{}">
  <h3 class="card-title"><a href="{}">{}</a></h3>
  <p class="meta">
    <span class="meta-text">{}{}{}</span>
    {}
    {}
  </p>
  <p class="snippet">{}</p>
</article>
"""
HISTORY_LABEL = mark_safe('<span class="label-history">史话</span> ')
UNDATED = mark_safe('<span class="undated">日期不详</span>')


def card_html(article, title=None, snippet=None) -> str:
    """The card; `title` and `snippet` (search's highlighted ones) instead of the article's own when given."""
    card = article.card
    return format_html(
        CARD_HTML,
        " card-history" if card.history else "",
        card.url,
        title or article.title,
        HISTORY_LABEL if card.history else "",
        format_html('<time datetime="{}">{}</time>', card.date, card.date_label) if card.date else UNDATED,
        format_html(" · {}", card.source) if card.source else "",
        format_html_join("", '<a class="tag" href="{}">{}</a>', card.districts),
        format_html_join("", '<a class="tag tag-topic" href="{}">{}</a>', card.topics),
        snippet or card.snippet,
    )


def tags_of(articles) -> dict[str, dict[int, list[tuple[str, str]]]]:
    """{"primary_districts": {article id: [(slug, name), ...]}, "topics": {...}} in the districts' and
    topics' order: two queries of plain rows, however many articles. prefetch_related would build a
    filtered queryset and model instances for every article, most of a list page's or a feed's cost."""
    ids = [a.pk for a in articles]
    tags = {}
    for field, target in (("primary_districts", "district"), ("topics", "topic")):
        found = defaultdict(list)
        if ids:
            rows = getattr(Article, field).through.objects.filter(article_id__in=ids)
            rows = rows.order_by(f"{target}__order", f"{target}_id")
            for article_id, slug, name in rows.values_list("article_id", f"{target}__slug", f"{target}__name"):
                found[article_id].append((slug, name))
        tags[field] = found
    return tags


def with_cards(articles) -> list:
    """The articles (with their source: select_related), each given its card."""
    articles = list(articles)
    tags = tags_of(articles)
    for article in articles:
        article.card = card_of(article, tags["primary_districts"][article.pk], tags["topics"][article.pk])
    return articles
