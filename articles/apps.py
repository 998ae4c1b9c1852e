from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default = True  # this module holds two configs: this one is the app's
    name = "articles"
    verbose_name = "新闻稿件"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import signals

        signals.connect()


class AxesConfig(AxesAppConfig):
    """django-axes as installed, with its admin section named in Chinese (its label stays "axes")."""

    default = False
    verbose_name = "登录保护"
