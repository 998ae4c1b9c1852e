"""Headline lines sorted into kicker, title and subtitle, and headline blocks given to the right article."""

from articles.text.headline import arrange, is_label

BODY = "近日，山城区新建的三座人行天桥投用，附近居民过街不再绕行。天桥配有电梯，老人和推婴儿车的家长上下方便。"


def test_a_short_column_name_over_a_long_title_is_the_kicker():
    # The title has a comma and runs long, which alone would make it read as a lead-in.
    headline = arrange(["城市细节", "山城区三座人行天桥投用，居民过街不再绕行也不再等待红灯"], BODY)
    assert (headline.kicker, headline.title, headline.subtitle) == (
        "城市细节",
        "山城区三座人行天桥投用，居民过街不再绕行也不再等待红灯",
        "",
    )


def test_a_column_name_is_the_kicker_even_when_the_text_repeats_it():
    headline = arrange(["人行天桥", "山城区过街不再绕行"], BODY + "人行天桥人行天桥")
    assert (headline.kicker, headline.title) == ("人行天桥", "山城区过街不再绕行")


def test_labels_are_short_names_without_a_clause():
    assert is_label("对话") and is_label("城市 细节")
    assert not is_label("山城区：天桥投用") and not is_label("山城区三座人行天桥投用了")
