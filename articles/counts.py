"""Each region's, district's and topic's stored number of published articles.

An editor's action recounts only the districts and topics the articles it changed had before it or
have after it (and their regions), in the action's own transaction: a full recount costs seconds at
100,000 articles. The full recount runs at the end of an import, after a district, region, topic or
source is saved, and with `sync_index --repair`, which says whether a stored count was stale.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import CharField, Count, Func

from articles.models import Article, District, Region, Topic

COUNTED = ["article_count", "mention_count", "monthly_counts", "undated_count"]
CHUNK = 500  # ids a query: SQLite limits the parameters of one statement


class MonthOf(Func):
    """A date's month as text, "2023-04". Not TruncMonth: on SQLite that calls back into Python for every
    row, which made counting 100,000 articles take seconds."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM')", **extra)


@dataclass
class Tags:
    """Districts (own or mentioned) and topics whose counts an action may have changed; `own`, the
    districts among them that were an article's own, whose regions' counts it may have changed too."""

    districts: set = field(default_factory=set)
    topics: set = field(default_factory=set)
    own: set = field(default_factory=set)

    def __or__(self, other: "Tags") -> "Tags":
        return Tags(self.districts | other.districts, self.topics | other.topics, self.own | other.own)


def tags_of(article_ids) -> Tags:
    """Every district and topic the articles have now: read before a change and after it."""
    ids = sorted(set(article_ids))
    found = Tags()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = Article.primary_districts.through.objects.filter(article_id__in=chunk)
        found.own.update(rows.values_list("district_id", flat=True).distinct())
        rows = Article.mentioned_districts.through.objects.filter(article_id__in=chunk)
        found.districts.update(rows.values_list("district_id", flat=True).distinct())
        rows = Article.topics.through.objects.filter(article_id__in=chunk)
        found.topics.update(rows.values_list("topic_id", flat=True).distinct())
    found.districts |= found.own
    return found


def district_months(article_model=Article, districts=None) -> tuple[dict, dict]:
    """({district id: {"2023-04": n}}, {district id: undated n}) over the published articles of each district
    (of the given ones only, if given).

    Every district: read from the articles' side: the LEFT JOIN makes SQLite walk the (hidden, published,
    id) index and then the tag table's (article_id, district_id) one, both covering, instead of reading
    every tagged article's row (5x slower). A few districts: from the tag table's side, reading only
    their articles. Takes the Article model so that a migration can count with its historical one."""
    monthly: dict[int, dict[str, int]] = defaultdict(dict)
    if districts is None:
        published = article_model.objects.filter(hidden=False).order_by()
        dated = published.filter(published__isnull=False).annotate(month=MonthOf("published"))
        rows = dated.values_list("primary_districts", "month").annotate(n=Count("pk"))
        undated = published.filter(published__isnull=True).values_list("primary_districts").annotate(n=Count("pk"))
    else:
        tagged = article_model.primary_districts.through.objects.filter(
            district_id__in=districts, article__hidden=False
        )
        dated = tagged.filter(article__published__isnull=False).annotate(month=MonthOf("article__published"))
        rows = dated.values_list("district_id", "month").annotate(n=Count("pk")).order_by()
        undated = tagged.filter(article__published__isnull=True).values_list("district_id").annotate(n=Count("pk"))
        undated = undated.order_by()
    for district_id, month, n in rows:
        if district_id is not None:  # articles of no district
            monthly[district_id][month] = n
    return monthly, {district_id: n for district_id, n in undated if district_id is not None}


def _tally(name: str, key: str, ids=None) -> dict:
    """{tag id: published articles} of one tag field, for every tag or the given ones."""
    if ids is None:
        # From the articles' side, as district_months: ~5x faster than grouping the tag table.
        rows = Article.objects.filter(hidden=False).order_by().values_list(name).annotate(n=Count("pk"))
        return {pk: n for pk, n in rows if pk is not None}
    tagged = getattr(Article, name).through.objects.filter(**{f"{key}__in": ids}, article__hidden=False)
    return dict(tagged.values_list(key).annotate(n=Count("pk")).order_by().values_list(key, "n"))


def _region_tally(ids=None) -> dict:
    """{region id: published articles}: an article in two districts of one region counts once."""
    if ids is None:
        rows = Article.objects.filter(hidden=False).order_by().values_list("primary_districts__region")
        return {pk: n for pk, n in rows.annotate(n=Count("pk", distinct=True)) if pk is not None}
    tagged = Article.primary_districts.through.objects.filter(district__region__in=ids, article__hidden=False)
    rows = tagged.values_list("district__region").annotate(n=Count("article_id", distinct=True)).order_by()
    return dict(rows)


def recount(districts=None, topics=None, regions=None, write: bool = True) -> bool:
    """Store the counts of every region, district and topic, or of the given ones only; say whether
    any stored count was stale. write=False only compares.

    Counting the tag tables on every request costs hundreds of milliseconds at 100,000 articles;
    what readers see only changes with an import or an editor's action, so the counts are kept then.
    """
    if districts is None and topics is None and regions is None:
        district_rows, topic_rows, region_rows = District.objects.all(), Topic.objects.all(), Region.objects.all()
        district_ids = topic_ids = region_ids = None
    else:
        district_ids, topic_ids, region_ids = (sorted(set(ids or ())) for ids in (districts, topics, regions))
        district_rows = District.objects.filter(pk__in=district_ids)
        topic_rows, region_rows = Topic.objects.filter(pk__in=topic_ids), Region.objects.filter(pk__in=region_ids)
    stale = []
    if district_ids is None or district_ids:
        own = _tally("primary_districts", "district_id", district_ids)
        mentioned = _tally("mentioned_districts", "district_id", district_ids)
        monthly, undated = district_months(districts=district_ids)
        changed = []
        for district in district_rows:
            pk = district.pk
            counts = own.get(pk, 0), mentioned.get(pk, 0), monthly.get(pk, {}), undated.get(pk, 0)
            if (
                district.article_count,
                district.mention_count,
                district.monthly_counts,
                district.undated_count,
            ) != counts:
                district.article_count, district.mention_count, district.monthly_counts, district.undated_count = counts
                changed.append(district)
        stale += _store(District, changed, COUNTED, write)
    if topic_ids is None or topic_ids:
        stale += _store_counts(Topic, topic_rows, _tally("topics", "topic_id", topic_ids), write)
    if region_ids is None or region_ids:
        stale += _store_counts(Region, region_rows, _region_tally(region_ids), write)
    return bool(stale)


def _store_counts(model, rows, counted: dict, write: bool) -> list:
    changed = [row for row in rows if row.article_count != counted.get(row.pk, 0)]
    for row in changed:
        row.article_count = counted.get(row.pk, 0)
    return _store(model, changed, ["article_count"], write)


def _store(model, changed: list, fields: list, write: bool) -> list:
    if write and changed:
        model.objects.bulk_update(changed, fields)
    return changed


def recount_tags(tags: Tags) -> None:
    """What an editor's action calls, in its transaction, with the tags the changed articles had and have."""
    if tags.districts or tags.topics:
        regions = District.objects.filter(pk__in=tags.own).values_list("region_id", flat=True).distinct()
        recount(districts=tags.districts, topics=tags.topics, regions=list(regions))
