"""Links that change one thing in the current query string: add a value, drop one, replace a key.

Every link from a filtered or searched page is built here, so that they all keep the other
parameters, never repeat a page number, and treat ?district=a&district=b as two values.
"""

from django.http import QueryDict


def _base(query: QueryDict) -> QueryDict:
    changed = query.copy()
    changed.pop("page", None)  # a new set of results starts at its first page
    return changed


def adding(query: QueryDict, key: str, value: str) -> str:
    """The query string with one more value for `key` (kept once)."""
    changed = _base(query)
    changed.setlist(key, [*[v for v in changed.getlist(key) if v != value], value])
    return changed.urlencode()


def removing(query: QueryDict, key: str, value: str | None = None) -> str:
    """The query string without `value` for `key`, or without `key` at all when no value is named."""
    changed = _base(query)
    if value is None:
        changed.pop(key, None)
    else:
        changed.setlist(key, [v for v in changed.getlist(key) if v != value])
    return changed.urlencode()


def replacing(query: QueryDict, **values: str | None) -> str:
    """The query string with each named key set to one value (or dropped for None)."""
    changed = _base(query)
    for key, value in values.items():
        if value is None:
            changed.pop(key, None)
        else:
            changed.setlist(key, [value])
    return changed.urlencode()
