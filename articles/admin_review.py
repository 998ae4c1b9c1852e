"""The review queue: articles the importer was unsure of, until an editor marks them checked (已核对).

The reasons are computed in the list's own query from fields the article already has (no column
to keep in step with the importer, which writes in bulk): a title taken from the body, no date,
no district of its own, a date far from the other articles of its page, a body so short it is
likely a piece split off another article, or so long that two articles are likely run together.
"""

import datetime as dt

from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import Count, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Length
from django.utils import timezone

from articles import editing
from articles.models import Article

CHECK = "核对"
SHORT_BODY = 120  # characters: a lead or a caption, or the tail of an article cut in two
LONG_BODY = 4000  # characters: several times a long news article, likely two run together
FAR_FROM_PAGE = dt.timedelta(days=31)

# key: (label, the annotation's condition)
REASONS = {
    "title": "标题取自正文",
    "undated": "无日期",
    "no_district": "无所属区县",
    "far_date": "日期与同版其他文章相差一个月以上",
    "short": "正文过短（可能是拆开的半篇）",
    "long": "正文过长（可能两篇连在一起）",
}


def _page_date():
    """The date most articles of the same page carry (the page's date, as far as the text tells)."""
    dated = Article.objects.filter(page_id=OuterRef("page_id"), published__isnull=False)
    common = dated.values("published").annotate(n=Count("pk")).order_by("-n", "published")
    return Subquery(common.values("published")[:1], output_field=models.DateField())


def _conditions() -> dict[str, Q]:
    districts = Article.primary_districts.through.objects.filter(article_id=OuterRef("pk"))
    return {
        "title": Q(title_derived=True),
        "undated": Q(published__isnull=True),
        "no_district": ~Exists(districts),
        "far_date": Q(published__gt=F("review_page_date_late")) | Q(published__lt=F("review_page_date_early")),
        "short": Q(review_body_length__lt=SHORT_BODY),
        "long": Q(review_body_length__gt=LONG_BODY),
    }


def with_reasons(queryset):
    """Each article annotated with review_<key> booleans and review_any."""
    page_date = _page_date()
    queryset = queryset.annotate(
        review_body_length=Length("body"),
        review_page_date_early=ExpressionWrapper(page_date - FAR_FROM_PAGE, output_field=models.DateField()),
        review_page_date_late=ExpressionWrapper(page_date + FAR_FROM_PAGE, output_field=models.DateField()),
    )
    conditions = _conditions()
    flags = {
        f"review_{key}": models.Case(
            models.When(condition, then=True), default=False, output_field=models.BooleanField()
        )
        for key, condition in conditions.items()
    }
    any_reason = Q()
    for condition in conditions.values():
        any_reason |= condition
    return queryset.annotate(**flags), any_reason


def reasons_of(article) -> list[str]:
    """The labels of an article's reasons; computed by a query when the article was not annotated."""
    if not hasattr(article, "review_title"):
        annotated, _ = with_reasons(Article.objects.filter(pk=article.pk))
        article = annotated.first()
        if article is None:
            return []
    return [label for key, label in REASONS.items() if getattr(article, f"review_{key}")]


def queue(queryset, reason: str | None = None):
    """Articles not yet checked with the given reason (any reason when None)."""
    annotated, any_reason = with_reasons(queryset.filter(checked_at__isnull=True))
    if reason is None:
        return annotated.filter(any_reason)
    return annotated.filter(**{f"review_{reason}": True})


class ReviewListFilter(admin.SimpleListFilter):
    """The queue: 待核对 (any reason), one entry per reason, and 已核对."""

    title = "待核对"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("all", "全部待核对"), *REASONS.items(), ("checked", "已核对")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "checked":
            return queryset.filter(checked_at__isnull=False)
        if value == "all":
            return queue(queryset)
        if value in REASONS:
            return queue(queryset, value)
        return queryset


class TitleDerivedListFilter(admin.SimpleListFilter):
    title = "标题来源"
    parameter_name = "title_derived"

    def lookups(self, request, model_admin):
        return [("yes", "取自正文第一句"), ("no", "原版面标题")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(title_derived=self.value() == "yes")
        return queryset


class DistrictListFilter(admin.RelatedFieldListFilter):
    """所属区县, with "无所属区县" instead of the admin's unlabelled "-"."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = "所属区县"
        self.empty_value_display = "无所属区县"  # the admin's own is an unlabelled "-"


def mark_checked(article: Article, user) -> bool:
    """Take the article out of the queue; one history record with the reason 核对. False: it already was."""
    if article.checked_at is not None:
        return False
    article.checked_at = timezone.now()
    article.checked_by = user
    with editing.without_history(article):
        article.save(update_fields=["checked_at", "checked_by", "updated_at"])
    editing.record_edit(article, CHECK, user)
    return True


@admin.action(description="标记为已核对（移出待核对列表）")
def check_articles(modeladmin, request, queryset):
    with transaction.atomic():
        checked = [a for a in queryset.select_for_update(of=("self",)) if mark_checked(a, request.user)]
        for article in checked:
            modeladmin.log_change(request, article, CHECK)
    modeladmin.message_user(request, f"{len(checked)} 篇文章已标记为已核对。", messages.SUCCESS)
