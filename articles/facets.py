"""Search facets packed into one value per document, and unpacked from the engine's counts.

An article's districts, regions, topics, source and year become one string such as
"d:yuzhong d:jiangbei r:core t:economy s:3 y:2021". The engine counts how many matches carry
each distinct string; adding those counts up per part gives every facet's exact counts.
"""

from collections import Counter

FIELDS = {"districts": "d", "regions": "r", "topics": "t", "source": "s", "year": "y"}
_FIELD_OF = {prefix: field for field, prefix in FIELDS.items()}


def combine(**values) -> str:
    """One facet key from each field's values (missing and empty values are left out)."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown facet fields: {sorted(unknown)}")
    parts = []
    for field, prefix in FIELDS.items():
        parts += [f"{prefix}:{value}" for value in sorted(set(values.get(field) or ())) if value]
    return " ".join(parts)


def split_counts(pairs) -> dict[str, Counter]:
    """Per-field counts from (facet key, number of matches) pairs."""
    counts = {field: Counter() for field in FIELDS}
    for key, number in pairs:
        if isinstance(key, bytes):  # Whoosh hands list-column values back undecoded
            key = key.decode()
        for part in (key or "").split():
            prefix, _, value = part.partition(":")
            field = _FIELD_OF.get(prefix)
            if field and value:
                counts[field][value] += number
    return counts
