"""An article's page (with its related and neighbouring articles, its script, its JSON-LD) and its
original page, the imported file with the article marked."""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from articles.models import Article, District
from articles.text.chinese import fold, is_traditional


@require_safe
def article_detail(request, pk):
    article = get_object_or_404(
        Article.objects.published()
        .select_related("source", "page")
        .prefetch_related(
            Prefetch("primary_districts", queryset=District.objects.select_related("region")),
            "mentioned_districts",
            "topics",
        ),
        pk=pk,
    )
    districts = list(article.primary_districts.all())
    district = districts[0] if districts else None
    previous, following = neighbours(article, district)
    script = reading_script(request, article)
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "script": script,
            "district": district,
            "related": related_articles(article, districts),
            "previous": previous,
            "next": following,
            "crumbs": _crumbs(district),
            "json_ld": json_ld(news_article(request, article, districts)),
        },
    )


def _crumbs(district) -> list[tuple[str, str]]:
    """The trail above an article: its district's region, then the district (none without one)."""
    if district is None:
        return []
    return [(district.region.name, district.region.get_absolute_url()), (district.name, district.get_absolute_url())]


SCRIPT_TEXT_FIELDS = ("kicker", "title", "subtitle", "byline", "body")


def reading_script(request, article) -> dict | None:
    """A Traditional article reads in Simplified by default (for a mainland reader), converted on the
    server, with its original script one link away (?script=original). None for a Simplified one.

    The conversion changes only what this response shows, never the stored text."""
    if not is_traditional(article.title + article.body):
        return None
    original = request.GET.get("script") == "original"
    if not original:
        for name in SCRIPT_TEXT_FIELDS:
            setattr(article, name, fold(getattr(article, name)))
        if article.source:
            article.source.name = fold(article.source.name)
    return {"original": original, "lang": "zh-Hant" if original else "zh-Hans"}


def news_article(request, article, districts) -> dict:
    """schema.org NewsArticle for search engines, from what the page itself shows."""
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "zh",  # the text is shown as written, Simplified or Traditional
        "description": article.paragraphs[0][:120] if article.paragraphs else "",
        "dateModified": article.updated_at.isoformat(),
        "articleSection": [t.name for t in article.topics.all()],
        "contentLocation": [{"@type": "Place", "name": d.name} for d in districts],
    }
    if article.published:  # no guessed date: an undated article simply has none
        data["datePublished"] = article.published.isoformat()
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    if article.source:
        data["publisher"] = {"@type": "Organization", "name": article.source.name}
    return data


def json_ld(data: dict) -> str:
    """JSON safe inside <script>: '<', '>' and '&' escaped as JSON allows, so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.translate({ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}))


def related_articles(article, districts, limit=5, pool=50):
    """Recent articles of the same district (or topic, for an article without one), those sharing
    most topics first. Drawing from the newest `pool` keeps the cost bounded at any size; the pool is
    read as ids and titles and their shared topics as plain rows: the page shows a link for each."""
    topics = {t.pk for t in article.topics.all()}
    candidates = Article.objects.published().exclude(pk=article.pk)
    candidates = candidates.in_districts(districts) if districts else candidates.with_topics(topics)
    recent = list(candidates.values_list("pk", "title")[:pool])
    tagged = Article.topics.through.objects.filter(article_id__in=[pk for pk, _ in recent], topic_id__in=topics)
    shared = Counter(tagged.values_list("article_id", flat=True))
    recent.sort(key=lambda row: -shared[row[0]])  # stable: newest first
    return [Related(reverse("articles:detail", args=[pk]), title) for pk, title in recent[:limit]]


@dataclass(frozen=True)
class Related:
    url: str
    title: str


def neighbours(article, district):
    """The newer and older article in the same district, in the order its list shows them.

    Dated and undated articles are two sequences that never lead into each other: an undated
    article is not "older" than a dated one, we just do not know. Dated ones go by date then id;
    undated ones by id (the order they were imported). Each side is tried as a few simple ranges
    in turn rather than one OR, which databases answer by sorting every match.
    """
    if district is None:
        return None, None
    # Only what the links show (and what tells dated from undated): not the bodies.
    listed = Article.objects.published().in_districts([district]).only("id", "title", "published")
    date, pk = article.published, article.pk
    if date is None:
        newer = [Q(published__isnull=True, pk__gt=pk)]
        older = [Q(published__isnull=True, pk__lt=pk)]
    else:
        newer = [Q(published=date, pk__gt=pk), Q(published__gt=date)]
        older = [Q(published=date, pk__lt=pk), Q(published__lt=date)]
    return _first(listed.reverse(), newer), _first(listed, older)


def _first(queryset, ranges):
    for condition in ranges:
        if (found := queryset.filter(condition).first()) is not None:
            return found
    return None


@require_safe
def original_page(request, pk):
    article = get_object_or_404(Article.objects.published().select_related("page"), pk=pk)
    raw = article.page.raw_text
    # An editor hid these: the page that holds them must not show them either.
    hidden = list(Article.objects.filter(page_id=article.page_id, hidden=True).values_list("start", "end"))
    return render(
        request,
        "articles/original_page.html",
        {
            "article": article,
            "file_name": PurePosixPath(article.page.path).name,  # never the server's own folders
            "before": _masked(raw[: article.start], 0, hidden),
            "marked": raw[article.start : article.end],
            "after": _masked(raw[article.end :], article.end, hidden),
            "crumbs": [(Truncator(article.title).chars(24), article.get_absolute_url())],
        },
    )


HIDDEN_NOTE = "（此处文章已隐藏）"


def _masked(text: str, offset: int, spans) -> str:
    """The part of the page from `offset` on, with the hidden articles' spans in it replaced by a note."""
    for start, end in sorted(spans, reverse=True):  # from the end, so earlier offsets still hold
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if start < end:
            text = text[:start] + HIDDEN_NOTE + text[end:]
    return text
