"""FONT-01 (5.2.2): which embedded font served each role, judged against the role's family."""

from __future__ import annotations

from docgen.checks.context import Context
from docgen.checks.registry import rule
from docgen.checks.report import FAMILIES


@rule("FONT")
def role_fonts(ctx: Context) -> None:
    """The fonts the other rules found on each role's elements; a font outside the role's
    family (a free substitute, say) is flagged."""
    for role, found in ctx.role_fonts.items():
        if not found:
            continue
        names = sorted({name.split("+")[-1] for name in found})
        standard = all(FAMILIES[role].search(name) for name in names)
        ctx.report.fonts[role] = "、".join(names) + ("" if standard else "（替代字体）")
        ctx.add("FONT-01", standard, "5.2.2", "、".join(names),
                f"{role}（{FAMILIES[role].pattern}）", soft=True)
