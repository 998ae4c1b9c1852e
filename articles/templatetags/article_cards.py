from django import template

from articles.cards import card_html

register = template.Library()


@register.simple_tag
def article_card(article, title=None, snippet=None):
    """`{% article_card article %}` (articles.cards), or with search's highlighted title and snippet."""
    return card_html(article, title, snippet)
