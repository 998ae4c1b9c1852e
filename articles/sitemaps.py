from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, District, Region, Topic


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("pk", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class PlaceSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [*Region.objects.all(), *District.objects.all(), *Topic.objects.all()]


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["articles:home", "articles:list"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"articles": ArticleSitemap, "places": PlaceSitemap, "pages": StaticSitemap}
