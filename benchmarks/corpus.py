"""A synthetic corpus of newspaper pages made by recombining the seeds' own sentences.

Each page holds about five articles in the seeds' plain layout (headline, body paragraphs, byline),
under a dated page header, so the importer does its real work: segmentation, re-flow, tagging.
"""

import random
import re
from datetime import date, timedelta
from pathlib import Path

from articles.text.decode import decode_page
from articles.text.gazetteer import DISTRICTS
from articles.text.parse import parse_page

ARTICLES_PER_PAGE = 5
# Sentences that open an article (本报讯, 上接) would start a new one where the recombination puts them.
_LEAD_RE = re.compile(r"^\s*(本报讯|（上接|[（(]记者)")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "明华强军平刚伟芳娜静丽敏燕磊洋勇艳杰涛超"


def seed_material(seeds: Path):
    sentences, titles = [], []
    for path in sorted(seeds.glob("*.txt")):
        text, _ = decode_page(path.read_bytes())
        for article in parse_page(text):
            titles.append(article.title)
            for paragraph in article.body:
                sentences.extend(s + "。" for s in re.split(r"。", paragraph) if len(s) >= 12 and not _LEAD_RE.match(s))
    return sentences, titles


def _name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def article_text(rng, sentences, titles) -> str:
    district = rng.choice(DISTRICTS)
    where = rng.choice([district.name, district.short])
    title = f"{where}：{rng.choice(titles)[:24]}"
    paragraphs = []
    for number in range(rng.randint(4, 9)):
        picked = rng.sample(sentences, rng.randint(2, 4))
        if number == 0:
            picked.insert(0, f"近日，{district.name}召开专题会议，研究部署相关工作。")
        paragraphs.append("".join(picked))
    byline = f"{district.short}区融媒体中心 {_name(rng)} {_name(rng)}" if rng.random() < 0.5 else f"记者 {_name(rng)}"
    return "\n\n".join([title, *paragraphs, byline])


def write_corpus(out: Path, articles: int, seeds: Path, seed: int = 20261124, per_page: int = ARTICLES_PER_PAGE) -> int:
    """Write the pages (per_page articles each, a thousand files a folder); return how many."""
    rng = random.Random(seed)
    sentences, titles = seed_material(seeds)
    out.mkdir(parents=True, exist_ok=True)
    start = date(2021, 1, 1)
    pages = (articles + per_page - 1) // per_page
    for number in range(pages):
        count = min(per_page, articles - number * per_page)
        day = start + timedelta(days=number % 1400)
        header = f"{day.year}年{day.month}月{day.day}日 星期{'一二三四五六日'[day.weekday()]}"
        body = "\n\n\n".join(article_text(rng, sentences, titles) for _ in range(count))
        # A million articles are 200,000 files: folders of a thousand keep each listing short.
        folder = out / f"{number // 1000:04d}"
        folder.mkdir(exist_ok=True)
        (folder / f"page_{number:07d}.txt").write_text(f"{header}\n\n{body}\n", encoding="utf-8")
    return pages
