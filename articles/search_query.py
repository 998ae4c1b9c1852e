"""A reader's query as each engine runs it: every word looked up as a whole word, under its other
names, as a part of a longer word, or as its pieces, with the whole word weighing most.

haystack's own inputs can only say "this term" (Clean) or "this engine syntax" (Raw); a word with
weighted alternatives needs both engines' native forms, so the two backends' query classes turn
a WordMatch into a Whoosh query string or a xapian.Query here.
"""

import functools
import itertools
import operator
from dataclasses import dataclass

from django.core.paginator import Paginator
from haystack import connections
from haystack.inputs import BaseInput
from haystack.query import SQ, SearchQuerySet

from articles.cards import with_cards
from articles.facets import INDEX_FIELDS
from articles.models import Article
from articles.search_analysis import (
    PART_WEIGHT,
    PIECES_WEIGHT,
    WordQuery,
    fallback_units,
    is_single_character,
    word_query,
)

# The field (Whoosh) and term prefix (Xapian) of the sub-words of long words.
PARTS_FIELD = "parts"
XAPIAN_PARTS_PREFIX = "XPARTS"
# A fallback over more words than this would be too many combinations to ask for.
MAX_FALLBACK_WORDS = 6


class WordMatch(BaseInput):
    """One analysed query word for SQ(content=...)."""

    input_type_name = "word"
    post_process = False

    def __init__(self, word: str):
        super().__init__(word)
        self.word: WordQuery = word_query(word)

    def prepare(self, query_obj):
        return whoosh_string(self.word)


def whoosh_string(q: WordQuery) -> str:
    # The words come from query_terms: word characters and dots only, nothing Whoosh reads as syntax.
    alternatives = [q.word, *q.names, f"{PARTS_FIELD}:{q.word}^{PART_WEIGHT}"]
    if q.pieces:
        each = " AND ".join(f"({p} OR {PARTS_FIELD}:{p})" for p in q.pieces)
        alternatives.append(f"({each})^{PIECES_WEIGHT}")
    return "(" + " OR ".join(alternatives) + ")"


def xapian_query(q: WordQuery):
    import xapian

    def part(term):
        return xapian.Query(XAPIAN_PARTS_PREFIX + term)

    whole = xapian.Query(xapian.Query.OP_OR, [xapian.Query(name) for name in (q.word, *q.names)])
    alternatives = [whole, xapian.Query(xapian.Query.OP_SCALE_WEIGHT, part(q.word), PART_WEIGHT)]
    if q.pieces:
        each = [xapian.Query(xapian.Query.OP_OR, xapian.Query(p), part(p)) for p in q.pieces]
        alternatives.append(
            xapian.Query(xapian.Query.OP_SCALE_WEIGHT, xapian.Query(xapian.Query.OP_AND, each), PIECES_WEIGHT)
        )
    return xapian.Query(xapian.Query.OP_OR, alternatives)


def all_words(terms: list[str]) -> SQ:
    """Every word must match (in one of its forms)."""
    clauses = [SQ(content=WordMatch(term)) for term in terms]
    return functools.reduce(operator.and_, clauses)


def most_words(query: str, terms: list[str]) -> SQ | None:
    """The fallback when no article has every word: articles with most of the units that say what
    the query is about (more than half of them; articles.search_analysis.fallback_units), at least one of
    them longer than a character: 吃 and 好 together still narrow nothing. None when that asks for
    nothing new."""
    units = fallback_units(query)[:MAX_FALLBACK_WORDS]
    needed = len(units) // 2 + 1
    if not units or (needed == len(units) and sum(map(len, units)) == len(terms)):  # nothing new
        return None
    # An article with more of the units matches more combinations, so it ranks higher.
    clauses = [
        all_words([word for unit in combination for word in unit])
        for combination in itertools.combinations(units, needed)
        if not all(is_single_character(unit) for unit in combination)
    ]
    return functools.reduce(operator.or_, clauses) if clauses else None


# ---------------------------------------------------------------- one search, as the page runs it

MAX_TERMS = 12
MAX_PAGE = 50
PAGE_SIZE = 10
# The form's parameter -> the index field it narrows.
NARROWS = {"district": "districts", "region": "regions", "topic": "topics", "source": "source", "year": "year"}


# What a result shows of its article (QuerySet.only): its card and the highlighted title and snippet.
SHOWN_FIELDS = ("id", "title", "published", "body", "source__name")


@dataclass
class Outcome:
    paginator: Paginator
    page: object
    wanted: int
    partial: bool
    results: list  # the page's articles, in the engine's order
    facet_counts: dict


def queryset(clause: SQ, form) -> SearchQuerySet:
    """The engine query for a clause and the form's facets, dates and sort.

    Articles are the only model indexed: limiting to it would make Whoosh match every document again
    on each search to build the filter (HAYSTACK_LIMIT_TO_REGISTERED_MODELS is off too)."""
    sqs = SearchQuerySet().filter(clause)
    for name, values in form.filters.items():
        # Each value narrows (drill-down): 渝中 then 江北 means articles of both, and the count a facet
        # link shows is always the number of results it leads to.
        for value in values:
            sqs = sqs.narrow(f'{NARROWS[name]}:"{value}"')
    if date_from := form.cleaned_data.get("date_from"):
        sqs = sqs.filter(sort_date__gte=date_from)
    if date_to := form.cleaned_data.get("date_to"):
        sqs = sqs.filter(sort_date__lte=date_to)
    for field in INDEX_FIELDS.values():
        sqs = sqs.facet(field)
    if form.cleaned_data.get("sort") == "date":
        sqs = sqs.order_by("-sort_date")
    return sqs


def page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except (TypeError, ValueError):
        return 1


def _fetch(sqs, number: int):
    """Run the search once for this page: its results, the number of matches and the facets."""
    start = (number - 1) * PAGE_SIZE
    sqs[start : start + PAGE_SIZE]
    return sqs


def _articles(results) -> list | None:
    """The page's articles in the engine's order, read with one query by id (and the index's read_queryset:
    an article hidden a moment ago is left out). haystack's load_all does the same through a SearchResult
    and a model lookup per result, a fifth of a search's time. None when an article is missing: the
    index has not caught up with a change yet."""
    pks = [int(r.pk) for r in results]
    index = connections["default"].get_unified_index().get_index(Article)
    # Their tags in two queries of plain rows (cards.with_cards), not the read queryset's prefetch.
    found = index.read_queryset().prefetch_related(None).only(*SHOWN_FIELDS).in_bulk(pks)
    if len(found) < len(pks):
        return None
    return with_cards(found[pk] for pk in pks)


def run(terms: list[str], form, raw_page) -> Outcome:
    """Every call that reaches the search engine, so that one place can catch its failures."""
    wanted = page_number(raw_page)
    number = min(wanted, MAX_PAGE)
    clause, partial = all_words(terms), False
    sqs = _fetch(queryset(clause, form), number)
    if len(terms) > 1 and not sqs.count():
        fallback = most_words(form.query, terms)
        if fallback is not None:
            clause, partial = fallback, True
            sqs = _fetch(queryset(clause, form), number)
    paginator = Paginator(sqs, PAGE_SIZE)
    if number > paginator.num_pages:
        # Past the last page: show the last one (a second search, only in this case).
        number = paginator.num_pages
        sqs = _fetch(queryset(clause, form), number)
        paginator = Paginator(sqs, PAGE_SIZE)
    page = paginator.page(number)
    counts = sqs.facet_counts() if paginator.count else {}
    results = _articles(page.object_list)
    if results is None:
        # Rare: haystack's load_all fills the page with the next matches in place of the missing
        # articles and counts them out of the total. Search again that way.
        sqs = _fetch(queryset(clause, form).load_all(), number)
        paginator = Paginator(sqs, PAGE_SIZE)
        page = paginator.page(min(number, paginator.num_pages))
        results = [r.object for r in page.object_list if r is not None and r.object is not None]
        counts = sqs.facet_counts() if paginator.count else {}
    return Outcome(paginator, page, wanted, partial, results, counts)
