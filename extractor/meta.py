"""Report meta: which government reports, at which level, for which years.

The region is found by matching the national gazetteer of administrative
divisions (``data/regions.tsv``) against the text, in full ("甘孜藏族自治州")
and short forms ("甘孜州", "甘孜"), and weighing the matches by where they
stand (a title, "X人民政府", "X第N届人民代表大会") and by the report's own way
of naming its territory (全州, 全市, 全区, 自治区 ...), which says what kind of
division is speaking.  Years come from the report's headings and dates only.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .schema import AdminLevel, ReportMeta
from .sections import Section, SectionKind

# The 55 recognised minority peoples, as autonomous divisions name them
# ("海北藏族自治州", "博尔塔拉蒙古自治州", "新疆维吾尔自治区").
_PEOPLES = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 "
    "纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 "
    "鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
_ETHNIC_AUTONOMY = re.compile(
    "(?:(?:" + "|".join(sorted(_PEOPLES, key=len, reverse=True)) + ")族?)*自治(?:州|县|旗|区)$"
)
_AUTONOMY = re.compile(r"自治(?:州|县|旗|区)$")
_SUFFIX = re.compile(r"(?:特别行政区|自治区|地区|林区|特区|省|市|盟|县|区|旗|州)$")


def short_name(name: str) -> str:
    """A division's name without its kind: "甘孜藏族自治州" → "甘孜"."""
    # "西藏自治区" and "内蒙古自治区" end in a people's name that is part
    # of the place name: strip only the suffix when the rest is too short.
    for pattern in (_ETHNIC_AUTONOMY, _AUTONOMY, _SUFFIX):
        base = pattern.sub("", name)
        if base != name and len(base) >= 2:
            return base
    return name


def suffix_char(name: str) -> str:
    """The character a report uses for its own territory: 州, 市, 区, 省, 县 ..."""
    if name.endswith("自治区"):
        return "区"
    if name.endswith("地区"):
        return "地区"
    return name[-1]


def self_names(region: str | None) -> tuple[str, ...]:
    """The ways a report names its own region: "甘孜藏族自治州", "甘孜州", "甘孜"."""
    if not region:
        return ()
    short = short_name(region)
    names = {region, short + suffix_char(region), short} if short != region else {region}
    return tuple(sorted(names, key=len, reverse=True))


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: AdminLevel

    @property
    def short(self) -> str:
        return short_name(self.name)

    @property
    def suffix_char(self) -> str:
        return suffix_char(self.name)


@lru_cache(maxsize=1)
def gazetteer() -> tuple[Region, ...]:
    data = resources.files("extractor").joinpath("data/regions.tsv").read_text(encoding="utf-8")
    regions = []
    for line in data.splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, level = line.split("\t")
        regions.append(Region(code, name, AdminLevel(level)))
    return tuple(regions)


@lru_cache(maxsize=1)
def _name_index() -> tuple[re.Pattern[str], dict[str, list[tuple[Region, str]]]]:
    """One alternation of every written form, and form → (region, form kind)."""
    forms: dict[str, list[tuple[Region, str]]] = {}
    for region in gazetteer():
        forms.setdefault(region.name, []).append((region, "full"))
        short = region.short
        if short != region.name:
            suffix = region.suffix_char
            forms.setdefault(short + suffix, []).append((region, "suffixed"))
            # Bare short names are only trusted for provinces and prefectures;
            # county names collide with ordinary words too often.
            if region.level is not AdminLevel.county:
                forms.setdefault(short, []).append((region, "short"))
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(alternation), forms


# How a report names its own territory ("全州", "州人民政府"), by the
# character its division kind ends in.  "全省" in a prefecture's report is
# usually a comparison ("居全省第一", "高于全省"), so comparisons are skipped.
_SELF_REFERENCE = re.compile(
    r"(?<![居于列位排在占比])全(?P<a>州|市|区|县|省|盟|旗|地区)(?![第平均前唯同])"
    r"|(?P<b>州|市|区|县|省|盟|旗)(?:人民政府|委|政府|人大|党委)"
)
# "我代表州人民政府": the speaker names its own kind outright.
_SPEAKER = re.compile(r"代表(?P<kind>自治区|州|市|区|县|省|盟|旗|地区|行署)人民政府")

# A name in one of these frames is the reporting government itself.
_SPEAKER_FRAMES = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,12}?)(?:人民政府|政府工作报告|第[一二三四五六七八九十]+届人民代表大会|委机关报)"
)


def _self_kinds(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for m in _SELF_REFERENCE.finditer(text):
        counts[m.group("a") or m.group("b")] += 1
    for m in _SPEAKER.finditer(text[:3000]):
        kind = {"自治区": "区", "行署": "地区"}.get(m.group("kind"), m.group("kind"))
        counts[kind] += 50
    return counts


def detect_region(text: str) -> tuple[str | None, AdminLevel | None]:
    pattern, forms = _name_index()
    head = text[:600]
    self_counts = _self_kinds(text)
    speaker_spans = [m.span("name") for m in _SPEAKER_FRAMES.finditer(text[:3000])]

    scores: Counter[Region] = Counter()
    for m in pattern.finditer(text):
        form = m.group()
        for region, kind in forms[form]:
            weight = {"full": 3.0, "suffixed": 2.0, "short": 1.0}[kind]
            if m.start() < len(head):
                weight *= 2
            if any(a <= m.start() and m.end() <= b + 2 for a, b in speaker_spans):
                weight *= 4
            scores[region] += weight
    if not scores:
        return None, None

    total_self = sum(self_counts.values()) or 1

    def fit(region: Region) -> float:
        # Share of the report's self-references that fit this division kind.
        return self_counts.get(region.suffix_char, 0) / total_self

    best = max(scores, key=lambda r: (scores[r] * (0.1 + fit(r)), -int(r.code)))
    return best.name, best.level


_YEAR = r"((?:19|20)\d{2})"
_TITLE_YEAR = re.compile(_YEAR + r"年[^。\n]{0,16}政府工作报告")
_MEETING_DATE = re.compile(_YEAR + r"年(\d{1,2})月(\d{1,2})日在[^。\n]{0,40}(?:人民代表大会|会议)")
_DATE_LINE = re.compile(r"^\s*" + _YEAR + r"[年\-./](\d{1,2})[月\-./](\d{1,2})日?", re.M)
_YEAR_IS = re.compile(_YEAR + r"年[,，]?是")


def detect_years(text: str, sections: list[Section]) -> tuple[int | None, int | None]:
    review_votes: Counter[int] = Counter()
    plan_votes: Counter[int] = Counter()
    for s in sections:
        if s.level == 1 and s.year is not None and s.kind_source == "heading":
            if s.kind is SectionKind.review:
                review_votes[s.year] += 10
            elif s.kind in (SectionKind.plan, SectionKind.targets):
                plan_votes[s.year] += 10
    for m in _TITLE_YEAR.finditer(text[:2000]):
        plan_votes[int(m.group(1))] += 4
    for m in _MEETING_DATE.finditer(text[:3000]):
        year, month = int(m.group(1)), int(m.group(2))
        plan_votes[year if month <= 6 else year + 1] += 5
    for m in _DATE_LINE.finditer(text[:1500]):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            plan_votes[year if month <= 6 else year + 1] += 2
    for m in _YEAR_IS.finditer(text):
        sec = _section_of(sections, m.start())
        if sec is not None and sec.kind in (SectionKind.plan, SectionKind.targets):
            plan_votes[int(m.group(1))] += 3
    review = review_votes.most_common(1)[0][0] if review_votes else None
    plan = plan_votes.most_common(1)[0][0] if plan_votes else None
    if plan is None and review is not None:
        plan = review + 1
    if review is None and plan is not None:
        review = plan - 1
    return review, plan


def _section_of(sections: list[Section], offset: int) -> Section | None:
    for s in sections:
        if s.start <= offset < s.end:
            return s
    return None


def detect_meta(text: str, sections: list[Section]) -> ReportMeta:
    region, level = detect_region(text)
    review, plan = detect_years(text, sections)
    return ReportMeta(region=region, admin_level=level, review_year=review, plan_year=plan)
