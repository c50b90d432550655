"""The service among all services: a funnel plot with its limits."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from IPython.display import HTML, Markdown

from yjanalysis import reference
from yjanalysis.inputs.report_settings import SUMMARY
from yjanalysis.methods import stats
from yjanalysis.report import blocks, page, plots, verdicts
from yjanalysis.report.context import ReportContext
from yjanalysis.report.sections.common import _note, _period, services_in
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator


@blocks.block
def among_services(
    ctx: ReportContext, indicator: str, heading: str = "Among other services"
) -> None:
    """Place the service among all services with a funnel plot, explained in plain words.

    The plot and its sentence come from :func:`funnel`; its output is shown as text (never as
    Markdown) under the heading, and nothing is shown where the page has said already that the
    service has no figure.
    """
    if page.explained(ctx, indicator, (indicator, "total", "all")):
        return
    drawn = funnel(ctx, indicator)
    outputs = [_as_html(o) for o in drawn.outputs]
    blocks.record(data=drawn.data, chart=drawn.charts[0] if drawn.charts else None)
    for note in drawn.notes:
        blocks.record(note=note)
    drew = any("<figure" in o for o in outputs)
    explain = (
        "Each grey dot is a service, placed by its size (across, on a log scale) and its figure "
        "(up). The funnel lines show how far from the figure of all services together a "
        "service of that size can fall by chance alone (95% and 99.8% limits), so a small "
        "service's figure can move a long way by chance. Where services differ from each "
        "other more than chance alone would make them (overdispersion), the limits are widened."
    )
    page.show(page.heading_html(heading), page.paragraph(explain) if drew else "", *outputs)


def _as_html(output) -> str:
    """Return an output as HTML: HTML as this module made it, any other text escaped."""
    if isinstance(output, HTML):
        return output.data
    return page.paragraph(re.sub(r"[*_`]", "", output.data))


@dataclass(frozen=True)
class Placing:
    """Where a service stands among all services on one figure (a funnel plot's finding)."""

    period: str
    rows: pd.DataFrame  # every service's figure, with counts
    kind: str  # "proportion" or "rate"
    target: float  # the figure of all services together, per head
    dispersion: float  # the overdispersion factor the limits are widened by (1: none)
    where: str  # a key of verdicts.PLACES
    which: str  # "services" or "services in England"

    @property
    def own(self) -> pd.Series:
        """The service's own row."""
        return self.rows[self.rows["area"] == self.rows.attrs["yjs"]].iloc[0]


def placing(ctx: ReportContext, indicator: str, breakdown="total", group="all"):
    """Place the service among all services with counts in the period its headline shows.

    Returns
    -------
    Placing or str
        The placing, or why there is none (a sentence).
    """
    spec = catalogue_indicator(indicator)
    period = _period(ctx, indicator, breakdown, group)
    rows = services_in(ctx, indicator, period, breakdown, group)
    rows = rows.dropna(subset=["numerator", "denominator"])
    rows = rows[rows["denominator"].astype(float) > 0]
    if period is None or len(rows) < 10 or ctx.yjs not in set(rows["area"]):
        return (
            f"No funnel plot of the {spec.phrase}: counts for enough services in the same "
            "period are not available to this report."
        )
    kind = "proportion" if spec.interval_method == "wilson" else "rate"
    num, den = rows["numerator"].astype(float), rows["denominator"].astype(float)
    target = num.sum() / den.sum()
    if target == 0 or (kind == "proportion" and target == 1):
        return (
            f"No funnel plot of the {spec.phrase}: every service's figure in {period} is "
            f"{spec.format(target * spec.multiplier)}, so there is no variation to draw limits "
            "around."
        )
    phi = stats.overdispersion(num / den, den, target, kind)
    own = rows[rows["area"] == ctx.yjs].iloc[0]
    check = stats.funnel_limits([own["denominator"]], target, kind, dispersion=phi).iloc[0]
    where = verdicts.place(own["numerator"] / own["denominator"], check)
    # Name whose figures these are: a source that covers England only (DfE LAIT) gives no
    # Welsh service, and "all services" would be false to a Welsh reader.
    country = reference.register()["country"]
    which = _whose(pd.Series(rows["area"].map(country).to_numpy(), index=rows["area"]), ctx.yjs)
    rows = rows.copy()
    rows.attrs["yjs"] = ctx.yjs
    return Placing(period, rows, kind, float(target), float(phi), where, which)


def _whose(countries: pd.Series, yjs: str) -> str:
    """Name whose figures a funnel draws, after their number: which services, by country.

    A source covering England only, with the service's own figure beside it, is not "all 128
    services" to a Welsh councillor but 127 in England and the service itself.

    Examples
    --------
    >>> _whose(pd.Series(["England", "England"], index=["A", "B"]), "A")
    'services in England'
    >>> _whose(pd.Series(["England", "England", "Wales"], index=["A", "B", "Newport"]), "Newport")
    'services (2 in England, and Newport)'
    >>> _whose(pd.Series(["England", "Wales", "Wales"], index=["A", "B", "C"]), "B")
    'services'
    """
    welsh = countries[countries.eq("Wales")]
    if welsh.empty:
        return "services in England"
    if list(welsh.index) == [yjs]:
        return f"services ({int(countries.eq('England').sum())} in England, and {yjs})"
    return "services"  # a source of England and Wales alike


def disagreeing(ctx: ReportContext, indicator: str, found: Placing) -> str:
    """Return the direction of a difference that its place among services seems to deny.

    ``higher`` or ``lower`` where the comparison against areas' figures finds it and the
    service is not unusual among all services (the two seem to disagree), else ``""``.
    """
    if found.where != "inside":
        return ""
    compared = ctx.compare(indicator, found.period)
    real = compared[compared["difference"].isin(["higher", "lower"])]
    return "" if real.empty else str(real["difference"].iloc[0])


def _asks(ctx: ReportContext) -> bool:
    """Whether the service asks something of its board (its recommendations, ``summary.md``)."""
    return ctx.settings is not None and ctx.settings.words(SUMMARY) is not None


def reconciled(ctx: ReportContext, indicator: str, found: Placing, brief: bool = False) -> str:
    """Return the sentence saying plainly a place not unusual, after a verdict beyond chance.

    It follows the verdict against areas' figures
    (:func:`~yjanalysis.report.verdicts.two_tests`); ``brief`` gives the front page's short
    form, without why services' figures differ.
    """
    return verdicts.two_tests(
        disagreeing(ctx, indicator, found),
        found.where,
        f"{len(found.rows)} {found.which}",
        None if brief else found.dispersion,
        asks=_asks(ctx),
    )


@blocks.block
def funnel(ctx: ReportContext, indicator: str, breakdown="total", group="all") -> None:
    """Show every service's figure against funnel limits, placing the service among all YJSs."""
    spec = catalogue_indicator(indicator)
    found = placing(ctx, indicator, breakdown, group)
    if isinstance(found, str):
        _note(found)
        return
    rows, period, kind, target, phi = (
        found.rows,
        found.period,
        found.kind,
        found.target,
        found.dispersion,
    )
    per = spec.multiplier
    den = rows["denominator"].astype(float)
    grid = np.geomspace(den.min() * 0.8, den.max() * 1.2, 200)
    limits = stats.funnel_limits(grid, target, kind, dispersion=phi)
    for column in limits.columns.drop("denominator"):
        limits[column] = limits[column] * per
    own = found.own
    place = verdicts.PLACES[found.where]
    # Where the funnel seems to deny the verdict against areas' figures, the section's
    # verdict says so plainly after it (:func:`reconciled`); the funnel says its place alone
    # (it had repeated "higher ... by more than chance would explain, but within the normal
    # spread ..." beside its chart: two verdicts in one sentence, a tenth reading).
    sentence = (
        f"Among {len(rows)} {found.which} in {period}, {verdicts.AMONG_SERVICES.split(', ', 1)[1]} "
        f"from one another, {ctx.yjs} ({spec.format(own['value'])}) is {place}. The limits are "
        f"{stats.funnel_method(kind, phi).replace('between areas', 'between services')}."
    )
    points = rows.assign(value=rows["value"].astype(float))
    fig = plots.funnel(
        points,
        limits,
        target * per,
        spec,
        f"{spec.short_title} among {len(rows)} {found.which}, {period}",
        ctx.yjs,
    )
    blocks.record(data=points, sentence=sentence)
    blocks.emit(Markdown(sentence), plots.show(fig, "Funnel plot. " + sentence))
