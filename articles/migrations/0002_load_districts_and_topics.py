"""Load Chongqing's four regions, 38 districts and the topic taxonomy.

The rows come from articles.text.gazetteer and articles.text.topics, the same tables the
importer tags with, so the database and the tagger can never disagree about a name or a slug.
"""

from django.db import migrations


def load(apps, schema_editor):
    from articles.text.gazetteer import DISTRICTS, REGIONS
    from articles.text.topics import ALL_TOPICS

    Region = apps.get_model("articles", "Region")
    District = apps.get_model("articles", "District")
    Topic = apps.get_model("articles", "Topic")
    regions = {}
    for region in REGIONS:
        regions[region.slug], _ = Region.objects.update_or_create(
            slug=region.slug, defaults={"name": region.name, "order": region.order}
        )
    for order, d in enumerate(DISTRICTS, start=1):
        District.objects.update_or_create(
            slug=d.slug,
            defaults={
                "name": d.name,
                "short_name": d.short,
                "traditional_name": d.traditional,
                "region": regions[d.region],
                "order": order,
            },
        )
    for order, topic in enumerate(ALL_TOPICS, start=1):
        Topic.objects.update_or_create(slug=topic.slug, defaults={"name": topic.name, "order": order})


def unload(apps, schema_editor):
    for model in ("District", "Region", "Topic"):
        apps.get_model("articles", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
