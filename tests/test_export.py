import json
from io import StringIO

from django.core.management import call_command


def test_export_writes_one_json_object_per_article(seeded):
    out = StringIO()
    call_command("export_articles", stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == seeded.total("created")
    keys = {
        "id",
        "title",
        "subtitle",
        "byline",
        "source",
        "published",
        "districts",
        "mentioned_districts",
        "topics",
        "source_file",
        "body",
    }
    assert all(keys <= set(r) for r in records)
    web = next(r for r in records if r["source_file"].endswith("002_2c168bc24c4a06ad.txt"))
    assert web["published"] == "2022-02-11"
    assert web["districts"] == ["渝中区"]
    assert web["source"] == "中國網"
    assert all(r["topics"] for r in records)


def test_hidden_articles_are_left_out_unless_asked_for(seeded):
    from articles.models import Article

    Article.objects.filter(pk=Article.objects.first().pk).update(hidden=True)
    out, everything = StringIO(), StringIO()
    call_command("export_articles", stdout=out)
    call_command("export_articles", "--include-hidden", stdout=everything)
    assert len(everything.getvalue().splitlines()) == len(out.getvalue().splitlines()) + 1


def test_export_gives_the_bodys_structure_as_blocks(seeded):
    from articles.models import Article

    article = Article.objects.first()
    article.body = "本报讯 步道贯通。\n\n【小标题】江边\n\n【图】市民在步道上散步。"
    article.save()
    out = StringIO()
    call_command("export_articles", stdout=out)
    record = next(r for r in map(json.loads, out.getvalue().splitlines()) if r["id"] == article.pk)
    assert record["blocks"] == [
        {"role": "p", "text": "本报讯 步道贯通。"},
        {"role": "subhead", "text": "江边"},
        {"role": "caption", "text": "市民在步道上散步。"},
    ]
    assert record["body"] == article.body
