"""Every change to an article records, in its own transaction, that the search index owes an update.

The importer records its bulk writes itself (bulk_create sends no signals); these receivers catch
everything else: an editor's save, delete or tag change in the admin, a shell session, a data fix.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, IndexDebt

TAGS = (Article.primary_districts.through, Article.mentioned_districts.through, Article.topics.through)


@receiver(post_save, sender=Article, dispatch_uid="index-debt-save")
@receiver(post_delete, sender=Article, dispatch_uid="index-debt-delete")
def article_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        IndexDebt.record([instance.pk])


def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    # Tags are changed from the article's side only: simple-history's m2m tracking cannot record a
    # change made from a district's or topic's side, so nothing here needs to cover it.
    if not reverse and action.startswith("post_"):
        IndexDebt.record([instance.pk])


for through in TAGS:
    m2m_changed.connect(tags_changed, sender=through, dispatch_uid=f"index-debt-{through.__name__}")
