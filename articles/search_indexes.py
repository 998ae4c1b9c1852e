import datetime as dt

from haystack import indexes

from articles import facets
from articles.models import Article

UNDATED = dt.date(1900, 1, 1)


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # The one full-text field. Its template repeats the headline, so title words outweigh body words:
    # a separate title field would only double what both engines index.
    text = indexes.CharField(document=True, use_template=True)
    published = indexes.DateField(model_attr="published", null=True)
    # Whoosh sorts missing dates first when reversed: undated articles sort as oldest instead.
    sort_date = indexes.DateField()
    # Narrowing looks these up as terms.
    districts = indexes.MultiValueField()
    regions = indexes.MultiValueField()
    topics = indexes.MultiValueField()
    source = indexes.CharField(null=True)
    year = indexes.CharField(null=True)
    # Counting facets reads these: one value per article holding its whole set (articles.facets).
    facet_districts = indexes.FacetCharField()
    facet_topics = indexes.FacetCharField()
    facet_source = indexes.FacetCharField()
    facet_year = indexes.FacetCharField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return Article.objects.published().for_listing().prefetch_related("primary_districts__region")

    def read_queryset(self, using=None):
        # Search results are loaded through this: an article hidden a moment ago leaves them at once,
        # before the index has caught up with the change.
        return Article.objects.filter(hidden=False).for_listing()

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

    def prepare_facet_districts(self, article):
        return facets.value_set(self.prepare_districts(article))

    def prepare_facet_topics(self, article):
        return facets.value_set(self.prepare_topics(article))

    def prepare_facet_source(self, article):
        return facets.value_set([self.prepare_source(article)])

    def prepare_facet_year(self, article):
        return facets.value_set([self.prepare_year(article)])

    def prepare_year(self, article):
        return str(article.published.year) if article.published else None
