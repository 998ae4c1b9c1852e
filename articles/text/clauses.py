"""Reading a place name in its clause: said in passing (a distance, where visitors come from, one of a
list of districts) or as a credit; the clause and sentence around it. Pure functions on folded text."""

import re

CLAUSE_END = "，。；！？,;!?：:\n"
SENTENCE_END_RE = re.compile(r"[。；！？;!?\n]")
# 距江北国际机场60公里, 离主城两小时车程: the place is where the distance is measured from.
_DISTANCE_BEFORE_RE = re.compile(r"(?:距离?|离)[^，。、]{0,4}$")
_DISTANCE_AFTER_RE = re.compile(r"公里|千米|小时|分钟|车程|米")
# 来自西安的游客, 从沙坪坝来的, 从达州、万州自驾过来: where people come from.
_FROM_BEFORE_RE = re.compile(r"来自[^，。]{0,6}$")
_FROM_WITH_VERB_RE = re.compile(r"从[^，。从]{0,6}$")
# People coming (来, 赶来, 自驾): a train or cruise setting out from its own district is not this.
_ARRIVAL_AFTER_RE = re.compile(r"^[^，。]{0,12}?(?:来|自驾|开车)")

# A citywide figure lists districts: this many distinct ones joined as a list make each a list item.
# (Set by the citywide items of the dev split, which list 3–5; two named together is usually a
# cooperation story about both.)
LIST_DISTRICTS = 3


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    low = max(text.rfind(c, 0, start) for c in CLAUSE_END) + 1
    highs = [i for i in (text.find(c, end) for c in CLAUSE_END) if i >= 0]
    return low, min(highs, default=len(text))


def is_distance(text: str, start: int, end: int) -> bool:
    low, high = clause_bounds(text, start, end)
    return bool(_DISTANCE_BEFORE_RE.search(text[low:start]) and _DISTANCE_AFTER_RE.search(text[end:high]))


# 巫溪县城, 开州城区: the district's seat.
SEAT_AFTER_RE = re.compile(r"^(?:县|区)?城")


def is_passing(text: str, start: int, end: int) -> bool:
    low, high = clause_bounds(text, start, end)
    before, after = text[low:start], text[end:high]
    if is_distance(text, start, end):
        return True
    if _FROM_BEFORE_RE.search(before):
        return True
    return bool(_FROM_WITH_VERB_RE.search(before) and _ARRIVAL_AFTER_RE.search(after))


# A brief's credit in the text, （开州区融媒体中心 记者 邓某）: the district's own outlet, read as a byline.
_CREDIT_BEFORE_RE = re.compile(r"[（(](?:来源[：:])?$")
_OUTLET_AFTER_RE = re.compile(r"^(?:区|县)?(?:融媒体|[日时晨晚都]?报|发布|电视台|广播)")


def is_credit(text: str, start: int, end: int) -> bool:
    return bool(_CREDIT_BEFORE_RE.search(text[max(0, start - 4) : start]) and _OUTLET_AFTER_RE.search(text[end:]))


def listed_spans(text: str, spans: list[tuple[int, int, str]]) -> set[tuple[int, int]]:
    """Spans of district names in a list: LIST_DISTRICTS or more districts joined by 、/和/与/及, each
    perhaps with a place of its own (渝中区洪崖洞、沙坪坝区磁器口、武隆区天生三桥等景区), and the
    other names of those districts in the same sentence (…，渝中区最多: the same figure).
    万州至开州、万州至云阳 is a route, not a list."""
    listed: set[tuple[int, int]] = set()
    run: list[tuple[int, int, str]] = []
    for span in [*sorted(spans), None]:
        if span and run and _LIST_GAP_RE.fullmatch(text[run[-1][1] : span[0]]):
            run.append(span)
            continue
        if len({d for _, _, d in run}) >= LIST_DISTRICTS:
            low, high = sentence_bounds(text, run[0][0])
            districts = {d for _, _, d in run}
            listed.update((s, e) for s, e, d in spans if d in districts and low <= s < high)
        run = [span] if span else []
    return listed


def sentence_bounds(text: str, at: int) -> tuple[int, int]:
    ends = [m.end() for m in SENTENCE_END_RE.finditer(text)]
    low = max([e for e in ends if e <= at], default=0)
    return low, min([e for e in ends if e > at], default=len(text))


# What stands between two items of a list: an enumerator, perhaps after a place of the district.
_LIST_GAP_RE = re.compile(r"[^，。；！？：\n]{0,6}(?:、|和|与|及|以及)")
