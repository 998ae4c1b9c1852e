from django.db import migrations, models


def count_existing(apps, schema_editor):
    """Fill the stored chart counts for articles imported before them (later on, SiteRevision.bump does)."""
    from articles.counts import district_months

    monthly, undated = district_months(apps.get_model("articles", "Article"))
    District = apps.get_model("articles", "District")
    for district in District.objects.all():
        district.monthly_counts = monthly.get(district.pk, {})
        district.undated_count = undated.get(district.pk, 0)
        district.save(update_fields=["monthly_counts", "undated_count"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_page_imported_at_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="district",
            name="monthly_counts",
            field=models.JSONField(default=dict, editable=False, verbose_name="每月文章数"),
        ),
        migrations.AddField(
            model_name="district",
            name="undated_count",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="无日期文章数"),
        ),
        migrations.RunPython(count_existing, migrations.RunPython.noop),
    ]
