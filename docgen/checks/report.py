"""The check report: one Finding per measured assertion, PASS / WARN / FAIL."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

PASS, WARN, FAIL = "PASS", "WARN", "FAIL"
FAMILIES = {  # gbt9704.md §0: BaseFont patterns by family, the roles of Report.fonts
    "仿宋": re.compile(r"fangsong|仿宋|FZFSK|STFangsong", re.I),
    "楷体": re.compile(r"kaiti|楷|FZKTK|STKaiti|SimKai", re.I),
    "黑体": re.compile(r"simhei|黑体|FZHTK|STHeiti|heiti", re.I),
    "小标宋": re.compile(r"FZXBSJW|xiaobiaosong|小标宋|FZDXBS", re.I),
    "宋体": re.compile(r"simsun|nsimsun|宋体|STSong|songti", re.I),
}


@dataclass(frozen=True)
class Finding:
    rule: str  # assertion id of gbt9704.md
    status: str
    clause: str
    measured: str
    expected: str
    page: int | None = None  # 1-based
    box: tuple[float, float, float, float] | None = None  # page coordinates, for --annotate

    def line(self) -> str:
        where = f" 第{self.page}页" if self.page else ""
        return (f"{self.status:<4} {self.rule:<8} {self.clause:<8}{where}  实测 {self.measured}；"
                f"应为 {self.expected}")


@dataclass
class Report:
    file: str
    pages: int
    findings: list[Finding] = field(default_factory=list)
    fonts: dict[str, str] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for finding in self.findings if finding.status == status)

    @property
    def failed(self) -> bool:
        return self.count(FAIL) > 0

    def summary(self) -> str:
        return (f"{self.file}：{self.pages} 页，{self.count(PASS)} 项通过，"
                f"{self.count(WARN)} 项提醒，{self.count(FAIL)} 项不符合")

    def as_json(self) -> dict:
        return {"file": self.file, "pages": self.pages, "fonts": self.fonts,
                "summary": {s: self.count(s) for s in (PASS, WARN, FAIL)},
                "findings": [asdict(finding) for finding in self.findings]}
