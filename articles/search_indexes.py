import datetime as dt

from django.db.models import Prefetch
from django.utils.html import escape
from haystack import indexes

from articles import facets
from articles.models import Article, District, Topic

UNDATED = dt.date(1900, 1, 1)


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # The one full-text field (prepare_text). It repeats the headline, so title words outweigh body
    # words: a separate title field would only double what both engines index.
    text = indexes.CharField(document=True)
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
        # Only the columns and tags a document is made of: the indexer reads every article.
        return (
            Article.objects.published()
            .only("title", "kicker", "subtitle", "body", "byline", "published", "source_id")
            .prefetch_related(
                Prefetch(
                    "primary_districts",
                    District.objects.select_related("region").only("name", "slug", "region", "region__slug"),
                ),
                Prefetch("topics", Topic.objects.only("slug")),
            )
        )

    def read_queryset(self, using=None):
        # Search results are loaded through this: an article hidden a moment ago leaves them at once,
        # before the index has caught up with the change.
        return Article.objects.filter(hidden=False).for_listing()

    def prepare_text(self, article):
        # What the document template rendered, escaping included (a text's & and quotes gave words
        # of their own, which both engines' indexes hold): rendering it was a tenth of indexing.
        parts = [article.title, article.title, article.kicker, article.subtitle, article.plain_body, article.byline]
        names = "".join(f"{district.name} " for district in article.primary_districts.all())
        return "\n".join(escape(part) for part in [*parts, names]) + "\n"

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
