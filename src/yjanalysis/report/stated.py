"""What the service's own words state, checked against the report before any of it is written.

The service's commentary is shown as written, beside figures the report has put under
disclosure control: a sentence of it can give away a figure the report hides, or state a
figure for a period the report does not reach. Newport's September paper hid its share of
children in suitable education, training or employment, while the service's words on the same
page gave "61.1% ... in 2024", a year that ends after the paper's September. A refresh refuses
such words (:func:`check`) with one sentence naming the commentary file and what was expected,
before any page is written; the sentence never repeats the hidden figure.

What counts as stating a figure, and as naming a period, is read from the words alone:

- a period: a financial year (``2023-24``), an academic year (``2023/24``), a month
  (``September 2024``, ``31 December 2024``, ``the 12 months to June 2024``, its "12" no
  figure) or a year (``2024``), read as every table reads it
  (:func:`yjanalysis.vocabulary.periods.parse`); it ends at the end of the year or the month;
- a figure: any other number in the sentence (a list's numbering aside), so that "visited in
  November 2024" or "reports to the board in April 2025" state none, and "61.1% ... in 2024"
  or "9 custodial sentences in 2024" do;
- a hidden figure: a figure of the service's own records that the report hides, in a
  sentence speaking of its period, given as the report would print it (``61.1%``, ``0.44``:
  one with a decimal point or a per cent sign, which the report prints nowhere else for that
  period) or as its count of what it counts, in digits or words and in the nouns and verbs
  users write for the measure (``9 custodial sentences``, ``eight custodial sentences``, ``8
  children were sentenced to custody``: :mod:`yjanalysis.vocabulary.counted_words`). A
  sentence naming no period speaks of the one the passage named last, or, before any, of the
  report's last day. The check errs on refusing: a number before a singular noun (``one
  panel``) is read as a count.

The refusal names the file and the line the sentence begins on (counted in the file, with the
guidance lines the page does not show), and the measure and period of the hidden figure.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from yjanalysis.errors import InputError
from yjanalysis.inputs.report_settings import Commentary
from yjanalysis.report import narrative
from yjanalysis.vocabulary import counted_words, periods
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator
from yjanalysis.vocabulary.characters import strip_hidden

__all__ = ["as_shown", "check", "hidden_stated", "months_after", "periods_after"]

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
#: The periods a sentence can name, longest first: each is taken out before the next is read
#: (and read by :func:`yjanalysis.vocabulary.periods.parse`).
FINANCIAL = re.compile(r"\b((?:19|20)\d{2})[-/](\d{2})\b")
MONTH = re.compile(
    rf"\b(?:\d{{1,2}} months? (?:to|ending) |\d{{1,2}} )?({MONTHS}) ((?:19|20)\d{{2}})\b"
)
YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
#: A list's numbering ("1. to note ...") states no figure.
NUMBERING = re.compile(r"(?m)^\s*\d+[.)]\s")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
#: A period a sentence names by its last month: "to December 2024", "the 12 months ending
#: December 2024", "the year to December 2024", "the quarter to December 2024".
PERIOD_TO = re.compile(
    rf"\b(?:to|ending|until|up to) (?:\d{{1,2}} )?({MONTHS}) ((?:19|20)\d{{2}})\b"
)
#: A month or a day of it: "December 2024", "10 December 2024".
A_MONTH = re.compile(rf"\b({MONTHS}) ((?:19|20)\d{{2}})\b")
#: A financial year's quarter ("2024-25 Q3", "Q3 2024-25"; Q1 is April to June), a calendar
#: year's ("Q3 2024"), or a quarter with no year ("Q3"), read in the report's financial year.
FY_QUARTER = re.compile(
    r"\b(?:((?:19|20)\d{2})[-/]\d{2} Q([1-4])|Q([1-4]) ((?:19|20)\d{2})[-/]\d{2})\b"
)
YEAR_QUARTER = re.compile(r"\bQ([1-4]) ((?:19|20)\d{2})\b(?![-/]\d)")
BARE_QUARTER = re.compile(r"\bQ([1-4])\b(?! ?(?:19|20)\d{2})")


#: Where a sentence ends: after a full stop, a semicolon, a question or an exclamation mark
#: (and the marks closing it: ``.*``, ``.)``, ``."``), or at a paragraph's end.
SENTENCE_END = re.compile(r"(?<=[.;!?])[*_)\]\"'\u2019\u201d]*(\s+)|(\n[ \t]*\n\s*)")


#: A line that begins an item of a list: ``- ``, ``* ``, ``+ `` or ``1. ``, ``1) ``.
LIST_ITEM = re.compile(r"[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def _list_lines(text: str) -> dict[int, int]:
    """Return each line of a list (from 1) with the line the list begins on.

    A list runs from a line beginning an item to the first line that is neither blank, nor
    an item, nor indented under one (its continuation).
    """
    found: dict[int, int] = {}
    first = None
    for n, line in enumerate(text.split("\n"), 1):
        if LIST_ITEM.match(line):
            first = first or n
        elif first and line.strip() and not line[:1].isspace():
            first = None
        if first:
            found[n] = first
    return found


def _sentences(text: str) -> list[tuple[int, str]]:
    r"""Return the sentences of a passage, its list numbering taken out, with each one's line.

    The line (from 1) is the passage's line the sentence begins on. A sentence of a list is
    read after the sentence the list follows, which says what its items are of: "Custodial
    sentences in 2024 came from two courts:" then "- the youth court: 5", "- the Crown
    Court: 3" gives two counts of custodial sentences, not of nothing named.

    Examples
    --------
    >>> _sentences("To note:\n\n1. remands; and\n2. Eight were\nseen\n\nNo more")
    [(1, 'To note:'), (3, 'To note: remands;'), (3, 'To note: and Eight were seen'), (7, 'No more')]
    >>> _sentences("Remands came from:\n\n- court: 5\n- police: 3\n\nNo more.")
    [(1, 'Remands came from:'), (3, 'Remands came from: - court: 5 - police: 3'), (6, 'No more.')]
    """
    lists = _list_lines(text)
    text = NUMBERING.sub(lambda m: "\n" * m[0].count("\n") + " ", text)
    found: list[tuple[int, str]] = []
    start = 0
    for end in [m.start(m.lastindex or 0) for m in SENTENCE_END.finditer(text)] + [len(text)]:
        piece = text[start:end]
        said = re.sub(r"\s+", " ", piece).strip()
        if said:
            lead = len(piece) - len(piece.lstrip())
            line = text.count("\n", 0, start + lead) + 1
            before = [s for n, s in found if n < lists[line]] if line in lists else []
            if before:  # a list's sentence, after the one the list follows
                said = f"{before[-1]} {said}"
            found.append((line, said))
        start = end
    return found


def _periods(sentence: str) -> tuple[list[tuple[str, pd.Timestamp]], str]:
    """Return the periods a sentence names (as written, and the last day of each), and the rest.

    Each is read by :func:`yjanalysis.vocabulary.periods.parse`, so that a period ends here
    where it ends in every table: ``2023/24`` is an academic year (to August), as the
    education figures' are. A month, or the months or a day to it, ends with the month. A
    span written like a year that is none (``2023-26``, a plan's) is neither a period nor a
    figure.

    Examples
    --------
    >>> found, rest = _periods("61.1% were in education in 2024, 58% in 2023-24.")
    >>> [(said, f"{end:%Y-%m}") for said, end in found]
    [('2023-24', '2024-03'), ('2024', '2024-12')]
    >>> rest
    '61.1% were in education in , 58% in .'
    >>> [f"{end:%Y-%m}" for _, end in _periods("In 2023/24 and the 12 months to June 2024")[0]]
    ['2024-08', '2024-06']
    """
    found: list[tuple[str, pd.Timestamp]] = []

    def named(said: str, label: str) -> str:
        bounds = periods.parse(label)
        if bounds is not None:
            found.append((said, bounds[1]))
        return ""

    def month(m: re.Match) -> str:
        return named(m.group(0), f"{m.group(1)} {m.group(2)} – {m.group(1)} {m.group(2)}")

    rest = FINANCIAL.sub(lambda m: named(m.group(0), m.group(0)), sentence)
    rest = MONTH.sub(month, rest)
    rest = YEAR.sub(lambda m: named(m.group(0), m.group(0)), rest)
    return found, rest


#: A period said from the one named before: "a month later", "three months on", "the
#: following quarter", "a year after".
LATER = re.compile(
    r"\b(?:(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
    r"[ -](?P<unit>months?|quarters?|years?) (?:later|on|after(?:wards)?)"
    r"|(?:the |a )?(?:following|next|subsequent) (?P<next>month|quarter|year))\b",
    re.IGNORECASE,
)
#: A time after the period named before, by no measure: "later", "since then".
SINCE = re.compile(
    r"\b(?:later|afterwards|since then|by then|subsequently|thereafter)\b", re.IGNORECASE
)
#: A month named without a year ("In September the number fell").
MONTH_ALONE = re.compile(rf"\b({MONTHS})\b")
MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}


def _later(
    rest: str, ends: set[pd.Timestamp], every_end: set[pd.Timestamp], end: pd.Timestamp | None
) -> set[pd.Timestamp]:
    """Return the periods a sentence speaks of by reference to those named before it.

    "Five children were in custody at the end of August 2024. A month later ..." speaks of
    September 2024: a number of months, quarters or years later (:data:`LATER`) moves each
    period named before on by as many; a time after it by no measure (:data:`SINCE`) is any
    later period up to the report's end (``every_end``: the periods of the hidden figures);
    a month named without its year, that month of the year before's periods, or of the next.
    Empty where the sentence says none of these.

    Examples
    --------
    >>> aug = {pd.Timestamp("2024-08-31")}
    >>> sorted(f"{e:%Y-%m}" for e in _later("A month later the number fell.", aug, set(), None))
    ['2024-09']
    >>> every = {pd.Timestamp("2024-09-30"), pd.Timestamp("2024-12-31")}
    >>> sorted(f"{e:%Y-%m}" for e in _later("Later it fell.", aug, every, None))
    ['2024-09', '2024-12']
    >>> sorted(f"{e:%Y-%m}" for e in _later("A month later it fell.", aug, every, None))
    ['2024-09']
    >>> sorted(f"{e:%Y-%m}" for e in _later("In September it fell.", aug, set(), None))
    ['2024-09', '2025-09']
    """
    found: set[pd.Timestamp] = set()
    for m in LATER.finditer(rest):
        unit = (m["unit"] or m["next"]).lower().rstrip("s")
        n = m["n"]
        k = 1 if n is None or n.lower() in ("a", "an") else counted_words.numbers(n)[0][0]
        found |= {last + pd.DateOffset(months=k * MONTHS_IN[unit]) for last in ends}
    if SINCE.search(LATER.sub(" ", rest)) and ends:  # "later" alone, not "a month later"
        found |= {e for e in every_end if e > max(ends) and (end is None or e <= end)}
    for m in MONTH_ALONE.finditer(rest):
        years = {last.year for last in ends} | {last.year + 1 for last in ends}
        found |= {pd.Timestamp(f"{m[1]} {y}") for y in years}
    found = {pd.Timestamp(e) + pd.offsets.MonthEnd(0) for e in found}
    return {e for e in found if end is None or e <= end}


def periods_after(text: str, end: pd.Timestamp) -> list[str]:
    """Return each period after ``end`` that a sentence stating a figure names, as written.

    Examples
    --------
    >>> end = pd.Timestamp("2024-09-30")
    >>> periods_after("61.1% were in suitable education at the end of their order in 2024.", end)
    ['2024']
    >>> periods_after("Two members visited the team in November 2024.", end)
    []
    >>> periods_after("13 custodial sentences in the 12 months to September 2024.", end)
    []
    """
    return [said for _, said in _after(text, end)]


def _after(text: str, end: pd.Timestamp) -> list[tuple[int, str]]:
    """Return :func:`periods_after`'s periods, each with the line of the passage it is on."""
    after: list[tuple[int, str]] = []
    for line, sentence in _sentences(text):
        found, rest = _periods(sentence)
        if NUMBER.search(rest):
            seen = [said for _, said in after]
            after += [(line, said) for said, last in found if last > end and said not in seen]
    return after


def months_after(
    text: str, end: pd.Timestamp, meeting: pd.Timestamp | None = None, events: bool = False
) -> list[tuple[int, str]]:
    """Return each period or month after ``end`` that a passage names, with its line.

    A board paper for the quarter to September reads its words as of September: "the
    performance to December 2024", "2024-25 Q3" or "Q3" name a period after its own end,
    whatever figure the sentence gives or none. A period named by its last month ("to
    December 2024"), or a quarter, is refused whenever it ends after ``end``; a month named
    alone ("visited in November 2024") where it falls after ``end`` and no later than the
    meeting's month (an event since the period), but not after the meeting: a plan ("reports
    to the board in April 2025") is no period of the report. Without a meeting, every month
    after ``end`` is refused. A quarter with no year is read in the financial year of
    ``end``, as youth justice reports count quarters (Q1 is April to June). With ``events``
    (an account of visits and reviews), a month named alone is no period and passes: a visit
    between the report's end and the meeting is told there.

    Examples
    --------
    >>> end, meeting = pd.Timestamp("2024-09-30"), pd.Timestamp("2024-12-10")
    >>> [said for _, said in months_after("The performance to December 2024.", end, meeting)]
    ['to December 2024']
    >>> [said for _, said in months_after("Figures for 2024-25 Q3 and Q2.", end, meeting)]
    ['2024-25 Q3']
    >>> [said for _, said in months_after("In Q3 we visited.", end, meeting)]
    ['Q3']
    >>> months_after("A review reports to the board in April 2025.", end, meeting)
    []
    >>> [said for _, said in months_after("We met in November 2024.", end, meeting)]
    ['November 2024']
    """
    year = end.year if end.month >= 4 else end.year - 1  # the report's financial year

    def last_day(first_year: int, q: int) -> pd.Timestamp:
        return pd.Timestamp(first_year, 3 * q + 3, 1) + pd.offsets.MonthEnd(0)

    after: list[tuple[int, str]] = []
    for line, sentence in _sentences(text):
        found: list[tuple[str, pd.Timestamp, bool]] = []
        rest = sentence
        for m in FY_QUARTER.finditer(rest):
            first, q = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
            found.append((m[0], last_day(first, q) if q < 4 else last_day(first + 1, 0), True))
        rest = FY_QUARTER.sub(" ", rest)
        for m in YEAR_QUARTER.finditer(rest):
            found.append((m[0], pd.Timestamp(int(m[2]), 3 * int(m[1]), 1), True))
        rest = YEAR_QUARTER.sub(" ", rest)
        for m in BARE_QUARTER.finditer(rest):
            q = int(m[1])
            found.append((m[0], last_day(year, q) if q < 4 else last_day(year + 1, 0), True))
        for m in PERIOD_TO.finditer(rest):
            found.append((m[0], pd.Timestamp(f"{m[1]} {m[2]}"), True))
        rest = PERIOD_TO.sub(" ", rest)
        for m in A_MONTH.finditer(rest) if not events else ():
            found.append((m[0], pd.Timestamp(f"{m[1]} {m[2]}"), False))
        for said, month, period in found:
            month = month + pd.offsets.MonthEnd(0)
            plan = (
                not period
                and meeting is not None
                and month.to_period("M") > pd.Timestamp(meeting).to_period("M")
            )
            if month > end and not plan and said not in [s for _, s in after]:
                after.append((line, said))
    return after


def _printed(row: pd.Series) -> str | None:
    """Return a figure as the report would print it, where no count could be it."""
    if pd.isna(row["value"]):
        return None
    printed = catalogue_indicator(row["indicator"]).format(row["value"], unit=False)
    return printed if re.search(r"[.%]", printed) else None


def hidden_stated(
    text: str,
    hidden: pd.DataFrame,
    shown: pd.DataFrame | None = None,
    end: pd.Timestamp | None = None,
) -> list[tuple[int, str]]:
    """Return what each hidden figure a passage states is (its measure and period), never it.

    A figure is stated where a sentence speaks of its period and gives it as the report would
    print it (``61.1%``), or gives its count of what it counts in digits or words, in the
    words users write for the measure (``eight custodial sentences``, ``8 children were
    sentenced to custody``: :func:`yjanalysis.vocabulary.counted_words.counts`). A count of a
    group (``3 Black children``) is stated where the sentence names the group too. A sentence
    speaks of the periods it names; one naming none, of the period the passage last named,
    or, before any, of the periods ending on the report's last day (``end``): "Eight children
    were sentenced to custody." after "In the 12 months to September 2024, ..." is read so.

    Parameters
    ----------
    text : str
        The service's words.
    hidden : pandas.DataFrame
        The rows of the service's own figures the report hides, with their figures (``value``,
        ``numerator``) as they were before disclosure control.
    shown : pandas.DataFrame, optional
        The service's figures the report shows: a figure it prints for the same period (the
        share in suitable education both as a total and as one status of orders ending), or a
        count of the same measure it gives for the same period, is not given away by the
        words.
    end : pandas.Timestamp, optional
        The report's last day, the period of a passage's words before any period is named.

    Returns
    -------
    list of (int, str)
        The line of the passage each stated figure is on, and what it is.
    """
    printed_shown: set[tuple[str, pd.Timestamp]] = set()
    counts_shown: set[tuple[str | None, pd.Timestamp, int]] = set()
    if shown is not None:
        for _, row in shown.iterrows():
            printed = _printed(row)
            if printed:
                printed_shown.add((printed, row["period_end"]))
            if pd.notna(row["numerator"]) and row["breakdown"] == "total":
                key = (counted_words.family(row["indicator"]), row["period_end"])
                counts_shown.add((*key, int(row["numerator"])))
    given = _shown_figures(printed_shown, counts_shown)
    read = []
    ends: set[pd.Timestamp] = {end} if end is not None else set()
    every_end = set(hidden["period_end"]) if len(hidden) else set()
    measures = set(hidden["indicator"]) if len(hidden) else set()
    about = ""  # the last sentence naming a measure: one naming none speaks of it
    for line, sentence in _sentences(text):
        found, rest = _periods(sentence)
        later = _later(rest, ends, every_end, end)
        if found:
            ends = {last for _, last in found} | later
        elif later:
            ends = later
        if counted_words.names_any(rest) or any(counted_words.names(rest, m) for m in measures):
            about = rest
        read.append((line, ends, set(NUMBER.findall(rest)), rest, about))
    said: list[tuple[int, str]] = []
    arithmetic: list[tuple[int, str]] = []
    for _, row in hidden.iterrows():
        printed = _printed(row)
        if printed and (printed, row["period_end"]) in printed_shown:
            printed = None
        count = None if pd.isna(row["numerator"]) else int(row["numerator"])
        same = (counted_words.family(row["indicator"]), row["period_end"], count)
        if count is not None and same[0] is not None and same in counts_shown:
            count = None
        for line, ends, numbers, rest, about in read:
            if row["period_end"] not in ends:
                continue
            named = bool(about) and counted_words.names(about, row["indicator"])
            direct = (
                (printed and printed in numbers)
                or (count is not None and _counts(rest, row, count, named))
                or (_all_or_none(row) and counted_words.all_or_none(rest, row["indicator"], named))
            )
            if not direct and not (
                (printed or count is not None) and _gives(rest, row, ends, given, named)
            ):
                continue
            what = (
                f"the {catalogue_indicator(row['indicator']).phrase} for "
                f"{narrative.row_period(row)}"
            )
            into = said if direct else arithmetic
            if what not in [w for _, w in into]:
                into.append((line, what))
    # A figure stated outright is named alone; else what the words give by arithmetic.
    return sorted(said) or sorted(arithmetic)


def _all_or_none(row: pd.Series) -> bool:
    """Say whether a hidden figure is a share of all or of none (100% or 0%)."""
    value = row["value"]
    return (
        catalogue_indicator(row["indicator"]).unit == "%"
        and pd.notna(value)
        and (float(value) in (0.0, 100.0))
    )


def _counts(rest: str, row: pd.Series, count: int, named: bool = False) -> bool:
    """Say whether a sentence (its periods taken out) gives a figure's count of its measure.

    ``named``: the words before it named the measure, and the sentence names none.
    """
    if count not in counted_words.counts(rest, row["indicator"], named):
        return False
    return _of_group(rest, row)


def _of_group(rest: str, row: pd.Series) -> bool:
    """Say whether a sentence speaks of a figure's group (every sentence, of a total)."""
    if row["breakdown"] == "total":
        return True
    group = str(row["group"]).lower()
    return re.search(rf"\b{re.escape(group)}\b", rest.lower()) is not None


def _shown_figures(
    printed: set[tuple[str, pd.Timestamp]], counted: set[tuple[str | None, pd.Timestamp, int]]
) -> dict[pd.Timestamp, set[str]]:
    """Return the figures the report shows for each period, as words may write them."""
    given: dict[pd.Timestamp, set[str]] = {}
    for said, last in printed:
        given.setdefault(last, set()).add(said)
    for _, last, count in counted:
        given.setdefault(last, set()).update({str(count), f"{count:,}"})
    return given


def _gives(
    rest: str,
    row: pd.Series,
    ends: set[pd.Timestamp],
    given: dict[pd.Timestamp, set[str]],
    named: bool = False,
) -> bool:
    """Say whether a sentence speaking of a hidden figure's period could give it by arithmetic.

    What the words may say of a measure whose figure is hidden for the period they speak of:
    its name, and no number (:func:`yjanalysis.vocabulary.counted_words.figures`) but the
    figures the report itself shows for the periods the sentence names. A ratio ("one in
    every 2,550 children") gives the count from the population shown, a difference ("3
    fewer than the 11 the year before") or a relation ("halved") from an earlier count shown.
    A figure of a group is given only where the sentence names the group too. A sentence
    naming no measure speaks of the one the words before it named (``named``): "In the 12
    months to September 2024 there were three fewer." after a sentence counting custodial
    sentences gives their count.
    """
    shown = set().union(*(given.get(last, set()) for last in ends))
    figures = counted_words.figures(rest, row["indicator"], named)
    if not [f for f in figures if f not in shown]:
        return False
    return _of_group(rest, row)


def _own(yjs: str, end: pd.Timestamp, shown: pd.DataFrame) -> pd.DataFrame:
    """Return the service's own figures in the controlled table, up to the report's end."""
    return shown[
        shown["area_type"].eq("yjs") & shown["area"].eq(yjs) & (shown["period_end"] <= end)
    ]


#: The columns that name a figure of the table.
KEYS = [
    "area_type",
    "area",
    "indicator",
    "period",
    "period_start",
    "period_end",
    "breakdown",
    "group",
    "source",
]


def _hidden(yjs: str, end: pd.Timestamp, table: pd.DataFrame, shown: pd.DataFrame):
    """Return the service's own figures the report hides, with their figures before control."""
    mine = _own(yjs, end, shown)
    mine = mine[mine["status"].eq("suppressed")]
    return mine[KEYS].merge(table[[*KEYS, "value", "numerator"]], on=KEYS, how="inner")


#: The sections that give an account of events (visits, inspections, reviews): an event
#: between the report's end and the meeting is told there.
ACCOUNTS = frozenset({"service_account", "validation_visit"})
#: Markdown's marks of emphasis and code, which the page does not show: ``ei*ght*`` reads
#: "eight" there.
EMPHASIS = re.compile(r"[*_`]")
#: A character Markdown shows as itself once its backslash is taken out (``\*``).
ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def as_shown(text: str, markdown: bool = True) -> str:
    r"""Return a passage's words as its page shows them, line for line.

    The page shows Markdown rendered: an entity as its character (``&#56;`` as 8), a word
    split by emphasis as one (``ei*ght*`` as "eight"), and no character that shows nothing
    (:func:`yjanalysis.vocabulary.characters.strip_hidden`). So what the words state is read
    from what a reader sees, not from the file's marks. A list's marks are kept (they say
    where a list is); plain text is shown as written.

    Examples
    --------
    >>> as_shown("There were &#56; and ei*ght*, __six__.\n* custody")
    'There were 8 and eight, six.\n* custody'
    >>> as_shown("There were &#56;.", markdown=False)
    'There were &#56;.'
    """
    if not markdown:
        return text
    lines = []
    for line in text.split("\n"):
        mark = LIST_ITEM.match(line)
        cut = mark.end() if mark else 0
        rest = html.unescape(ESCAPED.sub(r"\1", line[cut:]))
        rest = re.sub(r"\s", " ", strip_hidden(EMPHASIS.sub("", rest)))
        lines.append(line[:cut] + rest)
    return "\n".join(lines)


def check(
    words: dict[str, Commentary],
    yjs: str,
    end: pd.Timestamp,
    table: pd.DataFrame,
    shown: pd.DataFrame,
    meeting: pd.Timestamp | None = None,
    cover: dict[str, Commentary] | None = None,
) -> None:
    """Refuse the service's words where they state a hidden figure or a period after the end.

    Words naming a period or a month after the end are refused too (:func:`months_after`),
    but for a month named alone in an account of events (:data:`ACCOUNTS`): a visit between
    the quarter's end and the meeting is told in the service's account. What is read is what
    the page shows (:func:`as_shown`).

    Parameters
    ----------
    words : dict of Commentary
        The service's commentary, by section (:attr:`ReportSettings.commentary`).
    yjs : str
        The service.
    end : pandas.Timestamp
        The last day of the report's period.
    table, shown : pandas.DataFrame
        The built table, and the same under disclosure control.
    meeting : pandas.Timestamp, optional
        The day of the meeting the report goes to: a month after it is a plan.
    cover : dict of Commentary, optional
        The cover's settings in words (:meth:`ReportSettings.cover_words`): a figure they
        state is read as the commentary's, and they may name a later month (a meeting's).

    Raises
    ------
    InputError
        Naming the commentary file and what was expected, never the hidden figure.
    """
    hidden = printed = None
    passages = [(p, False) for p in words.values()] + [(p, True) for p in (cover or {}).values()]
    for passage, on_cover in passages:
        text = as_shown(passage.text, passage.markdown)
        where = _line(passage, 1) + f" ({passage.section})" if on_cover else None
        if not on_cover:
            _refuse_later(passage, text, end, meeting)
        after = _after(text, end)
        if after:
            raise InputError(
                f"{where or _line(passage, after[0][0])} states a figure for "
                f"{narrative.join([said for _, said in after])}, after the report's end "
                f"({end:%B %Y}); expected figures of periods the report covers, or none.",
                passage.file,
            )
        if hidden is None or printed is None:
            hidden = _hidden(yjs, end, table, shown)
            printed = _own(yjs, end, shown)
            printed = printed[printed["status"].ne("suppressed")]
        stated = hidden_stated(text, hidden, printed, end)
        if stated:
            whose = "the cover's settings" if on_cover else "the service's words"
            raise InputError(
                f"{where or _line(passage, stated[0][0])} states "
                f"{narrative.join([what for _, what in stated])}, which the report hides to "
                f"protect the children behind it; expected {whose} to give no figure the "
                "report hides.",
                passage.file,
            )


def _refuse_later(
    passage: Commentary, text: str, end: pd.Timestamp, meeting: pd.Timestamp | None
) -> None:
    """Refuse words naming a period after the report's end, or a month outside an account.

    The advice fits what was named and where: a period after the end belongs to a later
    quarter's words (in that quarter's folder, unless they are already there), and a month
    since the end may be an event, told in the service's account (``service_account.md``).
    """
    periods = months_after(text, end, meeting, events=True)
    named = periods if passage.section in ACCOUNTS else months_after(text, end, meeting)
    if not named:
        return
    folder = f"{end:%Y-%m}"
    advice = []
    if passage.file.parent.name != folder:
        advice.append(
            "words for each quarter can be kept in a folder named after its last month, such "
            f"as commentary/{folder}/"
        )
    if not periods:
        advice.append(
            "an event since then and before the meeting, such as a visit, is told in the "
            "service's account, service_account.md"
        )
    raise InputError(
        f"{_line(passage, named[0][0])} names "
        f"{narrative.join([said for _, said in named])}, after the report's end "
        f"({end:%B %Y}); expected words for the report's own period"
        f"{' (' + '; '.join(advice) + ')' if advice else ''}.",
        passage.file,
    )


def _line(passage: Commentary, line: int) -> str:
    """Name a line of a passage by its line in the file (guidance lines are not shown)."""
    lines = passage.lines
    return f"line {lines[line - 1] if 0 < line <= len(lines) else line}"
