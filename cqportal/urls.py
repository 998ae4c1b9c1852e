from django.contrib import admin
from django.contrib.sitemaps.views import index, sitemap
from django.urls import include, path

from articles.caching import published_page
from articles.search_views import search
from articles.site_views import robots_txt
from articles.sitemaps import SITEMAPS

admin.site.site_header = "重庆区县新闻 · 编辑后台"
admin.site.site_title = "编辑后台"

urlpatterns = [
    path("", include("articles.urls")),
    path("search/", search, name="search"),
    # An index of sitemaps, each paged at ArticleSitemap.limit URLs: no article is left out.
    path(
        "sitemap.xml",
        published_page(index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", published_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots"),
    path("admin/", admin.site.urls),
]
