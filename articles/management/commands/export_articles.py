import json

from django.core.management.base import BaseCommand

from articles.export import article_record, export_queryset


class Command(BaseCommand):
    help = "Write every article to stdout as JSON Lines (one object per line, UTF-8)."

    def add_arguments(self, parser):
        parser.add_argument("--include-hidden", action="store_true", help="also export articles editors hid")

    def handle(self, *args, include_hidden, **options):
        articles = export_queryset()
        if not include_hidden:
            articles = articles.filter(hidden=False)
        for article in articles.iterator(chunk_size=500):
            self.stdout.write(json.dumps(article_record(article), ensure_ascii=False))
