"""xapian-haystack with the same Chinese analysis as Whoosh, and a lean document.

xapian-haystack indexes every field's text four ways (prefixed and bare, through Xapian's
TermGenerator and again literally, each with positions) and keeps it in a value slot and in the
pickled document data. What our searches read is far less (docs/search-index.md):

- the full text: single jieba words, so it is analysed here and each word is added once, with its
  frequency and no positions (the sub-words of long words under their own prefix, XPARTS);
- a field the search form narrows by (NARROWS): one boolean term per value, X<FIELD><value>,
  which parse_query turns `districts:"yuzhong"` into (no weight: narrowing does not rank);
- every other single-valued field (dates to filter and sort by, facet value sets): its value slot.

xapian-haystack is handed only the identifier fields; the rest is added to the document as it is
stored. Nothing of the backend is copied.

Facets of a search with many matches are counted over an even sample of them (docs/search.md):
each document also gets the sample terms of its identifier's hash, XSAMPLE1 on about half of
them, XSAMPLE2 on a quarter (inside that half) and so on.
"""

import math
import re
import zlib
from collections import Counter

import xapian
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.utils import get_identifier
from xapian_backend import (
    MEMORY_DB_NAME,
    TERM_PREFIXES,
    InvalidIndexError,
    XapianEngine,
    XapianSearchBackend,
    XapianSearchQuery,
    _term_to_xapian_value,
)

from articles.search_analysis import analyse
from articles.search_query import NARROWS, XAPIAN_PARTS_PREFIX, WordMatch, xapian_query

# Bump when what a document holds changes: an index written otherwise needs `rebuild_index`
# (`sync_index --check` says so).
SCHEMA_VERSION = "2"
SCHEMA_KEY = "cqportal.schema"
FILTERED = frozenset(NARROWS.values())
_IDENTIFIERS = (ID, DJANGO_CT, DJANGO_ID)


def filter_term(field_name: str, value) -> str:
    return f"{TERM_PREFIXES['field']}{field_name.upper()}{str(value).lower()}"


class _AnalysedIndex:
    """Wraps a SearchIndex: xapian-haystack gets the identifier fields only, the rest is kept aside
    (the full text as its analysed words)."""

    def __init__(self, index):
        self._index = index
        self.content_field = index.get_content_field()
        self.kept: dict[str, tuple[tuple[Counter, Counter], dict]] = {}

    def full_prepare(self, obj):
        data = self._index.full_prepare(obj)
        words = analyse(data.pop(self.content_field, None) or "")
        handed = {name: data.pop(name) for name in _IDENTIFIERS if name in data}
        self.kept[get_identifier(obj)] = (words, data)
        return handed

    def __getattr__(self, name):
        return getattr(self._index, name)


SAMPLE_PREFIX = "XSAMPLE"
SAMPLE_LEVELS = 20


def sample_terms(identifier: str) -> list[str]:
    """The nested samples a document belongs to: level j holds about 1/2**j of all documents.

    From a hash of the identifier, so a sample is spread over every year and import, not the first
    documents indexed (which is what Xapian sees first when it stops early)."""
    digest = zlib.crc32(identifier.encode())
    return [f"{SAMPLE_PREFIX}{level}" for level in range(1, SAMPLE_LEVELS + 1) if digest % (1 << level) == 0]


class _AddsWords:
    """A writable database that adds the kept words to each document as it is stored."""

    def __init__(self, database, analysed: _AnalysedIndex, schema: dict[str, dict]):
        self._database = database
        self._analysed = analysed
        self._schema = schema  # field name -> xapian-haystack's field description
        if not database.get_doccount():
            # Only a new (or rebuilt) index: one written before keeps saying what it was written with.
            database.set_metadata(SCHEMA_KEY, SCHEMA_VERSION)

    def replace_document(self, unique_term, document):
        identifier = unique_term.removeprefix(TERM_PREFIXES[ID])
        (whole, parts), fields = self._analysed.kept.pop(identifier)
        for word, count in whole.items():
            document.add_term(word, count)
        for word, count in parts.items():
            document.add_term(XAPIAN_PARTS_PREFIX + word, count)
        for name, value in fields.items():
            field = self._schema[name]
            multi = field["multi_valued"] == "true"
            if not multi:
                document.add_value(field["column"], _term_to_xapian_value(value, field["type"]))
            if name in FILTERED:
                for item in value if multi else [value]:
                    if item not in (None, ""):
                        document.add_boolean_term(filter_term(name, item))
        for term in sample_terms(identifier):
            document.add_boolean_term(term)
        return self._database.replace_document(unique_term, document)

    def __getattr__(self, name):
        return getattr(self._database, name)


class ChineseXapianSearchBackend(XapianSearchBackend):
    _analysed = None
    _spies = None  # this search's facet spies, between xapian-haystack's calls
    _sampled = None  # spies fed an even sample of the matches, when there were too many to count

    def update(self, index, iterable, commit=True):
        self._analysed = _AnalysedIndex(index)
        try:
            return super().update(self._analysed, iterable, commit)
        finally:
            self._analysed = None

    def remove_many(self, identifiers):
        """Remove documents in one write; a busy writer raises DatabaseLockError (waited out by articles.indexing)."""
        database = self._database(writable=True)
        try:
            for identifier in identifiers:
                database.delete_document(TERM_PREFIXES[ID] + identifier)
        finally:
            database.close()

    def identifiers(self) -> set[str]:
        """The identifiers of every document the index holds."""
        prefix = TERM_PREFIXES[ID]
        terms = (item.term.decode()[len(prefix) :] for item in self._database().allterms(prefix))
        # Other fields' terms can share the one-letter prefix; identifiers are "app.model.pk".
        return {term for term in terms if term.count(".") == 2}

    @property
    def exact_counts_up_to(self) -> int:
        return settings.SEARCH_EXACT_COUNTS_UP_TO

    def _prepare_facet_field_spies(self, facets):
        self._spies = super()._prepare_facet_field_spies(facets)
        return self._spies

    def _get_enquire_mset(self, database, enquire, start_offset, end_offset, checkatleast=None):
        # Look at up to this many matches: up to it, the facet spies count every match and the
        # number of matches is exact. Past it, Xapian stops once the page's results are certain,
        # and the facets are counted over an even sample instead (_count_sample).
        bound = self.exact_counts_up_to
        mset = XapianSearchBackend._get_enquire_mset(database, enquire, start_offset, end_offset, bound)
        self._matches = mset.get_matches_estimated()
        spies, self._spies, self._sampled = self._spies, None, None
        if spies and spies[0].get_total() < mset.get_matches_upper_bound():
            self._sampled = self._count_sample(database, enquire.get_query(), [spy.slot for spy in spies])
        return mset

    def _count_sample(self, database, query, slots):
        """Fresh spies fed the matches of the smallest sample level that still holds `bound` of them.

        Level 0 is every match, counted exactly (only just past the bound). Xapian's default weights
        are skipped: the sample's order does not matter, only which documents match."""
        ratio = self._matches / max(1, self.exact_counts_up_to)
        level = min(SAMPLE_LEVELS, int(math.log2(ratio))) if ratio >= 2 else 0
        if level:
            query = xapian.Query(xapian.Query.OP_FILTER, query, xapian.Query(f"{SAMPLE_PREFIX}{level}"))
        enquire = xapian.Enquire(database)
        enquire.set_query(query)
        enquire.set_weighting_scheme(xapian.BoolWeight())
        spies = []
        for slot in slots:
            spy = xapian.ValueCountMatchSpy(slot)
            spy.slot = slot
            enquire.add_matchspy(spy)
            spies.append(spy)
        XapianSearchBackend._get_enquire_mset(database, enquire, 0, 0, database.get_doccount())
        # An index written before the sample terms has none: keep the first matches' counts then.
        return spies if spies[0].get_total() else None

    def _get_hit_count(self, database, enquire):
        # xapian-haystack would fetch every match again just to count them.
        return self._matches

    def _process_facet_field_spies(self, spies):
        spies = self._sampled or spies
        self._sampled = None
        counts = {}
        for spy in spies:
            field = self.schema[spy.slot]
            if field["type"] != "text":
                counts.update(super()._process_facet_field_spies([spy]))
                continue
            # Thousands of distinct value sets: read them without xapian-haystack's per-value conversion.
            counts[field["field_name"]] = [(item.term.decode(), item.termfreq) for item in spy.values()]
        seen = max((spy.get_total() for spy in spies), default=0)
        if seen and self._matches > seen:
            # An estimate from the matches seen, scaled to all of them.
            scale = self._matches / seen
            counts = {name: [(value, max(1, round(n * scale))) for value, n in pairs] for name, pairs in counts.items()}
        return counts

    def check(self) -> None:
        """Raise unless the database opens for reading (Xapian reads its metadata, no document)."""
        self._database().close()

    def _database(self, writable=False):
        try:
            database = super()._database(writable)
        except InvalidIndexError:
            if writable or self.path == MEMORY_DB_NAME:
                raise
            # Like Whoosh, an index nobody has written to yet reads as empty instead of failing.
            super()._database(writable=True).close()
            return super()._database(writable)
        if writable and self._analysed is not None:
            return _AddsWords(database, self._analysed, {field["field_name"]: field for field in self.schema})
        return database

    def schema_version(self) -> str:
        """The SCHEMA_VERSION the index was written with ("" for an index older than versions, or empty)."""
        database = self._database()
        try:
            return database.get_metadata(SCHEMA_KEY).decode() if database.get_doccount() else SCHEMA_VERSION
        finally:
            database.close()

    _NARROW = re.compile(r'(\w+):"([^"]*)"')

    def parse_query(self, query_string):
        # The search form narrows by `field:"value"` (articles.search_query): the one boolean term the
        # document holds for it, weightless so that narrowing never changes the order of the results.
        narrow = self._NARROW.fullmatch(query_string)
        if narrow and narrow[1] in FILTERED:
            return xapian.Query(xapian.Query.OP_SCALE_WEIGHT, xapian.Query(filter_term(narrow[1], narrow[2])), 0)
        return super().parse_query(query_string)


class ChineseXapianSearchQuery(XapianSearchQuery):
    def _query_from_term(self, term, field_name, filter_type, is_not):
        if isinstance(term, WordMatch):
            return [xapian_query(term.word)]
        return super()._query_from_term(term, field_name, filter_type, is_not)


class ChineseXapianEngine(XapianEngine):
    backend = ChineseXapianSearchBackend
    query = ChineseXapianSearchQuery


class _ReadOnlyCopy(ChineseXapianSearchBackend):
    """A web host's view of the index that the index host writes (docs/scaling-out.md): searches only.

    Nothing here may create, write or clear the index: a write belongs on the index host, and
    xapian-haystack's clear() would delete the folder that xapian-replicate keeps."""

    read_only = True

    def __init__(self, connection_alias, **options):
        # xapian-haystack creates the folder at PATH, and xapian-replicate refuses an existing empty folder.
        super().__init__(connection_alias, **{**options, "PATH": MEMORY_DB_NAME})
        self.path = options["PATH"]

    def _database(self, writable=False):
        if writable:
            raise ImproperlyConfigured(
                f"the search index at {self.path} is a read-only copy: write it on the index host (SEARCH_URL=xapian://…)"
            )
        try:
            return self._open()
        except xapian.DatabaseOpeningError as exc:
            raise InvalidIndexError(f"the search index copy at {self.path} cannot be opened: {exc}") from exc

    def clear(self, models=(), commit=True):
        self._database(writable=True)

    def update(self, index, iterable, commit=True):
        self._database(writable=True)

    def remove(self, obj, commit=True):
        self._database(writable=True)


class ReplicaXapianSearchBackend(_ReadOnlyCopy):
    """A local copy kept by `xapian-replicate` (SEARCH_URL=xapian+replica:///path)."""

    def _open(self):
        return xapian.Database(self.path)


class RemoteXapianSearchBackend(_ReadOnlyCopy):
    """The index host's database through `xapian-tcpsrv` (SEARCH_URL=xapian+remote://host:port)."""

    def __init__(self, connection_alias, **options):
        super().__init__(connection_alias, **options)
        self.host, self.port = options["HOST"], options["PORT"]
        self.timeout_ms = options.get("TIMEOUT_MS", 10_000)

    def _open(self):
        return xapian.remote_open(self.host, self.port, self.timeout_ms)


class ReplicaXapianEngine(XapianEngine):
    backend = ReplicaXapianSearchBackend
    query = ChineseXapianSearchQuery


class RemoteXapianEngine(XapianEngine):
    backend = RemoteXapianSearchBackend
    query = ChineseXapianSearchQuery
