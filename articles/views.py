"""Reader pages: home, region, district, topic, the filtered list, an article and its original page."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.generic import ListView
from haystack.query import SearchQuerySet

from articles import tilemap
from articles.forms import ArticleFilterForm, apply_filters
from articles.models import Article, District, Region, Topic
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


@require_GET
def home(request):
    regions, districts = regions_with_districts()
    width, height = tilemap.size()
    return render(
        request,
        "articles/home.html",
        {
            "latest": Article.objects.published().for_listing()[:12],
            "regions": regions,
            "topics": Topic.objects.all(),
            "tiles": tilemap.tiles(districts),
            "map_width": width,
            "map_height": height,
        },
    )


class ArticleListView(ListView):
    """Every list of articles: the filter page, and the district, topic and region pages."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def fixed_filters(self) -> dict:
        return {}

    def known_count(self) -> int | None:
        """The number of articles when the page's own filter is the only one, from the stored counts."""
        return None

    def get_queryset(self):
        self.form = ArticleFilterForm(self.request.GET or None)
        self.extra_filters = self.form.valid_filters()
        filters = {**self.extra_filters, **self.fixed_filters()}
        return apply_filters(Article.objects.published(), filters).for_listing()

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        paginator = super().get_paginator(queryset, per_page, orphans, allow_empty_first_page, **kwargs)
        if not self.extra_filters and (count := self.known_count()) is not None:
            paginator.count = count  # spares a COUNT over thousands of rows on every page view
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(form=self.form, query_string=query.urlencode(), heading="全部文章", crumbs=[])
        return context


class DistrictView(ArticleListView):
    def fixed_filters(self):
        self.district = get_object_or_404(District.objects.select_related("region"), slug=self.kwargs["slug"])
        return {"district": [self.district]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = self.district.region
        context.update(
            heading=self.district.name,
            district=self.district,
            crumbs=[(region.name, region.get_absolute_url())],
            feed_url=reverse("articles:district-feed", args=[self.district.slug]),
            mentioned_count=self.district.mention_count,
        )
        return context

    def known_count(self):
        return self.district.article_count


class TopicView(ArticleListView):
    def fixed_filters(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return {"topic": self.topic}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=f"主题：{self.topic.name}",
            topic=self.topic,
            feed_url=reverse("articles:topic-feed", args=[self.topic.slug]),
        )
        return context

    def known_count(self):
        return self.topic.article_count


class RegionView(ArticleListView):
    def fixed_filters(self):
        self.region = get_object_or_404(Region, slug=self.kwargs["slug"])
        return {"region": self.region}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        districts = self.region.districts.all()
        context.update(heading=self.region.name, region=self.region, region_districts=districts)
        return context


@require_GET
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
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "district": district,
            "related": related_articles(article, districts),
            "previous": previous,
            "next": following,
            "crumbs": [(district.region.name, district.region.get_absolute_url()),
                       (district.name, district.get_absolute_url())] if district else [],
        },
    )  # fmt: skip


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

    The list is newest first, undated articles last, then by descending id. Each side is tried as
    a few simple ranges in turn rather than one OR, which databases answer by sorting every match.
    """
    if district is None:
        return None, None
    listed = Article.objects.published().in_districts([district])
    date, pk = article.published, article.pk
    if date is None:
        newer = [Q(published__isnull=True, pk__gt=pk), Q(published__isnull=False)]
        older = [Q(published__isnull=True, pk__lt=pk)]
    else:
        newer = [Q(published=date, pk__gt=pk), Q(published__gt=date)]
        older = [Q(published=date, pk__lt=pk), Q(published__lt=date), Q(published__isnull=True)]
    return _first(listed.reverse(), newer), _first(listed, older)


def _first(queryset, ranges):
    for condition in ranges:
        if (found := queryset.filter(condition).first()) is not None:
            return found
    return None


@require_GET
def original_page(request, pk):
    article = get_object_or_404(Article.objects.published().select_related("page"), pk=pk)
    raw = article.page.raw_text
    return render(
        request,
        "articles/original_page.html",
        {
            "article": article,
            "before": raw[: article.start],
            "marked": raw[article.start : article.end],
            "after": raw[article.end :],
        },
    )


def livez(request):
    """The process answers: nothing else is touched (a baseline for load tests, a liveness probe)."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
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
        checks["search"] = "ok" if SearchQuerySet().models(Article).count() >= 0 else "error"
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


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
