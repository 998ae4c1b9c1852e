"""The newsroom's admin: fast corrections that the importer never overwrites, with full history."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, District, IndexDebt, Page, Region, SiteRevision, Source, Topic

CORRECTION_REASON = "后台更正"
FIELD_LABELS = {name: Article._meta.get_field(name).verbose_name for name in Article.CORRECTABLE}


def _published(changed_ids, removed_ids=()):
    """What readers see changed: cached pages start a new revision, and the search index owes the
    articles (recorded, never written in this request: the index worker drains it, articles.indexing)."""
    IndexDebt.record([*changed_ids, *removed_ids])
    SiteRevision.bump()


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


class ArticleAdminForm(forms.ModelForm):
    corrected_fields = forms.MultipleChoiceField(
        label="人工更正字段",
        choices=list(FIELD_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="勾选的字段再次导入时不会被覆盖。取消勾选即把该字段交还给导入程序，下次导入时恢复为原文的值。"
        "您修改过的字段保存时会自动勾选。",
    )

    class Meta:
        model = Article
        fields = (*Article.CORRECTABLE, "corrected_fields")


class TagChoiceForm(forms.Form):
    """The intermediate page of a bulk action: which district or topic to add or remove."""

    _selected_action = forms.CharField(widget=forms.MultipleHiddenInput)
    choice = forms.ModelChoiceField(queryset=District.objects.none(), label="选择")

    def __init__(self, *args, queryset, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].queryset = queryset
        self.fields["choice"].label = label


def _bulk_tag(field: str, model, adding: bool, description: str):
    def action(modeladmin, request, queryset):
        label = model._meta.verbose_name
        if "apply" in request.POST:
            form = TagChoiceForm(request.POST, queryset=model.objects.all(), label=label)
            if form.is_valid():
                choice = form.cleaned_data["choice"]
                with transaction.atomic():
                    for article in queryset:
                        manager = getattr(article, field)
                        manager.add(choice) if adding else manager.remove(choice)
                        article.mark_corrected([field])
                        article._change_reason = f"{CORRECTION_REASON}：{description}“{choice}”"
                        article.save(update_fields=["corrected_fields", "updated_at"])
                    ids = list(queryset.values_list("pk", flat=True))
                    transaction.on_commit(lambda: _published(ids))
                modeladmin.message_user(request, f"已为 {len(ids)} 篇文章{description}“{choice}”。", messages.SUCCESS)
                return None
        else:
            form = TagChoiceForm(
                initial={"_selected_action": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)},
                queryset=model.objects.all(),
                label=label,
            )
        return TemplateResponse(
            request,
            "admin/articles/bulk_tag.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": f"批量{description}{label}",
                "form": form,
                "articles": queryset,
                "action_name": request.POST.get("action"),
                "opts": modeladmin.model._meta,
            },
        )

    action.short_description = f"{description}{model._meta.verbose_name}……"
    action.__name__ = f"{'add' if adding else 'remove'}_{field}"
    return action


@admin.action(description="把所选文章的全部更正交还给导入程序")
def release_corrections(modeladmin, request, queryset):
    count = queryset.exclude(corrected_fields=[]).update(corrected_fields=[])
    modeladmin.message_user(request, f"{count} 篇文章的更正已交还；下次导入时恢复为原文的值。", messages.SUCCESS)


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    list_display = ("title", "published", "source", "district_names", "topic_names", "is_corrected", "hidden",
                    "links")  # fmt: skip
    list_display_links = ("title",)
    list_filter = ("primary_districts", RegionListFilter, "topics", "source", ("published", admin.DateFieldListFilter),
                   CorrectedListFilter, "hidden")  # fmt: skip
    search_fields = ("title", "kicker", "subtitle", "body", "byline")
    date_hierarchy = "published"
    list_per_page = 50
    list_select_related = ("source",)
    filter_horizontal = ("primary_districts", "mentioned_districts", "topics")
    autocomplete_fields = ("source",)
    readonly_fields = ("page", "position", "start", "end", "fingerprint", "title_derived", "created_at", "updated_at",
                       "links")  # fmt: skip
    fieldsets = (
        (None, {"fields": ("kicker", "title", "subtitle", "byline", "published", "source", "hidden")}),
        ("标签", {"fields": ("primary_districts", "mentioned_districts", "topics")}),
        ("正文", {"fields": ("body",), "classes": ("collapse",)}),
        ("更正", {"fields": ("corrected_fields",)}),
        ("来源文件", {"fields": ("links", "page", "position", "start", "end", "fingerprint", "title_derived",
                                 "created_at", "updated_at")}),
    )  # fmt: skip
    actions = [
        _bulk_tag("primary_districts", District, True, "添加"),
        _bulk_tag("primary_districts", District, False, "移除"),
        _bulk_tag("topics", Topic, True, "添加"),
        _bulk_tag("topics", Topic, False, "移除"),
        release_corrections,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("primary_districts", "topics")

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

    @admin.display(description="链接")
    def links(self, obj):
        if not obj.pk:
            return "—"
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            [(obj.get_absolute_url(), "公开页面"), (reverse("articles:original", args=[obj.pk]), "原始版面")],
        )

    def save_model(self, request, obj, form, change):
        changed = set(form.changed_data) & set(Article.CORRECTABLE)
        if change and "corrected_fields" in form.cleaned_data:
            obj.corrected_fields = sorted(form.cleaned_data["corrected_fields"])
        obj.mark_corrected(changed)
        obj._change_reason = CORRECTION_REASON
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        pk = form.instance.pk
        transaction.on_commit(lambda: _published([pk]))

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        transaction.on_commit(lambda: _published([], [pk]))

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
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
