"""Reader pages: home, region, district, topic, the filtered list, the site map for people.

An article and its original page are in article_views.py; what machines ask for, in site_views.py."""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from articles import charts, filtering, tilemap
from articles.cards import CARD_FIELDS, with_cards
from articles.forms import ArticleFilterForm, apply_filters
from articles.models import Article, District, Region, Topic


def regions_with_districts():
    """Regions, each with its districts and their stored article counts (see articles.counts)."""
    districts = list(District.objects.select_related("region").defer("monthly_counts"))  # the chart's, not here
    regions = list(Region.objects.all())
    for region in regions:
        region.district_list = [d for d in districts if d.region_id == region.pk]
        # Stored: the sum of its districts' counts would count an article of two of them twice.
        region.article_total = region.article_count
    return regions, districts


HISTORY_TOPIC = "history"


def _about_history():
    return Exists(Article.topics.through.objects.filter(article_id=OuterRef("pk"), topic__slug=HISTORY_TOPIC))


@require_safe
def home(request):
    regions, districts = regions_with_districts()
    articles = Article.objects.published().select_related("source").only(*CARD_FIELDS)
    # A 1946 story is not news: history has its own box, and never stands under 最新文章.
    latest = list(articles.exclude(_about_history())[:12])
    history = list(articles.filter(_about_history())[:3])
    with_cards(latest + history)  # both lists' tags in one pair of queries
    tiles = tilemap.tiles(districts)
    return render(
        request,
        "articles/home.html",
        {
            "latest": latest,
            "history": history,
            "regions": regions,
            "topics": Topic.objects.all(),
            "tiles_html": tilemap.tiles_html(tiles),
            "legend": tilemap.legend(tiles),
            "map_columns": tilemap.columns(),
        },
    )


# Lists are numbered up to this page; further back, "更早" links carry the last article shown
# (?before=<date>,<id>), so a page anywhere in a list costs what the first one does. A numbered
# page needs the database to walk every newer article (page 850 of a district with 17,000 articles
# read them all, ~150 ms at 100,000 articles): a number further back is sent to the last numbered
# page, whose 更早 link goes on. A filtered list is counted only as far as its numbered pages go.
NUMBERED_PAGES = 25


class BeyondNumberedPages(Exception):
    """A page number past NUMBERED_PAGES (or ?page=last of a long list): answered by a redirect."""


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
        # Cards get their districts and topics from with_cards (paginate_queryset), not prefetch_related.
        return apply_filters(Article.objects.published(), filters).select_related("source").only(*CARD_FIELDS)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except BeyondNumberedPages:
            query = request.GET.copy()
            query["page"] = str(NUMBERED_PAGES)
            return redirect(f"{request.path}?{query.urlencode()}")

    def paginate_queryset(self, queryset, page_size):
        if "before" not in self.request.GET:
            number = self.request.GET.get("page", "")
            if number == "last" or (number.isdigit() and int(number) > NUMBERED_PAGES):
                paginator = self.get_paginator(queryset, page_size)
                # Past the end stays a 404, where the count says so (a capped count cannot).
                in_range = number == "last" or paginator.capped or int(number) <= paginator.num_pages
                if paginator.num_pages > NUMBERED_PAGES and in_range:
                    raise BeyondNumberedPages
            paginator, page, articles, is_paginated = super().paginate_queryset(queryset, page_size)
            page.object_list = articles = with_cards(articles)
            page.older = None
            if page.has_next() and page.number >= NUMBERED_PAGES:
                page.older = cursor_of(articles[-1])
            return paginator, page, articles, is_paginated
        found = older_than(queryset, parse_cursor(self.request.GET["before"]), page_size + 1)
        articles = with_cards(found[:page_size])
        older = cursor_of(articles[-1]) if len(found) > page_size else None
        paginator = self.get_paginator(queryset, page_size)
        return paginator, OlderPage(articles, paginator, older), articles, True

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        paginator = super().get_paginator(queryset, per_page, orphans, allow_empty_first_page, **kwargs)
        paginator.capped = False
        if not self.extra_filters and (count := self.known_count()) is not None:
            paginator.count = count  # spares a COUNT over thousands of rows on every page view
        elif self.extra_filters:
            # No stored count fits a filtered list: counting every match walked the whole list (~60 ms
            # for a district and a topic at 100,000 articles). Counted up to one past the numbered
            # pages, the page says "超过 500 篇" and still knows whether page 25 has a next one.
            cap = NUMBERED_PAGES * per_page
            paginator.count = queryset.order_by()[: cap + 1].count()
            paginator.capped, paginator.shown_count = paginator.count > cap, min(paginator.count, cap)
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
            district_groups=(
                [] if "district" in self.fixed_fields else self.form.district_groups(getattr(self, "region", None))
            ),
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

    def known_count(self):
        return self.region.article_count

    def fixed_parts(self):
        return {"region": self.region}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            region=self.region,
            region_districts=self.region.districts.defer("monthly_counts"),  # the chart's, not this page's
            feed_url=reverse("articles:region-feed", args=[self.region.slug]),
            atom_url=reverse("articles:region-atom", args=[self.region.slug]),
        )
        return context


@require_safe
def site_map(request):
    """The site map for people: every region, district and topic with its feeds. /sitemap.xml is for crawlers."""
    regions, _ = regions_with_districts()
    return render(request, "articles/site_map.html", {"regions": regions, "topics": Topic.objects.all()})
