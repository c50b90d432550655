"""What several parts share: how a chart names its subject and finding, a note, a period."""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from yjanalysis.methods import benchmark
from yjanalysis.report import blocks, narrative, page, verdicts
from yjanalysis.report.context import ReportContext, of_areas

#: How a chart's title names a breakdown.
BREAKDOWN_WORDS = {
    "pupil_group": "pupil group",
    "ete_status": "status",
    "ethnicity": "ethnic group",
    "ethnicity_combined": "ethnic group (combined)",
    "age_group": "age group",
}


def _note(text: str) -> None:
    blocks.record(note=text)
    blocks.emit(HTML(f'<p class="yj-note">{html.escape(text)}</p>'))


def _shown(ctx: ReportContext) -> frozenset[tuple[str, str]]:
    """Return the areas the report shows, as ``(area_type, area)`` pairs (see ``shown_areas``)."""
    return frozenset({("yjs", ctx.yjs), *((c.area_type, c.area) for c in ctx.comparators)})


def _own_and_compared(ctx: ReportContext, indicator: str, breakdown: str, group: str):
    """Return the service's rows of a figure, and those of periods a comparator shown has too."""
    return _own_and_compared_in(ctx.table, ctx.yjs, _shown(ctx), indicator, breakdown, group)


@benchmark.kept
def _own_and_compared_in(table, yjs: str, shown, indicator: str, breakdown: str, group: str):
    rows = benchmark.figure_rows(table, indicator, breakdown, group)
    mine = (rows["area"] == yjs) & (rows["area_type"] == "yjs")
    others = rows[of_areas(rows, shown) & ~mine]
    compared = set(others.loc[others["value"].notna(), "period"])
    own = rows[mine]
    return own, own[own["period"].isin(compared)]


def _period(ctx: ReportContext, indicator: str, breakdown="total", group="all"):
    """Return the period a part shows the service's figure for, beside its comparators.

    The latest in which a comparator the report shows has a figure too, so that the figure is
    compared like with like; the service's latest where no comparator has one. A later figure
    of the service's (its own records run ahead of the publications) is said beside it
    (:func:`_later`).
    """
    return _period_in(ctx.table, ctx.yjs, _shown(ctx), indicator, breakdown, group)


@benchmark.kept
def _period_in(table, yjs: str, shown, indicator: str, breakdown: str, group: str):
    own, candidates = _own_and_compared_in(table, yjs, shown, indicator, breakdown, group)
    # A period whose own figure is hidden compares nothing: the latest shown one does (a board
    # lost its custody comparison to one hidden quarter); :func:`hidden_latest` says so.
    shown_rows = candidates[candidates["value"].notna()]
    pool = shown_rows if len(shown_rows) else candidates
    return benchmark.latest_period(pool if len(pool) else own, yjs, indicator, breakdown, group)


def hidden_latest(ctx: ReportContext, indicator: str, period, breakdown="total", group="all"):
    """Return the service's hidden row of the comparators' latest period, if after ``period``.

    ``None`` where the comparators' latest period is ``period`` itself, or its figure is shown.
    """
    _, own = _own_and_compared(ctx, indicator, breakdown, group)
    if own.empty or period is None:
        return None
    chosen = own[own["period"] == period]
    newest = own.sort_values(["period_end", "period_start"]).iloc[-1]
    if chosen.empty or newest["period_end"] <= chosen["period_end"].iloc[0]:
        return None
    return newest if newest["status"] == "suppressed" else None


def lag_of(ctx: ReportContext, own, indicator: str, period, breakdown="total", group="all"):
    """Say how far the headline's figure lags the report, and why, as the tile and page say it.

    One sentence for the section's headline and the front page's tile, so the two give one
    reason (:func:`~yjanalysis.report.page.lag`): the comparators' latest period, where a later
    figure of the service's follows; the latest shown, where the comparators' latest is hidden.
    """
    if own is None or own["status"] == "suppressed":
        return ""
    hidden = hidden_latest(ctx, indicator, period, breakdown, group) is not None
    later = _later(ctx, indicator, period, breakdown, group) is not None
    return page.lag(ctx, own, later, hidden)


#: The period a headline shows (public, for the parts beside it that must agree with it).
headline_period = _period


def services_in(ctx: ReportContext, indicator: str, period, breakdown="total", group="all"):
    """Return every service's row of one figure in one period (the ``yjs`` rows)."""
    table = ctx.table
    return table[
        (table["indicator"] == indicator)
        & (table["period"] == period)
        & (table["area_type"] == "yjs")
        & (table["breakdown"] == breakdown)
        & (table["group"] == group)
    ]


def _later(ctx: ReportContext, indicator: str, period, breakdown="total", group="all"):
    """Return the service's latest figure where it is later than ``period``, else ``None``."""
    latest = benchmark.latest_period(ctx.table, ctx.yjs, indicator, breakdown, group)
    if latest is None or latest == period:
        return None
    row = benchmark.figure(ctx.table, ctx.yjs, indicator, latest, breakdown, group)
    shown = benchmark.figure(ctx.table, ctx.yjs, indicator, period, breakdown, group)
    if row is None or shown is None or row["period_end"] <= shown["period_end"]:
        return None
    return row


def _subject(ctx: ReportContext, spec, breakdown: str, group: str) -> str:
    if breakdown == "total" and group == "all":
        return f"{narrative.capital(spec.phrase)} in {ctx.yjs}"
    who = narrative.short_group(breakdown, group)
    return f"{narrative.capital(spec.phrase)} of {who[:1].lower() + who[1:]} in {ctx.yjs}"


def _finding(found: pd.DataFrame, indicator: str = "") -> str:
    """Say in a few words how a figure compares (for a chart's title)."""
    real = found[found["difference"].isin(["higher", "lower"])]
    if not real.empty:
        # The verdict the section's sentence gives: a line clear of its comparator titled
        # "could be chance or the difference in definitions" contradicted the chart.
        sources = (
            real["sources"].fillna("").astype(str)
            if "sources" in real
            else pd.Series("", index=real.index)
        )
        words = []
        for direction in ("higher", "lower"):
            for kind in ("", "part", "whole"):
                part = real[(real["difference"] == direction) & (sources == kind)]
                if len(part):
                    clause = verdicts.sources_clause(kind)
                    words.append(
                        f"{direction} than {narrative.join(list(part['label']))}"
                        + (f" ({clause})" if clause else "")
                    )
        return narrative.join(words)
    if (found["difference"] == "not assessed").all():
        return f"whether it differs from its comparators {verdicts.CANNOT_BE_JUDGED}"
    return f"differences from its comparators {verdicts.COULD_BE_CHANCE}"


def _wanted_areas(ctx: ReportContext, areas: list[str] | None) -> set[tuple[str, str]]:
    roles = page.roles(ctx)
    if areas is None:
        return {("yjs", ctx.yjs), *(roles[k] for k in ("family", "nation") if k in roles)}
    found = {("yjs", ctx.yjs)} if ctx.yjs in areas else set()
    for comp in ctx.comparators:
        if comp.area in areas:
            found.add((comp.area_type, comp.area))
    return found


def _moved(before: float, after: float, words: tuple[str, str, str]) -> str:
    """Pick the word for up, down or unchanged."""
    return words[0] if after > before else words[1] if after < before else words[2]


#: The service's figure later than the headline's, which the headline says beside it.
later_figure = _later
