"""The admin's change form as a browser posts it (the editor fixtures are in conftest.py)."""


def form_data(article, **changes):
    """The change form of the article as it stands, with the given changes, as a browser posts it."""
    data = {
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "byline": article.byline,
        "published": article.published.isoformat() if article.published else "",
        "source": article.source_id or "",
        "body": article.body,
        "primary_districts": [d.pk for d in article.primary_districts.all()],
        "mentioned_districts": [d.pk for d in article.mentioned_districts.all()],
        "topics": [t.pk for t in article.topics.all()],
        "corrected_fields": list(article.corrected_fields),
        "opened_version": article.version,
    }
    if article.hidden:
        data["hidden"] = "on"
    data.update(changes)
    return data
