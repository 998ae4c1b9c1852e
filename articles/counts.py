"""Each region's, district's and topic's stored number of published articles.

An editor's action recounts only the districts and topics the articles it changed had before it or
have after it (and the regions of their own districts, and of the districts' monthly counts the
months those articles were or are dated in), in the action's own transaction: a full recount costs
most of a second at 100,000 articles. The full recount runs at the end of an import, after a
district, region, topic or source is saved, and with `sync_index --repair`; `sync_index --check`
says whether a stored count is stale.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import CharField, Count, Func, Q

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
    """What an action may have changed the counts of: districts (own or mentioned) and topics; `own`,
    the districts among them that were an article's own, whose regions' counts it may have changed;
    the months (and whether undated) the articles were or are dated in, the districts' chart cells."""

    districts: set = field(default_factory=set)
    topics: set = field(default_factory=set)
    own: set = field(default_factory=set)
    months: set = field(default_factory=set)
    undated: bool = False

    def __or__(self, other: "Tags") -> "Tags":
        return Tags(
            self.districts | other.districts,
            self.topics | other.topics,
            self.own | other.own,
            self.months | other.months,
            self.undated or other.undated,
        )


def tags_of(article_ids) -> Tags:
    """Every district and topic the articles have now, and their months: read before a change and after it."""
    ids = sorted(set(article_ids))
    found = Tags()
    for chunk in _chunks(ids):
        rows = Article.primary_districts.through.objects.filter(article_id__in=chunk)
        found.own.update(rows.values_list("district_id", flat=True).distinct())
        rows = Article.mentioned_districts.through.objects.filter(article_id__in=chunk)
        found.districts.update(rows.values_list("district_id", flat=True).distinct())
        rows = Article.topics.through.objects.filter(article_id__in=chunk)
        found.topics.update(rows.values_list("topic_id", flat=True).distinct())
        for published in Article.objects.filter(pk__in=chunk).values_list("published", flat=True):
            if published is None:
                found.undated = True
            else:
                found.months.add(f"{published:%Y-%m}")
    found.districts |= found.own
    return found


def district_months(article_model=Article) -> tuple[dict, dict]:
    """({district id: {"2023-04": n}}, {district id: undated n}) over the published articles of each district.

    Read from the articles' side: the LEFT JOIN makes SQLite walk the (hidden, published, id) index and
    then the tag table's (article_id, district_id) one, both covering, instead of reading every tagged
    article's row (5x slower). Takes the Article model so that a migration can count with its historical one."""
    published = article_model.objects.filter(hidden=False).order_by()
    monthly: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        published.filter(published__isnull=False)
        .annotate(month=MonthOf("published"))
        .values_list("primary_districts", "month")
        .annotate(n=Count("pk"))
    )
    for district_id, month, n in rows:
        if district_id is not None:  # articles of no district
            monthly[district_id][month] = n
    undated = published.filter(published__isnull=True).values_list("primary_districts").annotate(n=Count("pk"))
    return monthly, {district_id: n for district_id, n in undated if district_id is not None}


def _tally(name: str) -> dict:
    """{tag id: published articles} of one tag field, from the articles' side as district_months (~5x
    faster than grouping the tag table, which reads every tagged article's row)."""
    rows = Article.objects.filter(hidden=False).order_by().values_list(name).annotate(n=Count("pk"))
    return {pk: n for pk, n in rows if pk is not None}


def _region_tally() -> dict:
    """{region id: published articles}: an article in two districts of one region counts once."""
    rows = Article.objects.filter(hidden=False).order_by().values_list("primary_districts__region")
    return {pk: n for pk, n in rows.annotate(n=Count("pk", distinct=True)) if pk is not None}


def recount(write: bool = True) -> bool:
    """Count every region's, district's and topic's published articles again and store what differs;
    say whether any stored count was stale (write=False: only say)."""
    own, mentioned = _tally("primary_districts"), _tally("mentioned_districts")
    monthly, undated = district_months()
    changed = []
    for district in District.objects.all():
        pk = district.pk
        counts = own.get(pk, 0), mentioned.get(pk, 0), monthly.get(pk, {}), undated.get(pk, 0)
        if _district_counts(district) != counts:
            district.article_count, district.mention_count, district.monthly_counts, district.undated_count = counts
            changed.append(district)
    stale = _store(District, changed, COUNTED, write)
    stale += _store_counts(Topic, Topic.objects.all(), _tally("topics"), write)
    stale += _store_counts(Region, Region.objects.all(), _region_tally(), write)
    return bool(stale)


def recount_tags(tags: Tags) -> None:
    """Count again, in the editor's transaction, what the articles it changed counted in before or count in now.

    Every query starts from the few rows it needs: a tag's rows (its index alone) less those of hidden
    articles (the hidden index), and a month's articles (the published index): joining each tagged
    article's row to see whether it is hidden reads the whole row, its body too (~40 ms a big district)."""
    # IN (true), not =True: Django writes that as a bare `hidden`, which no index answers (a scan of every
    # article). Their ids as a list: with a subquery SQLite walks the tag's rows instead of the hidden few.
    hidden = list(Article.objects.filter(hidden__in=[True]).values_list("pk", flat=True))
    if tags.districts:
        district_ids = sorted(tags.districts)
        own = _tag_counts(Article.primary_districts.through, "district_id", district_ids, hidden)
        mentioned = _tag_counts(Article.mentioned_districts.through, "district_id", district_ids, hidden)
        monthly, undated = _district_cells(district_ids, tags)
        changed = []
        for district in District.objects.filter(pk__in=district_ids):
            pk = district.pk
            months = {m: n for m, n in district.monthly_counts.items() if m not in tags.months}
            months.update(monthly.get(pk, {}))
            counts = own.get(pk, 0), mentioned.get(pk, 0), dict(sorted(months.items()))
            counts += (undated.get(pk, 0) if tags.undated else district.undated_count,)
            if _district_counts(district) != counts:
                district.article_count, district.mention_count, district.monthly_counts, district.undated_count = counts
                changed.append(district)
        _store(District, changed, COUNTED, True)
    if tags.topics:
        topic_ids = sorted(tags.topics)
        counted = _tag_counts(Article.topics.through, "topic_id", topic_ids, hidden)
        _store_counts(Topic, Topic.objects.filter(pk__in=topic_ids), counted, True)
    if tags.own:
        region_ids = sorted(set(District.objects.filter(pk__in=tags.own).values_list("region_id", flat=True)))
        tagged = Article.primary_districts.through.objects.filter(district__region__in=region_ids)
        counted = _distinct_articles(tagged, "district__region")
        for chunk in _chunks(hidden):
            for pk, n in _distinct_articles(tagged.filter(article_id__in=chunk), "district__region").items():
                counted[pk] -= n  # an article in two districts of a region is one hidden article there
        _store_counts(Region, Region.objects.filter(pk__in=region_ids), counted, True)


def _district_counts(district) -> tuple:
    return district.article_count, district.mention_count, district.monthly_counts, district.undated_count


def _tag_counts(through, key: str, ids: list, hidden) -> dict:
    """{tag id: published articles}: the tag's rows less those of hidden articles."""
    tagged = through.objects.filter(**{f"{key}__in": ids})
    counted = dict(tagged.values_list(key).annotate(n=Count("pk")).order_by())
    for chunk in _chunks(hidden):
        for pk, n in tagged.filter(article_id__in=chunk).values_list(key).annotate(n=Count("pk")).order_by():
            counted[pk] -= n
    return counted


def _chunks(ids: list):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _distinct_articles(tagged, key: str) -> dict:
    return dict(tagged.values_list(key).annotate(n=Count("article_id", distinct=True)).order_by())


def _district_cells(district_ids: list, tags: Tags) -> tuple[dict, dict]:
    """The districts' published articles in the months of `tags` (and undated, if it says so): the
    chart's cells an action changed; the month's articles are read from the published index."""
    monthly: dict[int, dict[str, int]] = defaultdict(dict)
    tagged = Article.primary_districts.through.objects.filter(district_id__in=district_ids)
    if tags.months:
        in_months = Q()
        for month in tags.months:
            first = dt.date.fromisoformat(f"{month}-01")
            following = (first + dt.timedelta(days=32)).replace(day=1)
            in_months |= Q(published__gte=first, published__lt=following)
        shown = Article.objects.filter(in_months, hidden=False).values("pk")
        rows = tagged.filter(article_id__in=shown).annotate(month=MonthOf("article__published"))
        for pk, month, n in rows.values_list("district_id", "month").annotate(n=Count("pk")).order_by():
            monthly[pk][month] = n
    undated = {}
    if tags.undated:
        shown = Article.objects.filter(published__isnull=True, hidden=False).values("pk")
        undated = dict(
            tagged.filter(article_id__in=shown).values_list("district_id").annotate(n=Count("pk")).order_by()
        )
    return monthly, undated


def _store_counts(model, rows, counted: dict, write: bool) -> list:
    changed = [row for row in rows if row.article_count != counted.get(row.pk, 0)]
    for row in changed:
        row.article_count = counted.get(row.pk, 0)
    return _store(model, changed, ["article_count"], write)


def _store(model, changed: list, fields: list, write: bool) -> list:
    if write and changed:
        model.objects.bulk_update(changed, fields)
    return changed
