"""The article's change form: text compared by meaning, corrections marked, stale saves refused."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget

from articles import editing, history
from articles.admin_editor import CorrectionBadges
from articles.models import Article

FIELD_LABELS = {name: Article._meta.get_field(name).verbose_name for name in Article.CORRECTABLE}


class ArticleAdminForm(forms.ModelForm):
    """The change form: text compared by meaning, and refused when someone saved since it was opened."""

    # The article's version when this form was opened; a save from an older one is refused.
    opened_version = forms.IntegerField(label="打开时的版本", widget=forms.HiddenInput, min_value=0)
    corrected_fields = forms.MultipleChoiceField(
        label="人工更正字段",
        choices=list(FIELD_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="勾选的字段再次导入时不会被覆盖。取消勾选即把该字段交还给导入程序，下次导入时恢复为原文的值。"
        "您修改过的字段保存时会自动勾选。",
    )
    # Dates as editors type them, 2024年7月12日 among them (the zh-hans locale's own 年月日 format uses
    # %n and %j, which strptime reads as a newline and a day of the year: it never matches).
    published = forms.DateField(
        label=Article._meta.get_field("published").verbose_name,
        required=False,
        input_formats=["%Y-%m-%d", "%Y年%m月%d日", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"],
        widget=AdminDateWidget(attrs={"placeholder": "2024年7月12日"}),
        help_text="可以输入 2024-07-12，也可以输入 2024年7月12日。",
    )

    class Meta:
        model = Article
        fields = (*Article.CORRECTABLE, "corrected_fields")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What the article held when this request loaded it: changes are measured against it.
        self.stored = history.values_of(self.instance) if self.instance.pk else {}
        self.stored_corrected = set(self.instance.corrected_fields)
        self.fields["opened_version"].initial = self.initial.get("opened_version", self.instance.version)
        CorrectionBadges(self).apply()

    def clean(self):
        cleaned = super().clean()
        for name in editing.TEXT_FIELDS:
            if cleaned.get(name) is None:
                continue
            value = editing.normalise_text(cleaned[name])
            stored = self.stored.get(name)
            # Only spacing or line endings differ: keep the stored text exactly, it is no correction.
            cleaned[name] = stored if stored is not None and editing.same_text(value, stored) else value
        self._refuse_if_stale(cleaned.get("opened_version"))
        return cleaned

    def _refuse_if_stale(self, version):
        if not self.instance.pk or version is None:
            return
        # Locked until this save commits (PostgreSQL), so two saves cannot both pass the check.
        current = Article.objects.select_for_update().filter(pk=self.instance.pk).values_list("version", flat=True)
        current = current.first()
        if current is None or current == version:
            return
        changes = history.changes_since(self.instance.pk, version)
        if changes == []:
            return  # saved since, but nothing this form shows changed (an import moved its place)
        raise forms.ValidationError(
            "您打开这篇文章之后，别人已经保存过修改，本次保存没有生效，以免覆盖他们的修改。"
            "请重新打开这篇文章，再做您的修改。这期间的修改：%(changes)s",
            code="stale",
            params={"changes": "；".join(changes or []) or "（无法列出）"},
        )

    def changes(self) -> set[str]:
        """The fields whose meaning this form changes."""
        posted = {name: self.cleaned_data[name] for name in Article.CORRECTABLE if name in self.cleaned_data}
        return {
            name
            for name in posted
            if editing.comparable(name, posted[name]) != editing.comparable(name, self.stored.get(name))
        }
