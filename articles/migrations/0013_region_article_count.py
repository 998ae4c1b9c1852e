from django.db import migrations, models
from django.db.models import Count


def count_existing(apps, schema_editor):
    """Fill the new region counts for articles imported before them (later on, articles.counts keeps them)."""
    Article = apps.get_model("articles", "Article")
    Region = apps.get_model("articles", "Region")
    rows = Article.objects.filter(hidden=False).order_by().values_list("primary_districts__region")
    for pk, number in rows.annotate(n=Count("pk", distinct=True)):
        if pk is not None:
            Region.objects.filter(pk=pk).update(article_count=number)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_article_listing_shown"),
    ]

    operations = [
        migrations.AddField(
            model_name="region",
            name="article_count",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="文章数"),
        ),
        migrations.RunPython(count_existing, migrations.RunPython.noop),
    ]
