"""Reader pages: home, region, district, topic, the filtered list, an article and its original page."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.generic import ListView
from haystack.query import SearchQuerySet

from articles import tilemap
from articles.forms import ArticleFilterForm, apply_filters
from articles.models import Article, District, Region, Topic

logger = logging.getLogger(__name__)


def districts_with_counts():
    """Districts with their number of published articles: one GROUP BY over the tag table."""
    counts = dict(
        Article.primary_districts.through.objects.filter(article__hidden=False)
        .values_list("district_id")
        .annotate(n=Count("id"))
        .values_list("district_id", "n")
    )
    districts = list(District.objects.select_related("region"))
    for district in districts:
        district.article_count = counts.get(district.pk, 0)
    return districts


def regions_with_districts():
    districts = list(districts_with_counts())
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
            "topics": Topic.objects.annotate(article_count=Count("articles", filter=Q(articles__hidden=False))),
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

    def get_queryset(self):
        self.form = ArticleFilterForm(self.request.GET or None)
        filters = {**self.form.valid_filters(), **self.fixed_filters()}
        return apply_filters(Article.objects.published(), filters).for_listing()

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
            mentioned_count=self.district.mentioned_in.filter(hidden=False).count(),
        )
        return context


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


class RegionView(ArticleListView):
    def fixed_filters(self):
        self.region = get_object_or_404(Region, slug=self.kwargs["slug"])
        return {"region": self.region}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        districts = [d for d in districts_with_counts() if d.region_id == self.region.pk]
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


def related_articles(article, districts, limit=5):
    """Newest articles sharing a district or a topic, found through the tag tables (no DISTINCT)."""
    by_district = Article.primary_districts.through.objects.filter(district__in=districts).values("article_id")
    by_topic = Article.topics.through.objects.filter(topic__in=article.topics.all()).values("article_id")
    related = Article.objects.published().filter(Q(pk__in=by_district) | Q(pk__in=by_topic))
    return related.exclude(pk=article.pk).for_listing()[:limit]


def neighbours(article, district):
    """The newer and older article in the same district, in the order its list shows them."""
    if district is None:
        return None, None
    ids = list(Article.objects.published().in_district(district).values_list("pk", flat=True))
    at = ids.index(article.pk)
    newer = ids[at - 1] if at > 0 else None
    older = ids[at + 1] if at + 1 < len(ids) else None
    found = Article.objects.in_bulk([pk for pk in (newer, older) if pk])
    return found.get(newer), found.get(older)


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
    try:
        checks["search"] = "ok" if SearchQuerySet().models(Article).count() >= 0 else "error"
    except Exception as exc:  # any backend failure is what this view exists to report
        logger.exception("health check: search")
        checks["search"] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
