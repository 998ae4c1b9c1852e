"""Each district's and topic's stored number of published articles, refreshed with every site revision."""

from collections import defaultdict

from django.db.models import CharField, Count, Func

from articles.models import Article, District, Topic

COUNTED = ["article_count", "mention_count", "monthly_counts", "undated_count"]


class MonthOf(Func):
    """A date's month as text, "2023-04". Not TruncMonth: on SQLite that calls back into Python for every
    row, which made counting 100,000 articles take seconds."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM')", **extra)


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


def recount() -> bool:
    """Store each district's and topic's number of published articles; say whether any count changed.

    Counting the tag tables on every request costs hundreds of milliseconds at 100,000 articles;
    what readers see only changes with a new SiteRevision, so the counts are refreshed with it.
    """

    def tally(field, key):
        rows = field.through.objects.filter(article__hidden=False).values_list(key).annotate(n=Count("pk"))
        return dict(rows.values_list(key, "n"))

    own = tally(Article.primary_districts, "district_id")
    mentioned = tally(Article.mentioned_districts, "district_id")
    topical = tally(Article.topics, "topic_id")
    monthly, undated = district_months()
    districts = []
    for district in District.objects.all():
        counts = own.get(district.pk, 0), mentioned.get(district.pk, 0), monthly.get(district.pk, {})
        counts += (undated.get(district.pk, 0),)
        if (district.article_count, district.mention_count, district.monthly_counts, district.undated_count) != counts:
            district.article_count, district.mention_count, district.monthly_counts, district.undated_count = counts
            districts.append(district)
    District.objects.bulk_update(districts, COUNTED)
    topics = []
    for topic in Topic.objects.all():
        if topic.article_count != topical.get(topic.pk, 0):
            topic.article_count = topical.get(topic.pk, 0)
            topics.append(topic)
    Topic.objects.bulk_update(topics, ["article_count"])
    return bool(districts or topics)
