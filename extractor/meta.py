"""Report meta: which government reports, at which level, for which years.

The region is found by matching the national gazetteer of administrative
divisions (``data/regions.tsv``) against the text, in full ("湘西土家族苗族自治州")
and short forms ("湘西州", "湘西"), and weighing the matches by where they
stand (a title, "X人民政府", "X第N届人民代表大会") and by the report's own way
of naming its territory (全州, 全市, 全区, 自治区 ...), which says what kind of
division is speaking.  Years come from the report's own headings, meeting
line, dates and wording only, never from a file name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .schema import AdminLevel, ReportMeta
from .sections import PART_LEVELS, Section, SectionKind, section_at

# The 55 recognised minority peoples, as autonomous divisions name them
# ("黔东南苗族侗族自治州", "博尔塔拉蒙古自治州", "新疆维吾尔自治区").
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
    """A division's name without its kind: "湘西土家族苗族自治州" → "湘西"."""
    # "内蒙古自治区" ends in a people's name that is part
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


@lru_cache(maxsize=256)  # asked once per chunk, of a handful of region names
def self_names(region: str | None) -> tuple[str, ...]:
    """The ways a report names its own region: "湘西土家族苗族自治州", "湘西州", "湘西"."""
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
    # A name the division had before a renaming ("那曲地区" before it became
    # 那曲市); reports of that time call themselves by it.
    former: bool = False

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
        code, name, level, *flags = line.split("\t")
        regions.append(Region(code, name, AdminLevel(level), former="former" in flags))
    return tuple(regions)


def trie_pattern(words: list[str]) -> str:
    """One regular expression for many literal words, shaped as a trie.

    Python's engine tries a flat alternation of thousands of names one by one
    at every position; sharing prefixes lets it give up after a character or
    two, which keeps a scan of a long report linear and fast.  Longer words
    win over their prefixes (greedy), as in a longest-first alternation.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return ("(?:" + body + ")?") if len(branches) == 1 and len(body) > 1 else body + "?"
        return body

    return build(trie)


@dataclass(frozen=True)
class _NameIndex:
    forms: dict[str, list[tuple[Region, str]]]  # written form → (region, form kind)
    bare: re.Pattern[str]  # the bare short names ("湘西"), as one trie pattern
    # Where a bare name may start: its first character with a second one
    # that some name has, and the pairs the names really open with.  The
    # trie's first step tries each of a few hundred first characters in turn
    # wherever any of them stands (one character in eight of a report);
    # these find the few dozen places worth that try.
    bare_start: re.Pattern[str]
    bare_pairs: frozenset[str]
    # Lengths of the forms that end in a kind, longest first, by their last two
    # characters: most 市/区/县 of a text end no name ("城市", "社区"), and the
    # rest end names of a few lengths only.
    lengths: dict[str, tuple[int, ...]]


@lru_cache(maxsize=1)
def _name_index() -> _NameIndex:
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
    bare = [f for f in forms if f[-1] not in _KIND_CHARS]
    lengths: dict[str, set[int]] = {}
    for form in forms:
        if form[-1] in _KIND_CHARS:
            assert len(form) >= 2, form  # a kind is never a name by itself
            lengths.setdefault(form[-2:], set()).add(len(form))
    by_tail = {tail: tuple(sorted(ns, reverse=True)) for tail, ns in lengths.items()}
    assert all(len(f) >= 2 for f in bare)  # a pair opens every name
    firsts, seconds = ("".join(sorted({f[i] for f in bare})) for i in (0, 1))
    bare_start = re.compile(f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])")
    pairs = frozenset(f[:2] for f in bare)
    return _NameIndex(forms, re.compile(trie_pattern(bare)), bare_start, pairs, by_tail)


# Every full or suffixed name ends in one of these; a scan looks up the
# names ending at each of them instead of trying thousands of names everywhere.
_KIND_CHARS = "省市州县区盟旗"


def _name_matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, form) of every gazetteer name in ``text``."""
    index = _name_index()
    # What ``index.bare.finditer(text)`` finds, tried only where a name can open.
    found = []
    done = 0
    for s in index.bare_start.finditer(text):
        at = s.start()
        if at >= done and text[at : at + 2] in index.bare_pairs:
            m = index.bare.match(text, at)
            if m is not None:
                found.append((at, m.end(), m.group()))
                done = m.end()
    # The kind characters are found with str.find: a character-class scan
    # costs the engine dozens of steps per character of the report.
    at = sorted(i for kind in _KIND_CHARS for i in _find_all(text, kind))
    for i in at:
        end = i + 1
        for n in index.lengths.get(text[max(0, end - 2) : end], ()):
            if n <= end and text[end - n : end] in index.forms:
                found.append((end - n, end, text[end - n : end]))
                break
    return found


def _find_all(text: str, sub: str) -> list[int]:
    out = []
    i = text.find(sub)
    while i >= 0:
        out.append(i)
        i = text.find(sub, i + 1)
    return out


# How a report names its own territory ("全州", "州人民政府"), by the
# character its division kind ends in.  "全省" in a prefecture's report is
# usually a comparison ("居全省第一", "高于全省"), so comparisons are skipped.
# Every branch opens on a literal (the lookbehind stands after 全, not before
# it) so that the engine skips ahead to the few characters that can start one.
_SELF_REFERENCE = re.compile(
    r"全(?<![居于列位排在占比]全)(?P<a>州|市|区|县|省|盟|旗|地区)(?![第平均前唯同])"
    + "".join(f"|{kind}(?:人民政府|委|政府|人大|党委)" for kind in "州市区县省盟旗")
)
# "我代表州人民政府": the speaker names its own kind outright.
_SPEAKER = re.compile(r"代表(?:[\u4e00-\u9fff]{2,10}?)?(?P<kind>自治区|州|市|区|县|省|盟|旗|地区|行署|行政公署)(?:人民政府|向)")

# A name in one of these frames is the reporting government itself.
_FRAME = re.compile(r"人民政府|行政公署|政府工作报告|第[一二三四五六七八九十]+届人民代表大会|委机关报")
_FRAME_START = re.compile(r"[人行政第委]")


def _speaker_spans(head: str) -> list[tuple[int, int]]:
    """Spans of the names before a frame: what a left-to-right scan for the
    shortest run of 2-12 Chinese characters followed by a frame finds
    (``([\u4e00-\u9fff]{2,12}?)`` + ``_FRAME``).

    Found from the frames backwards: the pattern itself tries a dozen
    lengths at every character of the head, and frames are few.
    """
    spans: list[tuple[int, int]] = []
    pos = 0  # where the scan stands: past the last frame matched
    for m in _FRAME_START.finditer(head):
        frame = m.start()
        if frame < pos + 2:
            continue
        found = _FRAME.match(head, frame)
        if found is None:
            continue
        # The earliest start a name ending here can have: at most 12
        # characters back, all of them Chinese, not before the scan.
        start, floor = frame, max(pos, frame - 12)
        while start > floor and "\u4e00" <= head[start - 1] <= "\u9fff":
            start -= 1
        if start <= frame - 2:
            spans.append((start, frame))
            pos = found.end()
    return spans
# A two-character county name ("和县") inside a phrase ("…和县委…") is no name.
_AFTER_SHORT_NAME = set("委城域内级乡里镇直属")


_SPEAKER_KIND = {"自治区": "区", "行署": "地区", "行政公署": "地区"}
# The level a speaker's own kind gives when the report names no division of
# that kind: a 区 is a district or an autonomous region, so it gives none.
_KIND_LEVEL = {
    "县": AdminLevel.county, "旗": AdminLevel.county, "州": AdminLevel.prefecture,
    "盟": AdminLevel.prefecture, "地区": AdminLevel.prefecture, "市": AdminLevel.prefecture,
    "省": AdminLevel.province,
}
# Gazetteer names that are also plain nouns ("木里矿区", "老城区"): trusted only
# in a frame that names the speaker.
_GENERIC_NAMES = frozenset({"城区", "矿区", "郊区"})


def _speaker_kinds(text: str) -> list[str]:
    return [_SPEAKER_KIND.get(m.group("kind"), m.group("kind")) for m in _SPEAKER.finditer(text[:3000])]


def _self_kinds(text: str, speakers: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for m in _SELF_REFERENCE.finditer(text):
        counts[m.group("a") or m.group()[0]] += 1
    for kind in speakers:
        counts[kind] += 50
    return counts


def detect_region(text: str) -> tuple[str | None, AdminLevel | None]:
    forms = _name_index().forms
    head = text[:600]
    speakers = _speaker_kinds(text)
    self_counts = _self_kinds(text, speakers)
    speaker_spans = _speaker_spans(text[:3000])

    scores: Counter[Region] = Counter()
    for start, end, form in _name_matches(text):
        if len(form) == 2 and text[end : end + 1] in _AFTER_SHORT_NAME:
            continue
        in_frame = any(a <= start and end <= b + 2 for a, b in speaker_spans)
        if form in _GENERIC_NAMES and not in_frame:
            continue
        for region, kind in forms[form]:
            weight = {"full": 3.0, "suffixed": 2.0, "short": 1.0}[kind]
            if start < len(head):
                weight *= 2
            if in_frame:
                weight *= 4
            scores[region] += weight
    # "我代表县人民政府" says what kind of division speaks; a report that names
    # none of that kind (a county naming only its province) has no region we
    # can tell, but its level is still known.
    speaker = Counter(speakers).most_common(1)[0][0] if speakers else None
    if speaker is not None and not any(r.suffix_char == speaker for r in scores):
        return None, _KIND_LEVEL.get(speaker)
    if not scores:
        return None, None

    total_self = sum(self_counts.values()) or 1

    def fit(region: Region) -> float:
        # Share of the report's self-references that fit this division kind.
        return self_counts.get(region.suffix_char, 0) / total_self

    # Ties go to the current name, then to the higher level (a municipality
    # is listed as province and as prefecture).
    best = max(scores, key=lambda r: (scores[r] * (0.1 + fit(r)), not r.former, -int(r.code)))
    return best.name, best.level


# Reports typeset from PDFs space their figures ("2031 年 2 月 9 日"): the
# date patterns take a space on either side of 年, 月 and 日.
_YEAR = r"((?:19|20)\d{2}) ?"
_TITLE_YEAR = re.compile(_YEAR + r"年[^。\n]{0,16}政府工作报告")
# The meeting line may be wrapped ("在…第十五届\n人民代表大会…").
_MEETING_DATE = re.compile(
    _YEAR + r"年 ?(\d{1,2}) ?月 ?(?:\d{1,2} ?日)? ?在[^。\n]{0,40}(?:\n[^。\n]{0,40})?(?:人民代表大会|会议)"
)
_DATE_LINE = re.compile(
    r"^\s*(?:(?:发布)?(?:时间|日期)[:：]\s*)?" + _YEAR + r"[年\-./] ?(\d{1,2}) ?[月\-./] ?(\d{1,2}) ?日?", re.M
)
_YEAR_IS = re.compile(_YEAR + r"年[,，]?是")
# A review sentence opening on its year: "2023年，面对…".  The text's
# opening is matched apart so that the scan can skip ahead to 。 and line ends.
_YEAR_OPENS_TEXT = re.compile(r"\s*" + _YEAR + r"年[,，]")
_YEAR_OPENS = re.compile(r"[。\n]\s*" + _YEAR + r"年[,，]")


def _year_openings(text: str) -> list[re.Match[str]]:
    first = _YEAR_OPENS_TEXT.match(text)
    rest = _YEAR_OPENS.finditer(text, first.end() if first else 0)
    return [first, *rest] if first else list(rest)


def detect_years(text: str, sections: list[Section]) -> tuple[int | None, int | None]:
    """(review year, plan year), voted on together: the plan year is the one after.

    A heading's year counts most ("2023年工作回顾", "2024年工作安排"), then
    the meeting line ("——2024年1月10日在…人民代表大会…上"; one held late in
    the year plans for the next), a title, a date line, and the wording of
    the sections ("2024年是…").  A fragment with only its date or its
    compilation's title still gets both years.
    """
    votes: Counter[int] = Counter()  # by plan year

    def vote(section: Section | None, year: int, weight: int) -> None:
        if section is None or section.kind is SectionKind.review:
            votes[year + 1] += weight
        elif section.kind in (SectionKind.plan, SectionKind.targets):
            votes[year] += weight

    for s in sections:
        if s.level in PART_LEVELS and s.year is not None and s.kind_source == "heading":
            vote(s, s.year, 10)
    for m in _TITLE_YEAR.finditer(text[:2000]):
        votes[int(m.group(1))] += 4
    for m in _MEETING_DATE.finditer(text[:3000]):
        year, month = int(m.group(1)), int(m.group(2))
        votes[year if month <= 6 else year + 1] += 5
    for m in _DATE_LINE.finditer(text[:1500]):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            votes[year if month <= 6 else year + 1] += 2
    if sections:
        for m in _YEAR_IS.finditer(text):
            vote(section_at(sections, m.start()), int(m.group(1)), 3)
        for m in _year_openings(text):
            section = section_at(sections, m.start(1))
            if section.kind is SectionKind.review:
                vote(section, int(m.group(1)), 1)
    if not votes:
        return None, None
    plan = max(votes, key=lambda y: (votes[y], y))
    return plan - 1, plan


def detect_meta(text: str, sections: list[Section]) -> ReportMeta:
    region, level = detect_region(text)
    review, plan = detect_years(text, sections)
    return ReportMeta(region=region, admin_level=level, review_year=review, plan_year=plan)
