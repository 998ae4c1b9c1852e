"""The article admin's actions on many articles, deletes that the importer respects, and restores.

Every action changes only what it really changes, writes one history record with its reason for
each article it changed and a LogEntry (the admin's 最近动作) with who, when and why, and tells the
model admin what readers now see differently (ArticleAdmin.published).
"""

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse

from articles import counts, editing
from articles.history import LABELS, values_of
from articles.models import Article, DeletedArticle, District, Page, Topic

UNSTATED = "（未说明原因）"


class TagChoiceForm(forms.Form):
    """The intermediate page of a bulk action: which district or topic to add or remove."""

    _selected_action = forms.CharField(widget=forms.MultipleHiddenInput)
    choice = forms.ModelChoiceField(queryset=District.objects.none(), label="选择")

    def __init__(self, *args, queryset, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].queryset = queryset
        self.fields["choice"].label = label


def bulk_tag(field: str, model, adding: bool, description: str):
    def action(modeladmin, request, queryset):
        label = model._meta.verbose_name
        if "apply" in request.POST:
            form = TagChoiceForm(request.POST, queryset=model.objects.all(), label=label)
            if form.is_valid():
                choice = form.cleaned_data["choice"]
                what = f"{description}{label}“{choice}”"
                with transaction.atomic():
                    reason = f"{editing.BULK}：{what}"
                    changed = [a for a in queryset if _tag(a, field, choice, adding, request)]
                    for article in changed:
                        modeladmin.log_change(request, article, reason)
                    ids = [a.pk for a in changed]
                    if ids:
                        # Only the chosen tag's membership changed: the articles' other counts stand.
                        dated = counts.tags_of(ids)
                        if model is Topic:
                            counts.recount_tags(counts.Tags(topics={choice.pk}))
                        else:  # the action's field is primary_districts: its region and chart too
                            touched = {choice.pk}
                            counts.recount_tags(
                                counts.Tags(touched, own=touched, months=dated.months, undated=dated.undated)
                            )
                        transaction.on_commit(lambda: modeladmin.published(ids))
                total = len(queryset)
                already = "本来就有" if adding else "本来就没有"
                untouched = f"；另 {total - len(ids)} 篇{already}，未改动" if total > len(ids) else ""
                modeladmin.message_user(request, f"已为 {len(ids)} 篇文章{what}{untouched}。", messages.SUCCESS)
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


def _tag(article: Article, field: str, choice, adding: bool, request) -> bool:
    """Add or remove one tag; only a real change is saved, marked corrected and recorded."""
    manager = getattr(article, field)
    if manager.filter(pk=choice.pk).exists() == adding:
        return False
    with editing.without_history(article):
        manager.add(choice) if adding else manager.remove(choice)
        article.mark_corrected([field])
        article.save(update_fields=["corrected_fields", "updated_at"])
    editing.record_edit(article, editing.BULK, request.user)
    return True


@admin.action(description="把所选文章的全部更正交还给导入程序")
def release_corrections(modeladmin, request, queryset):
    count = 0
    with transaction.atomic():
        for article in queryset.exclude(corrected_fields=[]):
            reason = f"{editing.RELEASE}：" + "、".join(LABELS[name] for name in article.corrected_fields)
            article.corrected_fields = []
            with editing.without_history(article):
                article.save(update_fields=["corrected_fields", "updated_at"])
            editing.record_edit(article, editing.RELEASE, request.user)
            modeladmin.log_change(request, article, reason)
            count += 1
    modeladmin.message_user(request, f"{count} 篇文章的更正已交还；下次导入时恢复为原文的值。", messages.SUCCESS)


def delete_reason(request) -> str:
    return request.POST.get("delete_reason", "").strip()[:280] or UNSTATED


def bury(article: Article, request) -> None:
    """Delete the article and leave a tombstone, so that no import brings it back."""
    reason = delete_reason(request)
    DeletedArticle.objects.update_or_create(
        page_path=article.page.path,
        fingerprint=article.fingerprint,
        defaults={
            "title": article.title,
            "title_derived": article.title_derived,
            "article_id": article.pk,
            "deleted_by": request.user,
            "reason": reason,
        },
    )
    article._change_reason = f"{editing.DELETE}：{reason}"
    article._history_user = request.user
    article.delete()


@admin.action(description="恢复所选文章（重新导入其版面文件）")
def restore_articles(modeladmin, request, queryset):
    """Lift the tombstones: each article comes back as it was (same id, its corrections), then its
    page file is imported again so that what the editor had not corrected follows the page."""
    from articles.importer import Importer

    restored, changed, removed = [], set(), set()
    with transaction.atomic():
        tombstones = list(queryset)
        paths = {tombstone.page_path for tombstone in tombstones}
        on_pages = Article.objects.filter(page__path__in=paths).values_list("pk", flat=True)
        tags = counts.tags_of(list(on_pages))  # the re-import below may change the page's other articles too
        for tombstone in tombstones:
            article = _from_history(tombstone, request)
            if article is not None:
                restored.append(article)
                modeladmin.log_change(request, article, f"{editing.RESTORE}：取消删除（{tombstone.reason}）")
            tombstone.delete()
        files = [f for f in (_file_of(p) for p in sorted(paths)) if f.exists()]
        if files:
            # Read again even if unchanged: an article with no history to restore comes back from its file.
            report = Importer(skip_unchanged=False, recount=False).run(files)
            changed |= report.changed_ids
            removed |= report.removed_ids
        ids = changed | {a.pk for a in restored}
        counts.recount_tags(tags | counts.tags_of({*on_pages.all(), *ids}))  # .all(): read again, not cached
        transaction.on_commit(lambda: modeladmin.published(ids, removed))
    message = f"已恢复 {len(restored)} 篇文章，重新导入了 {len(files)} 个版面文件。"
    modeladmin.message_user(request, message, messages.SUCCESS)


def _from_history(tombstone: DeletedArticle, request) -> Article | None:
    """The article as it was before it was deleted, with its id, corrections and tags."""
    if Article.objects.filter(pk=tombstone.article_id).exists():
        return None
    record = Article.history.filter(id=tombstone.article_id).exclude(history_type="-").first()
    page = Page.objects.filter(path=tombstone.page_path).first()
    if record is None or page is None:
        return None
    article = record.instance
    article.page = page
    article._state.adding = True
    tags = values_of(record)  # the record's own tags: the live tag rows went with the delete
    with editing.without_history(article):
        article.save(force_insert=True)
        for name in editing.M2M_FIELDS:
            getattr(article, name).set(tags[name])
    editing.record_edit(article, f"{editing.RESTORE}：{tombstone.reason}", request.user)
    return article


def _file_of(page_path: str) -> Path:
    path = Path(page_path)
    return path if path.is_absolute() else Path(settings.BASE_DIR) / path
