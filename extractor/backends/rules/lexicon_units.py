"""Units and measure words a figure in a work report can carry.

The figure scanner (figures.py) only takes a number as a figure when one of
these follows it; anything else ("5G", "十四五", "G318") is a name, not a
measurement.  Each list is plain data so a new unit is a one-line change.
"""

from __future__ import annotations

# Measure words of counts: 建成项目12个, 新增市场主体300户.  A compound
# ("个方面", "头只", "场次") is listed whole so it wins over its first
# character.
COUNT_UNITS: tuple[str, ...] = (
    "个方面", "个工作日", "个", "项", "所", "户次", "户", "人次", "人", "名", "位",
    "家次", "家", "座", "处", "条", "套", "台", "辆", "艘", "架", "张", "株", "棵",
    "丛", "头只", "头", "只", "匹", "羽", "尾", "部", "枚", "场次", "场", "批次",
    "批", "期", "宗", "起", "例", "种", "支", "本", "册", "篇", "件次", "件", "类",
    "间", "栋", "幢", "床", "份", "块", "根", "盏", "轮", "门", "趟", "班次", "班",
    "列", "笔", "次", "县区", "县", "乡镇", "孔", "眼", "颗", "箱", "吨次",
)

# Amounts, lengths, areas, weights, energy and rates.
MEASURE_UNITS: tuple[str, ...] = (
    "%", "‰", "元", "美元", "港元", "欧元",
    "公里", "千米", "延米", "米", "平方公里", "平方千米", "平方米", "平米", "亩",
    "公顷", "立方米", "吨标准煤", "吨", "千克", "公斤",
    "千瓦时", "千瓦", "兆瓦", "千伏安", "伏安", "标准箱",
    "倍", "天", "小时", "分钟", "个月", "微克/立方米", "毫克/升", "吨/日", "吨/天",
    "千瓦时/人",
)

# Words after an amount that make it a round milestone passed ("突破500亿元
# 大关"), not a figure of its own.
MILESTONE_HEADS: tuple[str, ...] = ("大关", "台阶", "关口", "门槛")

# Units a number may carry without being a measurement at all: years, dates,
# ages, grades, sessions, voltages of named lines, percentage points (a
# comparison, GUIDELINES.md).  The scanner still reads them, so that "2023年"
# is never half-read as something else, and marks them with a reason.
NOT_MEASURES: dict[str, str] = {
    "个百分点": "points",
    "百分点": "points",
    "周年": "year",
    "年度": "year",
    "年": "year",
    "月份": "date",
    "月": "date",
    "日": "date",
    "号": "date",
    "周岁": "age",
    "岁": "age",
    "级": "grade",
    "届": "session",
    "千伏": "name",
    "代": "name",
    "星": "grade",
}

# Units only read after a magnitude: alone they are too often a word
# ("年度", "力度") to be a unit, but "64亿度" is kilowatt-hours.
MAGNITUDE_ONLY_UNITS: tuple[str, ...] = ("度", "方")

# Magnitudes that belong to the unit (GUIDELINES.md: "4.77万人次" → 4.77, "万人次").
MAGNITUDES: tuple[str, ...] = ("万亿", "千万", "百万", "亿", "万")

# A Chinese numeral counts only with these measure words: "二十三个", "四宗",
# "两县".  Others ("十条措施", "六次全会", "三年行动") name things.
CHINESE_COUNT_UNITS: tuple[str, ...] = (
    "个方面", "个", "项", "所", "户", "人", "名", "位", "家", "座", "处", "套", "台",
    "辆", "张", "株", "头", "只", "部", "宗", "起", "例", "件", "乡镇",
)
# Measures a Chinese numeral carries only as a round amount, with a
# magnitude or at least ten ("超千亿元", "五百万吨"); "二元结构" is a phrase.
CHINESE_MEASURE_UNITS: tuple[str, ...] = ("元", "%", "吨", "亩", "公里", "千瓦", "平方米", "人次")

# Words after a Chinese count that make it the name of a policy or slogan
# ("八项规定", "九个方面重点任务", "两个维护").
NAME_HEADS: tuple[str, ...] = (
    "规定", "措施", "原则", "要求", "机制", "制度", "行动", "举措", "政策", "方针",
    "理念", "意识", "自信", "确立", "维护", "责任", "文章", "任务", "工程", "战略",
    "目标", "方面", "能力", "体系", "格局", "关系", "优势", "短板", "作风", "精神",
    "工作", "环节", "指标", "重点", "补贴", "领域", "阶段", "步", "片区", "板块",
    "大事",
)

# What a numbered list of rules is called: "落实20条措施" names a policy.
POLICY_HEADS: tuple[str, ...] = (
    "措施", "硬措施", "举措", "意见", "规定", "政策", "办法", "细则", "要求", "条例",
    "措施清单", "负面清单", "禁令", "标准",
)
