"""The body's structure in its text: sub-head and caption marks (articles/text/blocks.py)."""

import pytest

from articles.text import blocks
from articles.text.blocks import CAPTION_MARK, SUBHEAD_MARK, Block
from articles.text.parse import ParsedArticle

BODY = "\n\n".join(
    [
        "本报讯 昨日，嘉陵江滨江步道全线贯通。",
        f"{SUBHEAD_MARK}江边有了新去处",
        "傍晚时分，不少市民来到江边散步。",
        f"{CAPTION_MARK}市民在步道上骑行。",
    ]
)


def test_marked_paragraphs_read_as_sub_heads_and_captions_and_the_rest_as_prose():
    assert blocks.to_blocks(BODY) == [
        Block("p", "本报讯 昨日，嘉陵江滨江步道全线贯通。"),
        Block("subhead", "江边有了新去处"),
        Block("p", "傍晚时分，不少市民来到江边散步。"),
        Block("caption", "市民在步道上骑行。"),
    ]


def test_mark_and_to_blocks_round_trip_every_role():
    for role in ("p", "subhead", "caption"):
        assert blocks.to_blocks(blocks.mark(role, "江边有了新去处")) == [Block(role, "江边有了新去处")]
    with pytest.raises(ValueError):
        blocks.mark("headline", "江边有了新去处")


def test_plain_text_has_no_marks_and_keeps_paragraphs_apart():
    plain = blocks.plain(BODY)
    assert SUBHEAD_MARK not in plain and CAPTION_MARK not in plain
    assert plain.split("\n\n") == [b.text for b in blocks.to_blocks(BODY)]


def test_an_editors_line_endings_and_an_empty_mark_do_not_make_blocks():
    edited = f"第一段。\r\n \r\n{CAPTION_MARK}  \r\n\r\n{SUBHEAD_MARK} 小标题 \r\n\r\n第二段。"
    assert blocks.to_blocks(edited) == [Block("p", "第一段。"), Block("subhead", "小标题"), Block("p", "第二段。")]


def test_a_transcript_tag_is_not_a_mark():
    assert blocks.to_blocks("【同期】（重庆市民 钟女士）") == [Block("p", "【同期】（重庆市民 钟女士）")]


def test_the_fingerprint_does_not_change_when_paragraphs_are_marked():
    paragraphs = [b.text for b in blocks.to_blocks(BODY)]
    unmarked = ParsedArticle(title="步道贯通", body=paragraphs)
    marked = ParsedArticle(title="步道贯通", body=BODY.split("\n\n"))
    assert marked.body != unmarked.body
    assert marked.fingerprint == unmarked.fingerprint
    assert marked.plain_text == unmarked.body_text
