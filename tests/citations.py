"""What a person reads names program documents by title and section; the file and line
citations of the copies the registry was built from ("seed 004 L461", "003 L10177-10178",
"[INF, domain-rules §9.9]") belong in code comments and tests only."""

from __future__ import annotations

import re

#: A seed file ("seed 003", "Seed 000"), a line citation ("L461", "L10369-10371"), an
#: inference or outside-source marker, or the implementers' notes.
INTERNAL_CITATION = re.compile(
    r"[Ss]eed 00\d|\b00[0-4] L\d|\bL\d{2,5}(?:-\d+)?\b|\[(?:INF|EXT|SEED)\b|domain-rules"
)


def internal_citations(text: str) -> list[str]:
    """Each internal citation in ``text`` with a little of its context, for the message."""
    return [
        text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
        for m in INTERNAL_CITATION.finditer(text)
    ]


def assert_readable(text: str, where: str) -> None:
    found = internal_citations(text)
    assert not found, f"{where} shows internal citations: {found[:5]}"
