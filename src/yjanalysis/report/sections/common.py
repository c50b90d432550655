"""What several parts share: how a chart names its subject and finding, a note, a period."""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from yjanalysis.methods import benchmark
from yjanalysis.report import blocks, narrative, page
from yjanalysis.report.context import ReportContext

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


def _period(ctx: ReportContext, indicator: str, breakdown="total", group="all"):
    return benchmark.latest_period(ctx.table, ctx.yjs, indicator, breakdown, group)


def _subject(ctx: ReportContext, spec, breakdown: str, group: str) -> str:
    if breakdown == "total" and group == "all":
        return f"{narrative.capital(spec.phrase)} in {ctx.yjs}"
    who = narrative.short_group(breakdown, group)
    return f"{narrative.capital(spec.phrase)} of {who[:1].lower() + who[1:]} in {ctx.yjs}"


def _finding(found: pd.DataFrame) -> str:
    """Say in a few words how a figure compares (for a chart's title)."""
    real = found[found["difference"].isin(["higher", "lower"])]
    if not real.empty:
        words = []
        for direction in ("higher", "lower"):
            part = real[real["difference"] == direction]
            if len(part):
                words.append(f"{direction} than {narrative.join(list(part['label']))}")
        return narrative.join(words)
    if (found["difference"] == "not assessed").all():
        return "whether it differs from its comparators cannot be judged"
    return "differences from its comparators could be chance"


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
