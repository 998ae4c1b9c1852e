"""The stock way to search Chinese with django-haystack, as DjangoBlog does: haystack's own Whoosh
backend with jieba's ChineseAnalyzer on the text fields, queried with auto_query. Only the analyser
changes (DjangoBlog copies the whole backend to change that one line); used by
benchmarks/search_quality.py as the baseline."""

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from jieba.analyse import ChineseAnalyzer
from whoosh.fields import TEXT


class JiebaWhooshSearchBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for name in schema.names():
            field = schema[name]
            if isinstance(field, TEXT):
                field.analyzer = field.format.analyzer = ChineseAnalyzer()
        return content_field_name, schema


class JiebaWhooshEngine(WhooshEngine):
    backend = JiebaWhooshSearchBackend
