"""An article's structure from the page: captions kept as captions, sub-heads as sub-heads, transcripts
as text, and the page's furniture (credits, sharing, following, navigation) left out. No database."""

from articles.text import clean
from articles.text.blocks import Block, to_blocks
from articles.text.layout import Kind, units
from articles.text.parse import parse_page

PHOTO_STORY = """首页 > 区县 > 正文

南山樱花进入盛花期
2024-03-18 10:20  来源：新华网

[图片]
3月17日，市民在南山植物园的樱花林中拍照。新华社记者 周明远 摄
3月17日，一名游客在樱花树下休息（无人机照片）。新华社记者 周明远 摄
　　新华社重庆3月18日电 连日来，南山植物园数千株樱花陆续盛开，粉白相间的花海吸引大批市民游客前来赏花踏青，园区延长了开放时间。
IMG_2041.jpg
园区工作人员在樱花林步道旁维护秩序
周明远 摄

分享到：
扫码关注客户端
上一篇：江北嘴夜景灯光秀升级  下一篇：长江索道恢复夜间运营
【纠错】 【打印】 【关闭】
"""


def _only(text):
    (article,) = parse_page(text)
    return article


def test_a_caption_ending_in_a_credit_is_kept_as_a_caption_and_the_credit_names_the_photographer():
    article = _only(PHOTO_STORY)
    captions = [b.text for b in to_blocks(article.body_text) if b.role == "caption"]
    assert captions[:2] == [
        "3月17日，市民在南山植物园的樱花林中拍照。",
        "3月17日，一名游客在樱花树下休息（无人机照片）。",
    ]
    assert "摄" not in article.plain_text
    assert "周明远" in article.byline
    assert article.title == "南山樱花进入盛花期"


def test_a_line_printed_between_a_picture_and_its_credit_is_a_caption():
    blocks = to_blocks(_only(PHOTO_STORY).body_text)
    assert blocks[-1] == Block("caption", "园区工作人员在樱花林步道旁维护秩序")
    assert [b.role for b in blocks] == ["caption", "caption", "p", "caption"]


def test_credit_lines_image_names_and_web_furniture_are_left_out():
    body = _only(PHOTO_STORY).plain_text
    for noise in ("周明远 摄", "IMG_2041", "[图片]", "扫码关注", "分享到", "上一篇", "纠错", "首页"):
        assert noise not in body, noise


def test_caption_and_credit_recognisers():
    assert clean.split_caption_credit("图为开通当天驶入站台的列车。 记者 张三 摄") == (
        "图为开通当天驶入站台的列车。",
        "记者 张三 摄",
    )
    assert clean.split_caption_credit("孩子们在草地上放风筝 王林 摄") == ("孩子们在草地上放风筝", "王林 摄")
    assert clean.split_caption_credit("8月6日，农机手在田间收割水稻。新华社发（邓刚 摄）")[1] == "新华社发（邓刚 摄）"
    assert clean.split_caption_credit("记者 张三 摄") is None
    assert clean.is_photo_credit("记者 张三 摄") and clean.is_photo_credit("新华社发（邓刚 摄）")
    assert not clean.is_photo_credit("图片新闻｜中欧班列繁忙运行")
    assert clean.is_image_name("[圖片]") and clean.is_image_name("【图片】")
    assert clean.is_caption("图为村民在晾晒稻谷") and not clean.is_caption("村民在晾晒稻谷")


def test_web_page_furniture_is_recognised():
    for line in (
        "扫码关注“巴南发布”",
        "分享到：",
        "上一篇：长江索道恢复夜间运营",
        "当前位置：首页 > 区县频道 > 区县新闻",
        "区县融媒首页 | 新闻 | 区县 | 视频 | 图片",
        "【纠错】 【打印】 【关闭】",
        "【编辑:李岩】",
        "上游新闻APP",
        "版权所有 未经授权不得转载",
        "相关阅读",
        "相关新闻：巫山脆李进入采摘季",
        "· 长江索道恢复夜间运营",
        "南山樱花进入盛花期｜中国新闻网",
        "0:00 / 2:31",
        "播放次数 8.6万",
        "房产广告 咨询电话：023-61234567",
        "重庆晨报",
        "永川网",
        "南川发布",
        "新立镇：一颗橙子的全产业链旅程｜忠县融媒体中心",
    ):
        assert clean.is_furniture(line), line
    for prose in ("居民扫码取走了刚下单的蔬菜。", "南山樱花进入盛花期", "图片新闻｜中欧班列繁忙运行", "织密一张网"):
        assert not clean.is_furniture(prose), prose


VIDEO = """璧山枇杷熟了 果农忙采摘
发布时间：2024-05-21 09:00  来源：中国新闻网

【解说】初夏时节，璧山区大路街道的枇杷园里果实挂满枝头，果农们一早就上山采摘、分拣装箱。
【同期】（璧山区大路街道果农 周大姐）
今年雨水匀，果子甜得很，城里好多人开车来摘，一天要卖好几百斤。
【解说】据了解，当地枇杷种植面积已超过两万亩，通过电商直播和采摘游，让果子不愁卖。
【同期】（游客 李先生）
【同期】带娃娃来摘枇杷，既好耍又能吃到新鲜的，明年还要来。

分享到：
"""


def test_a_transcripts_speaker_line_stays_body_and_never_heads_an_article():
    kinds = {u.text: u.kind for u in units(VIDEO)}
    assert kinds["【同期】（璧山区大路街道果农 周大姐）"] is Kind.BODY
    assert kinds["【同期】（游客 李先生）"] is Kind.BODY
    article = _only(VIDEO)
    assert article.title == "璧山枇杷熟了 果农忙采摘"
    body = article.plain_text
    assert "【同期】（游客 李先生）" in body and body.endswith("明年还要来。")
    assert body.startswith("【解说】初夏时节")


EPAPER = "\n".join(
    [
        "老码头变身文化街区",
        "",
        "　　本报讯（记者 周明远）磁器口老码头",
        "的老仓库经过一年改造，老码头文化街区",
        "近日开放，老仓库和老码头吸引市民参观。",
        "",
        "",
        "老仓库有了新用途",
        "",
        "　　老码头边的几座老仓库保留了老码头",
        "的砖墙和木梁，老仓库改成了文化街区的",
        "展览馆和书店，市民在老码头文化街区看",
        "",
        "",
        "",
        "改造后的码头仓库",
        "",
        "展、读书，在老仓库边欣赏老码头江景。",
        "",
        "　　文化街区负责人介绍，老码头文化街区",
        "还将引入手工作坊，让老码头老仓库的故",
        "事在文化街区继续讲下去。",
    ]
)


def test_a_sub_head_is_marked_and_a_caption_set_off_for_its_picture_is_kept_after_its_paragraph():
    article = _only(EPAPER)
    blocks = to_blocks(article.body_text)
    assert Block("subhead", "老仓库有了新用途") in blocks
    broken = "老码头边的几座老仓库保留了老码头的砖墙和木梁，老仓库改成了文化街区的展览馆和书店，市民在老码头文化街区看展、读书，在老仓库边欣赏老码头江景。"
    roles = [(b.role, b.text.strip("　 ")) for b in blocks]
    assert roles.index(("p", broken)) + 1 == roles.index(("caption", "改造后的码头仓库"))


def test_links_to_both_neighbouring_articles_on_one_long_line_are_furniture_not_an_article():
    # Two long headlines side by side run past the width any other furniture line has.
    neighbours = (
        "上一篇：1938年5月3日：民生公司的轮船在宜昌江面抢运第一批内迁物资  "
        "下一篇：市政府常务会议研究部署山区库区强县富民 推动特色产业提质增效"
    )
    page = f"""北碚缙云山步道完成提档升级
2024-05-06 09:10  来源：北碚发布

　　5月5日，缙云山环山步道提档升级工程完工，新铺设的透水步道全长12公里，沿途增设了观景台和休息亭。

{neighbours}
"""
    assert clean.is_furniture(neighbours)
    (article,) = parse_page(page)
    assert "上一篇" not in article.plain_text
