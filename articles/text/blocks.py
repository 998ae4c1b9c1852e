"""An article body's structure, kept in its text: paragraphs, sub-heads and photo captions.

The body is stored as paragraphs separated by blank lines. A sub-head paragraph starts with
SUBHEAD_MARK and a photo caption (图片说明) with CAPTION_MARK; any other paragraph is prose.
The marks are plain text so that editors see and correct them in the admin like any other word,
and so that a body survives export and re-import unchanged. Pure: no Django.
"""

import re
from dataclasses import dataclass

SUBHEAD_MARK = "【小标题】"
CAPTION_MARK = "【图】"

PARAGRAPH, SUBHEAD, CAPTION = "p", "subhead", "caption"
_MARKS = ((SUBHEAD, SUBHEAD_MARK), (CAPTION, CAPTION_MARK))
_MARK_OF = {role: mark for role, mark in _MARKS}
# Editors may type Windows line endings or spaces on the blank line between paragraphs.
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\u3000]*\n")


@dataclass(frozen=True)
class Block:
    role: str  # PARAGRAPH, SUBHEAD or CAPTION
    text: str  # without its mark


def mark(role: str, text: str) -> str:
    """The paragraph that stores `text` in this role."""
    if role == PARAGRAPH:
        return text
    if role not in _MARK_OF:
        raise ValueError(f"unknown block role {role!r}")
    return _MARK_OF[role] + text


def block(paragraph: str) -> Block:
    """One stored paragraph as a block: its role from its mark, its text without it."""
    text = paragraph.strip()
    for role, prefix in _MARKS:
        if text.startswith(prefix):
            return Block(role, text[len(prefix) :].strip())
    return Block(PARAGRAPH, text)


def to_blocks(body_text: str) -> list[Block]:
    """The body's blocks in order; empty paragraphs (a mark with no text) are left out."""
    blocks = (block(p) for p in _BLANK_LINE_RE.split(body_text.replace("\r\n", "\n")))
    return [b for b in blocks if b.text]


def plain(body_text: str) -> str:
    """The body as readers' words only: the marks removed, paragraphs still a blank line apart."""
    return "\n\n".join(b.text for b in to_blocks(body_text))
