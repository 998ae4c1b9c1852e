"""Sort the headline lines given to an article into kicker (引题), title and subtitle (副题)."""

import re
from dataclasses import dataclass

from articles.text.chinese import bigrams, ends_mid_phrase, fold, width
from articles.text.gazetteer import name_table
from articles.text.layout import Unit, spaced_phrases

# A headline wrapped over two lines is at most this wide when put back together.
TITLE_MAX_WIDTH = 32
# Two lines of a wrapped headline: the longest two-phrase title of the corpus's dev split is 25 characters.
WRAPPED_MAX_WIDTH = 52
# Share of each half of an unmarked two-line headline found in the text: the seeds' wrapped titles
# have 0.85 and more; of the dev split's kicker/title and title/subtitle pairs, none has both above 0.75.
WRAPPED_HALVES_MATCH = 0.8
_KICKER_ENDINGS = ("指出", "强调", "表示", "要求", "提出", "时说", "获悉", "：", ":")


@dataclass
class Headline:
    kicker: str = ""
    title: str = ""
    subtitle: str = ""


def merge_wrapped(heads: list[Unit], body: str = "") -> list[str]:
    """Put back together a headline the page wrapped over consecutive lines of one block."""
    merged: list[tuple[str, Unit]] = []
    for unit in heads:
        if merged:
            text, last = merged[-1]
            adjacent = unit.index == last.index + 1 and unit.gap == 0
            # Kicker, title and subtitle each fill a line of their own; a title wrapped over two lines
            # breaks mid-phrase, or sets its second line in (走村不漏户 / 户户见干部).
            set_in = unit.lines[0].indent > 0 and last.lines[0].indent == 0
            # A page that marks neither: both halves of one statement come from the text almost word
            # for word, where a kicker or subtitle seldom does together with its title.
            halves = min(containment(text, body), containment(unit.text, body)) >= WRAPPED_HALVES_MATCH
            unmarked = halves and width(text) + width(unit.text) <= TITLE_MAX_WIDTH and not is_kicker(text)
            wrapped = set_in or ends_mid_phrase(text) or unmarked
            fits = width(text) + width(unit.text) <= WRAPPED_MAX_WIDTH
            if adjacent and wrapped and fits:
                merged[-1] = (_join(text, unit.text), unit)
                continue
        merged.append((unit.text, unit))
    return [text for text, _ in merged]


def _join(a: str, b: str) -> str:
    return f"{a} {b}" if re.search(r"[A-Za-z0-9]$", a) and re.match(r"^[A-Za-z0-9]", b) else a + b


def is_kicker(text: str) -> bool:
    """A line that introduces a headline rather than being it: long, a quotation, or a lead-in."""
    stripped = text.strip()
    if width(stripped) > TITLE_MAX_WIDTH:
        return True
    if stripped.startswith("“") and stripped.endswith("”"):
        return True
    if "，" in stripped and width(stripped) > 20:
        return True
    return stripped.endswith(_KICKER_ENDINGS)


def strip_place_label(title: str) -> str:
    """Drop a column label glued to a headline's end: 走村不漏户 户户见干部綦江 → 走村不漏户 户户见干部."""
    tokens = title.split(" ")
    if len(tokens) < 2:
        return title
    last = fold(tokens[-1])
    for name in sorted(name_table(), key=len, reverse=True):
        if last.endswith(name) and len(last) > len(name) + 1:
            tokens[-1] = tokens[-1][: -len(name)]
            return " ".join(tokens)
    return title


# A column label or theme set as a kicker is a name, not a statement: the dev split's kickers of this kind
# are 2–8 characters (对话, 历史上的今天, 老品种跟着市场变); its shortest title over a kicker is 11.
LABEL_MAX_WIDTH = 8
_LABEL_PUNCTUATION_RE = re.compile(r"[，,。：:；;、！？!?—（）()]")


def is_label(text: str) -> bool:
    """A short name with no clause in it (走读重庆, 数字重庆 智慧生活): a kicker's shape."""
    stripped = text.strip()
    return width(stripped.replace(" ", "")) <= LABEL_MAX_WIDTH and not _LABEL_PUNCTUATION_RE.search(stripped)


# A subject named before a colon, then a statement: 迎龙镇：…, 专访市农业农村委负责人：…, 1997年6月18日：….
_NAMED_SUBJECT_RE = re.compile(r"^[^：:，,。！？\s]{2,14}[：:]\s*\S")

# A main title set as two spaced phrases (走村不漏户 户户见干部) outranks a plain line.
SPACED_BONUS = 0.15


def arrange(lines: list[str], body: str) -> Headline:
    """Pick the title among the headline lines: the one that best sums up the body.

    Lines before it are the kicker, lines after it the subtitle.
    """
    lines = [strip_place_label(line) for line in lines]
    if not lines:
        return Headline()
    if len(lines) >= 2 and is_label(lines[0]) and not is_label(lines[1]):
        # A column's or theme's name over a full line (历史上的今天 / 1939年5月3日：日机轰炸重庆市区，…):
        # the kicker, whatever the line under it looks like; the line under it is the title.
        return Headline(kicker=lines[0], title=lines[1], subtitle=" ".join(lines[2:]))
    candidates = [i for i, line in enumerate(lines) if not is_kicker(line)]
    if not candidates:
        # Every line is long: the shortest is the title.
        candidates = [min(range(len(lines)), key=lambda i: width(lines[i]))]

    def score(i: int) -> float:
        return containment(lines[i], body) + (SPACED_BONUS if spaced_phrases(lines[i]) else 0.0)

    title_at = max(candidates, key=lambda i: (score(i), -i))
    named = [i for i in candidates if _NAMED_SUBJECT_RE.match(lines[i])]
    if len(named) == 1:
        # 迎龙镇：城郊农田种出“订单菜” over 合作社直供主城200多家餐馆和超市: a subject named before a colon,
        # then what it did, is a title's shape; a kicker leads in and a subtitle adds a fact, neither names
        # a subject so (none of the labelled corpus's kickers and subtitles does), however many words of
        # the text the other line shares.
        title_at = named[0]
    if len(lines) == 3 and 1 in candidates:
        # Three lines stacked are kicker, title and subtitle: the middle one is the title even when
        # the subtitle, a fact from the text, shares more of its words.
        title_at = 1
    return Headline(
        kicker=" ".join(lines[:title_at]),
        title=lines[title_at],
        subtitle=" ".join(lines[title_at + 1 :]),
    )


def containment(line: str, text: str) -> float:
    """Share of the line's character bigrams that the text also has."""
    grams = bigrams(line)
    return len(grams & bigrams(text)) / len(grams) if grams else 0.0


def derive_title(first_paragraph: str) -> str:
    """A title from an article whose page printed none: its first sentence, without the dateline."""
    text = re.sub(r"^\s*(?:本报讯|本报[^\s，,]{0,6}电)?\s*(?:[（(][^）)]{0,40}[）)])?\s*", "", first_paragraph)
    sentence = re.split(r"[。！？!?；]", text, maxsplit=1)[0]
    sentence = re.sub(r"^(?:\d{1,2}\s*月\s*\d{1,2}\s*日|近日|日前|昨日|今天|昨天)[，,]\s*", "", sentence)
    return sentence if width(sentence) <= 40 else sentence[:38] + "…"
