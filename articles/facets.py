"""Search facets as one single value per article and field, and the per-value counts they give.

Districts and topics are multi-valued, but engines count single values far faster: xapian-haystack
counts a multi-valued field only over the page's results, and Whoosh un-inverts it on every query.
So each article gets, per facet, one value holding its whole set ("jiangbei yuzhong"); the engine
counts how many matches carry each distinct set, and adding the counts up per member gives the
exact count of each district or topic. Sets stay few whatever the number of articles, so reading
them back costs little. Regions are not indexed for counting: a district set names them.
"""

from collections import Counter
from collections.abc import Iterable, Mapping

# facet shown on the page -> index field counted
INDEX_FIELDS = {
    "districts": "facet_districts",
    "topics": "facet_topics",
    "source": "facet_source",
    "year": "facet_year",
}


def value_set(values: Iterable) -> str:
    """One indexable value for a set of slugs (missing and empty ones left out)."""
    return " ".join(sorted({str(v) for v in values if v}))


# The same few thousand value sets come back on every search: each is split once per process, into
# its members and the regions they are in, for the districts' regions as the last search read them.
MAX_SPLIT = 100_000
_splits: tuple[dict, dict] = ({}, {})


def _splitter(region_of: Mapping[str, str]):
    global _splits
    known, splits = _splits
    if known != region_of or len(splits) > MAX_SPLIT:
        # A district moved to another region: split again. Each search keeps the pair it started with.
        known, splits = dict(region_of), {}
        _splits = (known, splits)

    def split(key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        found = splits.get(key)
        if found is None:
            members = tuple(key.split())
            found = splits[key] = (members, tuple({known[m] for m in members if m in known}))
        return found

    return split


def split_counts(counts: Mapping[str, list], region_of: Mapping[str, str]) -> dict[str, Counter]:
    """Per-value counts for each facet, from the engine's (value set, number of matches) pairs."""
    result = {"districts": Counter(), "regions": Counter(), "topics": Counter(), "source": Counter(), "year": Counter()}
    split = _splitter(region_of)
    for facet, field in INDEX_FIELDS.items():
        tally = result[facet]
        regions = result["regions"] if facet == "districts" else None
        for key, number in counts.get(field, []):
            if isinstance(key, bytes):  # Whoosh hands list-column values back undecoded
                key = key.decode()
            members, in_regions = split(key or "")
            for member in members:
                tally[member] += number
            if regions is not None:
                for region in in_regions:
                    regions[region] += number
    return result
