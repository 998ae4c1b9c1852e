from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article, District, Topic

ITEMS = 30


class LatestArticlesFeed(Feed):
    title = "重庆区县新闻：最新文章"
    description = "重庆38个区县的最新新闻"

    def link(self):
        return reverse("articles:home")

    def items(self):
        return Article.objects.published().for_listing()[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.paragraphs[0] if item.paragraphs else ""

    def item_author_name(self, item):
        return item.byline or None

    def item_pubdate(self, item):
        if item.published is None:
            return item.created_at
        return datetime.combine(item.published, time(), tzinfo=timezone.get_current_timezone())

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [d.name for d in item.primary_districts.all()] + [t.name for t in item.topics.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class DistrictFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(District, slug=slug)

    def title(self, obj):
        return f"重庆区县新闻：{obj.name}"

    def description(self, obj):
        return f"{obj.name}的最新新闻"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return Article.objects.published().in_district(obj).for_listing()[:ITEMS]


class DistrictAtomFeed(DistrictFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class TopicFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return f"重庆区县新闻：{obj.name}"

    def description(self, obj):
        return f"主题“{obj.name}”的最新新闻"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return Article.objects.published().filter(topics=obj).for_listing()[:ITEMS]


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
