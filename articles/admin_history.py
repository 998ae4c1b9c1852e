"""The article admin's history page and its revert (还原), over django-simple-history's views.

simple-history's revert saves the form of an old record: its text fields come back, but the tags
shown are today's (a record's instance reads the live tag tables), the correction flags are the
old record's (so a wrong district is released to the importer), and nothing tells the index or
the page cache. Here a revert restores the record's tags too, flags what it restored that differs
from what the importer gives, writes one history record with the reason 还原, and publishes.
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from articles import counts, editing, history
from articles.models import Article


class ArticleHistoryAdmin(SimpleHistoryAdmin):
    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each record's changed fields: label, and old and new in full with the changed words marked."""
        records = list(historical_records)
        if not records:
            return
        older = records[-1].prev_record
        values = [history.values_of(r) for r in records] + [history.values_of(older) if older else None]
        for index, record in enumerate(records):
            old, new = values[index + 1], values[index]
            record.edits = []
            if old is None or record.history_type == "-":
                continue
            for name in history.changed_fields(old, new):
                before, after = history.marked_diff(name, old[name], new[name])
                record.edits.append({"label": history.LABELS[name], "old": before, "new": after})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        article = get_object_or_404(Article, pk=object_id)
        record = get_object_or_404(Article.history.model, id=article.pk, history_id=version_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        form_class = self.get_form(request, article)
        if request.method == "POST":
            # One transaction from the form's check of the version (a row lock) to the save.
            with transaction.atomic():
                form = form_class(request.POST, instance=article)
                if form.is_valid():
                    self._revert(request, form, record)
            if form.is_valid():
                self.message_user(request, f"已还原到 {record.history_date:%Y-%m-%d %H:%M} 的版本。", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        else:
            past = history.values_of(record)
            initial = {name: list(value) if name in editing.M2M_FIELDS else value for name, value in past.items()}
            form = form_class(instance=article, initial={**initial, "opened_version": article.version})
        return self._render_revert_form(request, article, form, extra_context)

    def _revert(self, request, form, record) -> None:
        """Save the old version as a correction where it differs from what the importer gives."""
        article = form.instance
        changes = form.changes()
        importer = history.importer_values(article.pk)
        corrected = set(form.stored_corrected)
        for name in changes:
            value = form.cleaned_data[name]
            if name in importer and editing.comparable(name, value) == editing.comparable(name, importer[name]):
                corrected.discard(name)  # back to the importer's own value: the page may lead again
            else:
                corrected.add(name)
        article = form.save(commit=False)
        article.corrected_fields = sorted(corrected)
        if not changes and corrected == form.stored_corrected:
            return
        article._history_user = request.user
        tags = counts.tags_of([article.pk])
        with editing.without_history(article):
            article.save()
            form.save_m2m()
        counts.recount_tags(tags | counts.tags_of([article.pk]))
        when = f"{record.history_date:%Y-%m-%d %H:%M}"
        labels = "、".join(history.LABELS[n] for n in Article.CORRECTABLE if n in changes)
        reason = f"{editing.REVERT}：还原到 {when} 的版本" + (f"（{labels}）" if labels else "")
        editing.record_edit(article, editing.REVERT, request.user)
        self.log_change(request, article, reason)
        pk = article.pk
        transaction.on_commit(lambda: self.published([pk]))

    def _render_revert_form(self, request, article, form, extra_context):
        opts = Article._meta
        admin_form = helpers.AdminForm(
            form,
            self.get_fieldsets(request, article),
            self.prepopulated_fields,
            self.get_readonly_fields(request, article),
            model_admin=self,
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"还原：{article}",
            "adminform": admin_form,
            "object_id": article.pk,
            "original": article,
            "is_popup": False,
            "media": self.media + admin_form.media,
            "errors": helpers.AdminErrorList(form, []),
            "app_label": opts.app_label,
            "original_opts": opts,
            "changelist_url": reverse("admin:articles_article_changelist"),
            "change_url": reverse("admin:articles_article_change", args=[article.pk]),
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
            "change_history": False,
            "revert_disabled": False,
            "add": False,
            "change": True,
            "has_add_permission": False,
            "has_view_permission": True,
            "has_change_permission": True,
            "has_delete_permission": self.has_delete_permission(request, article),
            "has_file_field": False,
            "has_absolute_url": False,
            "form_url": "",
            "opts": opts,
            "content_type_id": self.content_type_model_cls.objects.get_for_model(Article).id,
            "save_as": False,
            "save_on_top": False,
            **(extra_context or {}),
        }
        return self.render_history_view(request, self.object_history_form_template, context)
