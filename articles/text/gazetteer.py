"""Chongqing's 38 区县: names, short names, Traditional forms, former names, landmarks and traps.

Everything here is Simplified unless it is a Traditional form: matching folds text to
Simplified first (see chinese.fold), so Traditional forms are kept only for display and search.
"""

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Region:
    slug: str
    name: str
    order: int


REGIONS = (
    Region("zhongxin-chengqu", "中心城区", 1),
    Region("zhucheng-xinqu", "主城新区", 2),
    Region("yudongbei", "渝东北", 3),
    Region("yudongnan", "渝东南", 4),
)
REGION_BY_SLUG = {region.slug: region for region in REGIONS}


@dataclass(frozen=True)
class DistrictInfo:
    name: str  # canonical, e.g. 渝中区
    short: str  # e.g. 渝中
    traditional: str  # e.g. 渝中區
    slug: str  # pinyin, for URLs
    region: str  # Region.slug
    former: tuple[str, ...] = field(default=())
    # A short name that is also an everyday word (南岸 "south bank", 长寿 "long life") counts
    # only when the article names the district in full somewhere too.
    ambiguous_short: bool = False
    # Areas a district governs under names of their own (万盛经开区, once 万盛区, is 綦江区's).
    areas: tuple[str, ...] = field(default=())


def _d(name, short, trad, slug, region, former=(), ambiguous=False, areas=()):
    return DistrictInfo(name, short, trad, slug, region, tuple(former), ambiguous, tuple(areas))


DISTRICTS = (
    _d("渝中区", "渝中", "渝中區", "yuzhong", "zhongxin-chengqu"),
    _d("大渡口区", "大渡口", "大渡口區", "dadukou", "zhongxin-chengqu"),
    _d("江北区", "江北", "江北區", "jiangbei", "zhongxin-chengqu", ambiguous=True),
    _d("沙坪坝区", "沙坪坝", "沙坪壩區", "shapingba", "zhongxin-chengqu"),
    _d("九龙坡区", "九龙坡", "九龍坡區", "jiulongpo", "zhongxin-chengqu"),
    _d("南岸区", "南岸", "南岸區", "nanan", "zhongxin-chengqu", ambiguous=True),
    _d("北碚区", "北碚", "北碚區", "beibei", "zhongxin-chengqu"),
    _d("渝北区", "渝北", "渝北區", "yubei", "zhongxin-chengqu", ["江北县"]),  # 江北县 became 渝北区 in 1994
    _d("巴南区", "巴南", "巴南區", "banan", "zhongxin-chengqu", ["巴县"]),
    _d("涪陵区", "涪陵", "涪陵區", "fuling", "zhucheng-xinqu", ["涪陵市", "涪州"]),
    _d("长寿区", "长寿", "長壽區", "changshou", "zhucheng-xinqu", ["长寿县"], ambiguous=True),
    _d("江津区", "江津", "江津區", "jiangjin", "zhucheng-xinqu", ["江津市", "江津县"]),
    _d("合川区", "合川", "合川區", "hechuan", "zhucheng-xinqu", ["合川市", "合川县", "合州"]),
    _d("永川区", "永川", "永川區", "yongchuan", "zhucheng-xinqu", ["永川市", "永川县"]),
    _d("南川区", "南川", "南川區", "nanchuan", "zhucheng-xinqu", ["南川市", "南川县"]),
    _d(
        "綦江区",
        "綦江",
        "綦江區",
        "qijiang",
        "zhucheng-xinqu",
        ["綦江县", "万盛区"],
        areas=["万盛经开区", "万盛经济技术开发区"],
    ),
    _d(
        "大足区",
        "大足",
        "大足區",
        "dazu",
        "zhucheng-xinqu",
        ["大足县", "双桥区"],
        areas=["双桥经开区", "双桥经济技术开发区"],
    ),
    _d("璧山区", "璧山", "璧山區", "bishan", "zhucheng-xinqu", ["璧山县"]),
    _d("铜梁区", "铜梁", "銅梁區", "tongliang", "zhucheng-xinqu", ["铜梁县"]),
    _d("潼南区", "潼南", "潼南區", "tongnan", "zhucheng-xinqu", ["潼南县"]),
    _d("荣昌区", "荣昌", "榮昌區", "rongchang", "zhucheng-xinqu", ["荣昌县"]),
    _d("万州区", "万州", "萬州區", "wanzhou", "yudongbei", ["万县", "万县市"]),
    _d("开州区", "开州", "開州區", "kaizhou", "yudongbei", ["开县"]),
    _d("梁平区", "梁平", "梁平區", "liangping", "yudongbei", ["梁平县"]),
    _d("城口县", "城口", "城口縣", "chengkou", "yudongbei"),
    _d("丰都县", "丰都", "豐都縣", "fengdu", "yudongbei"),
    _d("垫江县", "垫江", "墊江縣", "dianjiang", "yudongbei"),
    _d("忠县", "忠县", "忠縣", "zhongxian", "yudongbei", ["忠州"]),
    _d("云阳县", "云阳", "雲陽縣", "yunyang", "yudongbei"),
    _d("奉节县", "奉节", "奉節縣", "fengjie", "yudongbei", ["夔州"]),
    _d("巫山县", "巫山", "巫山縣", "wushan", "yudongbei"),
    _d("巫溪县", "巫溪", "巫溪縣", "wuxi", "yudongbei"),
    _d("黔江区", "黔江", "黔江區", "qianjiang", "yudongnan", ["黔江县"]),
    _d("武隆区", "武隆", "武隆區", "wulong", "yudongnan", ["武隆县"]),
    _d("石柱土家族自治县", "石柱", "石柱土家族自治縣", "shizhu", "yudongnan", ["石柱县"], ambiguous=True),
    _d("秀山土家族苗族自治县", "秀山", "秀山土家族苗族自治縣", "xiushan", "yudongnan", ["秀山县"]),
    _d("酉阳土家族苗族自治县", "酉阳", "酉陽土家族苗族自治縣", "youyang", "yudongnan", ["酉阳县"]),
    _d("彭水苗族土家族自治县", "彭水", "彭水苗族土家族自治縣", "pengshui", "yudongnan", ["彭水县"]),
)
DISTRICT_BY_NAME = {d.name: d for d in DISTRICTS}

# Well-known places that put an article in a district when it names no district at all.
LANDMARKS = {
    "解放碑": "渝中区",
    "洪崖洞": "渝中区",
    "朝天门": "渝中区",
    "人民大礼堂": "渝中区",
    "李子坝": "渝中区",
    "观音桥": "江北区",
    "江北嘴": "江北区",
    "江北国际机场": "渝北区",
    "江北机场": "渝北区",
    "重庆江北国际机场": "渝北区",
    "礼嘉": "渝北区",
    "悦来": "渝北区",
    "园博园": "渝北区",
    "磁器口": "沙坪坝区",
    "三峡广场": "沙坪坝区",
    "歌乐山": "沙坪坝区",
    "杨家坪": "九龙坡区",
    "黄桷坪": "九龙坡区",
    "南滨路": "南岸区",
    "缙云山": "北碚区",
    "白鹤梁": "涪陵区",
    "长寿湖": "长寿区",
    "钓鱼城": "合川区",
    "金佛山": "南川区",
    "大足石刻": "大足区",
    "仙女山": "武隆区",
    "天生三桥": "武隆区",
    "芙蓉洞": "武隆区",
    "白帝城": "奉节县",
    "张飞庙": "云阳县",
    "汉丰湖": "开州区",
    "红池坝": "巫溪县",
    "黄水镇": "石柱土家族自治县",
    "龚滩古镇": "酉阳土家族苗族自治县",
    # Sights known across the country, each in one district: 十八梯 is 渝中's as 夔门 is 奉节's.
    "十八梯": "渝中区",
    "湖广会馆": "渝中区",
    "鹅岭": "渝中区",
    "红岩村": "渝中区",
    "长江索道": "渝中区",
    "三峡博物馆": "渝中区",
    "白公馆": "沙坪坝区",
    "渣滓洞": "沙坪坝区",
    "重庆大剧院": "江北区",
    "南山一棵树": "南岸区",
    "金刀峡": "北碚区",
    "北温泉": "北碚区",
    "四面山": "江津区",
    "宝顶山": "大足区",
    "北山石刻": "大足区",
    "安居古城": "铜梁区",
    "黑山谷": "綦江区",
    "万盛石林": "綦江区",
    "万州大瀑布": "万州区",
    "双桂堂": "梁平区",
    "百里竹海": "梁平区",
    "雪玉洞": "丰都县",
    "石宝寨": "忠县",
    "龙缸": "云阳县",
    "夔门": "奉节县",
    "瞿塘峡": "奉节县",
    "小寨天坑": "奉节县",
    "三峡之巅": "奉节县",
    "巫峡": "巫山县",
    "小三峡": "巫山县",
    "神女峰": "巫山县",
    "阿依河": "彭水苗族土家族自治县",
    "摩围山": "彭水苗族土家族自治县",
    "蚩尤九黎城": "彭水苗族土家族自治县",
}

# Longer words that contain a district name without meaning the district. Segmenting with
# these in the dictionary keeps the short name from being cut out of them.
TRAPS = (
    "成渝中线",
    "长江北岸",
    "长江南岸",
    "江北岸",
    "江南岸",
    "南岸边",
    "长寿命",
    "石柱子",
)


@functools.cache
def name_table() -> dict[str, str]:
    """Every surface form (Simplified) that names a district, mapped to its canonical name."""
    table: dict[str, str] = {}
    for d in DISTRICTS:
        for form in (d.name, d.short, *d.former, *d.areas):
            table[form] = d.name
    return table


def dictionary_words() -> list[str]:
    """Words a segmenter must keep whole: names, former names, landmarks and traps."""
    return sorted({*name_table(), *LANDMARKS, *TRAPS}, key=len, reverse=True)


# Names of one place that a reader uses for each other: a search for one finds the others.
# Each name is in the segmenter's dictionary (LANDMARKS), so a query keeps it whole.
PLACE_ALIASES = (("江北国际机场", "江北机场", "重庆江北国际机场"),)


FEATURES_DATA = Path(__file__).with_name("data") / "chongqing_features.csv"


@functools.cache
def features() -> dict[str, tuple[str, ...]]:
    """Rivers, ranges, products and neighbouring places → the districts they belong to or border.

    Too widespread to place an article, enough to tell which district a shared town name means.
    """
    with FEATURES_DATA.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        table = {row["feature"]: tuple(row["districts"].split(";")) for row in rows}
    unknown = {d for districts in table.values() for d in districts} - set(DISTRICT_BY_NAME)
    if unknown:
        raise ValueError(f"{FEATURES_DATA.name} names unknown districts: {sorted(unknown)}")
    return table
