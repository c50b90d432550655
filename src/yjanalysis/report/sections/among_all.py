"""The service among all services: a funnel plot with its limits."""

from __future__ import annotations

import re

import numpy as np
from IPython.display import HTML, Markdown

from yjanalysis import reference
from yjanalysis.methods import stats
from yjanalysis.report import blocks, page, plots
from yjanalysis.report.context import ReportContext
from yjanalysis.report.sections.common import _note, _period
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


@blocks.block
def funnel(ctx: ReportContext, indicator: str, breakdown="total", group="all") -> None:
    """Show every service's figure against funnel limits, placing the service among all YJSs."""
    spec = catalogue_indicator(indicator)
    period = _period(ctx, indicator, breakdown, group)
    rows = ctx.table[
        (ctx.table["indicator"] == indicator)
        & (ctx.table["period"] == period)
        & (ctx.table["area_type"] == "yjs")
        & (ctx.table["breakdown"] == breakdown)
        & (ctx.table["group"] == group)
    ]
    rows = rows.dropna(subset=["numerator", "denominator"])
    rows = rows[rows["denominator"].astype(float) > 0]
    if period is None or len(rows) < 10 or ctx.yjs not in set(rows["area"]):
        _note(
            f"No funnel plot of the {spec.phrase}: the inputs do not give counts for enough "
            "services in the same period."
        )
        return
    per = spec.multiplier
    kind = "proportion" if spec.interval_method == "wilson" else "rate"
    num, den = rows["numerator"].astype(float), rows["denominator"].astype(float)
    target = num.sum() / den.sum()
    if target == 0 or (kind == "proportion" and target == 1):
        _note(
            f"No funnel plot of the {spec.phrase}: every service's figure in {period} is "
            f"{spec.format(target * per)}, so there is no variation to draw limits around."
        )
        return
    phi = stats.overdispersion(num / den, den, target, kind)
    grid = np.geomspace(den.min() * 0.8, den.max() * 1.2, 200)
    limits = stats.funnel_limits(grid, target, kind, dispersion=phi)
    for column in limits.columns.drop("denominator"):
        limits[column] = limits[column] * per
    own = rows[rows["area"] == ctx.yjs].iloc[0]
    point = own["numerator"] / own["denominator"]
    check = stats.funnel_limits([own["denominator"]], target, kind, dispersion=phi).iloc[0]
    if point > check["upper_998"] or point < check["lower_998"]:
        place = "outside the 99.8% limits: a difference very unlikely to be chance"
    elif point > check["upper_95"] or point < check["lower_95"]:
        place = "outside the 95% limits but inside the 99.8% limits"
    else:
        place = "inside the 95% limits: within the range chance produces"
    # Name whose figures these are: a source that covers England only (DfE LAIT) gives no
    # Welsh service, and "all services" would be false to a Welsh reader.
    country = reference.register()["country"]
    which = "services" if rows["area"].map(country).eq("Wales").any() else "services in England"
    sentence = (
        f"Among {len(rows)} {which} in {period}, {ctx.yjs} "
        f"({spec.format(own['value'])}) is {place}. The limits are "
        f"{stats.funnel_method(kind, phi).replace('between areas', 'between services')}."
    )
    points = rows.assign(value=rows["value"].astype(float))
    fig = plots.funnel(
        points,
        limits,
        target * per,
        spec,
        f"{spec.short_title} among {len(rows)} {which}, {period}",
        ctx.yjs,
    )
    blocks.record(data=points, sentence=sentence)
    blocks.emit(Markdown(sentence), plots.show(fig, "Funnel plot. " + sentence))
