"""The data: regions and districts, topics, sources, imported pages and their articles."""

import datetime as dt
from functools import lru_cache

from django.conf import settings
from django.db import connections, models, router
from django.db.models import Exists, OuterRef
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from articles.text import blocks as body_blocks
from articles.text.chinese import fold


@lru_cache(maxsize=512)
def place_url(name: str, slug: str, prefix: str) -> str:
    # A list page links every article's districts and topics: reversing each one again would cost
    # more than rendering the rest of the card. The prefix keys the cache for each script name.
    return reverse(name, args=[slug])


class Region(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField("名称", max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    article_count = models.PositiveIntegerField("文章数", default=0, editable=False)

    class Meta:
        ordering = ["order"]
        verbose_name = verbose_name_plural = "片区"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return place_url("articles:region", self.slug, get_script_prefix())


class District(models.Model):
    name = models.CharField("名称", max_length=30, unique=True)
    short_name = models.CharField("简称", max_length=10)
    traditional_name = models.CharField("繁体", max_length=30)
    slug = models.SlugField(unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts", verbose_name="片区")
    order = models.PositiveSmallIntegerField(default=0)
    # Published articles of it, mentioning it, of it a month (its page's chart) and undated: see articles.counts.
    article_count = models.PositiveIntegerField("文章数", default=0, editable=False)
    mention_count = models.PositiveIntegerField("提及数", default=0, editable=False)
    monthly_counts = models.JSONField("每月文章数", default=dict, editable=False)
    undated_count = models.PositiveIntegerField("无日期文章数", default=0, editable=False)

    class Meta:
        ordering = ["order"]
        verbose_name = verbose_name_plural = "区县"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return place_url("articles:district", self.slug, get_script_prefix())


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField("名称", max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    article_count = models.PositiveIntegerField("文章数", default=0, editable=False)

    class Meta:
        ordering = ["order"]
        verbose_name = verbose_name_plural = "主题"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return place_url("articles:topic", self.slug, get_script_prefix())


class Source(models.Model):
    name = models.CharField("名称", max_length=60)
    # Folded to Simplified, so 中國網 and 中国网 are one source.
    key = models.CharField(max_length=60, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "来源"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = fold(self.name)
        super().save(*args, **kwargs)


class Page(models.Model):
    """One imported file, kept verbatim so every article can be traced back to it."""

    path = models.CharField("文件", max_length=500, unique=True)
    content_hash = models.CharField("内容哈希", max_length=64)
    encoding = models.CharField("编码", max_length=20)
    raw_text = models.TextField("原文")
    # Stamped when an import has written the file's articles (articles.importer): the latest stamp
    # against the site revision tells whether an import ended before recounting.
    imported_at = models.DateTimeField("导入时间", auto_now=True)

    class Meta:
        ordering = ["path"]
        verbose_name = verbose_name_plural = "版面文件"
        indexes = [models.Index(fields=["imported_at"])]

    def __str__(self):
        return self.path


# Kept at module level so that an edit can write its one history record itself (history.record_edit),
# after the fields and the tags are all saved, instead of one record per save and per tag change.
ARTICLE_HISTORY = HistoricalRecords(m2m_fields=["primary_districts", "mentioned_districts", "topics"])


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: everything not hidden by an editor, newest first."""
        # Newest first; undated articles last, in the order they were imported.
        return self.filter(hidden=False).order_by(models.F("published").desc(nulls_last=True), "-pk")

    def for_listing(self):
        return self.select_related("source").prefetch_related("primary_districts", "topics")

    # The tag filters are correlated EXISTS, not IN (subquery): the database can then walk the
    # articles in list order and stop after one page, instead of sorting every tagged article.
    def _tagged(self, field: str, **lookups):
        through = getattr(Article, field).through.objects
        return self.filter(Exists(through.filter(article_id=OuterRef("pk"), **lookups)))

    def in_districts(self, districts):
        return self._tagged("primary_districts", district__in=districts)

    def in_region(self, region):
        return self._tagged("primary_districts", district__region=region)

    def with_topics(self, topics):
        return self._tagged("topics", topic__in=topics)


class Article(models.Model):
    # Fields an editor may correct; a corrected one is never overwritten by the importer.
    CORRECTABLE = (
        "title",
        "kicker",
        "subtitle",
        "byline",
        "body",
        "published",
        "source",
        "primary_districts",
        "mentioned_districts",
        "topics",
        "hidden",
    )

    # PROTECT: deleting a page would take its articles with it and the next import would bring them
    # back without their corrections; editors delete articles (leaving a DeletedArticle), not pages.
    page = models.ForeignKey(Page, on_delete=models.PROTECT, related_name="articles", verbose_name="版面文件")
    position = models.PositiveSmallIntegerField("版面内序号")
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")
    fingerprint = models.CharField("正文指纹", max_length=32)

    title = models.CharField("标题", max_length=200)
    kicker = models.CharField("引题", max_length=200, blank=True)
    subtitle = models.CharField("副题", max_length=300, blank=True)
    byline = models.CharField("署名", max_length=200, blank=True)
    body = models.TextField("正文")
    published = models.DateField("日期", null=True, blank=True)
    date_basis = models.CharField(
        "日期依据",
        max_length=10,
        blank=True,
        editable=False,
        choices=[("printed", "原版面印有"), ("issue", "据导入时给出的出版日期")],
        help_text="空白表示原版面未注明日期。",
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="articles", verbose_name="来源"
    )
    primary_districts = models.ManyToManyField(District, blank=True, related_name="articles", verbose_name="所属区县")
    mentioned_districts = models.ManyToManyField(
        District, blank=True, related_name="mentioned_in", verbose_name="提及区县"
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles", verbose_name="主题")
    title_derived = models.BooleanField("标题取自正文", default=False)
    hidden = models.BooleanField("隐藏", default=False)
    corrected_fields = models.JSONField("人工更正字段", default=list, blank=True)
    # An editor looked at what the importer was unsure of (articles.admin_review) and found it right,
    # or put it right: the article leaves the review queue.
    checked_at = models.DateTimeField("核对时间", null=True, blank=True, editable=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="核对人",
    )
    # Goes up with every save: an editor's form carries the version it was opened at, and a form
    # opened before someone else's save is refused instead of silently undoing that save.
    version = models.PositiveIntegerField("版本", default=0, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = ARTICLE_HISTORY
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["page", "position"]
        verbose_name = verbose_name_plural = "文章"
        constraints = [
            models.UniqueConstraint(fields=["page", "fingerprint"], name="article_natural_key"),
        ]
        indexes = [
            models.Index(fields=["published"]),
            models.Index(fields=["hidden", "published", "id"]),
            # The lists' order over what readers see: Django writes hidden=False as NOT hidden, which
            # the index above cannot serve, so lists walked the published index and read every row
            # (and its body) to check it. This one answers a list, a page number or a count from
            # the index alone, with the tag tables' (article_id, ...) indexes for the filters.
            models.Index(fields=["-published", "-id"], condition=models.Q(hidden=False), name="article_listing_shown"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.pk])

    @property
    def blocks(self) -> list[body_blocks.Block]:
        """The body's paragraphs, sub-heads and photo captions, read from their marks (articles/text/blocks.py)."""
        return body_blocks.to_blocks(self.body)

    @property
    def paragraphs(self) -> list[str]:
        """Every block's text, without the sub-head and caption marks (for snippets and descriptions)."""
        return [b.text for b in self.blocks]

    @property
    def plain_body(self) -> str:
        """The body as readers' words, without marks: what search indexes and quotes."""
        return body_blocks.plain(self.body)

    @property
    def lead(self) -> str:
        """The first paragraph of prose (a photo story may open with captions); else the first block."""
        found = self.blocks
        return next((b.text for b in found if b.role == body_blocks.PARAGRAPH), found[0].text if found else "")

    @property
    def description(self) -> str:
        """One line that says what the article is about: its lead, cut short (meta description, feeds, sharing)."""
        return Truncator(self.lead).chars(120)

    @property
    def opengraph_tags(self) -> list[tuple[str, str]]:
        """The OpenGraph properties of the article's page (og:url is added by the page, which knows its host)."""
        tags = [
            ("og:type", "article"),
            ("og:title", self.title),
            ("og:description", self.description),
            ("og:locale", "zh_CN"),
        ]
        if self.published:
            tags.append(("article:published_time", self.published.isoformat()))
        return tags

    @property
    def is_history(self) -> bool:
        """About the past (the 历史与党史 topic): labelled 史话, never shown as the latest news."""
        return any(t.slug == "history" for t in self.topics.all())

    @cached_property
    def card(self):
        """What its card in a list shows (articles.cards), worked out once; cards.with_cards sets it for a page."""
        from articles.cards import card_of

        return card_of(self)

    def mark_corrected(self, fields) -> None:
        self.corrected_fields = sorted(set(self.corrected_fields) | (set(fields) & set(self.CORRECTABLE)))


class IndexDebt(models.Model):
    """An article whose search-index entry is owed, written in the same transaction as the change.

    The database is the truth and the index follows it: whatever writes the index (the import's
    indexer, `manage.py sync_index`, the worker `make serve` starts) works these rows off and deletes
    them only once the index holds the change, so a crash at any point leaves a debt, never a gap.
    No foreign key: the debt of a deleted article is its removal from the index.
    """

    article_id = models.BigIntegerField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "待更新索引"

    def __str__(self):
        return f"article {self.article_id}"

    @classmethod
    def record(cls, article_ids) -> None:
        ids = sorted(set(article_ids))
        if ids:
            cls.objects.bulk_create([cls(article_id=pk) for pk in ids], batch_size=1000)


class DeletedArticle(models.Model):
    """An editor deleted this article: the importer does not bring it back until an editor restores it.

    Keyed like the article (its page file and the fingerprint of its text, and its title when the
    page's text has since changed), written in the same transaction as the delete.
    """

    page_path = models.CharField("文件", max_length=500)
    fingerprint = models.CharField(max_length=32)
    title = models.CharField("标题", max_length=200)
    title_derived = models.BooleanField(default=False)
    article_id = models.PositiveIntegerField("原文章编号")
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="删除人"
    )
    deleted_at = models.DateTimeField("删除时间", default=timezone.now)
    reason = models.CharField("原因", max_length=300)

    class Meta:
        ordering = ["-deleted_at"]
        verbose_name = verbose_name_plural = "已删除文章"
        constraints = [models.UniqueConstraint(fields=["page_path", "fingerprint"], name="deleted_article_key")]

    def __str__(self):
        return self.title


class SiteRevision(models.Model):
    """One row whose number goes up whenever what readers see changes (an import, an editor's save).

    Cached pages and feeds are keyed on it, and it gives their ETag and Last-Modified: every
    process sees a change at once, whichever cache it uses.
    """

    number = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "内容版本"

    def __str__(self):
        return f"r{self.number}"

    @classmethod
    def current(cls) -> "SiteRevision":
        # Every cached page view reads it: plain SQL is ~10x cheaper than building the ORM query,
        # and that difference is most of what serving a cached page costs.
        # From where this request reads its pages: a revision newer than the pages read would cache stale
        # pages under the new revision's key (a replica only moves forward, so the pages are never older).
        connection = connections[router.db_for_read(cls)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT number, changed_at FROM {connection.ops.quote_name(cls._meta.db_table)} WHERE id = 1"
            )
            row = cursor.fetchone()
        if row is None:
            revision, _ = cls.objects.get_or_create(pk=1)
            return revision
        number, changed_at = row
        if timezone.is_naive(changed_at):  # SQLite keeps UTC without a zone
            changed_at = timezone.make_aware(changed_at, dt.UTC)
        return cls(pk=1, number=number, changed_at=changed_at)

    @classmethod
    def bump(cls, recount: bool = True) -> None:
        if recount:  # False: an editor's action recounted what it touched, in its transaction (articles.counts)
            from articles.counts import recount as recount_all  # it counts these models

            recount_all()
        if not cls.objects.filter(pk=1).update(number=models.F("number") + 1, changed_at=timezone.now()):
            cls.objects.get_or_create(pk=1)
