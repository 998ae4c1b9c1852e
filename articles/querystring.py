"""Links that change one thing in the current query string: add a value, drop one, replace a key.

Every link from a filtered or searched page is built here, so that they all keep the other
parameters, never repeat a page number, and treat ?district=a&district=b as two values.
"""

from urllib.parse import urlencode

from django.http import QueryDict


class Links:
    """Links from one query string. It is read and encoded once: a search page makes dozens of facet
    links, and copying a QueryDict (a deep copy) for each was a tenth of the page's time. The links are
    what QueryDict.urlencode writes for the changed copy, byte for byte."""

    def __init__(self, query: QueryDict):
        self._encoding = query.encoding
        # a new set of results starts at its first page
        self._raw = {key: values for key, values in query.lists() if key != "page"}
        self._encoded = {key: [self._pair(key, v) for v in values] for key, values in self._raw.items()}

    def _pair(self, key: str, value) -> str:
        return urlencode({key.encode(self._encoding): str(value).encode(self._encoding)})

    def _with(self, changes: dict[str, list | None]) -> str:
        """The query string with each key in `changes` given those values (None: without the key).
        A key already there keeps its place; a new one goes at the end, as QueryDict.setlist puts it."""
        parts = []
        for key, encoded in self._encoded.items():
            if key not in changes:
                parts.extend(encoded)
            elif changes[key] is not None:
                parts.extend(self._pair(key, v) for v in changes[key])
        for key, values in changes.items():
            if key not in self._encoded and values:
                parts.extend(self._pair(key, v) for v in values)
        return "&".join(parts)

    def _values(self, key: str) -> list[str]:
        return self._raw.get(key, [])

    def adding(self, key: str, value: str) -> str:
        """The query string with one more value for `key` (kept once)."""
        return self._with({key: [*[v for v in self._values(key) if v != value], value]})

    def removing(self, key: str, value: str | None = None) -> str:
        """The query string without `value` for `key`, or without `key` at all when no value is named."""
        if value is None:
            return self._with({key: None})
        return self._with({key: [v for v in self._values(key) if v != value]})

    def replacing(self, **values: str | None) -> str:
        """The query string with each named key set to one value (or dropped for None)."""
        return self._with({key: None if value is None else [value] for key, value in values.items()})


def adding(query: QueryDict, key: str, value: str) -> str:
    return Links(query).adding(key, value)


def removing(query: QueryDict, key: str, value: str | None = None) -> str:
    return Links(query).removing(key, value)


def replacing(query: QueryDict, **values: str | None) -> str:
    return Links(query).replacing(**values)
