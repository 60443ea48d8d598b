"""Who does what: the unit registry and the parser of free-text 责任处室 cells.

A cell such as ``产业处、办公室牵头，各相关处室及发展中心配合`` becomes assignments — 产业处 and
办公室 lead (牵头), every unit the collective term 各相关处室 covers plus 发展中心 support (配合).
Names joined by 、 及 和 与 等 share the role word after the last of them; ``，`` ``,`` ``；``
and spaces separate statements. Real tables also write 由X负责, X（牵头）, X、Y按职责分工负责,
各X根据职责落实, X为责任单位 and 主办：X 协办：Y; these read as the plain forms. A name that is
not in the registry is a located error with a suggestion, never silently dropped.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from docgen.notice.model import Registry

LEAD, SUPPORT, DUTY = "牵头", "配合", "负责"
STATEMENT_BREAKS = re.compile(r"[，,；;。\s]+")
JOINERS = "、及和与等"  # 市住建局等各有关部门: the named unit and the term
ROLE_ENDINGS = ("牵头", "配合", "负责", "把关", "落实", "报送", "梳理")
NAME_CHAR = "\u4e00-\u9fffA-Za-z0-9"  # unit names may carry Latin letters and digits (IT科)
# Something that reads like the name of a unit (…处, …科, …中心 …) without being known.
UNIT_LIKE = re.compile(
    rf"[{NAME_CHAR}]{{1,10}}?(?:处|科|室|中心|局|厅|委|办|所|站|队|院|馆|组|部|会|部门|单位|政府"
    "|机构)")
SPACE_BETWEEN = re.compile(rf"(?<=[{NAME_CHAR}])[ \t\u3000]+(?=[{NAME_CHAR}])")
PARENTHESISED_ROLE = re.compile(r"[（(](牵头|配合|负责)[）)]")
# 主办：X 协办：Y — a label before the names says their role; read as X牵头 Y配合.
LABELLED = re.compile(r"(主办|牵头|协办|配合|责任)(?:单位|处室|部门)?[:：]\s*([^，,；;。\s]+)")
LABEL_ROLES = {"主办": LEAD, "牵头": LEAD, "协办": SUPPORT, "配合": SUPPORT, "责任": ""}
LEADING_BY = re.compile(r"(^|[，,；;。\s])由")  # 由X负责 reads as X负责
# Words that say nothing about the role: X、Y按职责分工负责 is X、Y负责.
FILLERS = re.compile(r"^(?:按照?|根据|依据)?(?:各自)?职责(?:分工)?|^分别|^共同|^为?责任单位$")
FORCED_ROLES = {"lead": LEAD, "support": SUPPORT}
# X等部门（单位）和Y负责, X等单位配合: the generic noun after 等 names no unit and no role.
GENERIC_NOUN = re.compile(r"^(?:有关|相关)?(?:部门|单位|处室|科室|机构)"
                          r"(?:[（(](?:部门|单位|处室|科室|机构)[）)])?")
ROLE_WORD = re.compile("牵头|配合|负责|把关|落实|报送|梳理|审核|指导|督办|统筹|组织|实施|承办|做好")


@dataclass(frozen=True)
class Assignment:
    unit: str
    role: str  # 牵头 / 配合 / 负责
    duty: str = ""  # what 负责 means here: 把关, 报送, 做好政策解读 …
    said_as: str = ""  # the words of the cell that named the unit (a collective term, say)


@dataclass(frozen=True)
class UnknownName:
    name: str
    suggestion: str | None
    spaced: bool = False  # a name split by a stray space (发展 中心)

    def message(self) -> str:
        hint = f"（是否为“{self.suggestion}”？）" if self.suggestion else ""
        if self.spaced:
            return f"单位名称“{self.name}”中有多余的空格{hint}"
        return f"未知处室“{self.name}”{hint}"


def parse_responsibility(text: str, registry: Registry) -> tuple[list[Assignment],
                                                                   list[UnknownName]]:
    """One cell's text → who does what, and the names that are not in the registry."""
    return parse_row([(text, "parse")], registry)


def parse_row(cells: list[tuple[str, str]], registry: Registry) -> tuple[list[Assignment],
                                                                         list[UnknownName]]:
    """A row's responsibility cells, each with how its column is read (lead: every name
    leads; support: every name supports; parse: roles from the wording) → who does what."""
    assignments: list[Assignment] = []
    unknown: list[UnknownName] = []
    for text, how in cells:
        found, strangers = _parse_cell(text, registry)
        if how in FORCED_ROLES:
            found = [Assignment(a.unit, FORCED_ROLES[how], "", a.said_as) for a in found]
        assignments += found
        unknown += strangers
    # A unit the row names itself keeps the role given to it by name: 办公室牵头，各处室配合
    # does not make 办公室 also a supporter.
    collective = registry.collective_terms()
    named = {a.unit for a in assignments if a.said_as not in collective}
    assignments = [a for a in assignments if a.said_as not in collective or a.unit not in named]
    return _merge(assignments), unknown


def _parse_cell(text: str, registry: Registry) -> tuple[list[Assignment], list[UnknownName]]:
    spellings = registry.names()
    assignments: list[Assignment] = []
    text, unknown = _stray_spaces(plain_form(text), spellings)
    text = joint_form(text, spellings)
    for statement in filter(None, STATEMENT_BREAKS.split(text)):
        found, strangers = _parse_statement(statement, spellings)
        assignments += found
        unknown += [UnknownName(name, closest(name, spellings)) for name in strangers]
    return assignments, unknown


def plain_form(text: str) -> str:
    """The cell in the plain form the parser reads: 办公室（牵头） → 办公室牵头, 由X负责 →
    X负责, 主办：X 协办：Y → X牵头，Y配合."""
    text = PARENTHESISED_ROLE.sub(r"\1", text)
    text = LABELLED.sub(lambda m: m.group(2) + LABEL_ROLES[m.group(1)] + "，", text)
    return LEADING_BY.sub(r"\1", text)


def joint_form(text: str, spellings: dict[str, tuple[str, ...]]) -> str:
    """X会同Y（负责） → X牵头，Y配合; X会Y (会办, as Guangdong writes it) → X负责，Y配合.
    Only between two registered names: 会 is also inside names (发展和改革委员会)."""
    if "会" not in text:
        return text
    names = "|".join(re.escape(name) for name in sorted(spellings, key=len, reverse=True))
    joint = re.compile(rf"({names})会(同)?({names})(?:负责|落实|办理)?")
    return joint.sub(lambda m: f"{m.group(1)}{'牵头' if m.group(2) else '负责'}，"
                               f"{m.group(3)}配合，", text)


def _stray_spaces(text: str, spellings: dict[str, tuple[str, ...]]) -> tuple[
        str, list[UnknownName]]:
    """A space inside a name (发展 中心) is reported and read as if it were not there, so the
    row is neither lost nor given to someone else; a space between statements stays."""
    found: list[UnknownName] = []
    for match in reversed(list(SPACE_BETWEEN.finditer(text))):
        left = re.split(rf"[^{NAME_CHAR}]|[{JOINERS}]", text[: match.start()])[-1]
        right = re.split(rf"[^{NAME_CHAR}]|[{JOINERS}]", text[match.end():])[0]
        if not left or left.endswith(ROLE_ENDINGS) or left.endswith(tuple(spellings)):
            continue
        joined = left + right
        name = _name_across(joined, len(left), spellings)
        if name is None:
            continue
        start = joined.index(name)
        written = name[: len(left) - start] + match.group() + name[len(left) - start:]
        found.insert(0, UnknownName(written, name if name in spellings else
                                    closest(name, spellings), spaced=True))
        text = text[: match.start()] + text[match.end():]
    return text, found


def _name_across(joined: str, boundary: int, spellings: dict[str, tuple[str, ...]]) -> str | None:
    """A known spelling, or something that reads like a unit's name only when both sides are
    read together, that spans the boundary."""
    for spelling in sorted(spellings, key=len, reverse=True):
        start = joined.find(spelling, max(0, boundary - len(spelling) + 1))
        if 0 <= start < boundary < start + len(spelling):
            return spelling
    right = joined[boundary:]
    if right.startswith(tuple(spellings)):
        return None
    role = ROLE_WORD.search(joined, boundary)
    head = joined[: role.start()] if role else joined
    alone = head[boundary:]
    if UNIT_LIKE.fullmatch(head) and len(head) > boundary and not UNIT_LIKE.fullmatch(alone):
        return head
    return None


def _parse_statement(statement: str, spellings: dict[str, tuple[str, ...]]) -> tuple[
        list[Assignment], list[str]]:
    tokens = _tokens(statement, spellings)
    assignments: list[Assignment] = []
    pending: list[str] = []  # names waiting for their role word
    strangers: list[str] = []
    for kind, value in tokens:
        if kind == "name":
            pending.append(value)
        elif kind == "unknown":
            strangers.append(value)
        elif pending:  # text after a run of names: their role
            assignments += _assign(pending, value, spellings)
            pending = []
    if pending:
        assignments += _assign(pending, "", spellings)
    return assignments, strangers


def _tokens(statement: str, spellings: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """Names (longest known spelling first) and the words between them; joiners dropped."""
    ordered = sorted(spellings, key=len, reverse=True)
    tokens: list[tuple[str, str]] = []
    text = ""
    index = 0
    while index < len(statement):
        name = next((s for s in ordered if statement.startswith(s, index)), None)
        inside_a_longer_name = index and re.match(f"[{NAME_CHAR}]", statement[index - 1]) \
            and statement[index - 1] not in JOINERS and not text.endswith(ROLE_ENDINGS)
        if name is None or inside_a_longer_name:  # 省政府办公室 is not our 办公室
            text += statement[index]
            index += 1
            continue
        tokens += _words(text)
        text = ""
        tokens.append(("name", name))
        index += len(name)
    tokens += _words(text)
    return tokens


def _words(text: str) -> list[tuple[str, str]]:
    """Words between names: joiners vanish; what reads like a unit's name before a role word
    (法规科牵头) is an unknown name."""
    stripped = text.strip(JOINERS)
    if not stripped:
        return []
    if GENERIC_NOUN.fullmatch(stripped) and text.endswith(tuple(JOINERS)):
        return []  # X等部门和Y负责: X waits for the role word after Y
    role = ROLE_WORD.search(stripped)
    head = stripped[: role.start()].strip(JOINERS) if role else stripped
    if head and UNIT_LIKE.fullmatch(head):
        rest = stripped[role.start():] if role else ""
        return [("unknown", head), *([("words", rest)] if rest else [])]
    return [("words", stripped)]


def _assign(names: list[str], words: str, spellings: dict[str, tuple[str, ...]]) -> list[
        Assignment]:
    role, duty = role_of(words)
    return [Assignment(unit, role, duty, name) for name in names for unit in spellings[name]]


def role_of(words: str) -> tuple[str, str]:
    """The role (and what 负责 means here) the words after a run of names give them."""
    words = GENERIC_NOUN.sub("", words)
    words = FILLERS.sub("", words.removeprefix("作为").removeprefix("为"))
    if words.startswith((LEAD, "主办")) or words in ("牵头单位", "牵头部门"):
        return LEAD, ""
    if words.startswith((SUPPORT, "协办", "协助")) or words in ("配合单位", "配合部门"):
        return SUPPORT, ""
    words = FILLERS.sub("", words.removeprefix("负责"))
    return DUTY, "" if words in ("责任单位", "负责") else words


def _merge(assignments: list[Assignment]) -> list[Assignment]:
    """One assignment per unit and role; the strongest role first (牵头, 负责, 配合)."""
    seen: dict[tuple[str, str], Assignment] = {}
    for assignment in assignments:
        key = (assignment.unit, assignment.role)
        if key in seen and assignment.duty and assignment.duty not in seen[key].duty:
            previous = seen[key]
            duty = "、".join(filter(None, (previous.duty, assignment.duty)))
            seen[key] = Assignment(previous.unit, previous.role, duty, previous.said_as)
        else:
            seen.setdefault(key, assignment)
    order = {LEAD: 0, DUTY: 1, SUPPORT: 2}
    return sorted(seen.values(), key=lambda a: order[a.role])


def closest(name: str, spellings: dict[str, tuple[str, ...]]) -> str | None:
    """The registered spelling nearest to an unknown name, if any is near."""
    match = difflib.get_close_matches(name, list(spellings), n=1, cutoff=0.5)
    return match[0] if match else None



STRUCTURED_ROLES = {"lead": LEAD, "support": SUPPORT, "responsible": DUTY}


def describe(cell: dict[str, list[str]]) -> str:
    """The text shown for a structured cell: {lead: [A, B], support: [C]} → A、B牵头，C配合."""
    parts = []
    for key, role in STRUCTURED_ROLES.items():
        names = cell.get(key) or []
        if names:
            parts.append("、".join(names) + ("" if role == DUTY else role))
    return "，".join(parts)


def structured_problems(cell: object) -> list[str]:
    """What is wrong with a structured 责任处室 cell (empty when it is well formed)."""
    if not isinstance(cell, dict):
        return ["应为文本，或 {lead: [...], support: [...], responsible: [...]}"]
    problems = [f"未知字段“{key}”（可用 lead、support、responsible）"
                for key in cell if key not in STRUCTURED_ROLES]
    for key, names in cell.items():
        if key in STRUCTURED_ROLES and not (isinstance(names, list) and names
                                             and all(isinstance(n, str) for n in names)):
            problems.append(f"{key} 应为单位名称的列表")
    if not any(cell.get(key) for key in STRUCTURED_ROLES):
        problems.append("至少需要 lead、support 或 responsible 之一")
    return problems
