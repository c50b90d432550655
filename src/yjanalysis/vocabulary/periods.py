"""Reporting periods: financial, academic and calendar years, quarters and rolling years.

Each period has a label as users write it and a first and last day. Youth justice statistics
are mostly by financial year (April to March), school statistics by academic year (September to
August) and first time entrants by calendar year; quarterly reports use rolling 12-month
periods ending each quarter, labelled like ``Oct 2022 – Sep 2023``.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

__all__ = [
    "KIND_WORDS",
    "MONTHS",
    "academic_year",
    "calendar_year",
    "financial_year",
    "kind",
    "looks_like_year",
    "parse",
    "quarter",
    "reporting_periods",
    "rolling_year",
    "today",
    "year_label",
]


def today() -> pd.Timestamp:
    """Return today's date, against which a period not yet ended is judged.

    Every check of a date "in the future" asks here, so that a test can set the day
    (``monkeypatch.setattr(periods, "today", lambda: pd.Timestamp("2025-01-10"))``); nothing
    compares with a year written in the code.
    """
    return pd.Timestamp(dt.date.today())


#: How a message names each kind of period (see :func:`kind`), with an example label.
KIND_WORDS = {
    "financial": ("a financial year", "2023-24"),
    "academic": ("an academic year", "2023/24"),
    "calendar": ("a calendar year", "2023"),
    "months": ("a run of whole months", "Oct 2022 – Sep 2023"),
    "day": ("one day", "31 March 2024"),
}


def kind(start: pd.Timestamp, end: pd.Timestamp) -> str | None:
    """Say what kind of period runs from ``start`` to ``end`` (see ``KIND_WORDS``).

    Examples
    --------
    >>> [kind(*parse(label)) for label in ("2023-24", "2022/23", "2023", "Oct 2022 – Sep 2023")]
    ['financial', 'academic', 'calendar', 'months']
    >>> kind(pd.Timestamp("2024-03-31"), pd.Timestamp("2024-03-31"))
    'day'
    >>> kind(pd.Timestamp("2024-03-05"), pd.Timestamp("2024-06-30")) is None
    True
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if start == end:
        return "day"
    if start.day != 1 or end != end + pd.offsets.MonthEnd(0) or end < start:
        return None
    year = end - pd.DateOffset(years=1) + pd.Timedelta(days=1) == start
    if year and start.month == 4:
        return "financial"
    if year and start.month == 9:
        return "academic"
    if year and start.month == 1:
        return "calendar"
    return "months"


def looks_like_year(label: str) -> bool:
    """Say whether a label is written as a financial or academic year (``2022-23``, ``2022/24``).

    Such a label must be one (:func:`parse`): ``2022/24`` is not an academic year, whatever
    dates are given with it.

    Examples
    --------
    >>> looks_like_year("2022/24"), looks_like_year("Oct 2022 – Sep 2023")
    (True, False)
    """
    return bool(re.fullmatch(r"(?:19|20)\d\d\s*[-/–]\s*\d\d", str(label).strip()))


MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def financial_year(start_year: int) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    """Return the label, first and last day of the financial year starting in April.

    Examples
    --------
    >>> financial_year(2019)[0]
    '2019-20'
    """
    label = f"{start_year}-{(start_year + 1) % 100:02d}"
    return label, pd.Timestamp(start_year, 4, 1), pd.Timestamp(start_year + 1, 3, 31)


def academic_year(end_year: int) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    """Return the label, first and last day of the academic year ending in August.

    Examples
    --------
    >>> academic_year(2023)[0]
    '2022/23'
    """
    label = f"{end_year - 1}/{end_year % 100:02d}"
    return label, pd.Timestamp(end_year - 1, 9, 1), pd.Timestamp(end_year, 8, 31)


def calendar_year(year: int) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    """Return the label, first and last day of a calendar year."""
    return str(year), pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)


def rolling_year(end: pd.Timestamp | str) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    """Return the label, first and last day of the 12 months ending with the month of ``end``.

    Examples
    --------
    >>> rolling_year("2023-09")[0]
    'Oct 2022 – Sep 2023'
    >>> [d.date().isoformat() for d in rolling_year("2024-02-10")[1:]]
    ['2023-03-01', '2024-02-29']
    """
    last = pd.Timestamp(end) + pd.offsets.MonthEnd(0)
    first = (last - pd.DateOffset(months=11)).replace(day=1)
    label = f"{first:%b %Y} – {last:%b %Y}"
    return label, first.normalize(), last.normalize()


def quarter(end: pd.Timestamp | str) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    """Return the label, first and last day of the three months ending with ``end``'s month.

    Examples
    --------
    >>> quarter("2023-09")[0]
    'Jul 2023 – Sep 2023'
    """
    last = (pd.Timestamp(end) + pd.offsets.MonthEnd(0)).normalize()
    first = (last - pd.DateOffset(months=2)).replace(day=1)
    return f"{first:%b %Y} – {last:%b %Y}", first.normalize(), last


def parse(label: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Return the first and last day of a period written as users write it, or ``None``.

    Understands ``2019-20`` (financial year), ``2022/23`` (academic year), ``2023`` (calendar
    year), ``Oct 2022 – Sep 2023`` or ``Oct 2022 - Sep 2023`` (months inclusive).

    Examples
    --------
    >>> [d.date().isoformat() for d in parse("2019-20")]
    ['2019-04-01', '2020-03-31']
    >>> [d.date().isoformat() for d in parse("Oct 2022 – Sep 2023")]
    ['2022-10-01', '2023-09-30']
    >>> parse("sometime") is None
    True
    """
    text = str(label).strip()
    if m := re.fullmatch(r"((?:19|20)\d\d)-(\d\d)", text):
        if (int(m.group(1)) + 1) % 100 == int(m.group(2)):
            return financial_year(int(m.group(1)))[1:]
        return None
    if m := re.fullmatch(r"((?:19|20)\d\d)/(\d\d)", text):
        if (int(m.group(1)) + 1) % 100 == int(m.group(2)):
            return academic_year(int(m.group(1)) + 1)[1:]
        return None
    if re.fullmatch(r"(?:19|20)\d\d", text):
        return calendar_year(int(text))[1:]
    month = r"([A-Za-z]{3})[a-z]*\.?\s+((?:19|20)\d\d)"
    if m := re.fullmatch(month + r"\s*[–—-]\s*" + month, text):
        a, b = m.group(1).lower(), m.group(3).lower()
        if a in MONTHS and b in MONTHS:
            first = pd.Timestamp(int(m.group(2)), MONTHS.index(a) + 1, 1)
            last = pd.Timestamp(int(m.group(4)), MONTHS.index(b) + 1, 1) + pd.offsets.MonthEnd(0)
            if first <= last:
                return first, last.normalize()
    return None


def as_written(label: str) -> str:
    """Return a run of months labelled as the project writes it; any other label as given.

    A file may write ``Oct 2023 - Sep 2024`` (a hyphen) or ``October 2023 – September 2024``:
    each is the project's ``Oct 2023 – Sep 2024``, or the one period would be two labels, so
    that a headline fell back a quarter and two figures of one period escaped the rule
    against two files giving one (an adversary's round). Years (``2023-24``, ``2022/23``,
    ``2023``) keep their own label.

    Examples
    --------
    >>> as_written("Oct 2023 - Sep 2024"), as_written("October 2023 – September 2024")
    ('Oct 2023 – Sep 2024', 'Oct 2023 – Sep 2024')
    >>> as_written("2023-24"), as_written("sometime")
    ('2023-24', 'sometime')
    """
    text = str(label).strip()
    bounds = parse(text)
    if bounds is None or not re.search(r"[A-Za-z]", text):
        return label
    first, last = bounds
    return f"{first:%b %Y} – {last:%b %Y}"


def year_label(end: pd.Timestamp) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    """Label the 12 months ending with ``end``'s month: a financial or calendar year if it is one.

    Examples
    --------
    >>> [year_label(pd.Timestamp(e))[0] for e in ("2024-03-31", "2024-06-30", "2024-12-31")]
    ['2023-24', 'Jul 2023 – Jun 2024', '2024']
    """
    label, start, stop = rolling_year(end)
    if stop.month == 3:
        label = financial_year(stop.year - 1)[0]
    elif stop.month == 12:
        label = calendar_year(stop.year)[0]
    return label, start, stop


def reporting_periods(first: pd.Timestamp, last: pd.Timestamp, quarters: int | None = None):
    """Return the rolling years ending each quarter between two dates, March ones as FYs.

    Parameters
    ----------
    first, last : pandas.Timestamp
        The earliest event and the date of the extract: only periods wholly inside are given.
    quarters : int, optional
        Keep only the latest this many.

    Returns
    -------
    pandas.DataFrame
        ``period``, ``period_start``, ``period_end``.

    Examples
    --------
    >>> found = reporting_periods(pd.Timestamp("2021-01-01"), pd.Timestamp("2022-07-15"))
    >>> found["period"].tolist()
    ['2021', '2021-22', 'Jul 2021 – Jun 2022']
    """
    end = (pd.Timestamp(first) + pd.DateOffset(months=11)) + pd.offsets.QuarterEnd(0)
    rows = []
    while end <= last:
        label, start, stop = year_label(end)
        if start >= pd.Timestamp(first).replace(day=1):
            rows.append((label, start, stop))
        end = (end + pd.offsets.QuarterEnd(1)).normalize()
    frame = pd.DataFrame(rows, columns=["period", "period_start", "period_end"])
    # Typed even when no period fits (records of less than a year): dates compare as dates.
    frame = frame.astype({"period_start": "datetime64[ns]", "period_end": "datetime64[ns]"})
    return frame.tail(quarters).reset_index(drop=True) if quarters else frame
