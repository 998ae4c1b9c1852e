from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.caching import published_page
from articles.search_views import search
from articles.sitemaps import SITEMAPS
from articles.views import robots_txt

admin.site.site_header = "重庆区县新闻 · 编辑后台"
admin.site.site_title = "编辑后台"

urlpatterns = [
    path("", include("articles.urls")),
    path("search/", search, name="search"),
    path("sitemap.xml", published_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("admin/", admin.site.urls),
]
