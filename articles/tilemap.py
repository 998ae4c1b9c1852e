"""A tile map of Chongqing's 38 districts, laid out roughly as they lie (west left, north up)."""

from dataclasses import dataclass

# slug → (column, row)
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

TILE = 62
GAP = 4
# Light to dark; text turns white from the fourth shade on, keeping WCAG AA contrast.
SHADES = ("#f3f4f6", "#fde2cf", "#f9b98c", "#e0783f", "#b3471a", "#7a2a0b")
DARK_FROM = 4


@dataclass
class Tile:
    slug: str
    label: str
    name: str
    count: int
    x: int
    y: int
    fill: str
    text_fill: str
    url: str
    size: int = TILE

    @property
    def cx(self) -> int:
        return self.x + TILE // 2

    @property
    def label_y(self) -> int:
        return self.y + 28

    @property
    def count_y(self) -> int:
        return self.y + 47


def shade(count: int, most: int) -> int:
    if count <= 0 or most <= 0:
        return 0
    return 1 + min(len(SHADES) - 2, (count * (len(SHADES) - 1) - 1) // most)


def tiles(districts) -> list[Tile]:
    """`districts` carry .slug, .short_name, .name, .article_count and get_absolute_url()."""
    districts = list(districts)
    most = max((d.article_count for d in districts), default=0)
    result = []
    for d in districts:
        col, row = LAYOUT[d.slug]
        level = shade(d.article_count, most)
        result.append(
            Tile(
                slug=d.slug,
                label=d.short_name,
                name=d.name,
                count=d.article_count,
                x=col * (TILE + GAP),
                y=row * (TILE + GAP),
                fill=SHADES[level],
                text_fill="#ffffff" if level >= DARK_FROM else "#1f2937",
                url=d.get_absolute_url(),
            )
        )
    return result


def size() -> tuple[int, int]:
    cols = max(c for c, _ in LAYOUT.values()) + 1
    rows = max(r for _, r in LAYOUT.values()) + 1
    return cols * (TILE + GAP) - GAP, rows * (TILE + GAP) - GAP
