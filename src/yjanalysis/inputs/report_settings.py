"""A service's report settings and commentary: what the service writes around its figures.

A board paper is more than its figures: the cover names the board or panel, the meeting, the
author and how to reach them, and the paper's classification; the service writes its asks of
the panel and its own commentary beside each section. Both live in the raw folder, one folder
per service, so that a folder holding several services' inputs (the demo, a regional analyst)
keeps each service's words apart::

    RAW/report/<service>/report.toml            the cover and the report's choices
    RAW/report/<service>/commentary/summary.md  the asks of the panel (Markdown or .txt)
    RAW/report/<service>/commentary/01_reoffending.md   one file per section, named after it
    RAW/report/<service>/commentary/reasons.md  a part of the committee paper's frame (FRAME)

``<service>`` is the service's folder name (``southampton``, ``stoke-on-trent``), as
``yjanalysis init`` writes it (:func:`write_templates`: the settings with every optional key
commented out, and a commentary file for each section holding only a line of guidance). In a
commentary file, lines whose first visible characters are ``%%`` are notes to the writer and
are never shown, so a file holding nothing else leaves no box on the page. Everything is
optional: without settings the front page has no cover box and no asks, and a section without
commentary has no commentary box.

The settings are checked once, here, where they enter (:func:`read`): a key this project does
not know, a value of the wrong kind, a commentary file not named after a section or holding a
character that shows nothing or hides text (:func:`hidden_characters`: a direction mark, a soft
hyphen, a tag character, a Hangul filler; typed, or as an HTML entity in Markdown) is refused
with one sentence naming the file, the key or line and what was expected; nothing is guessed.
The text is the service's own: it reaches a page only through
:mod:`yjanalysis.report.commentary`, which renders it safely and marks it as the service's
words.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import tomllib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias

import pandas as pd

from yjanalysis.errors import InputError
from yjanalysis.inputs.readers.files import lock_file
from yjanalysis.vocabulary import extract_ids
from yjanalysis.vocabulary.characters import (
    BYTE_ORDER_MARK,
    DIRECTION_MARKS,
    describe_character,
    hidden_characters,
    hides,
)
from yjanalysis.vocabulary.local_paths import local_path, shown_path, site_relative

#: The folder under the raw folder that holds each service's settings and commentary.
FOLDER = "report"
SETTINGS_FILE = "report.toml"
COMMENTARY_FOLDER = "commentary"
#: The sections a service may comment on: the numbered notebooks (a test keeps them in step),
#: and ``summary`` for the asks of the panel on the front page.
SECTIONS = (
    "00_overview",
    "01_reoffending",
    "02_custody_and_remand",
    "03_first_time_entrants",
    "04_serious_youth_violence",
    "05_education_training_employment",
    "06_disproportionality",
)
SUMMARY = "summary"
#: The parts of a council committee paper that only the service can write, each a commentary
#: file named after it, in the order the paper gives them (the seed paper's frame: its
#: recommendations are ``summary``, the asks of the panel). A part not written is left out of
#: the paper, heading and all.
FRAME = {
    "reasons": "Reasons for the recommendations",
    "alternative_options": "Alternative options considered and rejected",
    "service_account": "Inspection feedback, visits and reviews",
    # The YJB's benchmarking or validation visit (the seed paper's paragraphs 46 to 49) is in
    # no input the project reads: a slot the service's words fill, left out until they do.
    "validation_visit": "Youth Justice Board benchmarking and validation visits",
    "resource_implications": "Resource implications",
    "legal_implications": "Legal implications",
    "risk_implications": "Risk management implications",
    "policy_implications": "Policy framework implications",
    "key_decision": "Key decision",
    "wards_affected": "Wards or communities affected",
    "impact_assessments": "Impact assessments",
    "background_papers": "Background papers",
}
COMMENTARY_SUFFIXES = (".md", ".txt")
#: The longest commentary file read: a section's commentary is a few paragraphs, not a paper.
MAX_COMMENTARY_BYTES = 64_000
#: The largest ``report.toml`` read: the settings are a few lines (the template, every key
#: explained, is about 1,100 bytes), and a larger file is refused before it is parsed.
MAX_SETTINGS_BYTES = 64_000
#: The longest value of a cover field: a line, not a paragraph.
MAX_FIELD = 200
COMPARATOR_KINDS = ("family", "region", "national")
#: A folder of the commentary folder holding one report's words: its last month (``2024-09``).
QUARTER_FOLDER = re.compile(r"(?:19|20)\d{2}-(?:0[1-9]|1[0-2])")
#: Lines of a commentary file that start with this are notes to the writer, never shown.
GUIDANCE = "%%"


def is_guidance(line: str) -> bool:
    r"""Say whether a commentary line is a note to the writer (never shown).

    Its first visible characters are ``%%``: an indent of spaces or tabs changes nothing.

    Examples
    --------
    >>> is_guidance("%% note"), is_guidance("\t %% note"), is_guidance("\ufeff%% note")
    (True, True, False)
    """
    return line.lstrip().startswith(GUIDANCE)


#: An HTML character reference as Markdown decodes it (``&#x202E;``, ``&#8238;``, ``&rlm;``).
ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")

#: Each key of ``report.toml``: what it holds, for messages and for ``yjanalysis init``.
KEYS = {
    "yjs": "the service, as named in the YJS register",
    "board": "the board or panel the report goes to",
    "meeting_date": "the date of the meeting, such as 2025-03-20",
    "meeting_dates": (
        "each report's own meeting date, by the report's last month (a report not listed "
        "takes meeting_date)"
    ),
    "report_of": "the officer the report is from, such as the Executive Director",
    "author": "the author's name and title",
    "contact": "how to reach the author (e-mail or telephone)",
    "classification": "the report's protective marking, such as Official",
    "comparators": 'the comparators to show: any of ["family", "region", "national"]',
    "last_report": "the last month of the previous report to this board, such as 2024-09",
    "last_reports": (
        "each report's own previous report, by the report's last month, such as "
        '{ "2024-09" = "2024-06" } (a report not listed takes last_report)'
    ),
    "synthetic": "true for made-up settings (the demo's), which the cover then says",
}
TEXT_KEYS = ("yjs", "board", "report_of", "author", "contact", "classification")
#: The settings the cover prints as the service wrote them.
COVER_TEXT_KEYS = TEXT_KEYS[1:]


@dataclass(frozen=True)
class Commentary:
    """One piece of the service's own text.

    Attributes
    ----------
    section : str
        The section it belongs to (``01_reoffending``) or ``summary``.
    text : str
        The text as written.
    markdown : bool
        Whether it is Markdown (``.md``) rather than plain text (``.txt``).
    file : Path
        Where it was read from.
    lines : tuple of int
        The file's line (from 1) of each line of ``text``: the guidance lines, not shown, are
        taken out of it. Empty where the text is a file's own lines.
    """

    section: str
    text: str
    markdown: bool
    file: Path
    lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReportSettings:
    """A service's report settings and commentary, checked.

    Every field but ``yjs`` is optional (``None`` where the settings do not give it), and a
    service with no settings folder gets one with nothing in it. ``ignored`` lists the files
    of the folder not read, with the reason (lock files of documents open in an office suite).
    """

    yjs: str
    board: str | None = None
    meeting_date: dt.date | None = None
    meeting_dates: dict[str, dt.date] = field(default_factory=dict)
    report_of: str | None = None
    author: str | None = None
    contact: str | None = None
    classification: str | None = None
    comparators: tuple[str, ...] | None = None
    last_report: pd.Timestamp | None = None
    synthetic: bool = False
    commentary: dict[str, Commentary] = field(default_factory=dict)
    file: Path | None = None
    ignored: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def has_cover(self) -> bool:
        """Say whether the settings name anything for the cover."""
        return any(
            v is not None
            for v in (
                self.board,
                self.meeting_date,
                self.meeting_dates or None,
                self.report_of,
                self.author,
                self.contact,
                self.classification,
            )
        )

    def meeting(self, month: str | pd.Timestamp) -> dt.date | None:
        """Return the date of the meeting a report to ``month`` goes to, if the settings give it.

        Each quarter's report goes to its own meeting: a tenth reading found Newport's reports to
        September and to December 2024 both for "Tuesday 25 March 2025", from the one
        ``meeting_date`` (failed before). ``meeting_dates`` names a report's own; a report it
        does not list takes ``meeting_date``.
        """
        return self.meeting_dates.get(f"{pd.Timestamp(month):%Y-%m}", self.meeting_date)

    def words(self, section: str) -> Commentary | None:
        """Return the service's commentary for a section (or the summary), if any."""
        return self.commentary.get(section)

    def cover_words(self) -> dict[str, Commentary]:
        """Return the cover's settings the service writes in words, each as a passage of text.

        The cover prints them beside the report's figures as the commentary is printed, so
        they are read as the commentary is (:mod:`yjanalysis.report.stated`): each is named by
        its key, with the line of ``report.toml`` that sets it.
        """
        found: dict[str, Commentary] = {}
        if self.file is None:
            return found
        text = self.file.read_text(encoding="utf-8-sig")
        for key in COVER_TEXT_KEYS:
            value = getattr(self, key)
            if value is None:
                continue
            where = re.search(rf"(?m)^[ \t]*{key}[ \t]*=", text)
            line = text.count("\n", 0, where.start()) + 1 if where else 0
            found[key] = Commentary(key, value, False, self.file, (line,) if line else ())
        return found


def slug(name: str) -> str:
    """Return a service's folder name: lower case, words joined by hyphens.

    Examples
    --------
    >>> slug("Stoke-on-Trent"), slug("St. Helens")
    ('stoke-on-trent', 'st-helens')
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def folder(raw: Path, yjs: str) -> Path:
    """Return the folder of a service's settings and commentary under ``raw``."""
    return Path(raw) / FOLDER / slug(yjs)


def _refuse_misnamed(raw: Path, yjs: str) -> None:
    """Refuse a settings folder whose ``report.toml`` names the service under another name.

    Only ``report/<slug>`` is read, so ``report/Southampton YJS`` with ``yjs = "Southampton"``
    was passed over without a word: no cover, no commentary (failed before).
    """
    from yjanalysis import reference

    base, expected = raw / FOLDER, folder(raw, yjs)
    if not base.is_dir():
        return
    for other in sorted(base.iterdir()):
        settings_file = other / SETTINGS_FILE
        if other.name == expected.name or other.name.startswith(".") or not other.is_dir():
            continue
        try:
            named = tomllib.loads(settings_file.read_text(encoding="utf-8-sig")).get("yjs")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
            continue  # not a settings file of this service that can be read: not its folder
        if isinstance(named, str) and reference.canonical_name(named) == yjs:
            raise InputError(
                f"names {yjs} (yjs = \"{named}\"), but it is in the folder '{other.name}', "
                f"where {yjs}'s settings and commentary are not read; expected the folder "
                f"{expected} (named as `yjanalysis init` makes it).",
                settings_file,
            )


def _text(value, key: str, path: Path) -> str:
    if not isinstance(value, str):
        raise InputError(f"'{key}' is {_kind(value)}; expected text: {KEYS[key]}.", path)
    value = value.strip()
    hidden = list(hidden_characters(value))
    if all(at in hidden or char.isspace() for at, char in enumerate(value)):
        # Only characters that show nothing (a Hangul filler, a Braille blank) is empty too.
        shown = f" (it holds only {describe_character(value[hidden[0]])})" if value else ""
        raise InputError(
            f"'{key}' is empty{shown}; expected {KEYS[key]}, or leave the key out.", path
        )
    # Line and paragraph separators break a line as a newline does; direction marks (a
    # right-to-left override) make the cover read otherwise than the file.
    if re.search(r"[\x00-\x1f\x7f\x85\u2028\u2029]", value):
        raise InputError(f"'{key}' is more than one line; expected {KEYS[key]}.", path)
    # Soft hyphens, word joiners, tag characters, fillers: none shows, each can hide text.
    if hidden:
        raise InputError(
            f"'{key}' holds the invisible character {describe_character(value[hidden[0]])}, "
            f"which shows nothing or hides text on the cover; expected {KEYS[key]}, as plain "
            "text.",
            path,
        )
    # Every string is checked as commentary is (the cover shows it as the pages do).
    if (where := shown_path(value)) is not None:
        what = (
            "a path of a computer or a web address without its site"
            if site_relative(where)
            else "the path of a folder or file of a computer"
        )
        raise InputError(
            f"'{key}' holds {what} ({where}), which the cover would publish; expected "
            f"{KEYS[key]}, without it.",
            path,
        )
    if len(value) > MAX_FIELD:
        raise InputError(
            f"'{key}' is longer than {MAX_FIELD} characters; expected {KEYS[key]}.", path
        )
    return value


def _kind(value) -> str:
    names = {bool: "true or false", int: "a number", float: "a number", list: "a list"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, dt.date):
        return "a date"
    return repr(value)


def _date(value, key: str, path: Path) -> dt.date:
    """Return a plain date: a TOML date or text ``YYYY-MM-DD``, never a time (nor a zone).

    ``2025-01-20T18:00:00+05:00`` would be a meeting on the 20th in one zone and on another day
    in the next: which day the cover should print cannot be told, so nothing is dropped.
    """
    if isinstance(value, dt.datetime | dt.time):
        what = "a date and time" if isinstance(value, dt.datetime) else "a time"
        zone = " with a time-zone offset" if value.tzinfo is not None else ""
        raise InputError(
            f"'{key}' is {value.isoformat()}, {what}{zone}; expected {KEYS[key]}, a date alone "
            "(no time of day).",
            path,
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InputError(f"'{key}' is {value!r}; expected {KEYS[key]}.", path)


def _month(value, key: str, path: Path) -> pd.Timestamp:
    text = value.strip() if isinstance(value, str) else ""
    if re.fullmatch(r"\d{4}-\d{2}", text) and 1 <= int(text[5:]) <= 12:
        return pd.Timestamp(text) + pd.offsets.MonthEnd(0)
    raise InputError(f"'{key}' is {value!r}; expected {KEYS[key]}.", path)


def _meeting_dates(value, path: Path) -> dict[str, dt.date]:
    """Return each report month's meeting date (``{"2024-09": 2024-12-10}``), checked."""
    if not isinstance(value, dict):
        raise InputError(
            f"'meeting_dates' is {_kind(value)}; expected {KEYS['meeting_dates']}.", path
        )
    out = {}
    for month, day in value.items():
        out[f"{_month(month, 'meeting_dates', path):%Y-%m}"] = _date(day, "meeting_dates", path)
    return out


def _last_reports(value, path: Path) -> dict[str, pd.Timestamp]:
    """Return each report month's previous report (``{"2024-09": "2024-06"}``), checked."""
    if not isinstance(value, dict):
        raise InputError(
            f"'last_reports' is {_kind(value)}; expected {KEYS['last_reports']}.", path
        )
    return {
        f"{_month(month, 'last_reports', path):%Y-%m}": _month(last, "last_reports", path)
        for month, last in value.items()
    }


def _comparators(value, path: Path) -> tuple[str, ...]:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v in COMPARATOR_KINDS for v in value)
        or len(set(value)) != len(value)
    ):
        raise InputError(f"'comparators' is {value!r}; expected {KEYS['comparators']}.", path)
    return tuple(value)


def _settings(path: Path, yjs: str, shapes: Shapes) -> dict:
    """Read and check ``report.toml`` (``shapes`` as :func:`read` takes ``id_shapes``)."""
    from yjanalysis import reference

    try:
        with path.open("rb") as stream:  # no more than the limit is read, however large the file
            data = stream.read(MAX_SETTINGS_BYTES + 1)
    except OSError as error:
        raise InputError(
            f"could not be read ({(error.strerror or str(error)).lower()}); expected the report "
            "settings, readable by this user.",
            path,
        ) from None
    if len(data) > MAX_SETTINGS_BYTES:
        raise InputError(
            f"is larger than {MAX_SETTINGS_BYTES:,} bytes, so it was refused before it was read; "
            'expected the report settings, a few lines such as board = "Scrutiny panel".',
            path,
        )
    try:
        found = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text; expected the report settings as TOML.", path) from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(
            f'is not valid TOML ({error}); expected lines such as board = "Scrutiny panel".',
            path,
        ) from None
    except RecursionError:  # tables or lists nested thousands deep
        raise InputError(
            "nests tables or lists too deeply to read; expected lines such as "
            'board = "Scrutiny panel".',
            path,
        ) from None
    unknown = sorted(set(found) - set(KEYS))
    if unknown:
        raise InputError(
            f"has the key '{unknown[0]}', which this project does not read; expected any of "
            f"{', '.join(KEYS)}.",
            path,
        )
    if "yjs" not in found:
        raise InputError(f"has no 'yjs' key; expected yjs = \"{yjs}\".", path)
    named = reference.canonical_name(_text(found["yjs"], "yjs", path))
    if named != yjs:
        raise InputError(
            f"'yjs' is '{found['yjs']}', but the folder is {yjs}'s; expected yjs = \"{yjs}\" "
            "(settings are kept in the folder of the service they describe).",
            path,
        )
    _refuse_id_shapes(_settings_lines(data.decode("utf-8-sig")), path, shapes)
    out: dict = {}
    for key, value in found.items():
        if key == "yjs":
            continue
        if key in TEXT_KEYS:
            out[key] = _text(value, key, path)
        elif key == "meeting_date":
            out[key] = _date(value, key, path)
        elif key == "meeting_dates":
            out[key] = _meeting_dates(value, path)
        elif key == "last_report":
            out[key] = _month(value, key, path)
        elif key == "last_reports":
            out[key] = _last_reports(value, path)
        elif key == "comparators":
            out[key] = _comparators(value, path)
        elif key == "synthetic":
            if not isinstance(value, bool):
                raise InputError(f"'synthetic' is {_kind(value)}; expected true or false.", path)
            out[key] = value
    return out


def _commentary(
    where: Path,
    ignored: list[tuple[Path, str]],
    shapes: Shapes,
    month: str | None = None,
    quarterly: bool = True,
) -> dict[str, Commentary]:
    """Read the commentary folder: one file per section (or the summary), text checked.

    ``shapes`` are the ids' shapes looked for, as :func:`read` takes ``id_shapes``. A folder
    named after a report's last month (``2024-09/``, :data:`QUARTER_FOLDER`) holds words for
    that report alone: its files are checked like the others, and those of ``month``'s folder
    take the place of the same sections' files for it (``quarterly`` is false inside one).

    Lock files of documents open in an office suite are added to ``ignored`` with the reason.
    """
    found: dict[str, Commentary] = {}
    quarters: dict[str, dict[str, Commentary]] = {}
    allowed = (*SECTIONS, SUMMARY, *FRAME)
    for path in sorted(where.iterdir()):
        if why := lock_file(path.name):
            ignored.append((path, why))
            continue
        if path.name.startswith("."):
            continue
        if quarterly and path.is_dir() and QUARTER_FOLDER.fullmatch(path.name):
            if path.is_symlink():
                raise InputError(
                    f"is a link to a folder elsewhere ({path.resolve().name}); expected the "
                    "quarter's commentary itself, in a folder inside the commentary folder.",
                    path,
                )
            quarters[path.name] = _commentary(path, ignored, shapes, quarterly=False)
            continue
        if path.is_file() and path.stat().st_nlink > 1:
            # A second name of a file kept elsewhere (a hard link) publishes that file.
            raise InputError(
                "is a second name (a hard link) of a file kept elsewhere; expected the "
                "commentary itself, saved in this folder.",
                path,
            )
        if path.is_symlink() and not path.resolve().is_relative_to(where.resolve()):
            # A link to a file elsewhere (the system's password file) would be published.
            raise InputError(
                f"is a link to a file outside the commentary folder ({path.resolve().name}); "
                "expected the commentary itself, saved in this folder.",
                path,
            )
        section, suffix = path.stem, path.suffix.lower()
        if not path.is_file() or suffix not in COMMENTARY_SUFFIXES or section not in allowed:
            folders = " or a folder of one quarter's files named after its last month (2024-09)"
            raise InputError(
                "is not a commentary file this project reads; expected files named after a "
                f"section ({', '.join(f'{s}.md' for s in allowed)}), Markdown (.md) or plain "
                f"text (.txt){folders if quarterly else ''}.",
                path,
            )
        if section in found:
            raise InputError(
                f"gives the {section} commentary again (also in {found[section].file.name}); "
                "expected one file for each section.",
                path,
            )
        if path.stat().st_size > MAX_COMMENTARY_BYTES:
            raise InputError(
                f"is larger than {MAX_COMMENTARY_BYTES:,} bytes; expected a few paragraphs of "
                "commentary for one section.",
                path,
            )
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(
                f"{_where_not_utf8(path.read_bytes())} is not UTF-8 text; expected "
                "commentary saved as UTF-8 (Markdown or plain text; re-save it so, as Word's "
                "or Notepad's 'UTF-8' encoding does).",
                path,
            ) from None
        if "\x00" in text:
            raise InputError("holds a NUL character; expected plain text.", path)
        _refuse_hidden(text, suffix == ".md", path)
        _refuse_local_paths(text, suffix == ".md", path)
        _refuse_id_shapes(_commentary_lines(text), path, shapes)
        shown = [(n, line) for n, line in enumerate(text.splitlines(), 1) if not is_guidance(line)]
        text = "\n".join(line for _, line in shown)
        if text.strip():  # an empty file leaves no empty box
            lines = tuple(n for n, _ in shown)
            found[section] = Commentary(section, text, suffix == ".md", path, lines)
    if month is not None:
        found |= quarters.get(f"{pd.Timestamp(month):%Y-%m}", {})
    return found


def _where_not_utf8(data: bytes) -> str:
    r"""Name the first line, and the byte in it, that is not UTF-8.

    A file re-saved by Word or Notepad as Windows-1252 holds its curly quotes, dashes and pound
    signs as single bytes (``0x91``, ``0x96``, ``0xa3``): the line lets the writer find them.

    >>> _where_not_utf8("ok\n£5".encode("cp1252"))
    'line 2 (its byte 1, 0xa3)'
    """
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        before = body[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return f"line {line} (its byte {column}, 0x{body[error.start]:02x})"
    return "the file"


def _refuse_hidden(text: str, markdown: bool, path: Path) -> None:
    """Refuse a character that shows nothing or hides text, naming its line and code point.

    A right-to-left override makes the page read otherwise than the file (``1202 hcraM``
    shown as ``March 2021``); tag characters spell words no reader sees; a soft hyphen or a word
    joiner hides a word from a search; a byte-order mark inside the file (two files pasted
    together) turned a line of guidance into a published line. Nothing a service writes needs
    one (:func:`hidden_characters` says which are, and which joiners real text needs), and
    stripping it would change the words unseen. In Markdown an entity (``&#x202E;``,
    ``&shy;``) becomes the character only once rendered, so it is looked for in the text as
    written. Lines of guidance (:func:`is_guidance`) are never shown and are not checked.
    """
    offset = 0
    # Lines as the guidance is taken out (``str.splitlines``), numbered as an editor numbers them.
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        if is_guidance(line):
            continue
        if (at := next(hidden_characters(line), None)) is not None:
            mark, written = line[at], ""
        elif markdown and (
            entity := next(
                (m[0] for m in ENTITY.finditer(line) if hides(html.unescape(m[0]))),
                None,
            )
        ):
            mark, written = html.unescape(entity), f" written as {entity}"
        else:
            continue
        number = len(re.findall(r"\r\n|\r|\n", text[:start])) + 1
        char = mark[next(hidden_characters(mark), 0)]
        if DIRECTION_MARKS.match(char):
            what = "the invisible direction mark"
            why = "which makes the page read otherwise than the file"
        elif char == BYTE_ORDER_MARK:
            what = "a byte-order mark"
            why = "which belongs only at the start of a file (were two files joined?)"
        else:
            what = "the invisible character"
            why = "which shows nothing or hides text on the page"
        code, name = describe_character(char).split(" ", 1)
        raise InputError(
            f"line {number} holds {what} {code}{written} {name}, {why}; expected the commentary "
            "as plain text, without it.",
            path,
        )


def _refuse_local_paths(text: str, markdown: bool, path: Path) -> None:
    r"""Refuse a line holding the path of a folder or file of a computer, naming the line.

    ``The figures were checked against C:\Users\jsmith\OneDrive - …\extract Dec24.xlsx``
    was published in the pages, the notebooks and the paper: it tells a board (and the web)
    whose computer, which account and what the files are called. An image or link to a file
    (``![chart](/tmp/chart.png)``, ``file:///…``) is never shown either, and failed only after
    every notebook had run. The shapes are those of
    :data:`yjanalysis.vocabulary.local_paths.LOCAL_PATH` and its general rule
    (:data:`~yjanalysis.vocabulary.local_paths.GENERAL_PATH`: a backslash before a letter or a
    digit, a drive before ``:/`` that is no web address's scheme, a user's own folder first),
    on the text folded (full-width and yen separators) and percent-decoded, looked for in
    Markdown as written and as the page shows it (``C\:\\Users``, ``C&#58;\Users``:
    :func:`~yjanalysis.vocabulary.local_paths.shown_path`, the test the published files pass
    before publishing), each line alone and joined to the next as the page joins them (a drive
    at a line's end, its folders on the next: the first line is named); lines of guidance are
    not checked.

    A Markdown link's target is a web address, not a path, unless it is a computer's folder
    (``/home/…``, ``file:///…``): one without its site (``[x](/data/yjs/cohort.xlsx)``) may be
    either, and is refused with one message true of both (neither the pages nor a reader can
    follow it; a link is kept only to a full address or another page of the report,
    :func:`yjanalysis.report.commentary.safe_link`), as is the same outside a link.
    """
    lines = re.split(r"\r\n|\r|\n", text)
    shown_lines = [(n, line) for n, line in enumerate(lines, start=1) if not is_guidance(line)]
    for at, (number, line) in enumerate(shown_lines):
        # Each line with the next as the page joins them (``C:`` at a line's end, ``Users\…``
        # on the next), the text the guard before publishing sees; the first line is named.
        after = shown_lines[at + 1][1] if at + 1 < len(shown_lines) else ""
        test = shown_path if markdown else local_path
        shown = test(line)
        if shown is None and (joined := test(f"{line}\n{after}")) != test(after):
            shown = joined  # begun on this line (a path wholly on the next is named there)
        if shown is None:
            continue
        if not site_relative(shown):
            raise InputError(
                f"line {number} holds the path of a folder or file of a computer ({shown}), "
                "which would be published in the pages, notebooks and paper; expected the "
                "commentary without it (say what was checked, not where it is kept; link to a "
                "web address instead of a file).",
                path,
            )
        # One slash and a name is a web page's path as much as a folder's: the message holds
        # for both (a link to it is followed by neither the pages nor a reader).
        linked = markdown and re.search(r"\]\(\s*<?" + re.escape(shown), line)
        raise InputError(
            f"line {number} {'links to' if linked else 'holds'} {shown}, a path of a computer "
            "or a web address without its site, which the pages would publish as written and "
            "which leads a reader nowhere; expected the commentary without it, or a web page "
            "by its full address (https://…).",
            path,
        )


def _shown_lines(text: str, hidden: Callable[[str], bool]) -> list[tuple[int, str]]:
    """Return the lines of a service's text file that may be published, numbered from 1.

    ``hidden`` says which lines are never published: comments in ``report.toml``, guidance in
    a commentary file (:func:`is_guidance`).
    """
    lines = enumerate(re.split(r"\r\n|\r|\n", text), start=1)
    return [(n, line) for n, line in lines if not hidden(line)]


def _settings_lines(text: str) -> list[tuple[int, str]]:
    """Return the lines of ``report.toml`` that may be published, numbered (not comments)."""
    return _shown_lines(text, lambda line: line.lstrip().startswith("#"))


def _commentary_lines(text: str) -> list[tuple[int, str]]:
    """Return the lines of a commentary file that are shown, numbered (not guidance)."""
    return _shown_lines(text, is_guidance)


#: Why an id is never written where a service writes its words (said by both refusals).
ID_REASON = (
    "which would publish a child's record in the pages, notebooks and paper; expected the "
    "text without it (say what happened, not to whom)"
)


#: The shapes of ids a read looks for (:func:`read`'s ``id_shapes``): the extracts' own
#: (:func:`yjanalysis.vocabulary.extract_ids.shapes`), ``None`` for those docs/extract.md
#: describes, or ``False`` for none yet (the build, which reads the extracts, comes after).
Shapes: TypeAlias = Collection[str] | Literal[False] | None


def _refuse_id_shapes(lines: list[tuple[int, str]], path: Path, shapes: Shapes = None) -> None:
    """Refuse a line holding a word shaped like a case-level extract's id, naming the line.

    ``One child (C0000074) was sentenced …`` in the commentary, and an author "case worker for
    C0000365", were published in the pages, notebooks, PDF and Word. The shapes are those of
    :func:`yjanalysis.vocabulary.extract_ids.id_shaped`; the extract's own ids, of any shape,
    are looked for by the build (:func:`refuse_extract_ids`). The id is not repeated in the
    message, which is printed and may be logged. ``shapes`` as :func:`read` takes
    ``id_shapes``.
    """
    if shapes is False:
        return
    for number, line in lines:
        if (word := extract_ids.shaped_word(line, shapes)) is not None:
            # The word is named by its place: one of this shape may be a child's real id.
            which = (
                "the letters and count of digits of the ids of the raw folder's extracts"
                if shapes
                else "letters then six digits or more, or a GUID"
            )
            raise InputError(
                f"line {number}, word {word}, is shaped like the id of a child or record of a "
                f"case-level extract ({which}, read as a reader reads it), {ID_REASON}.",
                path,
            )


def refuse_extract_ids(
    raw: Path, extracts: list[tuple[str, list[tuple[str, str, pd.Series]]]]
) -> None:
    """Refuse any service's settings or commentary that hold an id of a case-level extract.

    Called by the build, which has the extracts' ids. Every service's folder under the raw
    folder's ``report`` is read, against the ids of every extract there: Portsmouth's child
    ``YP42`` in Southampton's commentary was published, as only Southampton's own ids were
    looked for (failed before). The files are read as :func:`read` reads them (the settings'
    lines but comments, the commentary's lines but guidance), each line as written and as the
    page shows it (:func:`yjanalysis.vocabulary.extract_ids.words`). The first line holding an
    id is named; an id that several extracts hold is named as the id of the service whose words
    it is in, where it is one. A file that cannot be read is left to :func:`read`, which says why.

    Parameters
    ----------
    raw : Path
        The raw folder.
    extracts : list of (str, list of (str, str, Series))
        Each extract's service (canonical name) and its id columns: name, file and ids.

    Raises
    ------
    InputError
        Naming the file and line, the service, the column and the file of the extract the id
        is from, but not the id.
    """
    base = Path(raw) / FOLDER
    if not base.is_dir():
        return
    lines: list[tuple[Path, int, set[str]]] = []
    for where in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
        lines += _words_written(where)
    if not any(words for _, _, words in lines):
        return
    known = [
        (yjs, column, Path(source).name, extract_ids.spellings(values.dropna().astype(str)))
        for yjs, ids in extracts
        for column, source, values in ids
    ]
    for path, number, words in lines:
        # An id in several extracts (each numbers its children from one) is named as the
        # service's own whose words these are, where it is one.
        folder_name = (path.parent if path.name == SETTINGS_FILE else path.parent.parent).name
        ordered = sorted(known, key=lambda found: slug(found[0]) != folder_name)
        for yjs, column, source, ids in ordered:
            if words & ids:
                raise InputError(
                    f"line {number} holds an id of {yjs}'s case-level extract (in column "
                    f"'{column}' of {source}), {ID_REASON}.",
                    path,
                )


def _words_written(where: Path) -> list[tuple[Path, int, set[str]]]:
    """Return the words that could be ids of each shown line of a service's settings and notes."""
    files = [where / SETTINGS_FILE]
    notes = where / COMMENTARY_FOLDER
    if notes.is_dir() and not notes.is_symlink():
        quarters = (
            p
            for p in notes.iterdir()
            if p.is_dir() and not p.is_symlink() and QUARTER_FOLDER.fullmatch(p.name)
        )
        inside = [notes, *sorted(quarters)]
        files += sorted(
            p for f in inside for p in f.iterdir() if p.suffix.lower() in COMMENTARY_SUFFIXES
        )
    lines: list[tuple[Path, int, set[str]]] = []
    for path in files:
        try:
            if not path.is_file() or path.stat().st_size > MAX_COMMENTARY_BYTES:
                continue
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        numbered = _settings_lines(text) if path.name == SETTINGS_FILE else _commentary_lines(text)
        lines += [(path, n, extract_ids.words(line)) for n, line in numbered]
        if path.name != SETTINGS_FILE:
            # A paragraph's lines are one line on the page ("C000" at one line's end, "0012"
            # at the next's was shown "C000 0012": adversary round 17): each line is read with
            # the next of its paragraph too, named by the first.
            lines += [
                (path, n, extract_ids.words(f"{line} {after}"))
                for (n, line), (m, after) in itertools.pairwise(numbered)
                if m == n + 1 and line.strip() and after.strip()
            ]
    return lines


#: The longest a report may wait for its meeting: a board meets at least once a year.
LONGEST_WAIT = pd.DateOffset(years=1)


def _check_meeting(
    meeting: dt.date | None, month: str, path: Path, key: str = "meeting_date"
) -> None:
    """Refuse a meeting before the report's last day, or more than a year after it.

    A report to December 2024 cannot be presented on 20 March 2019, and one presented in 2099
    is a mistyped year: either would be printed on the cover.
    """
    if meeting is None:
        return
    end = pd.Timestamp(month) + pd.offsets.MonthEnd(0)
    latest = end + LONGEST_WAIT
    day = pd.Timestamp(meeting)
    if end <= day <= latest:
        return
    when = "before the report's last day" if day < end else "more than a year after it"
    raise InputError(
        f"'{key}' is {meeting:%Y-%m-%d}, {when} ({end.day} {end:%B %Y}, the end of the "
        f"report's period); expected the date of the meeting the report goes to, from "
        f"{end:%Y-%m-%d} to {latest:%Y-%m-%d}.",
        path,
    )


#: The longest since the previous report to the same board: it meets at least once a year, so
#: a previous report three years or more before this one is a mistyped year.
LONGEST_GAP = pd.DateOffset(years=3)


def _check_last_report(last: pd.Timestamp | None, month: str, path: Path, key: str) -> None:
    """Refuse a previous report not before this one, or three years or more before it.

    Three years or more (``1990-01``): the cover would print "Previous report: figures to
    January 1990" and the changes since it would silently be left out. Not before this one:
    the settings speak of a later report (a board member found "The settings name the previous
    report as ..." printed in a paper to September, from settings written for December's);
    ``last_reports`` names each report's own.
    """
    if last is None:
        return
    this = pd.Timestamp(month)
    if pd.Timestamp(last).to_period("M") >= this.to_period("M"):
        before = this - pd.DateOffset(months=3)
        raise InputError(
            f"{key} is {last:%Y-%m}, not before this report ({this:%Y-%m}); expected the last "
            f"month of the previous report to this board, before {this:%Y-%m} (each report's "
            f'own goes in last_reports, such as {{ "{this:%Y-%m}" = "{before:%Y-%m}" }}).',
            path,
        )
    earliest = this - LONGEST_GAP
    if pd.Timestamp(last).to_period("M") > earliest.to_period("M"):
        return
    raise InputError(
        f"{key} is {last:%Y-%m}, three years or more before this report ({this:%Y-%m});"
        f" expected the last month of the previous report to this board, after {earliest:%Y-%m}.",
        path,
    )


def read(
    raw: str | Path,
    yjs: str,
    month: str | None = None,
    id_shapes: Shapes = None,
    period: str | None = None,
) -> ReportSettings:
    """Read a service's report settings and commentary from the raw folder, checked.

    Parameters
    ----------
    raw : str or Path
        The raw folder (``RAW/report/<service>/`` is read).
    yjs : str
        The service (canonical name).
    month : str, optional
        The report's last month (``YYYY-MM``): the meeting date must fall after it, and within
        a year of it.
    id_shapes : collection of str, None or False, optional
        The shapes of the ids of the raw folder's case-level extracts, as the build records
        them (:func:`yjanalysis.table.build.id_shapes`): a word of one of them is refused,
        and a reference of another shape passes (an Ofsted URN ``SC045678`` beside ids
        ``C0000074``). ``None`` (no extract, or none known) looks for the shapes
        docs/extract.md describes; ``False`` for none, in a read before the build, which
        reads the extracts and after which the words are read again.
    period : str, optional
        The report's last month (``YYYY-MM``) whose words are read, where no ``month`` is
        checked: the files of the commentary folder's ``<period>/`` folder take the place of
        the same sections' files (default: ``month``).

    Returns
    -------
    ReportSettings
        The settings; empty where the service has none.

    Raises
    ------
    InputError
        One sentence naming the file, the key and what was expected.
    """
    where = folder(Path(raw), yjs)
    _refuse_misnamed(Path(raw), yjs)
    if not where.is_dir():
        return ReportSettings(yjs)
    ignored: list[tuple[Path, str]] = []
    for path in sorted(where.iterdir()):
        if why := lock_file(path.name):
            ignored.append((path, why))
            continue
        if path.name.startswith(".") or path.name in (SETTINGS_FILE, COMMENTARY_FOLDER):
            continue
        raise InputError(
            f"is not read; expected only {SETTINGS_FILE} and a folder {COMMENTARY_FOLDER}/ in "
            f"{where}.",
            path,
        )
    settings_file = where / SETTINGS_FILE
    if settings_file.exists() and not settings_file.is_file():  # a folder, a pipe, a device
        raise InputError(
            f"is not a file (a folder, a pipe or a device), so the report's settings were not "
            f"read; expected the text file {SETTINGS_FILE}, or none.",
            settings_file,
        )
    values = _settings(settings_file, yjs, id_shapes) if settings_file.is_file() else {}
    if month is not None:
        meeting = values.get("meeting_dates", {}).get(f"{pd.Timestamp(month):%Y-%m}")
        _check_meeting(
            meeting or values.get("meeting_date"),
            month,
            settings_file,
            f'meeting_dates "{pd.Timestamp(month):%Y-%m}"' if meeting else "meeting_date",
        )
    # Resolved once, here: the report's own previous report where the settings name one.
    which = month or period
    own = None
    if which is not None:
        own = values.get("last_reports", {}).get(f"{pd.Timestamp(which):%Y-%m}")
        if own is not None:
            values["last_report"] = own
    values.pop("last_reports", None)
    if month is not None:
        _check_last_report(
            values.get("last_report"),
            month,
            settings_file,
            f'last_reports "{pd.Timestamp(month):%Y-%m}"' if own is not None else "'last_report'",
        )
    notes = where / COMMENTARY_FOLDER
    if notes.is_symlink():
        # Its files would lie inside the folder it leads to: a link elsewhere publishes them.
        raise InputError(
            f"is a link to a folder elsewhere ({notes.resolve().name}); expected the "
            "commentary folder itself, inside the service's settings folder.",
            notes,
        )
    period = period or month
    words = _commentary(notes, ignored, id_shapes, period) if notes.is_dir() else {}
    return ReportSettings(
        yjs,
        **values,
        commentary=words,
        file=settings_file if settings_file.is_file() else None,
        ignored=ignored,
    )


#: An example of each optional key, for the template.
EXAMPLES = {
    "board": '"Children and Families Scrutiny Panel"',
    "meeting_date": "2025-03-20",
    "meeting_dates": '{ "2024-12" = 2025-03-20 }',
    "report_of": '"Executive Director of Children and Learning"',
    "author": '"Name Surname, Head of Young People\'s Services"',
    "contact": '"name.surname@council.gov.uk, 023 8000 0000"',
    "classification": '"Official"',
    "comparators": '["family", "region", "national"]',
    "last_report": '"2024-09"',
    "last_reports": '{ "2024-09" = "2024-06" }',
}
#: What each commentary file is for, in the template's line of guidance.
SECTION_GUIDANCE = {
    SUMMARY: "the recommendations or decisions you ask of the board or panel, as a numbered list",
    "00_overview": "the service's overall picture this period, in a few sentences",
    "01_reoffending": "practice and context behind the reoffending figures",
    "02_custody_and_remand": "custody, remand and alternatives to custody",
    "03_first_time_entrants": "prevention and diversion behind the first time entrants figures",
    "04_serious_youth_violence": "partnership work on serious youth violence",
    "05_education_training_employment": "education, training and employment: offers and gaps",
    "06_disproportionality": "the disproportionality action plan and what it is doing",
    "reasons": "why the board or panel should agree the recommendations",
    "alternative_options": "the other options considered, and why they were rejected",
    "service_account": (
        "the service's own account of inspection feedback, visits and reviews this period"
    ),
    "validation_visit": (
        "the outcome of the Youth Justice Board's latest benchmarking or validation visit "
        "(what was checked, what it found, what the service does next), or nothing if none"
    ),
    "resource_implications": "the resource implications (capital and revenue), or 'None'",
    "legal_implications": "the statutory power or duty and any other legal implications",
    "risk_implications": "the risks the report raises and how they are managed",
    "policy_implications": "how the report fits the council's policy framework",
    "key_decision": "whether this is a key decision (Yes or No), and its reference if so",
    "wards_affected": "the wards or communities affected (such as 'All')",
    "impact_assessments": (
        "whether an equality and safety impact assessment (ESIA) or a data protection "
        "impact assessment (DPIA) is needed, and why"
    ),
    "background_papers": "the background papers and appendices, one a line",
}


def template(yjs: str) -> str:
    """Return a ``report.toml`` for a service: ``yjs`` set, every other key explained.

    Examples
    --------
    >>> tomllib.loads(template("Southampton"))
    {'yjs': 'Southampton'}
    """
    lines = [
        f"# Report settings for {yjs} Youth Justice Service (yjanalysis). Every key but yjs is",
        "# optional: take the # off the start of a line to use it. The values are the service's",
        "# own words: they appear on the report's cover as they are written here.",
        f'yjs = "{yjs}"',
    ]
    for key, example in EXAMPLES.items():
        lines.append(f"# {key} = {example}  # {KEYS[key]}")
    return "\n".join(lines) + "\n"


def write_templates(raw: str | Path, yjs: str) -> list[Path]:
    """Write a service's settings and commentary templates under ``raw``; nothing is replaced.

    Raises
    ------
    InputError
        If ``raw`` is not a folder, the service already has settings or commentary there, or
        a file cannot be written (nothing is written then).
    """
    raw = Path(raw)
    if not raw.is_dir():
        raise InputError("is not a folder; expected the folder of raw input files.", raw)
    where = folder(raw, yjs)
    files = {where / SETTINGS_FILE: template(yjs)}
    for section in (SUMMARY, *SECTIONS, *FRAME):
        files[where / COMMENTARY_FOLDER / f"{section}.md"] = (
            f"{GUIDANCE} Write here {SECTION_GUIDANCE[section]} (Markdown; lines starting with "
            f"{GUIDANCE} are not shown, and a file with nothing else leaves no box).\n"
        )
    existing = [p for p in files if p.exists()]
    if existing:
        raise InputError(
            "exists already; expected a service without report settings (edit the files "
            "there, or move them away to start again). Nothing was written.",
            existing[0],
        )
    made: list[Path] = []  # what this call created, removed again if a write fails
    try:
        for path, text in files.items():
            for parent in reversed([path.parent, *path.parent.parents]):
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
            path.write_text(text, encoding="utf-8")
            made.append(path)
    except OSError as error:
        for leftover in reversed(made):
            if leftover.is_dir():
                leftover.rmdir()
            else:
                leftover.unlink()
        reason = (error.strerror or str(error)).lower()
        raise InputError(
            f"could not be written ({reason}); expected a raw folder this user may write to. "
            "Nothing was written.",
            error.filename or where,
        ) from None
    return list(files)


__all__ = [
    "COMMENTARY_FOLDER",
    "FOLDER",
    "FRAME",
    "KEYS",
    "SECTIONS",
    "SETTINGS_FILE",
    "SUMMARY",
    "Commentary",
    "ReportSettings",
    "folder",
    "read",
    "refuse_extract_ids",
    "slug",
    "template",
    "write_templates",
]
