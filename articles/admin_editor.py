"""The article form's editing aids: correction badges with the importer's value and 恢复导入值, the
review queue's 已核对, preview of the public page (hidden or unsaved), the article's span on its
original page, previous/next in the list the editor came from, and search that folds Traditional.
"""

import copy
import json

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from articles import admin_review, counts, editing, history
from articles.models import Article, District, Topic
from articles.text.chinese import fold

RESTORED = "恢复导入值"


def _shown(name: str, value) -> str:
    text = history.display(name, value)
    if name == "body":
        return f"{Truncator(text).chars(80)}（共 {len(value or '')} 字）"
    return Truncator(text).chars(120)


class CorrectionBadges:
    """Beside each corrected field: a badge, the importer's value, and a button that restores it."""

    def __init__(self, form):
        self.form = form

    def apply(self) -> None:
        article = self.form.instance
        corrected = [n for n in article.corrected_fields if n in self.form.fields] if article.pk else []
        if not corrected:
            return
        importer = history.importer_values(article.pk)
        for name in corrected:
            field = self.form.fields[name]
            known = name in importer
            value = format_html("导入值：<q>{}</q>", _shown(name, importer[name])) if known else "导入值不详"
            button = format_html(
                '<button type="submit" class="button restore-field" formaction="{}" formnovalidate'
                ' name="_restore_field" value="{}">{}</button>',
                reverse("admin:articles_article_restore_field", args=[article.pk, name]),
                name,
                RESTORED,
            )
            badge = format_html(
                '<span class="correction-state"><span class="correction-badge">已更正</span>'
                ' <span class="importer-value">{}</span> {}</span>',
                value,
                button,
            )
            field.help_text = format_html(
                "{}{}", badge, format_html("<br>{}", field.help_text) if field.help_text else ""
            )


class EditorViews:
    """Mixed into ArticleAdmin (articles.admin): extra views and the change form's context."""

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/original/",
                self.admin_site.admin_view(self.original_view),
                name="articles_article_original",
            ),
            path(
                "<path:object_id>/restore/<str:name>/",
                self.admin_site.admin_view(self.restore_field_view),
                name="articles_article_restore_field",
            ),
        ]
        return own + super().get_urls()

    # Autocomplete chips, and no adding, editing or deleting districts, topics or sources from here.
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and hasattr(field.widget, "can_add_related"):
            for flag in ("can_add_related", "can_change_related", "can_delete_related", "can_view_related"):
                setattr(field.widget, flag, False)
        if db_field.name in ("title", "kicker", "subtitle", "byline"):
            field.widget.attrs["class"] = "vLargeTextField editor-line"
        if db_field.name == "body":
            field.widget.attrs.update({"rows": 30, "class": "vLargeTextField editor-body"})
        return field

    def get_search_results(self, request, queryset, search_term):
        """Simplified and Traditional alike: the query as typed, and folded (雲巴 → 云巴)."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        folded = fold(search_term)
        if folded != search_term:
            more, more_duplicates = super().get_search_results(request, queryset, folded)
            found, duplicates = found | more, duplicates or more_duplicates
        return found, duplicates

    # Previous and next in the list the editor came from (its filters, search and order are kept in
    # _changelist_filters), or in the review queue.
    def _ordered_ids(self, request, filters: str) -> list[int]:
        listing = copy.copy(request)
        listing.GET = QueryDict(filters)
        listing.POST = QueryDict()
        listing.method = "GET"
        try:
            changelist = self.get_changelist_instance(listing)
        except IncorrectLookupParameters:
            return []  # the list itself would say so; here there is simply no previous or next
        return list(changelist.queryset.values_list("pk", flat=True))

    def _neighbours(self, request, pk: int) -> tuple[int | None, int | None]:
        filters = request.GET.get("_changelist_filters", "")
        ids = self._ordered_ids(request, filters)
        if pk not in ids:
            return None, ids[0] if ids else None
        at = ids.index(pk)
        return (ids[at - 1] if at > 0 else None), (ids[at + 1] if at + 1 < len(ids) else None)

    def _change_url(self, request, pk) -> str:
        url = reverse("admin:articles_article_change", args=[pk])
        filters = request.GET.get("_changelist_filters")
        return f"{url}?{_filters_query(filters)}" if filters else url

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if article is not None and request.method == "GET":
            previous, following = self._neighbours(request, article.pk)
            context.update(
                review_reasons=[] if article.checked_at else admin_review.reasons_of(article),
                previous_url=self._change_url(request, previous) if previous else None,
                next_url=self._change_url(request, following) if following else None,
                preview_url=reverse("admin:articles_article_preview", args=[article.pk]),
                original_span_url=reverse("admin:articles_article_original", args=[article.pk]) + "#article-span",
            )
        return super().change_view(request, object_id, form_url, context)

    def message_user(self, request, message, *args, **kwargs):
        if getattr(request, "quiet_admin_messages", False):
            return  # response_change says what was saved itself
        super().message_user(request, message, *args, **kwargs)

    def response_change(self, request, obj):
        request.quiet_admin_messages = True
        try:
            response = super().response_change(request, obj)
        finally:
            request.quiet_admin_messages = False
        changes, released = getattr(request, "article_outcome", (set(), set()))
        labels = [history.LABELS[n] for n in Article.CORRECTABLE if n in changes]
        if labels:
            said = f"已保存《{obj}》，更正了：{'、'.join(labels)}。"
        elif released:
            said = f"已保存《{obj}》，交还给导入程序：{'、'.join(history.LABELS[n] for n in sorted(released))}。"
        else:
            said = f"《{obj}》没有修改。"
        self.message_user(request, said, messages.SUCCESS)
        if "_checked" in request.POST:
            return self._checked_and_next(request, obj)
        return response

    def _checked_and_next(self, request, obj):
        """保存并标记已核对: out of the queue, on to the next article of the list the editor works through."""
        filters = request.GET.get("_changelist_filters") or "review=all"
        ids = self._ordered_ids(request, filters)  # before the mark: this article is still in the queue
        at = ids.index(obj.pk) if obj.pk in ids else -1
        following = ids[at + 1] if at + 1 < len(ids) else (ids[at - 1] if at > 0 else None)
        if admin_review.mark_checked(obj, request.user):
            self.log_change(request, obj, admin_review.CHECK)
        self.message_user(request, f"《{obj}》已核对，移出待核对列表。", messages.SUCCESS)
        if following:
            url = reverse("admin:articles_article_change", args=[following])
            return HttpResponseRedirect(f"{url}?{_filters_query(filters)}")
        return HttpResponseRedirect(reverse("admin:articles_article_changelist") + "?" + filters)

    def restore_field_view(self, request, object_id, name):
        """Give one corrected field back to the importer now: its last imported value, index and cache too."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=unquote(object_id))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if name not in Article.CORRECTABLE:
            raise PermissionDenied
        with transaction.atomic():
            article = Article.objects.select_for_update().get(pk=article.pk)
            tags = counts.tags_of([article.pk])
            importer = history.importer_values(article.pk)
            with editing.without_history(article):
                if name in importer:
                    _assign(article, name, importer[name])
                article.corrected_fields = [n for n in article.corrected_fields if n != name]
                article.save()
            editing.record_edit(article, editing.RELEASE, request.user)
            label = history.LABELS[name]
            self.log_change(request, article, f"{editing.RELEASE}：{label}（{RESTORED}）")
            pk = article.pk
            counts.recount_tags(tags | counts.tags_of([pk]))
            transaction.on_commit(lambda: self.published([pk]))
        if name in importer:
            said = f"《{article}》的“{label}”已恢复为导入值，并交还给导入程序。"
        else:
            said = f"《{article}》的“{label}”已交还给导入程序，下次导入时恢复为原文的值。"
        self.message_user(request, said, messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(request, article.pk))

    def _viewable(self, request, object_id) -> Article:
        article = get_object_or_404(Article.objects.select_related("source", "page"), pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def preview_view(self, request, object_id):
        """The public page of the article as it stands (even hidden), or as the posted form would save it."""
        article = self._viewable(request, object_id)
        tags = {name: list(getattr(article, name).all()) for name in editing.M2M_FIELDS}
        if request.method == "POST":
            form = self.get_form(request, article)(request.POST, instance=article)
            # The form's check that no one saved since it was opened locks the row: that needs a transaction.
            with transaction.atomic():
                valid = form.is_valid()  # fills the instance in memory; nothing is saved
            if valid:
                for name in editing.M2M_FIELDS:
                    if name in form.cleaned_data:
                        tags[name] = list(form.cleaned_data[name])
        tags["primary_districts"] = list(
            District.objects.filter(pk__in=[d.pk for d in tags["primary_districts"]]).select_related("region")
        )
        tags["topics"] = list(Topic.objects.filter(pk__in=[t.pk for t in tags["topics"]]))
        # The public template reads tags with .all(): hand it these instead of the stored rows.
        article._prefetched_objects_cache = {name: _Listed(values) for name, values in tags.items()}
        district = tags["primary_districts"][0] if tags["primary_districts"] else None
        return render(
            request,
            "admin/articles/article/preview.html",
            {
                "article": article,
                "district": district,
                "related": [],
                "crumbs": [],
                "json_ld": json.dumps({}),
                "change_url": reverse("admin:articles_article_change", args=[article.pk]),
            },
        )

    def original_view(self, request, object_id):
        """The original page with the article marked, for hidden articles too (the public one is 404)."""
        article = self._viewable(request, object_id)
        raw = article.page.raw_text
        return render(
            request,
            "articles/original_page.html",
            {
                "article": article,
                "file_name": article.page.path.rsplit("/", 1)[-1],
                "before": raw[: article.start],
                "marked": raw[article.start : article.end],
                "after": raw[article.end :],
            },
        )


class _Listed(list):
    """A list that answers .all() like a prefetched related manager's result."""

    def all(self):
        return self

    def exists(self):
        return bool(self)


def _filters_query(filters: str) -> str:
    query = QueryDict(mutable=True)
    query["_changelist_filters"] = filters
    return query.urlencode()


def _assign(article: Article, name: str, value) -> None:
    if name in editing.M2M_FIELDS:
        getattr(article, name).set(value)
    elif name == "source":
        article.source_id = value
    else:
        setattr(article, name, value)
