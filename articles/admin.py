"""The newsroom's admin: fast corrections that the importer never overwrites, with full history."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from articles import admin_actions, admin_review, counts, editing
from articles.admin_editor import EditorViews
from articles.admin_form import FIELD_LABELS, ArticleAdminForm
from articles.admin_history import ArticleHistoryAdmin
from articles.models import Article, DeletedArticle, District, IndexDebt, Page, Region, SiteRevision, Source, Topic

# What the importer recorded of where and when it found an article: shown to editors, never edited.
IMPORT_RECORD = ("page", "position", "start", "end", "fingerprint", "title_derived", "checked")
IMPORT_RECORD += ("created_at", "updated_at")


def _published(changed_ids, removed_ids=()):
    """What readers see changed: cached pages start a new revision, and the search index owes the
    articles (recorded, never written in this request: the index worker drains it, articles.indexing).
    The action has recounted what it touched in its transaction (articles.counts.recount_tags)."""
    IndexDebt.record([*changed_ids, *removed_ids])
    SiteRevision.bump(recount=False)


class RegionListFilter(admin.SimpleListFilter):
    title = "片区"
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(r.slug, r.name) for r in Region.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.in_region(Region.objects.filter(slug=self.value()).first())
        return queryset


class CorrectedListFilter(admin.SimpleListFilter):
    title = "人工更正"
    parameter_name = "corrected"

    def lookups(self, request, model_admin):
        return [("yes", "已更正"), ("no", "未更正")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(corrected_fields=[])
        if self.value() == "no":
            return queryset.filter(corrected_fields=[])
        return queryset


@admin.register(Article)
class ArticleAdmin(EditorViews, ArticleHistoryAdmin):
    form = ArticleAdminForm
    list_display = (
        "title",
        "published",
        "source",
        "district_names",
        "topic_names",
        "is_corrected",
        "review_reasons",
        "hidden",
        "links",
    )
    list_display_links = ("title",)
    list_filter = (
        admin_review.ReviewListFilter,
        ("primary_districts", admin_review.DistrictListFilter),
        RegionListFilter,
        "topics",
        "source",
        ("published", admin.DateFieldListFilter),
        CorrectedListFilter,
        admin_review.TitleDerivedListFilter,
        "hidden",
    )
    # Names of districts, topics and sources too: an editor looks for 沙坪坝 and means the tag.
    search_fields = (
        *("title", "kicker", "subtitle", "body", "byline"),
        *("primary_districts__name", "topics__name", "source__name"),
    )
    date_hierarchy = "published"
    list_per_page = 50
    list_select_related = ("source",)
    # Chips with a search box: three dual lists of 38 districts were most of the form.
    autocomplete_fields = ("source", "primary_districts", "mentioned_districts", "topics")
    save_on_top = True  # 保存 within reach at the top on a phone
    readonly_fields = (*IMPORT_RECORD, "links")
    fieldsets = (
        (
            None,
            {"fields": ("title", "kicker", "subtitle", "byline", ("published", "source"), "hidden", "opened_version")},
        ),
        ("标签", {"fields": ("primary_districts", "topics", "mentioned_districts")}),
        ("正文", {"fields": ("body",)}),
        ("更正", {"fields": ("corrected_fields",)}),
        ("来源文件（导入程序记录，不可修改）", {"fields": ("links", *IMPORT_RECORD), "classes": ("collapse",)}),
    )
    actions = [
        admin_actions.bulk_tag("primary_districts", District, True, "添加"),
        admin_actions.bulk_tag("primary_districts", District, False, "移除"),
        admin_actions.bulk_tag("topics", Topic, True, "添加"),
        admin_actions.bulk_tag("topics", Topic, False, "移除"),
        admin_actions.release_corrections,
        admin_review.check_articles,
    ]

    class Media:
        css = {"all": ("admin/cqportal/editor.css",)}
        js = ("admin/cqportal/editor.js",)

    delete_confirmation_template = "admin/articles/article/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/articles/article/delete_selected_confirmation.html"
    object_history_list_template = "admin/articles/article/object_history_list.html"
    object_history_form_template = "admin/articles/article/object_history_form.html"

    def get_queryset(self, request):
        queryset, _ = admin_review.with_reasons(super().get_queryset(request))
        return queryset.prefetch_related("primary_districts", "topics")

    def has_add_permission(self, request):
        # Articles come from imported pages; editors correct them, they do not write new ones.
        return False

    @admin.display(description="所属区县")
    def district_names(self, obj):
        return "、".join(d.name for d in obj.primary_districts.all()) or "—"

    @admin.display(description="主题")
    def topic_names(self, obj):
        return "、".join(t.name for t in obj.topics.all())

    @admin.display(description="已更正", boolean=True)
    def is_corrected(self, obj):
        return bool(obj.corrected_fields)

    @admin.display(description="待核对原因")
    def review_reasons(self, obj):
        if obj.checked_at:
            return "已核对"
        return "、".join(admin_review.reasons_of(obj)) or "—"

    @admin.display(description="核对")
    def checked(self, obj):
        if not obj.checked_at:
            return "未核对"
        return f"{obj.checked_by or '—'} 于 {timezone.localtime(obj.checked_at):%Y-%m-%d %H:%M} 核对"

    @admin.display(description="链接")
    def links(self, obj):
        if not obj.pk:
            return "—"
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            [(obj.get_absolute_url(), "公开页面"), (reverse("articles:original", args=[obj.pk]), "原始版面")],
        )

    def published(self, changed_ids, removed_ids=()):
        _published(changed_ids, removed_ids)

    def save_model(self, request, obj, form, change):
        changes = form.changes()
        if "corrected_fields" in form.cleaned_data:
            obj.corrected_fields = sorted(form.cleaned_data["corrected_fields"])
        obj.mark_corrected(changes)
        released = form.stored_corrected - set(obj.corrected_fields)
        form.outcome = request.article_outcome = (changes, released)
        if not changes and set(obj.corrected_fields) == form.stored_corrected:
            return  # nothing to save: no new version, no history record, nothing for readers
        obj._history_user = request.user
        form.tags_before = counts.tags_of([obj.pk])  # save_related recounts these and the new ones
        with editing.without_history(obj):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        changes, _ = form.outcome
        if not changes and set(form.instance.corrected_fields) == form.stored_corrected:
            return
        with editing.without_history(form.instance):
            super().save_related(request, form, formsets, change)
        editing.record_edit(form.instance, editing.CORRECTION if changes else editing.RELEASE, request.user)
        if changes:
            pk = form.instance.pk
            counts.recount_tags(form.tags_before | counts.tags_of([pk]))
            transaction.on_commit(lambda: _published([pk]))

    @staticmethod
    def _summary(changes, released) -> str:
        if changes:
            return f"{editing.CORRECTION}：" + "、".join(FIELD_LABELS[n] for n in Article.CORRECTABLE if n in changes)
        if released:
            return f"{editing.RELEASE}：" + "、".join(FIELD_LABELS[n] for n in Article.CORRECTABLE if n in released)
        return editing.CORRECTION

    def construct_change_message(self, request, form, formsets, add=False):
        # The LogEntry says what the history says, not every field the browser re-posted differently.
        changes, released = getattr(form, "outcome", (set(), set()))
        return self._summary(changes, released) if changes or released else "没有修改"

    def log_deletions(self, request, queryset):
        # The admin's recent actions say why, as the history and the tombstone do.
        return LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=queryset,
            action_flag=DELETION,
            change_message=f"{editing.DELETE}：{admin_actions.delete_reason(request)}",
            single_object=len(queryset) == 1,
        )

    def delete_model(self, request, obj):
        pk = obj.pk
        tags = counts.tags_of([pk])  # read before the delete takes the tag rows with it
        admin_actions.bury(obj, request)
        counts.recount_tags(tags)
        transaction.on_commit(lambda: _published([], [pk]))

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            articles = list(queryset.select_related("page"))
            ids = [article.pk for article in articles]
            tags = counts.tags_of(ids)  # read before the deletes take the tag rows with them
            for article in articles:
                admin_actions.bury(article, request)
            counts.recount_tags(tags)
            transaction.on_commit(lambda: _published([], ids))


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "traditional_name", "region", "slug", "article_count", "mention_count")
    list_filter = ("region",)
    search_fields = ("name", "short_name", "traditional_name", "slug")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order", "article_count")
    search_fields = ("name", "slug")


class WithArticleCount(admin.ModelAdmin):
    """Lists each row's number of articles, counted in the list's own query rather than one query a row."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_articles=Count("articles"))

    @admin.display(description="文章数", ordering="number_of_articles")
    def article_count(self, obj):
        return obj.number_of_articles


@admin.register(Source)
class SourceAdmin(WithArticleCount):
    list_display = ("name", "article_count")
    search_fields = ("name", "key")


@admin.register(Page)
class PageAdmin(WithArticleCount):
    list_display = ("path", "encoding", "imported_at", "article_count")
    search_fields = ("path",)
    readonly_fields = ("path", "content_hash", "encoding", "raw_text", "imported_at", "article_list")
    exclude = ()

    @admin.display(description="文章")
    def article_list(self, obj):
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a>',
            [(reverse("admin:articles_article_change", args=[a.pk]), a.title) for a in obj.articles.all()],
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A page is the source its articles are traced back to; deleting it would only bring them back,
        # uncorrected, with the next import. Delete the articles instead: that the importer respects.
        return False


@admin.register(DeletedArticle)
class DeletedArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "page_path", "deleted_by", "deleted_at", "reason")
    search_fields = ("title", "page_path", "reason")
    list_filter = ("deleted_at",)
    readonly_fields = ("title", "page_path", "fingerprint", "article_id", "deleted_by", "deleted_at", "reason")
    exclude = ("title_derived",)
    actions = [admin_actions.restore_articles]

    def published(self, changed_ids, removed_ids=()):
        _published(changed_ids, removed_ids)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Removing a tombstone without restoring would let the next import bring back a new copy.
        return False


class SuperusersOnly:
    """django-axes' login records: only those who manage logins (superusers) see or touch them."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)


for _model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(_model):  # axes is listed before articles: its admin is registered by now
        _base = type(admin.site._registry[_model])
        admin.site.unregister(_model)
        admin.site.register(_model, type(f"SuperusersOnly{_base.__name__}", (SuperusersOnly, _base), {}))
