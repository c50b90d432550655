"""Pieces of a report page: escaped HTML, headings, what the page has said, sources, keys.

The sections (:mod:`yjanalysis.report.sections`) build every output from these: text from the data
is escaped here and never rendered as Markdown; a page remembers which missing figures it has
explained (so that a part about the same figure shows nothing, heading included); every chart
names where each area's figures come from; the analyst's tables carry counts, denominators and
intervals; and a report compares an English service with its region and England, a Welsh one
with Wales and England and Wales.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import pandas as pd
from IPython.display import HTML

from yjanalysis.report import blocks, narrative, tables
from yjanalysis.report.context import ReportContext

#: Where a context keeps what its page has said.
STATE = blocks.PAGE


def state(ctx: ReportContext) -> dict:
    """Return what this page has said already (kept with the context: one page per context)."""
    found = vars(ctx).setdefault(STATE, {})
    found.setdefault("explained", set())
    found.setdefault("titles", [])
    return found


def paragraph(text: str, css: str | None = None) -> str:
    """Return a paragraph of plain text (escaped)."""
    cls = f' class="{css}"' if css else ""
    if css is None:
        blocks.record(sentence=text)
    elif css == "yj-note":
        blocks.record(note=text)
    return f"<p{cls}>{html.escape(text)}</p>"


def heading_html(text: str | None, level: int = 2) -> str:
    """Return a heading (escaped, with an anchor), or nothing for no text."""
    if not text:
        return ""
    anchor = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return f'<h{level} id="{anchor}">{html.escape(text)}</h{level}>'


def show(*parts) -> None:
    """Display HTML pieces (strings or IPython HTML objects) as one output."""
    text = "".join(p if isinstance(p, str) else p.data for p in parts if p)
    if text:
        blocks.emit(HTML(text))


def missing(ctx: ReportContext, keys, heading: str | None, sentence: str) -> None:
    """Say once per page, under the part's heading, why a part has nothing to show.

    ``keys`` name what is missing (an indicator, or an indicator and group); a later part about
    any of them shows nothing, heading included.
    """
    said = state(ctx)["explained"]
    keys = [keys] if isinstance(keys, str | tuple) else list(keys)
    if any(k in said for k in keys):
        return
    said.update(keys)
    blocks.record(note=sentence)
    show(heading_html(heading), f'<p class="yj-note">{html.escape(sentence)}</p>')


def board(ctx: ReportContext) -> str:
    """Name whom the report is for: its board as the settings name it, else "the board".

    One name everywhere: the cover's "Report to", the asks, the index and every page's first
    screen (which had said "the management board" beneath a cover naming a scrutiny panel).

    Examples
    --------
    >>> from types import SimpleNamespace as Ns
    >>> board(Ns(settings=Ns(board="Children and Families Scrutiny Panel")))
    'the Children and Families Scrutiny Panel'
    >>> board(Ns(settings=None))
    'the board'
    """
    named = ctx.settings.board if ctx.settings is not None else None
    if not named:
        return "the board"
    return named if named.lower().startswith("the ") else f"the {named}"


def explained(ctx: ReportContext, *keys) -> bool:
    """Say whether the page has already explained any of ``keys`` as missing."""
    return any(k in state(ctx)["explained"] for k in keys)


def families(ctx: ReportContext) -> dict[str, list[str]]:
    """Return the families the build used, to name a family's members and rank within it.

    From the build's record where it keeps them; otherwise from the families files the build
    read (its record lists them), over the packaged families, as the build combined them.
    """
    return ctx.families_used


def own_rows(ctx: ReportContext, indicator: str) -> pd.DataFrame:
    """Return the service's own rows of an indicator (its ``yjs`` rows, every breakdown)."""
    return ctx.rows(indicator, ctx.yjs)


def is_local(source) -> bool:
    """Say whether a row's source is a service's own case-level records."""
    return str(source).startswith("local extract")


def file_name(source: str) -> str:
    """Name an input by its file's name (its measure and folder left off), or the own records."""
    if is_local(source):
        return "the service's own case-level records"
    name = str(source).replace("\\", "/")
    name = re.sub(r"^sum of YJS figures: ", "", name)
    return re.sub(r" \([^)]*\)$", "", name).split("/")[-1]


def source_name(source: str, names: Mapping[str, str] | None = None) -> str:
    """Name an input for readers: its publication, its file's name, or the own records.

    ``names`` gives each file's publication (:attr:`ReportContext.publications`): a board member
    needs "Local Authority Interactive Tool", not the name an analyst saved the file under.
    """
    name = file_name(source)
    return (names or {}).get(name, name)


def source_of(row, names: Mapping[str, str] | None = None) -> str:
    """Where one figure comes from, with how it was made where it is an aggregate."""
    method = row.get("method")
    method = method if isinstance(method, str) and method else None
    if is_local(row.get("source")):
        return "the service's own case-level records"
    source = row.get("source")
    name = source_name(source, names) if pd.notna(source) else "the inputs"
    if method and row.get("area_type") in ("family", "region", "country", "england_wales"):
        return f"{method}, {name}"
    return name


def where_from(rows: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """Say where each area's figures come from, areas with the same sources together.

    ``Southampton: the service's own case-level records; South East and England: …``.
    These are the rows a chart draws: the part being built keeps them as its data. ``names``
    gives each file's publication (:func:`source_name`).
    """
    blocks.record(data=rows)
    said: dict[str, list[str]] = {}
    for _, row in rows.iterrows():
        said.setdefault(row["area"], [])
        text = source_of(row, names)
        if text not in said[row["area"]]:
            said[row["area"]].append(text)
    together: dict[str, list[str]] = {}
    for area, texts in said.items():
        together.setdefault(" and ".join(merge_counts(texts)), []).append(area)
    return "; ".join(f"{narrative.join(areas)}: {text}" for text, areas in _pooled(together))


def _pooled(together: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    """Name a publication once for all the areas pooled from it, each with its count.

    ``family: pooled counts of 10 YJSs, file; South East: pooled counts of 19 YJSs, file``
    becomes ``family and South East: pooled counts of 10 and 19 YJSs in turn, file`` (a
    board paper named one publication five times under one chart).
    """
    pattern = re.compile(r"^pooled counts of (\d+) YJSs(, .*)$")
    tails: dict[str, list[tuple[str, list[str]]]] = {}
    for text, areas in together.items():
        found = pattern.match(text)
        if found and len(areas) == 1:
            tails.setdefault(found[2], []).append((found[1], areas))
    out: list[tuple[str, list[str]]] = []
    for text, areas in together.items():
        found = pattern.match(text)
        tail = found[2] if found and len(areas) == 1 else ""
        group = tails.get(tail, [])
        if len(group) < 2:
            out.append((text, areas))
        elif group[0][1] is areas:  # said where the first of them stood
            counts = narrative.join([count for count, _ in group])
            named = [area for _, (area,) in group]
            out.append((f"pooled counts of {counts} YJSs in turn{tail}", named))
    return out


def merge_counts(texts: list[str]) -> list[str]:
    """Say ``pooled counts of 71 to 154 YJSs, file`` once rather than once per group."""
    pattern = re.compile(r"^(.*?)(\d+)( YJSs.*)$")
    found = [m for t in texts if (m := pattern.match(t))]
    if len(texts) < 2 or len(found) < len(texts) or len({(m[1], m[3]) for m in found}) > 1:
        return texts
    counts = sorted(int(m[2]) for m in found)
    return [f"{found[0][1]}{counts[0]} to {counts[-1]}{found[0][3]}"]


def number(value, decimals: int = 0) -> str:
    """Format a count or value for a table (``–`` where missing)."""
    return "–" if value is None or pd.isna(value) else f"{float(value):,.{decimals}f}"


def behind(rows: pd.DataFrame, spec, caption: str) -> str:
    """Return the analyst's table behind a chart: counts, values and intervals of every row."""
    frame = pd.DataFrame(
        {
            "Area": rows["area"].to_numpy(),
            "Group": [
                narrative.short_group(b, g)
                for b, g in zip(rows["breakdown"], rows["group"], strict=True)
            ],
            "Period": [narrative.row_period(r, short=True) for _, r in rows.iterrows()],
            "Numerator": [number(v) for v in rows["numerator"]],
            "Denominator": [number(v) for v in rows["denominator"]],
            "Value": [
                number(v, spec.decimals) if s != "suppressed" else "[c]"
                for v, s in zip(rows["value"], rows["status"], strict=True)
            ],
            "95% interval": [
                "–" if pd.isna(lo) else f"{lo:,.{spec.decimals}f} to {hi:,.{spec.decimals}f}"
                for lo, hi in zip(rows["lower"], rows["upper"], strict=True)
            ],
            "Source": [source_of(r) for _, r in rows.iterrows()],
            "Status": rows["status"].to_numpy(),
        }
    )
    if (frame["Group"] == "All").all():
        frame = frame.drop(columns="Group")
    return tables.html_table(frame, caption)


def nation(ctx: ReportContext) -> str:
    """Return the nation a service is compared with: England, or England and Wales for Wales."""
    return "England and Wales" if ctx.country == "Wales" else "England"


def roles(ctx: ReportContext) -> dict[str, tuple[str, str]]:
    """Return the report's comparators by role: ``family``, ``region`` and ``nation``."""
    found = {}
    for comp in ctx.comparators:
        if comp.area_type == "family":
            found["family"] = (comp.area_type, comp.area)
        elif comp.area_type == "region" or (comp.area_type == "country" and comp.area == "Wales"):
            found["region"] = (comp.area_type, comp.area)
        elif comp.area == nation(ctx):
            found["nation"] = (comp.area_type, comp.area)
    return found


def lag(ctx: ReportContext, row, compared: bool = False, hidden: bool = False) -> str:
    """Say how far a figure's period ends before the report's, and why.

    Why: the latest published figures in the inputs; the service's own records (a cohort needs
    time to show its reoffending); with ``compared``, the latest period its comparators have
    figures for (a later figure of the service's is said beside it); or, with ``hidden``, the
    latest period whose figure for the service is shown beside them, since its figure for the
    comparators' latest period is hidden (Newport's reoffending: calendar year 2022 hidden,
    12 months to June 2022 shown).
    """
    months = (ctx.period_end.year - row["period_end"].year) * 12 + (
        ctx.period_end.month - row["period_end"].month
    )
    if months < 3:
        return ""
    if hidden:
        origin = (
            f"the latest period in which {ctx.yjs}'s figure is shown beside the areas it is "
            "compared with (theirs run later)"
        )
    elif compared:
        origin = "the latest period its comparators have figures for"
    elif is_local(row["source"]):
        origin = "the service's own records"
    else:
        origin = "the latest national figures in the inputs"
    return f"Ends {row['period_end']:%B %Y}, {months} months before the report: {origin}."


#: The natural order of each breakdown's groups (others follow in the order found).
GROUP_ORDER = {
    "pupil_group": [
        "all",
        "Youth justice cohort",
        "Secondary pupils",
        "Disadvantaged",
        "SEN support",
        "SEN EHCP",
        "Children in need",
        "Looked after",
    ],
    "ete_status": ["Full-time", "Part-time", "None"],
    "ethnicity": ["White", "Mixed", "Asian", "Black", "Other", "Unknown"],
    "ethnicity_combined": ["White", "Ethnic minority", "Unknown"],
    "age_group": ["School age", "Post-16", "10 to 14", "15 to 17"],
    "sex": ["Girls", "Boys", "Unknown"],
}


def ordered(frame: pd.DataFrame, breakdown: str, column: str = "group") -> pd.DataFrame:
    """Sort rows by their groups' natural order (:data:`GROUP_ORDER`), others after, stably."""
    order = GROUP_ORDER.get(breakdown, [])
    rank = {g: i for i, g in enumerate(order)}
    key = frame[column].map(lambda g: rank.get(g, len(order)))
    return frame.assign(_rank=key).sort_values("_rank", kind="stable").drop(columns="_rank")
