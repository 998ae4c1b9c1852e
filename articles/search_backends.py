"""haystack's Whoosh backend with Chinese analysis: only the schema changes, nothing is copied."""

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from whoosh.fields import TEXT

from articles.analysis import ChineseAnalyzer


class ChineseWhooshSearchBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for name in schema.names():
            field = schema[name]
            if isinstance(field, TEXT):
                field.analyzer = field.format.analyzer = ChineseAnalyzer()
                # A query word jieba cuts into several must match them all.
                field.multitoken_query = "and"
        return content_field_name, schema


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshSearchBackend
