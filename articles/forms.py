"""The browse filters and the search page's parameters, read from the query string: invalid values
are reported or dropped, never a 500."""

import datetime as dt
import re
from dataclasses import dataclass

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import QueryDict

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
    region = forms.ModelChoiceField(
        Region.objects.all(), to_field_name="slug", required=False, label="片区", empty_label="全部片区"
    )
    # Several topics may be ticked; a single ?topic=housing (the old links) is a list of one.
    topic = forms.ModelMultipleChoiceField(
        Topic.objects.all(), to_field_name="slug", required=False, label="主题", widget=forms.CheckboxSelectMultiple
    )
    source = forms.ModelChoiceField(Source.objects.all(), required=False, label="来源", empty_label="全部来源")
    date_from = forms.DateField(
        required=False, label="起始日期", widget=forms.DateInput(attrs={"type": "date"}), validators=DATE_RANGE
    )
    date_to = forms.DateField(
        required=False, label="截止日期", widget=forms.DateInput(attrs={"type": "date"}), validators=DATE_RANGE
    )

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

    def choices(self, name: str) -> list["Choice"]:
        """The checkboxes or options of a model field, for includes/filters.html to write by hand.

        Django's widget templates cost more than the rest of a list page put together (a template per
        checkbox and per attribute); these are the same inputs: ids, values, labels and checked state
        as Django's CheckboxSelectMultiple and Select would render them (a select's empty option first)."""
        field = self.fields[name]
        multiple = isinstance(field, forms.ModelMultipleChoiceField)
        value = self[name].value()
        if value is None:
            value = [] if multiple else [None]
        elif not isinstance(value, (list, tuple)):
            value = [value]
        chosen = {"" if v is None else str(v) for v in value}
        found = [] if multiple else [Choice("", "", field.empty_label, "" in chosen, None)]
        key = field.to_field_name or "pk"
        for index, obj in enumerate(field.queryset):
            value = str(getattr(obj, key))
            found.append(Choice(f"id_{name}_{index}", value, field.label_from_instance(obj), value in chosen, obj))
        return found

    def topic_boxes(self) -> list["Choice"]:
        return self.choices("topic")

    def region_options(self) -> list["Choice"]:
        return self.choices("region")

    def source_options(self) -> list["Choice"]:
        return self.choices("source")

    def date_fields(self) -> list:
        return [self["date_from"], self["date_to"]]

    def district_groups(self, region=None) -> list[tuple]:
        """The district checkboxes as (region, [Choice, ...]), in the regions' order; only `region`'s if given."""
        groups = {}
        for choice in self.choices("district"):
            district = choice.instance
            if region is None or district.region_id == region.pk:
                groups.setdefault(district.region, []).append(choice)
        return list(groups.items())


@dataclass(frozen=True)
class Choice:
    """A checkbox (its id) or an option of a select (no id of its own)."""

    id: str
    value: str
    label: str
    checked: bool
    instance: object


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


class ValuesField(forms.Field):
    """Every value one query-string key carries (?district=a&district=b). Never an error: the form's
    clean_<name> keeps the values that name something and drops the rest."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return [v for v in value or [] if isinstance(v, str)]


class SearchForm(forms.Form):
    """The search page's parameters. Whatever a reader or a crawler sends, the page answers: a value
    that names nothing is dropped, a malformed date is named on the page and ignored."""

    MAX_QUERY = 100

    q = forms.Field(required=False, label="搜索")  # not CharField: a NUL is cleaned out, not an error
    sort = forms.Field(required=False)
    district = ValuesField(required=False)
    region = ValuesField(required=False)
    topic = ValuesField(required=False)
    source = ValuesField(required=False)
    year = ValuesField(required=False)
    date_from = forms.DateField(required=False, validators=DATE_RANGE)
    date_to = forms.DateField(required=False, validators=DATE_RANGE)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.is_valid()  # cleaned_data holds every field that parsed, even when a date did not

    def clean_q(self) -> str:
        raw = self.cleaned_data["q"] or ""
        self.truncated = len(raw) > self.MAX_QUERY
        return " ".join(_CONTROL_RE.sub(" ", raw).split())[: self.MAX_QUERY]

    def clean_sort(self) -> str:
        return "date" if self.cleaned_data["sort"] == "date" else "relevance"

    def clean_district(self) -> list[str]:
        return _existing(District, self.cleaned_data["district"])

    def clean_region(self) -> list[str]:
        return _existing(Region, self.cleaned_data["region"])

    def clean_topic(self) -> list[str]:
        return _existing(Topic, self.cleaned_data["topic"])

    def clean_source(self) -> list[str]:
        ids = [int(v) for v in self.cleaned_data["source"] if re.fullmatch(r"[0-9]{1,11}", v)]
        if not ids:  # most searches narrow by nothing: no query then
            return []
        return [str(pk) for pk in Source.objects.filter(pk__in=ids).values_list("pk", flat=True)]

    def clean_year(self) -> list[str]:
        return [y for y in self.cleaned_data["year"] if re.fullmatch(r"(19|20)\d{2}", y)]

    @property
    def query(self) -> str:
        return self.cleaned_data.get("q", "")

    @property
    def filters(self) -> dict[str, list[str]]:
        """The facet values in use, keyed by query-string parameter."""
        return {name: self.cleaned_data.get(name, []) for name in ("district", "region", "topic", "source", "year")}

    def links_data(self) -> QueryDict:
        """The query string as links should repeat it: the query cleaned and capped, not the raw 4 KB."""
        params = self.data.copy() if isinstance(self.data, QueryDict) else QueryDict(mutable=True)
        if "q" in params:
            params["q"] = self.query
        return params


# Control and invisible characters a query may carry: spaces to the engine.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


def _existing(model, values) -> list[str]:
    # Only what a slug can be reaches the database (PostgreSQL refuses a NUL in any text).
    slugs = [v for v in values if re.fullmatch(r"[-a-zA-Z0-9_]{1,50}", v)]
    if not slugs:  # most searches narrow by nothing: no query then
        return []
    return list(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))
