"""Rebuild articles/text/data/chongqing_towns.csv from a git copy of modood/Administrative-divisions-of-China.

    git clone https://github.com/modood/Administrative-divisions-of-China adc
    .venv/bin/python scripts/make_chongqing_towns.py adc/.git

Keeps Chongqing's 乡镇街道 (area codes 5001…, 5002…) and names each one's district as the
gazetteer does. The repository's data are the National Bureau of Statistics' 统计用区划代码.
"""

import csv
import io
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.text.gazetteer import DISTRICT_BY_NAME  # noqa: E402

OUT = ROOT / "articles" / "text" / "data" / "chongqing_towns.csv"
# Areas the statistics list apart from a district in some editions: 万盛 is governed by 綦江区;
# the 两江新区 and 高新区 are development zones over several districts, not districts.
AREA_TO_DISTRICT = {"万盛经济技术开发区": "綦江区", "万盛区": "綦江区"}
NOT_DISTRICTS = ("两江新区", "高新区", "重庆高新技术产业开发区")


def _show(git_dir: str, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], capture_output=True, text=True, check=True).stdout


def main(git_dir: str) -> None:
    commit, date = _show(git_dir, "log", "-1", "--format=%H %cs", "HEAD").split()
    areas = {
        row["code"]: row["name"]
        for row in csv.DictReader(io.StringIO(_show(git_dir, "show", "HEAD:dist/areas.csv")))
        if row["code"].startswith(("5001", "5002"))
    }
    rows = []
    for row in csv.DictReader(io.StringIO(_show(git_dir, "show", "HEAD:dist/streets.csv"))):
        area = areas.get(row["areaCode"])
        if area is None or area.startswith(NOT_DISTRICTS):
            continue
        district = AREA_TO_DISTRICT.get(area, area)
        if district not in DISTRICT_BY_NAME:
            raise SystemExit(f"unknown area {area!r} ({row['areaCode']})")
        rows.append((row["code"], row["name"], district))
    rows.sort()
    with OUT.open("w", encoding="utf-8", newline="") as out:
        out.write(
            f"# Source: github.com/modood/Administrative-divisions-of-China commit {commit} ({date}), "
            "dist/streets.csv + dist/areas.csv: 国家统计局 统计用区划代码 (截止 2022-10-31). "
            "Repository licence WTFPL; the codes are public government statistics.\n"
        )
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["town", "district"])
        writer.writerows((name, district) for _, name, district in rows)


if __name__ == "__main__":
    main(sys.argv[1])
