"""Reader pages: home, region, district, topic, the filtered list, an article and its original page."""

import datetime as dt
import json
import logging
from functools import lru_cache
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import DatabaseError, connection, connections
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_safe
from django.views.generic import ListView
from haystack import connections as search_connections

from articles import charts, filtering, tilemap
from articles.forms import ArticleFilterForm, apply_filters
from articles.models import Article, District, Region, Topic
from articles.text.chinese import fold, is_traditional
from cqportal.db_router import REPLICA, replica_configured

logger = logging.getLogger(__name__)


def regions_with_districts():
    """Regions, each with its districts and their stored article counts (see models.recount)."""
    districts = list(District.objects.select_related("region"))
    regions = list(Region.objects.all())
    for region in regions:
        region.district_list = [d for d in districts if d.region_id == region.pk]
        region.article_total = sum(d.article_count for d in region.district_list)
    return regions, districts


HISTORY_TOPIC = "history"


def _about_history():
    return Exists(Article.topics.through.objects.filter(article_id=OuterRef("pk"), topic__slug=HISTORY_TOPIC))


@require_safe
def home(request):
    regions, districts = regions_with_districts()
    articles = Article.objects.published()
    tiles = tilemap.tiles(districts)
    return render(
        request,
        "articles/home.html",
        {
            # A 1946 story is not news: history has its own box, and never stands under 最新文章.
            "latest": articles.exclude(_about_history()).for_listing()[:12],
            "history": articles.filter(_about_history()).for_listing()[:3],
            "regions": regions,
            "topics": Topic.objects.all(),
            "tiles": tiles,
            "legend": tilemap.legend(tiles),
            "map_columns": tilemap.columns(),
        },
    )


# Lists are numbered up to this page; further back, "更早" links carry the last article shown
# (?before=<date>,<id>), so a page anywhere in a list costs what the first one does. A numbered
# page needs the database to walk every newer article (page 200 of a district with 8,000 articles
# read 4,000 of them, ~150 ms at 100,000 articles); numbered URLs further back still answer.
NUMBERED_PAGES = 25


def parse_cursor(raw: str) -> tuple[dt.date | None, int]:
    """`2024-03-05,1234` (or `,1234` for the undated articles, which come last), else 404."""
    date, _, pk = raw.partition(",")
    try:
        return (dt.date.fromisoformat(date) if date else None), int(pk)
    except ValueError:
        raise Http404("不是有效的位置") from None


def cursor_of(article) -> str:
    return f"{article.published.isoformat() if article.published else ''},{article.pk}"


def older_than(queryset, cursor: tuple[dt.date | None, int], limit: int) -> list:
    """The first `limit` articles of the list that come after the cursor.

    Each side of the cursor is tried as a simple range in turn (as `neighbours` does): the database
    then starts reading the list at the cursor instead of walking every newer article."""
    date, pk = cursor
    if date is None:
        ranges = [Q(published__isnull=True, pk__lt=pk)]
    else:
        ranges = [Q(published=date, pk__lt=pk), Q(published__lt=date), Q(published__isnull=True)]
    ids: list[int] = []
    for condition in ranges:
        ids += queryset.filter(condition).values_list("pk", flat=True)[: limit - len(ids)]
        if len(ids) >= limit:
            break
    return list(queryset.filter(pk__in=ids)) if ids else []


class OlderPage:
    """A page reached by a cursor: no number, a link further back while there is more."""

    number = None

    def __init__(self, articles, paginator, older: str | None):
        self.object_list, self.paginator, self.older = articles, paginator, older

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


class ArticleListView(ListView):
    """Every list of articles: the filter page, and the district, topic and region pages."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    # The filters a page fixes by its URL, which its form does not offer.
    fixed_fields: tuple[str, ...] = ()

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def fixed_filters(self) -> dict:
        return {}

    def known_count(self) -> int | None:
        """The number of articles when the page's own filter is the only one, from the stored counts."""
        return None

    def get_queryset(self):
        self.form = ArticleFilterForm(self.request.GET or None)
        fixed = self.fixed_filters()
        self.extra_filters = {k: v for k, v in self.form.valid_filters().items() if k not in fixed}
        filters = {**self.extra_filters, **fixed}
        return apply_filters(Article.objects.published(), filters).for_listing()

    def paginate_queryset(self, queryset, page_size):
        if "before" not in self.request.GET:
            paginator, page, articles, is_paginated = super().paginate_queryset(queryset, page_size)
            page.object_list = articles = list(articles)
            page.older = None
            if page.has_next() and page.number >= NUMBERED_PAGES:
                page.older = cursor_of(articles[-1])
            return paginator, page, articles, is_paginated
        found = older_than(queryset, parse_cursor(self.request.GET["before"]), page_size + 1)
        articles = found[:page_size]
        older = cursor_of(articles[-1]) if len(found) > page_size else None
        paginator = self.get_paginator(queryset, page_size)
        return paginator, OlderPage(articles, paginator, older), articles, True

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        paginator = super().get_paginator(queryset, per_page, orphans, allow_empty_first_page, **kwargs)
        if not self.extra_filters and (count := self.known_count()) is not None:
            paginator.count = count  # spares a COUNT over thousands of rows on every page view
        return paginator

    def page_title(self) -> str:
        """What the page is about before any filter of the query string."""
        return "全部文章"

    def fixed_parts(self) -> dict:
        """The page's own place or topic, placed in the heading where a filter of that kind would be."""
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("before", None)
        active = filtering.active_filters(self.extra_filters, self.request.GET)
        heading = filtering.heading(self.extra_filters, self.fixed_parts()) if active else self.page_title()
        context.update(
            form=self.form,
            query_string=query.urlencode(),
            heading=heading,
            crumbs=[],
            active_filters=active,
            fixed_fields=self.fixed_fields,
            district_groups=self.form.district_groups(getattr(self, "region", None)),
            # Folded on a phone unless something needs the reader's eye: the active filters show above
            # the results as chips anyway, and 38 districts would push the results off the screen.
            filters_open=bool(self.form.errors),
        )
        return context


class DistrictView(ArticleListView):
    fixed_fields = ("district", "region")

    def fixed_filters(self):
        self.district = get_object_or_404(District.objects.select_related("region"), slug=self.kwargs["slug"])
        return {"district": [self.district]}

    def page_title(self):
        return self.district.name

    def fixed_parts(self):
        return {"district": [self.district]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.district.region
        context.update(
            district=self.district,
            crumbs=[(region.name, region.get_absolute_url())],
            feed_url=reverse("articles:district-feed", args=[self.district.slug]),
            atom_url=reverse("articles:district-atom", args=[self.district.slug]),
            mentioned_count=self.district.mention_count,
        )
        if context["page_obj"].number == 1 and not self.extra_filters:
            context["coverage"] = charts.coverage(self.district)
        return context

    def known_count(self):
        return self.district.article_count


class TopicView(ArticleListView):
    fixed_fields = ("topic",)

    def fixed_filters(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return {"topic": [self.topic]}

    def page_title(self):
        return f"主题：{self.topic.name}"

    def fixed_parts(self):
        return {"topic": [self.topic]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            topic=self.topic,
            feed_url=reverse("articles:topic-feed", args=[self.topic.slug]),
            atom_url=reverse("articles:topic-atom", args=[self.topic.slug]),
        )
        return context

    def known_count(self):
        return self.topic.article_count


class RegionView(ArticleListView):
    fixed_fields = ("region",)

    def fixed_filters(self):
        self.region = get_object_or_404(Region, slug=self.kwargs["slug"])
        return {"region": self.region}

    def page_title(self):
        return self.region.name

    def fixed_parts(self):
        return {"region": self.region}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            region=self.region,
            region_districts=self.region.districts.all(),
            feed_url=reverse("articles:region-feed", args=[self.region.slug]),
            atom_url=reverse("articles:region-atom", args=[self.region.slug]),
        )
        return context


@require_safe
def article_detail(request, pk):
    article = get_object_or_404(
        Article.objects.published()
        .select_related("source", "page")
        .prefetch_related("primary_districts__region", "mentioned_districts", "topics"),
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
    most topics first. Drawing from the newest `pool` keeps the cost bounded at any size."""
    topics = {t.pk for t in article.topics.all()}
    candidates = Article.objects.published().exclude(pk=article.pk)
    candidates = candidates.in_districts(districts) if districts else candidates.with_topics(topics)
    recent = list(candidates.for_listing()[:pool])
    recent.sort(key=lambda other: -len(topics & {t.pk for t in other.topics.all()}))  # stable: newest first
    return recent[:limit]


def neighbours(article, district):
    """The newer and older article in the same district, in the order its list shows them.

    Dated and undated articles are two sequences that never lead into each other: an undated
    article is not "older" than a dated one, we just do not know. Dated ones go by date then id;
    undated ones by id (the order they were imported). Each side is tried as a few simple ranges
    in turn rather than one OR, which databases answer by sorting every match.
    """
    if district is None:
        return None, None
    listed = Article.objects.published().in_districts([district])
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


@require_safe
def site_map(request):
    """The site map for people: every region, district and topic with its feeds. /sitemap.xml is for crawlers."""
    regions, _ = regions_with_districts()
    return render(request, "articles/site_map.html", {"regions": regions, "topics": Topic.objects.all()})


@lru_cache(maxsize=1)
def _favicon() -> bytes:
    path = finders.find("favicon.svg")
    with open(path, "rb") as icon:
        return icon.read()


@require_safe
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page links: answer it with the site's icon."""
    response = HttpResponse(_favicon(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def livez(request):
    """The process answers: nothing else is touched (a baseline for load tests, a liveness probe)."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def healthz(request):
    """200 when the database and the search index both answer, else 503 naming what failed."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError as exc:
        logger.exception("health check: database")
        checks["database"] = f"error: {exc.__class__.__name__}"
    if replica_configured():
        # Informative only: a lost replica's reads go to the primary (cqportal.db_replica), the host still serves.
        checks["reads"] = _reads_from()
    try:
        # Opening the index is what a search needs first, and costs the same at any size; counting
        # or searching the documents would make each probe as slow as the biggest search.
        search_connections["default"].get_backend().check()
        checks["search"] = "ok"
    except Exception as exc:  # any backend failure is what this view exists to report
        logger.exception("health check: search")
        checks["search"] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for name, value in checks.items() if name != "reads")
    response = JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


def _reads_from() -> str:
    replica = connections[REPLICA]
    try:
        replica.ensure_connection()
        if not replica.is_usable():
            replica.close()
            replica.ensure_connection()
    except DatabaseError as exc:
        logger.exception("health check: replica")
        return f"error: {exc.__class__.__name__}"
    return "primary (replica unreachable)" if getattr(replica, "serving", None) == "primary" else "replica"


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
