"""The browse filters, read from the query string. Invalid values are reported, never a 500."""

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from articles.models import District, Region, Source, Topic

# Dates a newspaper can carry. Whoosh cannot hold a year before 1000, and no page predates 1900.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
DATE_RANGE = [
    MinValueValidator(EARLIEST, message="日期不能早于1900年。"),
    MaxValueValidator(LATEST, message="日期不能晚于2999年。"),
]


class ArticleFilterForm(forms.Form):
    # Checkboxes, grouped by region in the template (district_groups): a Ctrl-click multi-select
    # is unusable on a phone and unknown to most readers.
    district = forms.ModelMultipleChoiceField(
        District.objects.select_related("region"),
        to_field_name="slug",
        required=False,
        label="区县",
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.ModelChoiceField(Region.objects.all(), to_field_name="slug", required=False, label="片区",
                                    empty_label="全部片区")  # fmt: skip
    # Several topics may be ticked; a single ?topic=housing (the old links) is a list of one.
    topic = forms.ModelMultipleChoiceField(Topic.objects.all(), to_field_name="slug", required=False, label="主题",
                                           widget=forms.CheckboxSelectMultiple)  # fmt: skip
    source = forms.ModelChoiceField(Source.objects.all(), required=False, label="来源", empty_label="全部来源")
    date_from = forms.DateField(required=False, label="起始日期", widget=forms.DateInput(attrs={"type": "date"}),
                                validators=DATE_RANGE)  # fmt: skip
    date_to = forms.DateField(required=False, label="截止日期", widget=forms.DateInput(attrs={"type": "date"}),
                              validators=DATE_RANGE)  # fmt: skip

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

    def district_groups(self, region=None) -> list[tuple]:
        """The district checkboxes as (region, [checkbox, ...]), in the regions' order; only `region`'s if given."""
        groups = {}
        for checkbox in self["district"]:
            district = checkbox.data["value"].instance
            if region is None or district.region_id == region.pk:
                groups.setdefault(district.region, []).append(checkbox)
        return list(groups.items())


def apply_filters(queryset, filters: dict):
    if filters.get("district"):
        queryset = queryset.in_districts(filters["district"])
    if filters.get("region"):
        queryset = queryset.in_region(filters["region"])
    if filters.get("topic"):
        topics = filters["topic"]
        queryset = queryset.with_topics([topics] if isinstance(topics, Topic) else topics)
    if filters.get("source"):
        queryset = queryset.filter(source=filters["source"])
    if filters.get("date_from"):
        queryset = queryset.filter(published__gte=filters["date_from"])
    if filters.get("date_to"):
        queryset = queryset.filter(published__lte=filters["date_to"])
    return queryset
