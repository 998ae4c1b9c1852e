from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.cards import tags_of
from articles.models import Article, District, Region, Topic

ITEMS = 30
# Readers differ on whether a title is text or HTML: angle brackets in the plain-text fields are
# sent as their full-width forms, which no reader takes for markup and every reader shows alike.
_PLAIN = str.maketrans({"<": "＜", ">": "＞"})


def plain(text: str) -> str:
    return text.translate(_PLAIN)


class LatestArticlesFeed(Feed):
    """RSS of the latest articles; the district and topic feeds narrow it to one district or topic."""

    model = None

    def get_object(self, request, slug=None):
        return get_object_or_404(self.model, slug=slug) if self.model else None

    def title(self, obj=None):
        return plain(f"重庆区县新闻：{obj.name}") if obj else "重庆区县新闻：最新文章"

    def description(self, obj=None):
        return "重庆38个区县的最新新闻"

    def subtitle(self, obj=None):
        return self.description(obj)

    def link(self, obj=None):
        return obj.get_absolute_url() if obj else reverse("articles:home")

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        items = list(self.articles(obj).select_related("source")[:ITEMS])
        tags = tags_of(items)
        for item in items:  # on the items, not on this feed: one instance answers every request
            names = tags["primary_districts"][item.pk] + tags["topics"][item.pk]
            item.category_names = [plain(name) for _, name in names]
        return items

    def item_title(self, item):
        return plain(item.title)

    def item_description(self, item):
        # RSS <description> and Atom <summary type="html"> are HTML: the text goes in escaped.
        # The first paragraph of prose: a photo story may open with its captions.
        return escape(item.lead)

    def item_author_name(self, item):
        return plain(item.byline) or None

    def item_pubdate(self, item):
        # An undated article has no publication date to give: the import time would make an old
        # story look new in a feed reader. RSS then omits <pubDate>, Atom omits <published>.
        if item.published is None:
            return None
        return datetime.combine(item.published, time(), tzinfo=timezone.get_current_timezone())

    def item_updateddate(self, item):
        # Atom requires <updated>: when this entry last changed here, which is true for every article.
        return item.updated_at

    def item_categories(self, item):
        return item.category_names


class DistrictFeed(LatestArticlesFeed):
    model = District

    def description(self, obj=None):
        return plain(f"{obj.name}的最新新闻")

    def articles(self, obj):
        return Article.objects.published().in_districts([obj])


class TopicFeed(LatestArticlesFeed):
    model = Topic

    def description(self, obj=None):
        return plain(f"主题“{obj.name}”的最新新闻")

    def articles(self, obj):
        return Article.objects.published().with_topics([obj])


class RegionFeed(LatestArticlesFeed):
    model = Region

    def description(self, obj=None):
        return f"{obj.name}各区县的最新新闻"

    def articles(self, obj):
        return Article.objects.published().in_region(obj)


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed


class DistrictAtomFeed(DistrictFeed):
    feed_type = Atom1Feed


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed


class RegionAtomFeed(RegionFeed):
    feed_type = Atom1Feed
