"""A tile map of Chongqing's 38 districts, laid out roughly as they lie (west left, north up).

It is a grid of HTML links, not an SVG: each tile stays a 44 px touch target with legible text on
a phone (the grid scrolls sideways in its box there), and screen readers get a plain list of links.
"""

from dataclasses import dataclass

from django.utils.html import format_html_join

# slug → (column, row), a row of the map to a line so that the table reads as the map lies: the formatter
# is told to leave it alone, or it would put each district on a line of its own.
LAYOUT = {
    "chengkou": (7, 0), "wuxi": (9, 0),
    "kaizhou": (7, 1), "yunyang": (8, 1), "fengjie": (9, 1), "wushan": (10, 1),
    "tongnan": (0, 2), "hechuan": (1, 2), "beibei": (2, 2), "yubei": (3, 2), "changshou": (4, 2),
    "dianjiang": (5, 2), "liangping": (6, 2), "wanzhou": (7, 2),
    "dazu": (0, 3), "tongliang": (1, 3), "shapingba": (2, 3), "jiangbei": (3, 3), "fuling": (4, 3),
    "fengdu": (5, 3), "zhongxian": (6, 3), "shizhu": (7, 3),
    "rongchang": (0, 4), "bishan": (1, 4), "jiulongpo": (2, 4), "yuzhong": (3, 4), "nanan": (4, 4),
    "wulong": (5, 4), "pengshui": (6, 4), "qianjiang": (7, 4),
    "yongchuan": (0, 5), "jiangjin": (1, 5), "dadukou": (2, 5), "banan": (3, 5), "nanchuan": (4, 5),
    "youyang": (7, 5),
    "qijiang": (2, 6), "xiushan": (7, 6),
}  # fmt: skip

# Five shades for districts with articles (shade-1 … shade-5 in site.css, light to dark; white text from
# shade-4 on keeps WCAG AA contrast); shade-0 is a district without any: white, dashed, a muted "0".
LEVELS = 5


@dataclass
class Tile:
    """One district as a link in a CSS grid, placed by column and row (classes col-N and row-N)."""

    slug: str
    label: str
    name: str
    count: int
    col: int
    row: int
    level: int
    url: str


@dataclass
class LegendEntry:
    level: int
    low: int
    high: int

    @property
    def label(self) -> str:
        return f"{self.low}篇" if self.low == self.high else f"{self.low}–{self.high}篇"


def shade(count: int, most: int) -> int:
    if count <= 0 or most <= 0:
        return 0
    return 1 + min(LEVELS - 1, (count * LEVELS - 1) // most)


def tiles(districts) -> list[Tile]:
    """`districts` carry .slug, .short_name, .name, .article_count and get_absolute_url()."""
    districts = list(districts)
    most = max((d.article_count for d in districts), default=0)
    result = []
    for d in districts:
        col, row = LAYOUT[d.slug]
        result.append(
            Tile(
                slug=d.slug,
                label=d.short_name,
                name=d.name,
                count=d.article_count,
                col=col,
                row=row,
                level=shade(d.article_count, most),
                url=d.get_absolute_url(),
            )
        )
    return result


TILE_HTML = (
    '<li class="col-{} row-{}"><a class="tile shade-{}" href="{}" aria-label="{}：{}篇">'
    '<span class="tile-name">{}</span><span class="tile-count">{}</span></a></li>'
)


def tiles_html(tiles: list[Tile]) -> str:
    """The map's 38 list items for includes/district_map.html: written here, as a template loop they were
    a tenth of the home page's cost."""
    rows = ((t.col, t.row, t.level, t.url, t.name, t.count, t.label, t.count) for t in tiles)
    return format_html_join("\n", TILE_HTML, rows)


def legend(tiles: list[Tile]) -> list[LegendEntry]:
    """The range of article counts each shade in use stands for, "0篇" first."""
    most = max((t.count for t in tiles), default=0)
    if most <= 0:
        return [LegendEntry(0, 0, 0)]
    # shade() gives level L to counts c with (5c - 1) // most == L - 1: the lowest is ceil(((L-1)·most + 1) / 5).
    lows = [-(-((level - 1) * most + 1) // LEVELS) for level in range(1, LEVELS + 1)] + [most + 1]
    entries = [LegendEntry(0, 0, 0)]
    for level in range(1, LEVELS + 1):
        low, high = lows[level - 1], lows[level] - 1
        if low <= high:
            entries.append(LegendEntry(level, low, high))
    return entries


def columns() -> int:
    return max(c for c, _ in LAYOUT.values()) + 1


def rows() -> int:
    return max(r for _, r in LAYOUT.values()) + 1
