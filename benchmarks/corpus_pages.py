"""Labelled articles laid out as raw page text, many ways each: the pages of the quality benchmark.

One labelled article (tests/fixtures/corpus/FORMAT.md) is printed as a web page (nav lines,
headline, a metadata line in one of several printed forms, byline somewhere, body, captions,
site furniture) or, for e-paper kinds, on a newspaper page dump with 3–8 others (hard-wrapped
columns, headlines before or after their text, banners, ads, image file names, photo credits,
an article continued further down the page). Everything is drawn from random.Random(seed), so
the same seed gives the same pages, and each page carries its truth: what it prints for each
of its articles. Pure: no Django, no files.
"""

import codecs
import datetime as dt
import random
import re
from collections import Counter
from dataclasses import dataclass, field

import opencc

WEB_KINDS = ("web", "photo", "video")
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-be")
WEEKDAYS = "一二三四五六日"
NAMES = ("王静", "李明", "张伟", "刘洋", "陈晨", "杨帆", "赵磊", "黄敏", "周杰", "吴倩", "徐峰", "孙悦")
# Before and after a web article: navigation, sharing, editor lines. {site} is the page's site.
NAV_LINES = ("首页 > 区县 > 正文", "当前位置：首页 > 区县频道 > 区县新闻", "{site}首页 | 新闻 | 区县 | 视频 | 图片")
WEB_TAIL = ("分享到：", "扫码关注客户端", "责任编辑：{name}", "【纠错】 【打印】 【关闭】", "版权所有 未经授权不得转载")
EPAPER_ADS = (
    "招商热线：023-6{n}",
    "房产广告 咨询电话：023-8{n}",
    "欢迎订阅 全年定价360元",
    "邮发代号77-{m}",
    "新闻热线：96{m}",
)
# Role words in both scripts: a Traditional byline (本報記者 李明) names no person 本報記者.
ROLE_RE = re.compile(
    r"(?:记者|記者|通讯员|通訊員|实习生|實習生|编辑|編輯|摄影|攝影|报道|報道|客户端|客戶端|融媒体中心|融媒體中心"
    r"|新闻中心|新聞中心|[文图圖摄攝])$"
)
SENTENCE_RE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[”’」』）)]*|$)")
NO_LINE_START = set("，。、；：！？）”’」』》,.;:!?)")
# A caption that already names its photographer gets no credit line of its own.
CREDITED_RE = re.compile(r"(?:摄|攝|摄影|攝影|供图|供圖)\s*[）)]?\s*$")


@dataclass
class TruthArticle:
    """What the generated page prints for one labelled article."""

    id: str
    kind: str
    script: str
    title: str
    kicker: str
    subtitle: str
    byline: str
    source: str
    date: str | None
    first_sentence: str
    last_sentence: str
    paragraphs: list[str]  # p and sub-head texts, in order
    captions: list[str]
    districts: list[str]
    acceptable: list[str]
    topics: list[str]
    traps: list[str]
    furniture: list[str]  # the article's own furniture and the site furniture the page adds
    record: dict = field(repr=False)


@dataclass
class GeneratedPage:
    name: str
    layout: str  # web | epaper
    encoding: str
    text: str
    data: bytes
    articles: list[TruthArticle]


def byline_names(byline: str) -> list[str]:
    """The people a byline names: its 2–4 character tokens that are not roles (记者, 通讯员, 摄 …)."""
    tokens = re.split(r"[\s/／·、，,（）()：:]+", byline)
    return [t for t in tokens if 2 <= len(t) <= 4 and not ROLE_RE.search(t) and not re.search(r"[A-Za-z0-9]", t)]


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_RE.findall(text) if s.strip()]


def _convert(script: str):
    return opencc.OpenCC("s2t").convert if script == "traditional" else (lambda text: text)


def _truth(record: dict, furniture: list[str], source: str, date: str | None) -> TruthArticle:
    body = record["body"]
    paragraphs = [b["text"] for b in body if b["role"] != "caption"]
    prose = [b["text"] for b in body if b["role"] == "p"] or paragraphs or [b["text"] for b in body]
    return TruthArticle(
        id=record["id"],
        kind=record["kind"],
        script=record.get("script", "simplified"),
        title=record["title"],
        kicker=record.get("kicker", ""),
        subtitle=record.get("subtitle", ""),
        byline=record.get("byline", ""),
        source=source,
        date=date,
        first_sentence=(sentences(prose[0]) or [prose[0]])[0],
        last_sentence=(sentences(prose[-1]) or [prose[-1]])[-1],
        paragraphs=paragraphs,
        captions=[b["text"] for b in body if b["role"] == "caption"],
        districts=list(record.get("districts", [])),
        acceptable=list(record.get("acceptable", [])),
        topics=list(record.get("topics", [])),
        traps=list(record.get("traps", [])),
        furniture=[*record.get("furniture", []), *furniture],
        record=record,
    )


def _printed_in(record: dict, text: str) -> bool:
    own = " ".join([record.get("byline", ""), *(b["text"] for b in record["body"])])
    return bool(text) and text in own


def _date_forms(iso: str) -> list[str]:
    day = dt.date.fromisoformat(iso)
    return [iso, f"{day.year}年{day.month}月{day.day}日", f"{day.year}年{day.month:02d}月{day.day:02d}日"]


# ---------------------------------------------------------------- web pages


def _meta_line(rng: random.Random, record: dict, byline_in_meta: bool) -> str:
    date, source, printed = record.get("date"), record.get("source", ""), record.get("date_line", "")
    if not date:  # the byline still goes in the meta line when the layout puts it there (the truth keeps it)
        line = f"来源：{source}" if source else ""
        return f"{line}  作者：{record['byline']}".strip() if byline_in_meta else line
    time = re.search(r"\d{1,2}:\d{2}(?::\d{2})?", printed)
    clock = time.group() if time else f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}"
    day = dt.date.fromisoformat(date)
    when = rng.choice([f"{date} {clock}", f"{day.year}年{day.month:02d}月{day.day:02d}日 {clock}", date])
    src = f"来源：{source}" if source else ""
    forms = [f"{when}  {src}", f"发布时间：{when}  {src}", f"{src} | {when}" if src else when]
    if source:
        forms.append(f"{source}  {when}")
    if printed and not byline_in_meta and rng.random() < 0.4:
        return printed  # as the labelled page printed it
    line = _convert(record.get("script", ""))(rng.choice(forms).strip(" |"))
    return f"{line}  作者：{record['byline']}" if byline_in_meta else line


def _web_page(rng: random.Random, record: dict, titles: list[str]) -> tuple[str, TruthArticle]:
    conv = _convert(record.get("script", ""))
    source = record.get("source", "")
    site = source or "区县融媒"
    added: list[str] = []

    def furniture(text: str) -> str:
        text = conv(text)
        added.append(text)
        return text

    before = [furniture(line.format(site=site)) for line in rng.sample(NAV_LINES, rng.randint(0, 2))]
    if rng.random() < 0.3:
        before.append(furniture(f"{record['title']}{rng.choice(['_', ' - ', '｜'])}{site}"))
    own_furniture = list(record.get("furniture", []))
    rng.shuffle(own_furniture)
    split = rng.randint(0, len(own_furniture))
    before += own_furniture[:split]

    byline = record.get("byline", "")
    printed_in_body = bool(byline) and all(_printed_in({"body": record["body"]}, n) for n in byline_names(byline))
    place = "none" if not byline or printed_in_body else rng.choice(["meta", "under", "end", "paren", "end"])
    head = [record["kicker"]] if record.get("kicker") else []
    head.append(record["title"])
    if record.get("subtitle"):
        head.append(record["subtitle"])
    meta = _meta_line(rng, record, place == "meta")
    head += [meta] if meta else []
    if place == "under":
        head.append(byline)

    indent = rng.choice(["", "", "　　", "  "])
    body_lines = []
    for number, item in enumerate(record["body"]):
        text = item["text"]
        last = number == len(record["body"]) - 1
        if item["role"] == "caption":
            if rng.random() < 0.5:
                body_lines.append(furniture(rng.choice(["[图片]", f"IMG_{rng.randint(1000, 9999)}.jpg"])))
            body_lines.append(text)
            if rng.random() < 0.4 and not CREDITED_RE.search(text):
                body_lines.append(furniture(f"{rng.choice(NAMES)} 摄"))
            continue
        if last and place == "paren":
            text += f"（{byline}）"
        body_lines.append(indent + text if item["role"] == "p" else text)
    if place == "paren" and record["body"][-1]["role"] == "caption":
        body_lines.append(f"（{byline}）")
    if place == "end":
        body_lines.append(byline)

    after = own_furniture[split:]
    for line in rng.sample(WEB_TAIL, rng.randint(1, 3)):
        after.append(furniture(line.format(name=rng.choice(NAMES))))
    others = [t for t in titles if t != record["title"]]
    if others and rng.random() < 0.4:
        after.append(furniture("相关阅读"))
        after += [furniture(f"· {t}") for t in rng.sample(others, min(2, len(others)))]
    if rng.random() < 0.3:
        after.append(furniture(f"上一篇：{rng.choice(others or titles)}  下一篇：{rng.choice(others or titles)}"))

    sep = rng.choice(["\n\n", "\n"])
    blocks = ["\n".join(before), "\n".join(head), sep.join(body_lines), "\n".join(after)]
    text = "\n\n".join(b for b in blocks if b)
    return text, _truth(record, added, source, record.get("date"))


# ---------------------------------------------------------------- e-paper pages


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Hard-wrap like a typeset column: no line starts with closing punctuation (it stays on the line above)."""
    lines, line = [], indent
    for char in text:
        if len(line) >= width and char not in NO_LINE_START:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line.strip() else lines


def _epaper_block(rng, record, width, style, parts_from=0, parts_to=None) -> list[str]:
    """Body lines of one article (or of the part [parts_from, parts_to) of its body)."""
    lines: list[str] = []
    body = record["body"][parts_from:parts_to]
    for item in body:
        if item["role"] == "caption":
            if rng.random() < 0.6:
                lines += ["", style["furniture"](f"{rng.choice(['IMG', 'DSC'])}_{rng.randint(1000, 9999)}.jpg")]
            wrapped = _wrap(item["text"], width) if rng.random() < 0.5 else [item["text"]]
            lines += ["", *wrapped]
            if rng.random() < 0.6 and not CREDITED_RE.search(item["text"]):
                credit = rng.choice(["记者 {n} 摄", "通讯员 {n} 供图", "{n} 摄"]).format(n=rng.choice(NAMES))
                lines.append(style["furniture"](credit))
            lines.append("")
        elif item["role"] == "subhead":
            lines += ["", item["text"], ""]
        else:
            wrapped = _wrap(item["text"], width, style["indent"])
            if len(wrapped) > 3 and rng.random() < 0.15:  # a column jump in mid-paragraph
                cut = rng.randint(1, len(wrapped) - 1)
                wrapped[cut:cut] = [""]
            lines += wrapped
            if style["blank"]:
                lines.append("")
    return lines


def _epaper_page(rng: random.Random, records: list[dict]) -> tuple[str, list[TruthArticle]]:
    conv = _convert(records[0].get("script", ""))
    added: list[str] = []

    def furniture(text: str) -> str:
        text = conv(text)
        added.append(text)
        return text

    width = rng.randint(10, 26)
    style = {"indent": rng.choice(["", "　　"]), "blank": rng.random() < 0.6, "furniture": furniture}
    sources = Counter(r["source"] for r in records if r.get("source"))
    dates = Counter(r["date"] for r in records if r.get("date"))
    paper = sources.most_common(1)[0][0] if sources and rng.random() < 0.8 else ""
    page_date = dates.most_common(1)[0][0] if dates and rng.random() < 0.7 else None
    page_no = rng.randint(2, 12)
    top = [furniture(f"第{page_no}版 区县新闻")]
    if paper or page_date:
        day = dt.date.fromisoformat(page_date) if page_date else None
        when = f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}" if day else ""
        top.append(furniture(f"{paper} {when}".strip()))
    if rng.random() < 0.5:
        top.append(furniture(f"责任编辑 {rng.choice(NAMES)} 美编 {rng.choice(NAMES)}"))

    continued = None
    candidates = [r for r in records if len(r["body"]) >= 4]
    if candidates and len(records) > 1 and rng.random() < 0.3:
        continued = rng.choice(candidates)
    blocks: list[list[str]] = []
    tail: list[str] = []
    for record in records:
        title = record["title"]
        if " " in title.strip() and rng.random() < 0.4:  # a two-phrase headline set on two lines
            first, _, second = title.strip().partition(" ")
            title = f"{first}\n {second.strip()}"
        head = [x for x in (record.get("kicker"), title, record.get("subtitle")) if x]
        cut = rng.randint(2, len(record["body"]) - 2) if record is continued else None
        lines = _epaper_block(rng, record, width, style, 0, cut)
        byline = record.get("byline", "")
        if byline and not all(_printed_in({"body": record["body"]}, n) for n in byline_names(byline)):
            where = rng.choice(["end", "end", "lead"])
            byline_line = ("□" + byline) if where == "lead" else byline
        else:
            where, byline_line = "none", ""
        if record is continued:
            lines.append(furniture(f"（下转第{page_no + 1}版）"))
            rest = _epaper_block(rng, record, width, style, cut)
            tail = ["", furniture(f"（上接第{page_no - 1}版）"), *rest]
            tail += [byline_line] if where == "end" else []
        elif where == "end":
            lines.append(byline_line)
        if where == "lead":
            lines.insert(0, byline_line)
        block = [*head, "", *lines] if rng.random() < 0.7 else [*lines, "", *head]
        blocks.append(block)
        if rng.random() < 0.35:
            ad = rng.choice(EPAPER_ADS).format(n=rng.randint(1000000, 9999999), m=rng.randint(10, 99))
            blocks.append([furniture(ad)])
    out = [*top, ""]
    for block in blocks:
        out += [*block, "", ""]
    out += tail
    truths = []
    for record in records:
        own_date = record.get("date") if record.get("date") else None
        date = own_date if own_date and any(_printed_in(record, f) for f in _date_forms(own_date)) else page_date
        source = record.get("source", "")
        source = source if source and _printed_in(record, source) else paper
        truths.append(_truth(record, added, source, date))
    return "\n".join(out), truths


# ---------------------------------------------------------------- pages


def _encode(rng: random.Random, text: str) -> tuple[str, bytes]:
    if rng.random() < 0.2:
        text = text.replace("\n", "\r\n")
    encoding = rng.choice(ENCODINGS)
    if encoding == "utf-16-be":
        return encoding, codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    try:
        return encoding, text.encode(encoding)
    except UnicodeEncodeError:  # GB18030 covers all of Unicode, but be plain about it if not
        return "utf-8", text.encode("utf-8")


def _chunks(rng: random.Random, records: list[dict]) -> list[list[dict]]:
    """3–8 articles a page; a remainder of fewer than three joins the page before it."""
    pages: list[list[dict]] = []
    rest = list(records)
    rng.shuffle(rest)
    while rest:
        size = rng.randint(3, 8)
        pages.append(rest[:size])
        rest = rest[size:]
    if len(pages) > 1 and len(pages[-1]) < 3:
        last = pages.pop()
        pages[-1] += last
    return pages


def generate(articles: list[dict], seed: int, layouts_per_article: int = 3) -> list[GeneratedPage]:
    """Each article laid out `layouts_per_article` times: web kinds on their own pages, the others on e-paper pages."""
    rng = random.Random(seed)
    titles = [a["title"] for a in articles]
    web = [a for a in articles if a["kind"] in WEB_KINDS]
    paper = [a for a in articles if a["kind"] not in WEB_KINDS]
    pages: list[GeneratedPage] = []
    for _ in range(layouts_per_article):
        for record in web:
            text, truth = _web_page(rng, record, titles)
            encoding, data = _encode(rng, text)
            name = f"{len(pages):05d}_web_{record['id']}.txt"
            pages.append(GeneratedPage(name, "web", encoding, text, data, [truth]))
        for script in ("simplified", "traditional"):
            same_script = [a for a in paper if a.get("script", "simplified") == script]
            for group in _chunks(rng, same_script):
                text, truths = _epaper_page(rng, group)
                encoding, data = _encode(rng, text)
                pages.append(GeneratedPage(f"{len(pages):05d}_epaper.txt", "epaper", encoding, text, data, truths))
    return pages
