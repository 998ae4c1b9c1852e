"""The search page: jieba-analysed words, all of them first (most of the words that say what the query
is about when nothing has them all), facets that narrow, sort by relevance or date. Whatever a reader
types, the page answers 200."""

import logging
import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_safe
from haystack import connections
from haystack.exceptions import HaystackError
from haystack.query import SQ, SearchQuerySet

from articles import highlight
from articles.analysis import query_terms
from articles.facets import INDEX_FIELDS, split_counts
from articles.forms import ArticleFilterForm
from articles.models import District, Region, Source, Topic
from articles.search_query import all_words, most_words

logger = logging.getLogger(__name__)

MAX_QUERY = 100
MAX_TERMS = 12
MAX_PAGE = 50
PAGE_SIZE = 10
FACETS = ("districts", "regions", "topics", "source", "year")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


def clean_query(raw: str) -> str:
    return " ".join(_CONTROL_RE.sub(" ", raw or "").split())[:MAX_QUERY]


@dataclass
class Facet:
    field: str
    label: str
    values: list  # (value, label, count, url)


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except (TypeError, ValueError):
        return 1


class SearchForm:
    """The search's own query-string fields; unknown values are dropped rather than trusted."""

    def __init__(self, params):
        self.params = params
        self.query = clean_query(params.get("q", ""))
        self.truncated = len(params.get("q", "")) > MAX_QUERY
        self.sort = "date" if params.get("sort") == "date" else "relevance"
        self.filters = {
            "districts": [d.slug for d in District.objects.filter(slug__in=_slugs(params.getlist("district")))],
            "regions": [r.slug for r in Region.objects.filter(slug__in=_slugs(params.getlist("region")))],
            "topics": [t.slug for t in Topic.objects.filter(slug__in=_slugs(params.getlist("topic")))],
            "source": [str(pk) for pk in Source.objects.filter(pk__in=_ints(params.getlist("source")))
                       .values_list("pk", flat=True)],
            "year": [y for y in params.getlist("year") if re.fullmatch(r"(19|20)\d{2}", y)],
        }  # fmt: skip
        # The browse list's date range applies to a search too.
        dates = ArticleFilterForm({k: params.get(k, "") for k in ("date_from", "date_to")}).valid_filters()
        self.date_from, self.date_to = dates.get("date_from"), dates.get("date_to")

    def url_with(self, **changes) -> str:
        params = self.params.copy()
        params.pop("page", None)
        if "q" in params:
            params["q"] = self.query  # cleaned and capped: a 4 KB query is not repeated in every link
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params.setlist(key, [value])
        return "?" + params.urlencode()


def _slugs(values):
    # Only what a slug can be reaches the database (PostgreSQL refuses a NUL in any text).
    return [v for v in values if re.fullmatch(r"[-a-zA-Z0-9_]{1,50}", v)]


def _ints(values):
    # ASCII digits only: str.isdigit() also accepts ² and ①, which int() refuses.
    return [int(v) for v in values if re.fullmatch(r"[0-9]{1,11}", v)]


def build_queryset(clause: SQ, form: SearchForm):
    # Articles are the only model indexed: limiting to it would make Whoosh match every document
    # again on each search to build the filter (HAYSTACK_LIMIT_TO_REGISTERED_MODELS is off too).
    sqs = SearchQuerySet().load_all().filter(clause)
    for field, values in form.filters.items():  # the form's keys are the index's field names
        for value in values:
            sqs = sqs.narrow(f'{field}:"{value}"')
    if form.date_from:
        sqs = sqs.filter(sort_date__gte=form.date_from)
    if form.date_to:
        sqs = sqs.filter(sort_date__lte=form.date_to)
    for field in INDEX_FIELDS.values():
        sqs = sqs.facet(field)
    if form.sort == "date":
        sqs = sqs.order_by("-sort_date")
    return sqs


def facet_lists(counts: dict, form: SearchForm) -> list[Facet]:
    districts = District.objects.values_list("slug", "name", "region__slug")
    names = {
        "districts": {slug: name for slug, name, _ in districts},
        "regions": dict(Region.objects.values_list("slug", "name")),
        "topics": dict(Topic.objects.values_list("slug", "name")),
        "source": {str(pk): name for pk, name in Source.objects.values_list("pk", "name")},
    }
    labels = {"districts": "区县", "regions": "片区", "topics": "主题", "source": "来源", "year": "年份"}
    param = {"districts": "district", "regions": "region", "topics": "topic", "source": "source", "year": "year"}
    per_field = split_counts(counts.get("fields", {}), {slug: region for slug, _, region in districts})
    facets = []
    for field in FACETS:
        values = []
        ranked = sorted(per_field[field].items(), key=lambda item: (-item[1], str(item[0])))
        for value, count in ranked:
            if not value or not count:
                continue
            label = names.get(field, {}).get(value, value)
            values.append((value, label, count, form.url_with(**{param[field]: value})))
        if values:
            facets.append(Facet(field, labels[field], values[:15]))
    return facets


@dataclass
class Outcome:
    paginator: Paginator
    page: object
    wanted: int
    partial: bool
    results: list
    facet_counts: dict


def _fetch(sqs, number: int):
    """Run the search once for this page: its results, the number of matches and the facets."""
    start = (number - 1) * PAGE_SIZE
    sqs[start : start + PAGE_SIZE]
    return sqs


def _run(terms, form, raw_page) -> Outcome:
    """Every call that reaches the search engine, so that one place can catch its failures."""
    wanted = _page_number(raw_page)
    number = min(wanted, MAX_PAGE)
    clause, partial = all_words(terms), False
    sqs = _fetch(build_queryset(clause, form), number)
    if len(terms) > 1 and not sqs.count():
        fallback = most_words(form.query, terms)
        if fallback is not None:
            clause, partial = fallback, True
            sqs = _fetch(build_queryset(clause, form), number)
    paginator = Paginator(sqs, PAGE_SIZE)
    if number > paginator.num_pages:
        # Past the last page: show the last one (a second search, only in this case).
        number = paginator.num_pages
        sqs = _fetch(build_queryset(clause, form), number)
        paginator = Paginator(sqs, PAGE_SIZE)
    page = paginator.page(number)
    results = [r for r in page.object_list if r is not None and r.object is not None]
    counts = sqs.facet_counts() if paginator.count else {}
    return Outcome(paginator, page, wanted, partial, results, counts)


def _counts_are_estimates(matches: int) -> bool:
    """Past this many matches the Xapian backend estimates its counts; Whoosh always counts them all."""
    return matches > getattr(connections["default"].get_backend(), "exact_counts_up_to", matches)


@require_safe
def search(request):
    form = SearchForm(request.GET)
    terms = query_terms(form.query)[:MAX_TERMS]
    context = {"query": form.query, "form": form, "terms": terms, "truncated": form.truncated}
    if not form.query:
        return render(request, "search/search.html", {**context, "state": "empty"})
    if not terms:
        return render(request, "search/search.html", {**context, "state": "no-terms"})
    try:
        outcome = _run(terms, form, request.GET.get("page"))
    except (HaystackError, OSError):
        # The engine is down or its index unreadable: say so, and let readers browse instead.
        logger.exception("search failed for %r", form.query)
        return render(request, "search/search.html", {**context, "state": "unavailable"}, status=503)
    items = [
        {
            "article": r.object,
            "title": highlight.mark(r.object.title, terms),
            "snippet": highlight.snippet(r.object.plain_body, terms),
        }
        for r in outcome.results
    ]
    suggestions = District.objects.filter(Q(name__in=terms) | Q(short_name__in=terms))
    context.update(
        state="results" if outcome.paginator.count else "none",
        page_obj=outcome.page,
        paginator=outcome.paginator,
        items=items,
        partial=outcome.partial,
        clamped=outcome.page.number != outcome.wanted,
        facets=facet_lists(outcome.facet_counts, form),
        approximate=_counts_are_estimates(outcome.paginator.count),
        sort_relevance_url=form.url_with(sort=None),
        sort_date_url=form.url_with(sort="date"),
        query_string=form.url_with()[1:],
        suggested_districts=suggestions,
    )
    return render(request, "search/search.html", context)
