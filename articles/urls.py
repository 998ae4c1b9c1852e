from django.urls import path

from articles import article_views, feeds, site_views, views
from articles.caching import published_page

app_name = "articles"

urlpatterns = [
    path("", published_page(views.home), name="home"),
    path("articles/", published_page(views.ArticleListView.as_view()), name="list"),
    path("articles/<int:pk>/", published_page(article_views.article_detail), name="detail"),
    path("articles/<int:pk>/original/", published_page(article_views.original_page), name="original"),
    path("districts/<slug:slug>/", published_page(views.DistrictView.as_view()), name="district"),
    path("regions/<slug:slug>/", published_page(views.RegionView.as_view()), name="region"),
    path("topics/<slug:slug>/", published_page(views.TopicView.as_view()), name="topic"),
    path("feeds/latest/rss/", published_page(feeds.LatestArticlesFeed()), name="latest-feed"),
    path("feeds/latest/atom/", published_page(feeds.LatestArticlesAtomFeed()), name="latest-atom"),
    path("feeds/districts/<slug:slug>/rss/", published_page(feeds.DistrictFeed()), name="district-feed"),
    path("feeds/districts/<slug:slug>/atom/", published_page(feeds.DistrictAtomFeed()), name="district-atom"),
    path("feeds/topics/<slug:slug>/rss/", published_page(feeds.TopicFeed()), name="topic-feed"),
    path("feeds/topics/<slug:slug>/atom/", published_page(feeds.TopicAtomFeed()), name="topic-atom"),
    path("feeds/regions/<slug:slug>/rss/", published_page(feeds.RegionFeed()), name="region-feed"),
    path("feeds/regions/<slug:slug>/atom/", published_page(feeds.RegionAtomFeed()), name="region-atom"),
    path("sitemap/", published_page(views.site_map), name="site-map"),
    path("favicon.ico", site_views.favicon, name="favicon"),
    path("healthz", site_views.healthz, name="healthz"),
    path("livez", site_views.livez, name="livez"),
]
