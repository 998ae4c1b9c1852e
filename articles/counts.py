"""Each district's and topic's stored number of published articles, refreshed with every site revision."""

from django.db.models import Count

from articles.models import Article, District, Topic


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
    districts = []
    for district in District.objects.all():
        counts = own.get(district.pk, 0), mentioned.get(district.pk, 0)
        if (district.article_count, district.mention_count) != counts:
            district.article_count, district.mention_count = counts
            districts.append(district)
    District.objects.bulk_update(districts, ["article_count", "mention_count"])
    topics = []
    for topic in Topic.objects.all():
        if topic.article_count != topical.get(topic.pk, 0):
            topic.article_count = topical.get(topic.pk, 0)
            topics.append(topic)
    Topic.objects.bulk_update(topics, ["article_count"])
    return bool(districts or topics)
