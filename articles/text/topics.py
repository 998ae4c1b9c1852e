"""The topic taxonomy and the keyword rules that tag an article with its topics."""

from dataclasses import dataclass

from articles.text.chinese import fold


@dataclass(frozen=True)
class TopicRule:
    slug: str
    name: str
    keywords: tuple[str, ...]


TOPICS = (
    TopicRule(
        "housing",
        "住房与城市更新",
        (
            "保交楼",
            "交房",
            "住房",
            "房地产",
            "老旧小区",
            "城市更新",
            "棚改",
            "危房",
            "公租房",
            "物业",
            "住建",
            "商品房",
            "宜居",
            "旧改",
            "安置房",
            "房屋",
        ),
    ),
    TopicRule(
        "transport",
        "交通出行",
        (
            "轨道交通",
            "云巴",
            "地铁",
            "轻轨",
            "公交",
            "交通",
            "道路",
            "桥梁",
            "隧道",
            "高铁",
            "停车",
            "出行",
            "斑马线",
            "站点",
            "高速公路",
            "航班",
        ),
    ),
    TopicRule(
        "industry",
        "产业与招商",
        (
            "招商引资",
            "产业",
            "制造",
            "投资",
            "工业",
            "签约",
            "开工",
            "产值",
            "经济运行",
            "园区",
            "项目建设",
            "重点项目",
            "企业",
            "营商环境",
            "增加值",
        ),
    ),
    TopicRule(
        "innovation",
        "科技创新",
        (
            "科技",
            "创新",
            "研发",
            "实验室",
            "高新技术",
            "孵化",
            "专利",
            "科学城",
            "智能",
            "数字化",
            "人工智能",
            "大数据",
        ),
    ),
    TopicRule("employment", "就业创业", ("就业", "创业", "人才", "招聘", "岗位", "人社", "技能", "职业教育", "职教")),
    TopicRule(
        "governance",
        "党建与政务",
        (
            "党委",
            "党建",
            "宣讲",
            "巡视",
            "整改",
            "书记",
            "调研",
            "部署",
            "市委",
            "区委",
            "县委",
            "讲话精神",
            "督查",
            "党员",
            "政府",
            "党组",
        ),
    ),
    TopicRule("epidemic", "疫情防控", ("疫情", "防控", "核酸", "新冠", "病例", "防疫", "隔离", "输入")),
    TopicRule(
        "rural",
        "乡村振兴与脱贫攻坚",
        (
            "乡村振兴",
            "脱贫",
            "扶贫",
            "农村",
            "贫困",
            "农户",
            "农业",
            "村民",
            "易地搬迁",
            "攻坚战",
        ),
    ),
    TopicRule(
        "community",
        "基层与社区治理",
        (
            "社区",
            "居民",
            "街道",
            "网格",
            "基层治理",
            "志愿者",
            "老年人",
            "群众",
            "急难愁盼",
            "院坝会",
        ),
    ),
    TopicRule("chengyu", "成渝双城经济圈", ("成渝", "双城经济圈", "川渝", "双城记", "毗邻地区")),
    TopicRule(
        "history",
        "历史与党史",
        (
            "党史",
            "国民党",
            "抗战",
            "红岩",
            "烈士",
            "旧址",
            "革命",
            "新华日报",
            "中共四川省委",
            "解放前",
        ),
    ),
    TopicRule(
        "culture",
        "文化旅游",
        (
            "旅游",
            "文旅",
            "游客",
            "景区",
            "非遗",
            "博物馆",
            "演出",
            "文化节",
            "旅游节",
            "文物",
            "古镇",
        ),
    ),
    TopicRule("ecology", "生态环境", ("生态", "环保", "污水", "污染", "绿色", "长江", "治理攻坚", "碳", "林长制")),
    TopicRule("education", "教育", ("学校", "教育", "学生", "教师", "高校", "大学", "课堂", "招生")),
    TopicRule("health", "医疗健康", ("医疗", "医院", "健康", "医保", "卫生", "患者", "医生")),
    TopicRule("finance", "金融", ("金融", "担保", "融资", "贷款", "银行", "股权", "保函", "授信")),
)
GENERAL = TopicRule("general", "综合", ())
ALL_TOPICS = (*TOPICS, GENERAL)

TITLE_WEIGHT = 3
# A topic must reach this many weighted hits, and this share of the best topic's score.
MIN_SCORE = 4
MIN_SHARE = 0.4
MAX_TOPICS = 3


def topic_scores(headline: str, body: str) -> dict[str, int]:
    head, text = fold(headline), fold(body)
    scores = {}
    for rule in TOPICS:
        score = sum(TITLE_WEIGHT * head.count(k) + text.count(k) for k in rule.keywords)
        if score:
            scores[rule.slug] = score
    return scores


def tag_topics(headline: str, body: str) -> list[str]:
    """Slugs of the article's topics, best first; never empty (综合 when nothing fits)."""
    scores = topic_scores(headline, body)
    if not scores:
        return [GENERAL.slug]
    best = max(scores.values())
    ranked = sorted(scores, key=lambda slug: -scores[slug])
    chosen = [s for s in ranked if scores[s] >= MIN_SCORE and scores[s] >= MIN_SHARE * best][:MAX_TOPICS]
    return chosen or ranked[:1]
