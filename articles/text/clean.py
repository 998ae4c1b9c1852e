"""Recognise the lines of a page that are not article text, and the metadata lines that are not prose.

Each function takes one line (already stripped) and decides from its shape, never from a
particular page's wording: bylines, photo credits, image file names, advertising and page
furniture, web-page metadata and bare dates.
"""

import re
from dataclasses import dataclass

from articles.text.chinese import HAN, fold, width
from articles.text.dates import date_line, full_date
from articles.text.gazetteer import name_table

IMAGE_RE = re.compile(r"^[\w\-.()（）]+\.(?:jpe?g|png|gif|webp|bmp|tiff?)$", re.IGNORECASE)

_ROLE = r"(?:记者|通讯员|实习生|见习记者|融媒体中心|新闻中心|记者站|报道组|撰稿人?|编辑|特约作者)"
_ROLE_TOKEN_RE = re.compile(rf"^\S{{0,14}}{_ROLE}$")
_ROLE_NAME_RE = re.compile(rf"^(\S{{0,14}}{_ROLE})([{HAN}·]{{2,4}})$")
_NAME_RE = re.compile(rf"^[{HAN}·]{{2,4}}$")
_SLASH_BYLINE_RE = re.compile(rf"^([{HAN}·\s]{{2,30}}?)\s*[/／]\s*(?:图文|文图|文|图|摄)$")
_SLASH_LEAD_RE = re.compile(rf"^(?:文图|图文|文|图)\s*[/／:：]\s*([{HAN}·\s]{{2,30}})$")
_LEAD_MARKS = "□■●◎◆▲◇○"
_SENTENCE_MARKS = set("，。！？；：,;!?")

_CREDIT_RES = (
    re.compile(rf"^[{HAN}·\s]{{2,12}}(?:摄|摄影|拍摄)$"),
    re.compile(r"供图$"),
    re.compile(r"^(?:特约|本报)?(?:摄影|摄影记者|图片)\s*[:：]?\s*\S"),
    re.compile(r"^[（(]?(?:本版)?图片(?:由|来源|均由)\S{1,30}(?:提供|供图)?[）)]?$"),
    re.compile(r"^[（(]?(?:图|资料图|题图)\s*[/／:：]\s*\S{1,20}[）)]?$"),
    re.compile(r"^[（(]\S{1,20}\s*(?:摄|供图)[）)]$"),
)

_AD_WORDS = (
    "订阅",
    "订报",
    "订购",
    "定价",
    "零售价",
    "邮发代号",
    "发行热线",
    "招商热线",
    "广告热线",
    "新闻热线",
    "服务热线",
    "投稿邮箱",
    "扫一扫",
    "二维码",
    "休刊",
    "全年预计",
    "每期",
    "版面费",
    "周一至周六",
    "周一至周五",
    "出版日",
    "欢迎订阅",
    "客户端下载",
)
_FURNITURE_RES = (
    re.compile(r"^主\s*办\s*\S"),
    re.compile(r"^(?:承办|协办|出品|监制|策划)\s*[:：]?\s*\S"),
    re.compile(r"联合推荐$"),
    re.compile(r"^[（(]?\s*[上下]转\s*第?\s*\d+\s*版\s*[）)]?$"),
    re.compile(r"^[（(]?\s*上接\s*第?\s*\d+\s*版\s*[）)]?$"),
    re.compile(r"^链接\s*[>》＞]+$"),
    re.compile(
        rf"^(?:本版|责任|美术|版式|值班)?(?:编辑|责编|校对|美编|组版|审校|主编|签发)\s*[:：]?\s*[{HAN}\s·、,，]{{0,20}}$"
    ),
    re.compile(r"^第\s*\d+\s*版"),
    re.compile(r"^原标题\s*[:：]"),
    re.compile(r"\d{4}年\d{1,2}月\d{1,2}日\s*星期[一二三四五六日天]"),
)
CONTINUED_RE = re.compile(r"^[（(]?\s*上接\s*第?\s*\d+\s*版\s*[）)]?")

_META_KEYS = r"(?:发布时间|发表时间|发布日期|时间|日期|来源|作者|责任编辑|责编|编辑|浏览次数|阅读量|字号)"
_META_RE = re.compile(rf"{_META_KEYS}\s*[:：]")
_SOURCE_FIELD_RE = re.compile(r"来源\s*[:：]\s*([^\s|｜丨]+)")

KNOWN_SOURCES = (
    "重庆日报",
    "重庆晨报",
    "重庆商报",
    "重庆晚报",
    "重庆时报",
    "华龙网",
    "上游新闻",
    "第1眼TV",
    "重庆发布",
    "新重庆",
    "人民日报",
    "新华社",
    "新华网",
    "人民网",
    "中国网",
    "央视新闻",
    "光明日报",
    "经济日报",
    "中国新闻网",
    "澎湃新闻",
    "川观新闻",
    "四川日报",
)


@dataclass(frozen=True)
class Byline:
    text: str
    leading: bool  # printed before the article it belongs to (□本报记者 …)


def is_image_name(line: str) -> bool:
    return bool(IMAGE_RE.match(line.strip()))


_CAPTION_START_RE = re.compile(r"^(?:图为|图片为|▲|△|↑|上图|下图|左图|右图|图[①②③④⑤⑥1-9]|资料图片)")
_CAPTION_CREDIT_RE = re.compile(rf"[{HAN}·]{{2,4}}\s*(?:摄|摄影|供图)[）)]?$")


def is_photo_credit(line: str) -> bool:
    """A photo credit (何超 摄 · 市住建委供图), or a caption ending in one (图为…。 记者 张三 摄)."""
    text = fold(line.strip())
    short_credit = width(text) <= 30 and not any(mark in text for mark in "。！？")
    if short_credit and any(rx.search(text) for rx in _CREDIT_RES):
        return True
    return width(text) <= 80 and bool(_CAPTION_START_RE.search(text) or _CAPTION_CREDIT_RE.search(text))


def is_furniture(line: str) -> bool:
    """Advertising, subscription notes and page furniture (sponsors, continuation marks, editors)."""
    text = fold(line.strip())
    if not text or width(text) > 60:
        return False
    if any(word in text for word in _AD_WORDS):
        return True
    return any(rx.search(text) for rx in _FURNITURE_RES)


def is_continuation_mark(line: str) -> bool:
    return bool(CONTINUED_RE.match(fold(line.strip())))


def is_meta(line: str) -> bool:
    """A web page's date / source / editor line (发布时间:… 来源:… 责任编辑:…)."""
    text = fold(line.strip())
    return (
        width(text) <= 90
        and len(_META_RE.findall(text)) >= 1
        and (bool(full_date(text)) or "来源" in text or len(_META_RE.findall(text)) >= 2)
    )


def is_bare_date(line: str) -> bool:
    """A line that prints only a date, perhaps beside its publisher (the forms: dates.date_line)."""
    return date_line(line) is not None


def is_place_label(line: str) -> bool:
    """A lone district name printed as a column label (璧山, 垫江)."""
    return fold(line.strip()) in name_table()


def parse_byline(line: str) -> Byline | None:
    raw = line.strip()
    leading = raw[:1] in _LEAD_MARKS
    text = re.sub(r"\s+", " ", raw.lstrip(_LEAD_MARKS).strip())
    inner = text
    if inner[:1] in "（(" and inner[-1:] in "）)":
        inner = inner[1:-1].strip()
    if not inner or width(inner) > 40 or _SENTENCE_MARKS & set(inner):
        return None
    folded = fold(inner)
    if _SLASH_BYLINE_RE.match(folded) or _SLASH_LEAD_RE.match(folded):
        return Byline(inner, leading)
    roles = names = 0
    for token in folded.split(" "):
        if _ROLE_TOKEN_RE.match(token):
            roles += 1
        elif _ROLE_NAME_RE.match(token):
            roles += 1
            names += 1
        elif _NAME_RE.match(token):
            names += 1
        else:
            return None
    if not (roles and names):
        return None
    leading = leading or folded.startswith("本报记者")
    return Byline(inner, leading)


_NEWS_LEAD_RE = re.compile(r"^\s*(?:本报讯|本报[^\s（(]{0,6}电|[^\s（(]{2,6}讯)\s*[（(]([^）)]{2,40})[）)]")


def lead_byline(paragraph: str) -> str | None:
    """The byline inside a news lead: 本报讯（记者 周尤）… gives 记者 周尤."""
    match = _NEWS_LEAD_RE.match(paragraph)
    if match and parse_byline(match.group(1)):
        return match.group(1).strip()
    return None


def starts_news_lead(paragraph: str) -> bool:
    return bool(re.match(r"^\s*(?:本报讯|本报[^\s，,]{0,6}电|[\u4e00-\u9fff]{2,6}讯\s*[（(])", paragraph))


def find_source(text: str) -> str | None:
    """A newspaper or site named in a metadata, byline or furniture line."""
    folded = fold(text)
    field = _SOURCE_FIELD_RE.search(folded)
    if field:
        # Keep the original script of the name as printed.
        start = field.start(1)
        return text[start : start + len(field.group(1))]
    for name in KNOWN_SOURCES:
        if name in folded:
            return name
    return None
