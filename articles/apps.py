from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "新闻稿件"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import signals

        signals.connect()
