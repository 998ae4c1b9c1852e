"""Articles as plain dictionaries, for JSON Lines export."""

from articles.models import Article


def article_record(article: Article) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "subtitle": " ".join(part for part in (article.kicker, article.subtitle) if part),
        "kicker": article.kicker,
        "byline": article.byline,
        "source": article.source.name if article.source else None,
        "published": article.published.isoformat() if article.published else None,
        "districts": [d.name for d in article.primary_districts.all()],
        "mentioned_districts": [d.name for d in article.mentioned_districts.all()],
        "topics": [t.name for t in article.topics.all()],
        "source_file": article.page.path,
        "body": article.body,
        # The body's structure for data users: paragraphs ("p"), sub-heads and photo captions, without marks.
        "blocks": [{"role": b.role, "text": b.text} for b in article.blocks],
    }


def export_queryset():
    return (
        Article.objects.select_related("source", "page")
        .prefetch_related("primary_districts", "mentioned_districts", "topics")
        .order_by("page__path", "position")
    )
