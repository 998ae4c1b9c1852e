import datetime as dt

from haystack import indexes

from articles.models import Article

UNDATED = dt.date(1900, 1, 1)


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # The one full-text field. Its template repeats the headline, so title words outweigh body words:
    # a separate title field would only double what both engines index.
    text = indexes.CharField(document=True, use_template=True)
    published = indexes.DateField(model_attr="published", null=True)
    # Whoosh sorts missing dates first when reversed: undated articles sort as oldest instead.
    sort_date = indexes.DateField()
    districts = indexes.MultiValueField(faceted=True)
    regions = indexes.MultiValueField(faceted=True)
    topics = indexes.MultiValueField(faceted=True)
    source = indexes.CharField(faceted=True, null=True)
    year = indexes.CharField(faceted=True, null=True)

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return Article.objects.published().for_listing().prefetch_related("primary_districts__region")

    def read_queryset(self, using=None):
        return Article.objects.for_listing()

    def prepare_sort_date(self, article):
        return article.published or UNDATED

    def prepare_districts(self, article):
        return [d.slug for d in article.primary_districts.all()]

    def prepare_regions(self, article):
        return sorted({d.region.slug for d in article.primary_districts.all()})

    def prepare_topics(self, article):
        return [t.slug for t in article.topics.all()]

    def prepare_source(self, article):
        return str(article.source_id) if article.source_id else None

    def prepare_year(self, article):
        return str(article.published.year) if article.published else None
