"""haystack's Whoosh backend with Chinese analysis: only the schema changes, nothing is copied."""

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import ID as ID_FIELD
from haystack.fields import FacetCharField
from whoosh.columns import VarBytesListColumn
from whoosh.fields import ID, TEXT

from articles.search_analysis import ChineseAnalyzer
from articles.search_query import PARTS_FIELD, WordMatch


class FacetKeyField(ID):
    """One untokenised value per document, kept in a list column.

    haystack counts Whoosh facets with overlap allowed; without a column that stores lists,
    Whoosh would un-invert the whole field on every search instead of reading the matches' values.
    """

    def __init__(self):
        super().__init__(stored=True, sortable=VarBytesListColumn())

    def to_column_value(self, value):
        return [self.to_bytes(value)]


class ChineseWhooshSearchBackend(WhooshSearchBackend):
    def check(self) -> None:
        """Raise unless the index opens: its table of contents is read, no document is."""
        if not self.setup_complete:
            self.setup()
        self.storage.open_index(schema=self.schema).close()

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        facet_only = {f.index_fieldname for f in fields.values() if isinstance(f, FacetCharField)}
        for name in schema.names():
            field = schema[name]
            if name in facet_only:
                schema.remove(name)
                schema.add(name, FacetKeyField())
            elif isinstance(field, TEXT):
                field.analyzer = field.format.analyzer = ChineseAnalyzer()
                # A query word jieba cuts into several must match them all.
                field.multitoken_query = "and"
        # The sub-words of the full text's long words, searched apart and never stored.
        schema.add(PARTS_FIELD, TEXT(analyzer=ChineseAnalyzer(parts=True), stored=False))
        return content_field_name, schema

    def update(self, index, iterable, commit=True):
        return super().update(_WithParts(index), iterable, commit)

    def remove_many(self, identifiers):
        """Remove documents in one write. haystack's remove() opens a writer per document, does not wait
        for a busy writer and swallows the LockError (silently_fail): a hidden article stayed searchable.
        Here a busy writer raises LockError, which articles.indexing waits out and retries."""
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        writer = self.index.writer()
        try:
            for identifier in identifiers:
                writer.delete_by_term(ID_FIELD, identifier)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def identifiers(self) -> set[str]:
        """The identifiers of every document the index holds."""
        if not self.setup_complete:
            self.setup()
        with self.index.refresh().searcher() as searcher:
            return {fields[ID_FIELD] for fields in searcher.all_stored_fields()}


class _WithParts:
    """Wraps a SearchIndex: each document's parts field is its full text (analysed for sub-words)."""

    def __init__(self, index):
        self._index = index

    def full_prepare(self, obj):
        data = self._index.full_prepare(obj)
        data[PARTS_FIELD] = data.get(self._index.get_content_field()) or ""
        return data

    def __getattr__(self, name):
        return getattr(self._index, name)


class ChineseWhooshSearchQuery(WhooshSearchQuery):
    def build_query_fragment(self, field, filter_type, value):
        if isinstance(value, WordMatch):
            return value.prepare(self)
        return super().build_query_fragment(field, filter_type, value)


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshSearchBackend
    query = ChineseWhooshSearchQuery
