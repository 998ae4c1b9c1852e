"""What an article's card in a list shows, worked out once in Python for includes/article_card.html.

A list page shows twenty cards: each template lookup through the model (its tags' managers twice for
the 史话 label, a `date` filter twice, the whole body parsed for the snippet) and Django's prefetching
of the tags (a filtered queryset built for every article) cost more than the rest of the page. A card
keeps plain values, so the template only writes them out."""

from collections import defaultdict
from dataclasses import dataclass

from django.urls import get_script_prefix
from django.utils.text import Truncator

from articles.models import Article, place_url

SNIPPET_CHARS = 90
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
