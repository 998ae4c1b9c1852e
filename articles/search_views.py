"""The search page: the form reads the parameters, articles.search_query runs the search, this view
shows it with facets that add or remove a value. Whatever a reader types, the page answers 200."""

import logging
from dataclasses import dataclass

from django.db.models import Q
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe
from haystack import connections
from haystack.exceptions import HaystackError

from articles import highlight, querystring, search_query
from articles.facets import split_counts
from articles.forms import SearchForm
from articles.models import District, Source, Topic
from articles.search_analysis import query_terms

logger = logging.getLogger(__name__)

# facet field counted -> (its label, the query-string parameter that narrows by it)
FACETS = {
    "districts": ("区县", "district"),
    "regions": ("片区", "region"),
    "topics": ("主题", "topic"),
    "source": ("来源", "source"),
    "year": ("年份", "year"),
}
SHOWN_PER_FACET = 15


@dataclass
class FacetValue:
    label: str
    count: int
    url: str  # adds the value, or removes it when it is in use
    active: bool


@dataclass
class Facet:
    field: str
    label: str
    values: list[FacetValue]


# Names of the values a facet shows, read only for those values (the districts' and regions' come
# with the districts, which counting regions needs anyway).
SHOWN_NAMES = {
    "topics": lambda slugs: dict(Topic.objects.filter(slug__in=slugs).values_list("slug", "name")),
    "source": lambda ids: {str(pk): name for pk, name in Source.objects.filter(pk__in=ids).values_list("pk", "name")},
    "year": lambda years: {},  # shown as they are
}


def facet_lists(counts: dict, form: SearchForm, links: querystring.Links) -> list[Facet]:
    districts = District.objects.values_list("slug", "name", "region__slug", "region__name")
    per_field = split_counts(counts.get("fields", {}), {slug: region for slug, _, region, _ in districts})
    names = {
        "districts": {slug: name for slug, name, _, _ in districts},
        "regions": {region: name for _, _, region, name in districts},
    }
    facets = []
    for field, (label, param) in FACETS.items():
        in_use = set(form.filters[param])
        ranked = sorted(per_field[field].items(), key=lambda item: (item[0] not in in_use, -item[1], str(item[0])))
        shown = [(value, count) for value, count in ranked if value and count][:SHOWN_PER_FACET]
        if not shown:
            continue
        labels = names[field] if field in names else SHOWN_NAMES[field]([v for v, _ in shown])
        # Links only for the values shown: a common word's facets hold far more.
        values = [
            FacetValue(
                labels.get(value, value),
                count,
                "?" + (links.removing(param, value) if value in in_use else links.adding(param, value)),
                value in in_use,
            )
            for value, count in shown
        ]
        facets.append(Facet(field, label, values))
    return facets


FACET_HTML = """
          <section>
            <h2>{}</h2>
            <ul>{}</ul>
          </section>
        """
ACTIVE_VALUE = (
    '<li><a class="facet-active" href="{url}" aria-label="取消筛选：{label}">'
    '{label} <span aria-hidden="true">✕</span></a> <span class="count">{count}</span></li>'
)
VALUE = '<li><a href="{url}">{label}</a> <span class="count">{count}</span></li>'


def facets_html(facets: list[Facet]) -> SafeString:
    """The facet lists' sections, written here rather than by a template loop: a common word's page
    shows some sixty links, and the template's tags for each cost more than building the links."""
    return mark_safe(
        "".join(
            format_html(
                FACET_HTML,
                facet.label,
                format_html_join(
                    "",
                    "{}",
                    (
                        (format_html(ACTIVE_VALUE if v.active else VALUE, url=v.url, label=v.label, count=v.count),)
                        for v in facet.values
                    ),
                ),
            )
            for facet in facets
        )
    )


def _counts_are_estimates(matches: int) -> bool:
    """Past this many matches the Xapian backend estimates its counts; Whoosh always counts them all."""
    return matches > getattr(connections["default"].get_backend(), "exact_counts_up_to", matches)


@require_safe
def search(request):
    form = SearchForm(request.GET)
    terms = query_terms(form.query)[: search_query.MAX_TERMS]
    context = {"query": form.query, "form": form, "terms": terms, "truncated": getattr(form, "truncated", False)}
    if not form.query:
        return render(request, "search/search.html", {**context, "state": "empty"})
    if not terms:
        return render(request, "search/search.html", {**context, "state": "no-terms"})
    try:
        outcome = search_query.run(terms, form, request.GET.get("page"))
    except (HaystackError, OSError):
        # The engine is down or its index unreadable: say so, and let readers browse instead.
        logger.exception("search failed for %r", form.query)
        return render(request, "search/search.html", {**context, "state": "unavailable"}, status=503)
    marker = highlight.Marker(terms)
    items = [
        {"article": article, "title": marker.mark(article.title), "snippet": marker.snippet(article.plain_body)}
        for article in outcome.results
    ]
    links = querystring.Links(form.links_data())
    facets = facet_lists(outcome.facet_counts, form, links)
    context.update(
        state="results" if outcome.paginator.count else "none",
        page_obj=outcome.page,
        paginator=outcome.paginator,
        items=items,
        partial=outcome.partial,
        clamped=outcome.page.number != outcome.wanted,
        facets=facets,
        facets_html=facets_html(facets),
        approximate=_counts_are_estimates(outcome.paginator.count),
        sort_relevance_url="?" + links.replacing(sort=None),
        sort_date_url="?" + links.replacing(sort="date"),
        query_string=links.replacing(),
        suggested_districts=District.objects.filter(Q(name__in=terms) | Q(short_name__in=terms)),
    )
    return render(request, "search/search.html", context)
