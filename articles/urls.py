from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/original/", views.original_page, name="original"),
    path("districts/<slug:slug>/", views.DistrictView.as_view(), name="district"),
    path("regions/<slug:slug>/", views.RegionView.as_view(), name="region"),
    path("topics/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    path("feeds/latest/rss/", feeds.LatestArticlesFeed(), name="latest-feed"),
    path("feeds/latest/atom/", feeds.LatestArticlesAtomFeed(), name="latest-atom"),
    path("feeds/districts/<slug:slug>/rss/", feeds.DistrictFeed(), name="district-feed"),
    path("feeds/districts/<slug:slug>/atom/", feeds.DistrictAtomFeed(), name="district-atom"),
    path("feeds/topics/<slug:slug>/rss/", feeds.TopicFeed(), name="topic-feed"),
    path("feeds/topics/<slug:slug>/atom/", feeds.TopicAtomFeed(), name="topic-atom"),
]
