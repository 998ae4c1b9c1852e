"""The browse filters, read from the query string. Invalid values are reported, never a 500."""

from django import forms

from articles.models import Article, District, Region, Source, Topic


class ArticleFilterForm(forms.Form):
    district = forms.ModelMultipleChoiceField(
        District.objects.all(), to_field_name="slug", required=False, label="区县"
    )
    region = forms.ModelChoiceField(Region.objects.all(), to_field_name="slug", required=False, label="片区",
                                    empty_label="全部片区")  # fmt: skip
    topic = forms.ModelChoiceField(Topic.objects.all(), to_field_name="slug", required=False, label="主题",
                                   empty_label="全部主题")  # fmt: skip
    source = forms.ModelChoiceField(Source.objects.all(), required=False, label="来源", empty_label="全部来源")
    date_from = forms.DateField(required=False, label="起始日期", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data

    def valid_filters(self) -> dict:
        """The filters that parsed; the others are dropped (and shown as errors)."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors and v}


def _in_districts(districts):
    """Articles of any of these districts, as a subquery: no join, no DISTINCT, no duplicate rows."""
    through = Article.primary_districts.through.objects
    return through.filter(district__in=districts).values("article_id")


def apply_filters(queryset, filters: dict):
    if filters.get("district"):
        queryset = queryset.filter(pk__in=_in_districts(filters["district"]))
    if filters.get("region"):
        queryset = queryset.filter(pk__in=_in_districts(District.objects.filter(region=filters["region"])))
    if filters.get("topic"):
        queryset = queryset.filter(topics=filters["topic"])
    if filters.get("source"):
        queryset = queryset.filter(source=filters["source"])
    if filters.get("date_from"):
        queryset = queryset.filter(published__gte=filters["date_from"])
    if filters.get("date_to"):
        queryset = queryset.filter(published__lte=filters["date_to"])
    return queryset
