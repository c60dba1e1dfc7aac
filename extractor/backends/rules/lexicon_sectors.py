"""Sector of a quantified item (GUIDELINES.md's 13 ids) by keyword.

The subject decides first; when it names nothing a sector owns ("项目",
"投资"), its clause decides, then the sentence before it ("实施生态修复项目
12个，完成投资6300万元"), and last the headings of its section.  Within one text the longest
keyword wins, so "乡村旅游" is tourism and not the 乡村 of urban_rural.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...schema import Sector
from .lexicon_regex import alternation

_KEYWORDS: dict[Sector, tuple[str, ...]] = {
    Sector.economy: (
        "招商引资", "市场主体", "消费", "商贸", "限上", "规上服务业", "服务业企业", "个转企",
        "升规", "贷款", "金融", "税", "减税降费", "营业收入", "利润", "电商", "签约",
        "重点项目", "改革", "援藏", "援青", "对口支援", "营商", "民营", "建筑业", "经济总量",
        "外贸", "进出口", "物流", "供销", "融资", "上市", "国企", "国有企业", "飞地",
        "财政", "税费", "固定资产投资",
        "招商", "到位资金", "消费券", "普惠",
    ),
    Sector.industry_energy: (
        "清洁能源", "光伏", "风电", "水电", "电站", "抽蓄", "抽水蓄能", "装机", "发电",
        "电网", "电力", "输变电", "矿", "锂", "工业", "制造业", "专精特新", "规上企业",
        "储能", "能源", "天然气", "氢", "产业园", "工业园", "中小企业", "成长型",
        "园区", "开发区", "高新区", "经开区",
    ),
    Sector.agriculture: (
        "农田", "耕地", "粮食", "牦牛", "生猪", "牛", "羊", "饲草", "养殖", "种植",
        "农产品", "有机", "两品一标", "三品一标", "农业", "畜", "果蔬", "食用菌", "中药材",
        "葡萄", "青稞", "油菜", "良种", "化肥", "农药", "合作社", "家庭农场", "农牧业",
        "播种", "种业", "肉", "蛋", "奶", "牧场", "红酒", "鲜草", "屠宰", "种质", "农作物",
        "农机", "渔", "茶", "林下", "特色产业", "种牛", "禽", "涉农",
    ),
    Sector.tourism_culture: (
        "旅游", "游客", "景区", "博物馆", "文化", "非遗", "文艺", "图书馆", "广播", "电视",
        "体育", "运动会", "金牌", "银牌", "铜牌", "节会", "文物", "遗产", "演出", "影视",
        "文创", "民宿", "赛事", "健身", "群星奖", "作品", "游客集散",
    ),
    Sector.infrastructure_transport: (
        "公路", "道路", "国省干线", "干线", "路面", "桥", "隧道", "交通", "铁路", "机场",
        "水利", "饮水", "水库", "高速", "航线", "索改桥", "客运", "货运", "灌区", "硬化路",
        "通硬化路", "供水", "管网",
    ),
    Sector.digital_science: (
        "5G", "4G", "基站", "数字", "数据", "科技", "高新技术", "科普", "智改数转",
        "应用场景", "信息化", "网络", "研发", "专利", "创新", "科学素质", "千兆", "算力",
        "互联网", "智慧", "人工智能",
    ),
    Sector.urban_rural: (
        "乡村振兴", "示范村", "村", "城镇", "县城", "老旧小区", "棚户区", "危房", "住房",
        "保障性", "公租房", "周转房", "供气", "供暖", "供氧", "市政", "停车场", "充电桩",
        "电梯", "宜居", "城镇化", "衔接", "帮扶", "脱贫", "易地搬迁", "集体经济",
        "传统村落", "监测对象", "乡镇", "中心镇", "人居环境", "安居", "房屋", "城市",
        "美丽乡村", "和美乡村", "安置点", "小区", "国土空间规划", "欠发达",
    ),
    Sector.education: (
        "学校", "教师", "教育", "学生", "高考", "入学", "入园", "幼儿园", "中学", "小学",
        "职业教育", "高中", "学前", "义务教育", "校", "师资", "学位", "补短提质",
    ),
    Sector.health: (
        "医院", "医疗", "医生", "医师", "卫生", "健康", "医保", "疫苗", "门诊", "专科",
        "筛查", "治疗", "药", "疫情", "床位", "就诊", "医务", "中医", "慢性病", "疾控",
        "清零", "防疫", "卫生次中心", "医疗卫生",
    ),
    Sector.social_security_employment: (
        "就业", "岗位", "培训", "技能", "社保", "参保", "养老", "低保", "救助", "退役军人",
        "劳动者", "薪酬", "欠薪", "民生实事", "烈士", "双拥", "老人", "残疾", "慈善",
        "人才", "招聘", "劳务", "转移就业", "创收", "困难群众", "社会保障", "民生",
        "移民", "儿童", "妇女", "托育",
    ),
    Sector.ecology: (
        "生态", "造林", "植树", "绿化", "草原", "森林", "林业", "林地", "林草", "公益林",
        "天然林", "防护林", "经济林", "林长", "护林", "湿地", "水土流失", "防沙治沙",
        "污水", "垃圾", "空气质量", "水质", "环境", "河湖", "古树", "碳", "节能", "小水电",
        "矿业权", "环保", "户厕", "厕所", "自然保护", "草畜平衡", "禁牧", "退化", "鼠害",
        "沙化", "水源地", "断面", "土壤", "装配式建筑", "节约型", "绿水青山", "栖息地",
        "野生动物", "图斑", "矿山", "种草", "国土绿化", "营造林",
    ),
    Sector.safety_governance: (
        "安全", "事故", "地灾", "地质灾害", "隐患", "避险", "防洪", "消防", "防火", "应急",
        "灾", "民族团结", "宗教", "寺", "信访", "人大代表", "政协委员", "提案", "建议",
        "审计", "立案", "处分", "督查", "法治", "普法", "政务", "便民", "热线", "气象",
        "雷达", "治安", "维稳", "问题", "整改", "纪律", "条例", "石榴籽", "僧尼",
        "藏传佛教", "赋权", "办结率", "办复率", "见面率", "损失", "课题", "重大事项",
        "规则制度", "长效机制", "避险转移", "强降雨", "险情", "探空", "停机坪", "消防水池",
        "两点一哨", "视频监控", "防火通道", "执法", "民主法治",
    ),
}

_ALL = re.compile(alternation(w for ws in _KEYWORDS.values() for w in ws))
_OWNER: dict[str, Sector] = {}
for _sector, _words in _KEYWORDS.items():
    for _word in _words:
        _OWNER.setdefault(_word, _sector)


def sector_of_text(text: str) -> Sector | None:
    """The sector owning the longest keyword in ``text`` (the first on a tie)."""
    best: tuple[int, int] | None = None
    found: Sector | None = None
    for m in _ALL.finditer(text):
        key = (len(m.group()), -m.start())
        if best is None or key > best:
            best, found = key, _OWNER[m.group()]
    return found


def classify_sector(subject: str, contexts: tuple[str, ...], headings: tuple[str, ...]) -> Sector:
    """Sector from the subject, else the nearest context that names one, else the headings."""
    if subject and (sector := _sector_of_phrase(subject)) is not None:
        return sector
    for text in contexts:
        if text and (sector := sector_of_text(text)) is not None:
            return sector
    for heading in reversed(headings):
        if heading and (sector := _sector_of_phrase(heading)) is not None:
            return sector
    return Sector.other


# Subjects and headings are short phrases that come back item after item
# (every item of a chunk shares its headings); clause contexts rarely do.
_sector_of_phrase = lru_cache(maxsize=4096)(sector_of_text)
