"""xapian-haystack with the same Chinese analysis as Whoosh: documents reach Xapian already cut into words.

Xapian's TermGenerator then indexes each jieba word as one term, and the search view's query
words (articles.analysis.query_terms) are looked up as they are. Only the documents change:
the backend itself is xapian-haystack's, not a copy.
"""

from haystack.fields import FacetField
from xapian_backend import MEMORY_DB_NAME, InvalidIndexError, XapianEngine, XapianSearchBackend

from articles.analysis import index_terms


class _AnalysedIndex:
    """Wraps a SearchIndex so that its full-text fields come out as space-separated analysed words."""

    def __init__(self, index):
        self._index = index
        self._text_fields = [
            name
            for name, field in index.fields.items()
            if field.field_type == "string" and field.indexed and not field.is_multivalued
            and not field.faceted and not isinstance(field, FacetField)
        ]  # fmt: skip

    def full_prepare(self, obj):
        data = self._index.full_prepare(obj)
        for name in self._text_fields:
            if data.get(name):
                data[name] = " ".join(index_terms(data[name]))
        return data

    def __getattr__(self, name):
        return getattr(self._index, name)


class ChineseXapianSearchBackend(XapianSearchBackend):
    def update(self, index, iterable, commit=True):
        return super().update(_AnalysedIndex(index), iterable, commit)

    @staticmethod
    def _get_enquire_mset(database, enquire, start_offset, end_offset, checkatleast=None):
        # Look at every match: the facet spy then counts them all, and the number of matches is
        # exact. It is kept for _get_hit_count, which would otherwise fetch every match again.
        mset = XapianSearchBackend._get_enquire_mset(
            database, enquire, start_offset, end_offset, max(1, database.get_doccount())
        )
        enquire.cqportal_matches = mset.get_matches_estimated()
        return mset

    def _get_hit_count(self, database, enquire):
        return enquire.cqportal_matches

    def _database(self, writable=False):
        try:
            return super()._database(writable)
        except InvalidIndexError:
            if writable or self.path == MEMORY_DB_NAME:
                raise
            # Like Whoosh, an index nobody has written to yet reads as empty instead of failing.
            super()._database(writable=True).close()
            return super()._database(writable)


class ChineseXapianEngine(XapianEngine):
    backend = ChineseXapianSearchBackend
