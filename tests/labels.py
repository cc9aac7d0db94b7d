"""Labels for people, codes for machines: what a person reads (pages, PDFs, e-mails, the CSV
and Excel exports) names every answer, status, measure type and certification type by the
label the data dictionary or the model gives it, never by its stored code
("electric_fa_no_ac", "in_wc", "bpa_approved", "ptcs_heat_pump"). The API, HPXML, the OpenAPI
schema and the ``?codes=1`` exports keep codes: they are read by programs.

A code is looked for only where it cannot be an ordinary word: codes equal to their label are
never looked for, and a code that is also a word ("heating", "none", "open", "existing") only
where an answer to its own question is shown (a "label, answer" pair on a page, a
"label = answer" pair of a check's values, the field's export column); codes that no
sentence contains ("yes_5f_or_less", "35f", "ashp") are looked for everywhere, as whole words
and case-sensitively ("None" is a label, "none" a code).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser

from pypdf import PdfReader

from jobs.dictionary.fields import FIELDS
from jobs.models import Job
from technicians.models import CertificationType

#: Every enumeration a person may meet, by the name it is stored under.
ENUMERATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    **{spec.name: spec.choices for spec in FIELDS if spec.choices},
    "status": tuple(Job.Status.choices),
    "measure_type": tuple(Job.MeasureType.choices),
    "certification": tuple(CertificationType.choices),
}
#: (name, code, label) of every code that differs from its label: only these can leak.
CHOICES: tuple[tuple[str, str, str], ...] = tuple(
    (name, code, label)
    for name, choices in ENUMERATIONS.items()
    for code, label in choices
    if code != label
)
#: The codes of each name that differ from their labels (code → label).
CODES_OF: dict[str, dict[str, str]] = {}
for _name, _code, _label in CHOICES:
    CODES_OF.setdefault(_name, {})[_code] = _label
#: A field's label → its name, to know whose answer a "label, answer" pair shows.
NAME_OF_LABEL: dict[str, str] = {spec.label: spec.name for spec in FIELDS if spec.choices}


def _cannot_be_a_word(name: str, code: str) -> bool:
    has_digit = any(c.isdigit() for c in code) and any(c.isalpha() for c in code)
    return "_" in code or has_digit or name in ("measure_type", "certification")


#: Codes no sentence or label contains: an underscore ("in_wc", "bpa_pending"), digits and
#: letters ("35f"), the measure types ("ashp") and certification types ("igshpa").
MACHINE_CODES: frozenset[str] = frozenset(
    code for name, code, _ in CHOICES if _cannot_be_a_word(name, code)
)
#: The codes the permission matrix looks for on every page: with an underscore (statuses,
#: choices, certification and measure types).
UNDERSCORE_CODES: frozenset[str] = frozenset(code for code in MACHINE_CODES if "_" in code)


def _pattern(codes: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


_MACHINE = _pattern(MACHINE_CODES)
_UNDERSCORE = _pattern(UNDERSCORE_CODES)


# --- Reading what a person sees -------------------------------------------------------------

#: Elements whose content no person reads.
_HIDDEN = {"script", "style", "template"}
#: Elements that end one piece of text and start the next (cells, items, paragraphs).
_BREAKS = {
    "address", "article", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "label", "legend", "li", "main", "nav", "ol", "option", "p",
    "section", "select", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title",
    "tr", "ul", "textarea", "button",
}  # fmt: skip


class _Pieces(HTMLParser):
    """The text of a page as a person reads it, in pieces (a cell, an item, a paragraph):
    attributes, scripts and styles are not read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._current: list[str] = []
        self._hidden = 0

    def _break(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.pieces.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self._hidden += 1
        if tag in _BREAKS:
            self._break()

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        if tag in _BREAKS:
            self._break()

    def handle_data(self, data):
        if not self._hidden:
            self._current.append(data)


def html_pieces(html: str) -> list[str]:
    parser = _Pieces()
    parser.feed(html)
    parser.close()
    parser._break()
    return parser.pieces


def pdf_lines(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


# --- Finding codes ----------------------------------------------------------------------------


def _context(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 40) : match.end() + 40]


def machine_codes_in(text: str, *, underscore_only: bool = False) -> list[str]:
    """The codes in ``text`` that no sentence contains, each with a little context."""
    pattern = _UNDERSCORE if underscore_only else _MACHINE
    return [f"{m.group()!r} in …{_context(text, m)}…" for m in pattern.finditer(text)]


def answer_code(label: str, answer: str) -> str | None:
    """``answer`` when it is the code of a choice of the field labelled ``label`` (and differs
    from that choice's label); None otherwise."""
    name = NAME_OF_LABEL.get(label.strip().rstrip(":"))
    if name is None:
        return None
    answer = answer.strip()
    return answer if answer in CODES_OF.get(name, {}) else None


def _value_pairs(text: str) -> Iterator[tuple[str, str]]:
    """The "label = answer" pairs of a check's values ("Loop type = Closed loop; …")."""
    for part in text.removeprefix("Values:").split(";"):
        label, sep, answer = part.partition(" = ")
        if sep:
            yield label.strip(), answer.strip()


def answer_leaks(pieces: list[str]) -> list[str]:
    """Answers shown as codes: a field's label followed by a code of that field (the next two
    pieces: a definition, a table row's cell, the history's before and after), and the
    "label = answer" pairs of a check's values."""
    found = []
    for index, piece in enumerate(pieces):
        if piece in NAME_OF_LABEL:
            for following in pieces[index + 1 : index + 3]:
                if answer_code(piece, following):
                    found.append(f"{piece}: {following!r}")
        for label, answer in _value_pairs(piece):
            if answer_code(label, answer):
                found.append(f"{label} = {answer!r}")
    return found


def pdf_answer_leaks(lines: list[str]) -> list[str]:
    """Answers shown as codes in a PDF's text lines ("Loop type closed", "Loop type = closed")."""
    found = []
    for line in lines:
        for label in NAME_OF_LABEL:
            if line.startswith(label + " ") and answer_code(label, line[len(label) :]):
                found.append(line)
        found += [
            f"{label} = {answer!r}"
            for label, answer in _value_pairs(line)
            if answer_code(label, answer)
        ]
    return found


def page_leaks(html: str) -> list[str]:
    """Every code a person would read on an HTML page."""
    pieces = html_pieces(html)
    return machine_codes_in("\n".join(pieces)) + answer_leaks(pieces)


def pdf_leaks(content: bytes) -> list[str]:
    lines = pdf_lines(content)
    return machine_codes_in("\n".join(lines)) + pdf_answer_leaks(lines)


def text_leaks(text: str) -> list[str]:
    """A plain-text e-mail body or subject."""
    return machine_codes_in(text)


def table_leaks(header: list, rows: list[list]) -> list[str]:
    """An export read back as its header and rows: no heading is a data-dictionary name, no
    cell of a field's column is one of that field's codes, no cell anywhere a code that no
    sentence contains."""
    names = {spec.name for spec in FIELDS} | {"measure_id", "status", "measure_type"}
    found = [f"heading {h!r}" for h in header if h in names]
    for column, heading in enumerate(header):
        field = NAME_OF_LABEL.get(heading) or {
            "Status": "status",
            "Measure type": "measure_type",
        }.get(heading)
        for row in rows:
            cell = row[column]
            if not isinstance(cell, str):
                continue
            if field is not None and cell in CODES_OF.get(field, {}):
                found.append(f"{heading}: {cell!r}")
            found += machine_codes_in(cell)
    return found


def assert_labelled(leaks: list[str], where: str) -> None:
    assert not leaks, f"{where} shows codes where people read labels: {leaks[:8]}"
