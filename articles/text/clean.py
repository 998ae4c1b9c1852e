"""Recognise the lines of a page that are not article text, and the metadata lines that are not prose.

Each function takes one line (already stripped) and decides from its shape, never from a
particular page's wording: bylines, photo credits, image file names, advertising and page
furniture, web-page metadata and bare dates.
"""

import re
from dataclasses import dataclass

from articles.text.chinese import HAN, ends_sentence, fold, width
from articles.text.dates import date_line, full_date
from articles.text.gazetteer import name_table

IMAGE_RE = re.compile(r"^[\w\-.()（）]+\.(?:jpe?g|png|gif|webp|bmp|tiff?)$", re.IGNORECASE)

# Who wrote an article; an editor (编辑, 美编) is the page's furniture, not its author.
_ROLE = r"(?:记者|通讯员|实习生|见习记者|融媒体中心|新闻中心|记者站|报道组|撰稿人?|特约作者)"
# Who the role is with (新重庆-重庆晨报记者, 永川区融媒体中心): never a bracket,
# which opens a news lead (本报讯（记者 …) whose byline goes on in the next line.
_AFFILIATED = r"[^\s（）()【】\[\]]{0,14}"
_ROLE_TOKEN_RE = re.compile(rf"^{_AFFILIATED}{_ROLE}$")
_ROLE_NAME_RE = re.compile(rf"^({_AFFILIATED}{_ROLE})([{HAN}·]{{2,4}})$")
_NAME_RE = re.compile(rf"^[{HAN}·]{{2,4}}$")
# The outlet a byline names before its role, set apart by a space: 华龙网-新重庆客户端 记者 黄宇.
_OUTLET_RE = re.compile(rf"^[{HAN}A-Za-z0-9·\-]{{1,16}}(?:网|报|社|客户端|电视台|TV)$")
_SLASH_BYLINE_RE = re.compile(rf"^([{HAN}·\s]{{2,30}}?)\s*[/／]\s*(?:图文|文图|文|图|摄)$")
_SLASH_LEAD_RE = re.compile(rf"^(?:文图|图文|文|图)\s*[/／:：]\s*([{HAN}·\s]{{2,30}})$")
# Words and pictures credited apart: 文/张三 图/李四.
_SLASH_PAIRS_RE = re.compile(rf"^(?:(?:文|图|摄影|摄)\s*[/／:：]\s*[{HAN}·]{{2,4}}\s*){{2,3}}$")
LEAD_MARKS = _LEAD_MARKS = "□■●◎◆▲◇○"
_SENTENCE_MARKS = set("，。！？；：,;!?")

_CREDIT_RES = (
    re.compile(rf"^[{HAN}·\s]{{2,12}}(?:摄|摄影|拍摄|摄影报道)$"),
    re.compile(rf"^[{HAN}·\s]{{0,10}}[（(][{HAN}·\s]{{2,12}}(?:摄|摄影)[）)]$"),  # 新华社发（邓刚 摄）
    re.compile(r"供图$"),
    re.compile(r"^(?:特约|本报)?(?:摄影|摄影记者)\s*[:：]?\s*\S"),
    re.compile(r"^图片\s*[:：/／]\s*\S"),  # 图片：张三 (but not 图片新闻｜…, a headline)
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
    # A web page's furniture around its article: sharing, following, neighbours, navigation, widgets.
    re.compile(r"^(?:分享到|分享至|转发到)\s*[:：]?"),
    re.compile(r"^(?:上一篇|下一篇)\s*[:：]"),
    re.compile(r"^(?:当前位置|您的位置|你的位置)\s*[:：]"),
    re.compile(r"^首页\s*[>＞»/]"),
    re.compile(r"\S\s*[>＞»]\s*\S+\s*[>＞»]\s*\S"),  # a breadcrumb trail: 首页 > 区县 > 正文
    re.compile(r"^[^|｜]{1,12}(?:\s*[|｜]\s*[^|｜]{1,8}){3,}$"),  # a menu: 首页 | 新闻 | 区县 | 视频
    re.compile(r"^(?:[【\[]\s*[^【】\[\]]{1,4}\s*[】\]]\s*)+$"),  # 【纠错】 【打印】 【关闭】
    re.compile(rf"^[【\[（(]\s*(?:责任编辑|编辑|责编)\s*[:：]?\s*[{HAN}·\s]{{2,12}}[】\]）)]$"),  # 【编辑:李岩】
    re.compile(r"版权所有|不得转载|未经授权|关闭窗口|打印本页|^返回顶部"),
    re.compile(r"^(?:相关|推荐|延伸|热门|更多)(?:阅读|新闻|推荐|视频|文章|报道)(?:\S{0,4}$|\s*[:：])"),
    re.compile(r"(?:APP|客户端)(?:下载)?$", re.IGNORECASE),
    re.compile(r"^(?:下载|打开)\S{0,8}(?:APP|客户端)", re.IGNORECASE),
    # A web page's <title> printed as a line: the headline, a separator, the site.
    re.compile(r"(?:\s[-_]\s|[_｜|])\s*\S{1,12}(?:网|报|新闻|客户端|融媒|融媒体中心|发布|局|委|政府|TV|频道)$"),
    # A video player's widgets: 0:00 / 2:31, 视频时长 01:58, 播放次数 8.6万, 点赞, 视频加载中….
    re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?\s*/\s*\d{1,2}:\d{2}(?::\d{2})?$"),
    re.compile(r"^(?:视频时长|时长|播放次数|播放量|阅读量|浏览量|点赞|评论|转发|收藏)\s*[:：]?\s*[\d.:]+\s*万?$"),
    re.compile(r"^(?:点赞|评论|转发|收藏|分享|参与互动|我要评论|视频加载中\S{0,3})$"),
    re.compile(r"^视频来源\s*[:：]|^\S{0,6}视频$"),
    re.compile(r"^[·•]\s*[^。！？]{4,40}$"),  # a list of links to other articles
    re.compile(r"^[^，。]{0,14}(?:电话|热线)\s*[:：]\s*(?:\d{3,4}[-－])?\d{7,8}$"),  # 房产广告 咨询电话：023-…
)
# Links to the neighbouring articles (上一篇：… 下一篇：…) are as wide as the headlines they print, two of them
# on one line past any width cap; no sentence (。) or paragraph starts with these words and a colon.
_NEIGHBOURS_RE = re.compile(r"^(?:[上下]一[篇条则])\s*[:：][^。]{0,130}$")
# Words an advertisement or a widget is made of, which prose may use too (自己定价，好果子…; 扫码取走了…).
_WIDGET_RE = re.compile(r"^(?:扫码|扫描二维码|长按(?:识别)?二维码|关注我们|点击关注)")
# A clause or sentence mark between Han words: a line of wrapped prose, not an advertisement.
_PROSE_INSIDE_RE = re.compile(rf"[{HAN}][，。；][{HAN}]")
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


# A web page's stand-in for a picture it did not keep: [图片], 【图】, <image>, （图1）.
_IMAGE_PLACEHOLDER_RE = re.compile(
    r"^[\[【〔<（(]\s*(?:图片|图|照片|组图|image|img|photo|picture)\s*\d{0,3}\s*[\]】〕>）)]$", re.IGNORECASE
)


def is_image_name(line: str) -> bool:
    """An image file name, or the placeholder a web page prints where a picture was."""
    text = line.strip()
    return bool(IMAGE_RE.match(text) or _IMAGE_PLACEHOLDER_RE.match(fold(text)))


# Openings that only captions use: 图为…, ▲…, 上图…, 资料图片…, Xinhua's 这是…拍摄的….
_CAPTION_START_RE = re.compile(r"^(?:图为|图片为|▲|△|↑|上图|下图|左图|右图|图[①②③④⑤⑥1-9]|资料图片|这是.{0,24}?拍摄的)")
# Said only of a photograph: 新华社's （无人机照片）, 航拍 in brackets.
_PHOTO_NOTE_RE = re.compile(r"[（(](?:无人机照片|无人机航拍|航拍|资料图片|手机拍摄)[）)]")
# Where a credit may begin after a caption's text: after a sentence's end, a bracket or a space.
_CREDIT_CUT_RE = re.compile(r"(?<=[。！？!?）)\s])")
# A caption is short: the corpus's longest is 49 characters, Xinhua's run to about 100.
CAPTION_MAX_WIDTH = 110


def is_photo_credit(line: str) -> bool:
    """A photo credit alone (何超 摄 · 市住建委供图 · 新华社发（邓刚 摄））: furniture that names a photographer."""
    text = fold(line.strip())
    if width(text) > 30 or any(mark in text for mark in "。！？"):
        return False
    return any(rx.search(text) for rx in _CREDIT_RES)


def split_caption_credit(line: str) -> tuple[str, str] | None:
    """A caption that ends in its photographer's credit, as (caption, credit):
    ……在花海中奔跑。新华社记者 黄伟 摄 → (……在花海中奔跑。, 新华社记者 黄伟 摄). None for anything else."""
    text = line.strip()
    if width(text) > CAPTION_MAX_WIDTH + 30:
        return None
    for match in _CREDIT_CUT_RE.finditer(text):
        caption, credit = text[: match.start()].strip(), text[match.start() :].strip()
        # The caption must say something (a sentence, or a phrase of a few words), not be a name.
        if credit and is_photo_credit(credit) and (ends_sentence(caption) or width(caption) >= 8):
            return caption, credit
    return None


def is_caption(text: str) -> bool:
    """A photo caption by its own words: an opening only captions use, or a note only photographs get."""
    folded = fold(text.strip())
    return width(folded) <= CAPTION_MAX_WIDTH and bool(
        _CAPTION_START_RE.search(folded) or _PHOTO_NOTE_RE.search(folded)
    )


def is_furniture(line: str) -> bool:
    """Advertising, subscription notes and page furniture (sponsors, continuation marks, editors)."""
    text = fold(line.strip())
    if _NEIGHBOURS_RE.match(text):
        return True
    if not text or width(text) > 60:
        return False
    if text in KNOWN_SOURCES:  # a masthead: 重庆晨报
        return True
    if not _PROSE_INSIDE_RE.search(text) and (any(word in text for word in _AD_WORDS) or _WIDGET_RE.search(text)):
        return True
    brand = _DISTRICT_MEDIA_RE.match(text)
    if brand and brand.group(1) in name_table():  # a district's own media printed alone: 永川网, 南川发布
        return True
    return any(rx.search(text) for rx in _FURNITURE_RES)


_DISTRICT_MEDIA_RE = re.compile(r"^(\S{2,8}?)(?:网|发布|日报|新闻网|融媒|融媒体中心|手机台|电视台|客户端)$")


def is_continuation_mark(line: str) -> bool:
    return bool(CONTINUED_RE.match(fold(line.strip())))


def is_meta(line: str) -> bool:
    """A web page's date / source / editor line (发布时间:… 来源:… 责任编辑:…), also without field names:
    a publisher beside a time stamp (南川区融媒体中心 2024-09-03), a publisher's name alone (南川发布), or
    the browser-title line above a headline (标题_华龙网)."""
    text = fold(line.strip())
    if width(text) > 90:
        return False
    stamped = _STAMPED_RE.match(text)
    if (stamped and is_publisher(stamped["a"] or stamped["b"])) or is_publisher(text) or browser_title(text):
        return True
    return len(_META_RE.findall(text)) >= 1 and (
        bool(full_date(text)) or "来源" in text or len(_META_RE.findall(text)) >= 2
    )


# A publisher names itself by what it is: a site (网), a government account (发布), a paper (报),
# a district's media centre, an agency (社), a broadcaster or an app.
_PUBLISHER_END = r"(?:网|发布|报|社|新闻|融媒体中心|客户端|电视台|广播电视台|TV)"
_PUBLISHER_RE = re.compile(rf"^[{HAN}A-Za-z0-9·\-]{{1,14}}{_PUBLISHER_END}$")
_STAMP = (
    r"(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}-\d{1,2}(?=\s+\d{1,2}:\d{2}))(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)
_SEPARATOR = r"\s*[|｜丨]?\s*"
_STAMPED_RE = re.compile(rf"^(?P<a>\S{{2,16}}){_SEPARATOR}{_STAMP}$|^{_STAMP}{_SEPARATOR}(?P<b>\S{{2,16}})$")
_BROWSER_TITLE_RE = re.compile(r"^(?P<title>.{4,60})\s*(?:_|\s-\s|[｜|])\s*(?P<site>\S{2,16})$")


_AUTHOR_FIELD_RE = re.compile(r"作者\s*[:：]\s*(.+?)\s*(?:\s[|｜丨]|\s{2,}|$)")


def meta_byline(line: str) -> str | None:
    """The author a metadata line names: 发布时间：… 来源：上游新闻  作者：记者 陈鹏飞 gives 记者 陈鹏飞."""
    match = _AUTHOR_FIELD_RE.search(line)
    if not match:
        return None
    author = match.group(1).strip()
    names_only = all(_NAME_RE.match(token) for token in fold(author).split(" "))
    return author if parse_byline(author) or names_only else None


def is_publisher(text: str) -> bool:
    """A line that is only a publisher's name: 华龙网, 南川发布, 酉阳县融媒体中心, 重庆日报."""
    name = fold(text.strip())
    if name in KNOWN_SOURCES:
        return True
    if not _PUBLISHER_RE.match(name):
        return False
    # Anything else must be a place's own outlet (南川发布, 垫江网): a headline seldom ends in 网 or 报.
    stem = re.sub(rf"{_PUBLISHER_END}$", "", name)
    return any(stem.startswith(place) for place in name_table() if len(place) >= 2) and len(stem) <= 6


def browser_title(text: str) -> bool:
    """The browser-title line a saved web page prints above its headline: 标题_华龙网, 标题 - 上游新闻."""
    match = _BROWSER_TITLE_RE.match(fold(text.strip()))
    return bool(match) and is_publisher(match["site"])


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
    if _SLASH_BYLINE_RE.match(folded) or _SLASH_LEAD_RE.match(folded) or _SLASH_PAIRS_RE.match(folded):
        return Byline(inner, leading)
    roles = names = 0
    tokens = folded.split(" ")
    if len(tokens) > 2 and _OUTLET_RE.match(tokens[0]) and _ROLE_TOKEN_RE.match(tokens[1]):
        tokens = tokens[1:]
    for token in tokens:
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


# A site's lead names its time too: 华龙网4月19日7时讯（记者 …）, 中新网重庆4月15日电（记者 …）.
_NEWS_LEAD_RE = re.compile(r"^\s*(?:本报讯|本报[^\s（(]{0,6}电|[^\s（(，,。]{2,20}?[讯电])\s*[（(]([^）)]{2,40})[）)]")


def lead_byline(paragraph: str) -> str | None:
    """The byline inside a news lead: 本报讯（记者 周尤）… gives 记者 周尤."""
    folded = fold(paragraph)  # 香港文匯報訊（記者 孟冰）
    match = _NEWS_LEAD_RE.match(folded)
    if match and parse_byline(match.group(1)):
        # As printed, when folding kept the length (it does, character for character).
        found = paragraph[match.start(1) : match.end(1)] if len(folded) == len(paragraph) else match.group(1)
        return found.strip()
    return None


# In either script: a Traditional page's lead (本報訊, 香港文匯報訊（記者 …）) opens an article as well.
_STARTS_NEWS_LEAD_RE = re.compile(
    r"^\s*(?:本[报報][讯訊]|本[报報][^\s，,]{0,6}[电電]|[\u4e00-\u9fff]{2,6}[讯訊]\s*[（(])"
)


def starts_news_lead(paragraph: str) -> bool:
    return bool(_STARTS_NEWS_LEAD_RE.match(paragraph))


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


_TRAILING_BYLINE_RE = re.compile(r"[。！？”][（(]([^（）()]{2,40})[）)]\s*$")


def ends_with_byline(paragraph: str) -> bool:
    """A paragraph closed by its byline in brackets: …20万人次。（石柱县融媒体中心 冉丽）, or by the outlet
    alone that wrote it (…至夜间22时。（巫山县融媒体中心）): either credit is a brief's last words."""
    match = _TRAILING_BYLINE_RE.search(paragraph)
    return bool(match) and (parse_byline(match.group(1)) is not None or is_publisher(match.group(1)))
