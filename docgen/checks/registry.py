"""The rule registry: a check is a function of the Context that adds findings, registered
with @rule under the assertion-id prefix it reports (gbt9704.md)."""

from __future__ import annotations

from collections.abc import Callable

from docgen.checks.context import Context

Check = Callable[[Context], None]

# The report lists findings in this order of prefixes; within a prefix, in the order its
# rules are defined (each prefix's rules live in one module). Users read and tests match the
# printed order, so it is fixed here rather than left to import order.
ORDER = ("PAGE", "HEAD", "BODY", "GRID", "PNO", "IMP", "ATT", "SIG", "FONT")
RULES: dict[str, list[Check]] = {prefix: [] for prefix in ORDER}


def rule(prefix: str) -> Callable[[Check], Check]:
    if prefix not in RULES:
        raise ValueError(f"unknown rule prefix {prefix!r}; add it to ORDER")

    def register(check: Check) -> Check:
        RULES[prefix].append(check)
        return check

    return register


def registered() -> list[Check]:
    return [check for prefix in ORDER for check in RULES[prefix]]
