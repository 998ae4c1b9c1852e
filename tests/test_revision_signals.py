"""Saving or deleting anything a page shows moves the site revision, so cached pages follow at once."""

import pytest
from django.test import Client

from articles.models import District, Region, SiteRevision, Source, Topic


def number():
    return SiteRevision.current().number


@pytest.mark.parametrize("model", [District, Region, Topic], ids=lambda m: m.__name__)
def test_renaming_a_place_or_topic_moves_the_revision_and_the_cached_page_shows_it(
    seeded, django_capture_on_commit_callbacks, model
):
    client = Client()
    obj = model.objects.filter(slug__in=["yuzhong", "zhongxin-chengqu", "housing"]).first()
    assert obj.name in client.get("/").content.decode()  # now cached
    before = number()
    with django_capture_on_commit_callbacks(execute=True):
        obj.name = "改过的名字"
        obj.save()
    assert number() == before + 1
    assert "改过的名字" in client.get("/").content.decode()


def test_saving_and_deleting_a_source_moves_the_revision(seeded, django_capture_on_commit_callbacks):
    before = number()
    with django_capture_on_commit_callbacks(execute=True):
        source = Source.objects.create(name="新来源")
    assert number() == before + 1
    with django_capture_on_commit_callbacks(execute=True):
        source.delete()
    assert number() == before + 2


def test_several_saves_in_one_transaction_move_the_revision_once(seeded, django_capture_on_commit_callbacks):
    before = number()
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("来源甲", "来源乙", "来源丙"):
            Source.objects.create(name=name)
    assert number() == before + 1
