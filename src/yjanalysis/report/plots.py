"""Charts in one accessible style, as inline SVG that stays legible on a phone and on paper.

Every chart is drawn once, laid out as a phone needs it (legends above rather than beside,
fewer axis labels, wrapped names) at a width that reads on every screen: shown at its own size
on a desktop and on paper, and scaled down to a phone's 390 px, where its smallest text stays
above 9 CSS pixels. One drawing per chart halves the time a report spends drawing (the pages
once drew each chart twice, wide and narrow). An analyst can still ask a chart function for
the wide layout (``narrow=False``) in JupyterLab; the page then carries both drawings and shows
the one that fits (see ``tables.STYLE``). Text stays text in the SVG, so it is sharp at any
zoom, can be selected and is never smaller than the page's small print. The chart's title and
source are HTML around the drawing, so they wrap on any screen.

Every area keeps its colour and marker on every chart (:data:`SERIES`); groups (ethnic groups,
stages) take colours in their natural order. The palette is the Government Analysis Function's
categorical palette.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import html
import io
import re
import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.rcsetup import cycler

from yjanalysis.report import blocks
from yjanalysis.vocabulary.catalogue import Indicator

#: Government Analysis Function categorical palette (analysisfunction.civilservice.gov.uk).
PALETTE = {
    "dark_blue": "#12436D",
    "turquoise": "#28A197",
    "dark_pink": "#801650",
    "orange": "#F46A25",
    "dark_grey": "#3D3D3D",
    "light_purple": "#A285D1",
}
#: How each kind of area is drawn on every chart: colour, line style, marker.
SERIES = {
    "yjs": (PALETTE["dark_blue"], "-", "o"),
    "family": (PALETTE["turquoise"], "--", "s"),
    "region": (PALETTE["orange"], "-.", "^"),
    "country": (PALETTE["dark_grey"], ":", "D"),
    "england_wales": (PALETTE["dark_pink"], (0, (5, 1, 1, 1)), "v"),
    "la": (PALETTE["light_purple"], "-", "P"),
}
ORDER = list(PALETTE.values())
#: How each kind of area's bars are filled besides their colour, so that a chart printed in
#: black and white, or read by someone who does not tell the colours apart, still tells the
#: areas apart (line charts do it with :data:`SERIES`' line styles and markers).
HATCHES = {"yjs": "", "family": "///", "region": "...", "country": "xxx",
           "england_wales": "\\\\\\", "la": "---"}  # fmt: skip
#: Fills of series that are not areas, in order.
HATCH_ORDER = ["", "///", "...", "xxx", "\\\\\\", "---"]
#: Colours of groups that are not areas, the same on every chart (ethnic groups, ETE status).
GROUPS = {
    "White": PALETTE["dark_blue"],
    "Mixed": PALETTE["turquoise"],
    "Asian": PALETTE["dark_pink"],
    "Black": PALETTE["orange"],
    "Other": PALETTE["light_purple"],
}
#: Width in points of the line showing a 95% interval where it decides a verdict.
WHISKER = 2.6
#: The pale band of the allowance for how two sources count, around a comparator's bar.
ALLOWANCE = "#C8C8C8"
#: The population a stage is set beside.
REFERENCE = "#B1B4B6"


def group_colour(name: str, i: int) -> str:
    """Return a group's colour: its own where it has one, otherwise by position."""
    return GROUPS.get(name, [c for c in ORDER if c != PALETTE["dark_grey"]][i % 5])


MARKERS = ["o", "s", "^", "D", "v", "P"]
#: Hidden figures (disclosure control) are drawn as this mark at zero.
HIDDEN = "[c]"

#: Figure widths in inches: the wide layout (a desktop column or an A4 page, on request) and
#: the one every page draws. At 4.6 inches (442 CSS px, a little more once its labels are
#: counted) a 10-point label is 13.3 px and scaled to a phone's 368 px of page it is still
#: above 9 px (up to 544 px of drawing).
WIDE, NARROW = 7.4, 4.6
#: Point sizes of text in each layout.
FONT = {False: 10.0, True: 10.0}


def style() -> None:
    """Apply the house style to matplotlib (text kept as text in SVG, fonts any reader has)."""
    plt.rcParams.update(
        {
            "figure.dpi": 100,
            "font.family": "sans-serif",
            "font.sans-serif": ["Arial", "Liberation Sans", "Helvetica", "DejaVu Sans"],
            "font.size": FONT[False],
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "axes.grid.axis": "y",
            "grid.color": "#DDDDDD",
            "legend.frameon": False,
            "axes.prop_cycle": cycler(color=ORDER),
            "svg.fonttype": "none",
        }
    )


style()


def wrap(text: str, width: int) -> str:
    """Break a label into lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _sized(draw):
    """Draw a chart with the text size of its layout (``narrow=False``: the wide layout)."""

    @functools.wraps(draw)
    def sized(*args, narrow: bool = True, **kwargs):
        with plt.rc_context({"font.size": FONT[narrow]}):
            return draw(*args, narrow=narrow, **kwargs)

    return sized


def _figure(narrow: bool, height: float, title: str, redraw) -> tuple[plt.Figure, plt.Axes]:
    fig, ax = plt.subplots(figsize=(NARROW if narrow else WIDE, height))
    _remember(fig, title, redraw, narrow)
    return fig, ax


def _remember(fig: plt.Figure, title: str, redraw, narrow: bool) -> None:
    """Keep the title for the caption and how to draw the phone version with the figure."""
    # Attributes of this project's own, which Figure does not declare (read with getattr).
    setattr(fig, "yj_title", title)  # noqa: B010
    setattr(fig, "yj_narrow", None if narrow else redraw)  # noqa: B010


def _legend(ax, narrow: bool, handles=None, labels=None, columns: int = 1) -> None:
    """Put the legend beside the chart on a wide page, under it on a phone."""
    handles, labels = (handles, labels) if handles else ax.get_legend_handles_labels()
    if len(labels) < 2:
        return
    if narrow:  # above the plot, where nothing else is drawn (the title is the page's)
        ax.legend(
            handles,
            [wrap(label, 44) for label in labels],
            loc="lower left",
            bbox_to_anchor=(0, 1.02),
            ncol=1,
            fontsize=FONT[True],
        )
    else:
        ax.legend(
            handles,
            [wrap(label, 24) for label in labels],
            loc="upper left",
            bbox_to_anchor=(1.01, 1),
            ncol=columns,
        )


def plain_log_ticks(axis, low: float, high: float, most: int = 7) -> None:
    """Label a log axis at 0.25, 0.5, 1, 2, 4 … from below the data to above it, plainly.

    The axis spans the powers of two around ``low`` and ``high`` (and always 1), so that every
    end of the data has a labelled tick beyond it; a wide range is labelled at every second
    (or third …) power, 1 always among them, so that at most ``most`` labels share the axis.
    """
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter, NullLocator

    low, high = min(max(low, 1 / 64), 1.0), max(min(high, 128.0), 1.0)
    first, last = np.floor(np.log2(low)), np.ceil(np.log2(high))
    powers = np.arange(first, last + 1)
    step = int(np.ceil(len(powers) / most))
    ticks = [2.0**k for k in powers if k % step == 0]
    if ticks[0] > low:
        ticks.insert(0, ticks[0] / 2**step)
    if ticks[-1] < high:
        ticks.append(ticks[-1] * 2**step)
    axis.set_major_locator(FixedLocator(ticks))
    limits = (ticks[0] / 1.15, ticks[-1] * 1.15)
    if axis.axis_name == "x":
        axis.axes.set_xlim(*limits)
    else:
        axis.axes.set_ylim(*limits)
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.3g}"))
    axis.set_minor_locator(NullLocator())
    axis.set_minor_formatter(NullFormatter())


def _plain_log_labels(axis) -> None:
    """Label a log axis 0.5, 1, 2, 10,000 rather than in powers of ten."""
    from matplotlib.ticker import FuncFormatter, NullFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.10g}"))
    axis.set_minor_formatter(NullFormatter())


def axis_label(spec: Indicator) -> str:
    """Name an indicator's unit for an axis: ``per cent``, ``average score``, ``per 1,000 …``."""
    return (
        spec.unit
        if spec.unit not in ("%", "score")
        else ("per cent" if spec.unit == "%" else "average score")
    )


def _floats(values) -> np.ndarray:
    """Return values as floats, anything missing (``None``, ``pd.NA``) as NaN."""
    return pd.to_numeric(pd.Series(values), errors="coerce").astype(float).to_numpy()


def _rows_top_down(ax, rows: int) -> None:
    """Put ``rows`` rows on the y axis, the first at the top, each a whole row inside the axes.

    Set rather than scaled from what is drawn: a hidden figure's row, drawn as text only, would
    otherwise sit on the axis line when it is the last.
    """
    ax.set_ylim(rows - 0.5, -0.5)


def _ticks(count: int, narrow: bool) -> list[int]:
    """Positions to label on an axis of ``count`` periods, the latest always labelled."""
    most = 5 if narrow else 8
    step = max(1, int(np.ceil(count / most)))
    return sorted({*range(count - 1, -1, -step)})


@_sized
def trend(
    rows: pd.DataFrame,
    spec: Indicator,
    title: str,
    service: str,
    narrow: bool = True,
    xlabel: str | None = None,
) -> plt.Figure:
    """Draw each area's figure over time, with the service's 95% interval as a band.

    Parameters
    ----------
    rows : pandas.DataFrame
        ``area``, ``area_type``, ``x`` (the period's label on the axis, in time order),
        ``value``, ``lower`` and ``upper``; a period an area lacks leaves a gap in its line.
    spec : Indicator
        The indicator (unit, decimals).
    title : str
        The finding, in words (shown above the chart).
    service : str
        The service's name (drawn first, with its interval).
    xlabel : str, optional
        What the axis of periods shows (``12 months ending``).
    """
    redraw = functools.partial(trend, rows, spec, title, service, narrow=True, xlabel=xlabel)
    fig, ax = _figure(narrow, 4.2 if narrow else 3.6, title, redraw)
    periods = list(dict.fromkeys(rows["x"]))
    position = {p: i for i, p in enumerate(periods)}
    rank = {kind: i for i, kind in enumerate(SERIES)}
    areas = sorted(
        rows.groupby(["area_type", "area"], sort=False),
        key=lambda kv: (kv[0][1] != service, rank.get(kv[0][0], len(rank)), kv[0][1]),
    )
    for (kind, area), group in areas:
        group = group.assign(at=group["x"].map(position)).set_index("at").sort_index()
        group = group.reindex(range(len(periods)))
        colour, line, marker = SERIES.get(kind, SERIES["la"])
        own = area == service and kind == "yjs"
        ax.plot(
            group.index,
            _floats(group["value"]),
            color=colour,
            linestyle=line,
            marker=marker,
            markersize=4,
            label=area,
            linewidth=2.2 if own else 1.5,
        )
        if own and group["lower"].notna().any():
            lower, upper = _floats(group["lower"]), _floats(group["upper"])
            ax.fill_between(
                group.index,
                lower,
                upper,
                color=colour,
                alpha=0.15,
                linewidth=0,
                label=f"{service}: 95% interval",
            )
            # A band needs two neighbouring intervals: a figure standing alone (its neighbours
            # hidden or missing) gets its interval as a shaded bar instead.
            has = ~np.isnan(lower)
            alone = has & ~np.r_[False, has[:-1]] & ~np.r_[has[1:], False]
            if alone.any():
                ax.vlines(
                    np.asarray(group.index)[alone],
                    lower[alone],
                    upper[alone],
                    color=colour,
                    alpha=0.15,
                    linewidth=6,
                )
    ticks = _ticks(len(periods), narrow)
    ax.set_xticks(ticks)
    ax.set_xticklabels([periods[i] for i in ticks])
    ax.set_xlim(-0.5, len(periods) - 0.5)
    if xlabel:
        ax.set_xlabel(xlabel)
    ax.set_ylabel(wrap(axis_label(spec), 28 if narrow else 40))
    # From zero, with room above the highest point for its marker (matplotlib's own margin is
    # a share of the data's range, which can leave a point at the top edge, half cut off).
    highest = np.nanmax(_floats(pd.concat([rows["value"], rows["upper"]])), initial=0.0)
    ax.set_ylim(0, max(ax.get_ylim()[1], highest * 1.06))
    _legend(ax, narrow)
    fig.tight_layout()
    return fig


@_sized
def comparison(
    figures: pd.DataFrame, spec: Indicator, title: str, narrow: bool = True
) -> plt.Figure:
    """Draw the service and its comparators as bars, the service's interval as a whisker.

    Parameters
    ----------
    figures : pandas.DataFrame
        ``label``, ``value``, ``lower``, ``upper`` and ``area_type``; the service first.
        An ``allowance`` column (a share of the figure, 0 or missing for none) draws a pale
        band that far either side of a comparator's figure: the allowance for how the
        service's own records and a publication count. Without it, a line clear of a bar
        beside the verdict "could be chance or the difference in definitions" read as a
        contradiction (failed before).
    """
    redraw = functools.partial(comparison, figures, spec, title, narrow=True)
    fig, ax = _figure(narrow, 0.42 * len(figures) + 0.9, title, redraw)
    y = np.arange(len(figures))[::-1]
    values, lower, upper = (_floats(figures[c]) for c in ("value", "lower", "upper"))
    allowance = (
        np.nan_to_num(_floats(figures["allowance"]))
        if "allowance" in figures
        else np.zeros(len(figures))
    )
    top = float(np.nanmax(np.r_[values * (1 + allowance), _floats(figures["upper"])]))
    for i, kind in enumerate(figures["area_type"]):
        colour, _, _ = SERIES.get(kind, SERIES["la"])
        ax.barh(y[i], values[i], color=colour, height=0.6)
        end = values[i]
        if allowance[i] > 0:
            ax.barh(
                y[i],
                2 * allowance[i] * values[i],
                left=values[i] * (1 - allowance[i]),
                height=0.6,
                color=ALLOWANCE,
                alpha=0.45,
                hatch="//",
                edgecolor="#888888",
                linewidth=0,
            )
            end = values[i] * (1 + allowance[i])
        if not np.isnan(lower[i]) and not np.isnan(upper[i]):
            # The whisker decides a verdict, so it must read on the service's dark bar and on
            # the white beyond it, on screen and in print: a thick black line in a white halo
            # (1.2 pt of black on the dark blue bar could not be seen).
            ax.errorbar(
                values[i],
                y[i],
                xerr=[[values[i] - lower[i]], [upper[i] - values[i]]],
                color="black",
                capsize=7,
                capthick=WHISKER,
                linewidth=WHISKER,
                path_effects=[patheffects.withStroke(linewidth=WHISKER + 2.5, foreground="white")],
            )
            end = max(end, upper[i])
        # The value sits beyond the whisker, never under it.
        ax.text(end + top * 0.02, y[i], spec.format(values[i], unit=False), va="center")
    ax.set_yticks(y)
    ax.set_yticklabels([wrap(label, 20 if narrow else 30) for label in figures["label"]])
    ax.set_xlim(0, top * (1.25 if narrow else 1.15))
    ax.set_xlabel(axis_label(spec))
    ax.grid(axis="x", color="#DDDDDD")
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


@_sized
def grouped_bars(
    frame: pd.DataFrame,
    category: str,
    series: str,
    value: str,
    xlabel: str,
    title: str,
    narrow: bool = True,
    decimals: int = 1,
) -> plt.Figure:
    """Draw one horizontal bar per ``series`` for each ``category``, values written at the ends.

    Categories are drawn top to bottom in the order they first appear in ``frame``; a series
    keeps its area's colour where ``frame`` has an ``area_type`` column. A row whose ``hidden``
    column is true is marked :data:`HIDDEN` instead of drawn.
    """
    redraw = functools.partial(
        grouped_bars, frame, category, series, value, xlabel, title, narrow=True, decimals=decimals
    )
    categories = list(dict.fromkeys(frame[category]))
    names = list(dict.fromkeys(frame[series]))
    if "area_type" in frame:
        rank = {kind: i for i, kind in enumerate(SERIES)}
        kinds = frame.drop_duplicates(series).set_index(series)["area_type"]
        names.sort(key=lambda n: rank.get(kinds[n], len(rank)))
    bar = 0.8 / max(1, len(names))
    legend = 0.25 * len(names) if narrow and len(names) > 1 else 0
    height = 0.9 + len(categories) * max(0.34, 0.2 * len(names)) + legend
    fig, ax = _figure(narrow, height, title, redraw)
    values = pd.Series(_floats(frame[value]))
    top = float(np.nanmax(values.to_numpy())) if values.notna().any() else 1.0
    hidden = frame["hidden"] if "hidden" in frame else pd.Series(False, index=frame.index)
    for i, name in enumerate(names):
        part = frame[frame[series] == name]
        kind = part["area_type"].iloc[0] if "area_type" in part else None
        colour = SERIES[kind][0] if kind in SERIES else ORDER[i % len(ORDER)]
        hatch = HATCHES[kind] if kind in HATCHES else HATCH_ORDER[i % len(HATCH_ORDER)]
        part = part.set_index(category).reindex(categories)
        y = np.arange(len(categories)) + i * bar - 0.4 + bar / 2
        ax.barh(y, _floats(part[value]), bar * 0.9, label=name, color=colour, hatch=hatch,
                edgecolor="white", linewidth=0)  # fmt: skip
        shut = hidden.loc[frame[series] == name].set_axis(
            frame.loc[frame[series] == name, category]
        )
        for j, cat in enumerate(categories):
            v = part.loc[cat, value]
            if bool(shut.get(cat, False)):
                ax.text(top * 0.01, y[j], HIDDEN, va="center", color=PALETTE["dark_grey"])
            elif pd.notna(v):
                ax.text(float(v) + top * 0.01, y[j], f"{float(v):,.{decimals}f}", va="center")
    ax.set_yticks(np.arange(len(categories)))
    ax.set_yticklabels([wrap(c, 20 if narrow else 26) for c in categories])
    _rows_top_down(ax, len(categories))
    ax.set_xlim(0, top * 1.18)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", color="#DDDDDD")
    ax.grid(axis="y", visible=False)
    handles, labels = ax.get_legend_handles_labels()
    if narrow:
        _legend(ax, True, handles, labels)
    elif len(labels) > 1:
        ax.legend(
            handles, labels, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=min(len(labels), 4)
        )
    fig.tight_layout()
    return fig


@_sized
def stages(frame: pd.DataFrame, title: str, narrow: bool = True) -> plt.Figure:
    """Draw each group's share at each stage, one small panel per group (stages top to bottom).

    Parameters
    ----------
    frame : pandas.DataFrame
        ``group``, ``stage`` (its label, with its period), ``share`` (per cent) and ``hidden``;
        groups and stages in their natural order.
    """
    redraw = functools.partial(stages, frame, title, narrow=True)
    groups = list(dict.fromkeys(frame["group"]))
    steps = list(dict.fromkeys(frame["stage"]))
    columns = 1 if narrow else min(2, len(groups))
    rows = int(np.ceil(len(groups) / columns))
    fig, axes = plt.subplots(
        rows,
        columns,
        figsize=(NARROW if narrow else WIDE, rows * (0.27 * len(steps) + 0.75) + 0.3),
        sharex=True,
        squeeze=False,
    )
    _remember(fig, title, redraw, narrow)
    shares = pd.Series(_floats(frame["share"]))
    top = float(np.nanmax(shares.to_numpy())) if shares.notna().any() else 100.0
    for k, ax in enumerate(axes.flat):
        if k >= len(groups):
            ax.set_visible(False)
            continue
        group = groups[k]
        part = frame[frame["group"] == group].set_index("stage").reindex(steps)
        y = np.arange(len(steps))
        colours = [REFERENCE if i == 0 else group_colour(group, k) for i in y]
        ax.barh(y, _floats(part["share"]), 0.7, color=colours)
        for i, stage in enumerate(steps):
            v, shut = part.loc[stage, "share"], bool(part.loc[stage, "hidden"])
            text = HIDDEN if shut else ("–" if pd.isna(v) else f"{float(v):.0f}%")
            ax.text((0 if shut or pd.isna(v) else float(v)) + top * 0.015, i, text, va="center")
        ax.tick_params(labelbottom=True)
        ax.set_yticks(y)
        ax.set_yticklabels(steps if (narrow or k % columns == 0) else [])
        _rows_top_down(ax, len(steps))
        ax.set_title(group, loc="left", fontsize=FONT[narrow], fontweight="bold")
        ax.set_xlim(0, top * 1.25)
        ax.grid(axis="x", color="#DDDDDD")
        ax.grid(axis="y", visible=False)
    for ax in axes[-1]:
        ax.set_xlabel("per cent of children")
    fig.tight_layout()
    return fig


@_sized
def ratios(frame: pd.DataFrame, title: str, narrow: bool = True) -> plt.Figure:
    """Draw relative rate indices with their intervals by stage, one marker per group.

    Stages run top to bottom; the axis is logarithmic (2 and 0.5 are as far from 1), labelled
    in plain numbers across the data's range.
    """
    redraw = functools.partial(ratios, frame, title, narrow=True)
    steps = list(dict.fromkeys(frame["stage"]))
    groups = [g for g in dict.fromkeys(frame["group"]) if g != "White"]
    fig, ax = _figure(
        narrow, 0.9 + len(steps) * 0.55 + (0.3 * len(groups) if narrow else 0), title, redraw
    )
    for i, group in enumerate(groups):
        part = frame[frame["group"] == group].set_index("stage").reindex(steps)
        y = np.arange(len(steps)) + (i - (len(groups) - 1) / 2) * 0.12
        err = [part["rri"] - part["rri_lower"], part["rri_upper"] - part["rri"]]
        ax.errorbar(
            _floats(part["rri"]),
            y,
            xerr=np.nan_to_num(np.array(err, dtype=float)),
            fmt=MARKERS[i % len(MARKERS)],
            color=group_colour(group, i),
            capsize=3,
            label=group,
            linestyle="none",
        )
    ax.axvline(1, color="black", linewidth=1)
    ax.set_xscale("log")
    shown = np.r_[_floats(frame["rri"]), _floats(frame["rri_lower"]), _floats(frame["rri_upper"])]
    plain_log_ticks(ax.xaxis, float(np.nanmin(shown)), float(np.nanmax(shown)), 4 if narrow else 7)
    ax.set_yticks(np.arange(len(steps)))
    ax.set_yticklabels([wrap(s, 18 if narrow else 24) for s in steps])
    _rows_top_down(ax, len(steps))
    ax.set_xlabel("times as likely as White children (log scale)")
    ax.grid(axis="x", color="#DDDDDD")
    ax.grid(axis="y", visible=False)
    _legend(ax, narrow)
    fig.tight_layout()
    return fig


@_sized
def cohort(frame: pd.DataFrame, title: str, narrow: bool = True) -> plt.Figure:
    """Draw cohort size (bars, top) above the reoffending rate (line, bottom), year by year."""
    redraw = functools.partial(cohort, frame, title, narrow=True)
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(NARROW if narrow else WIDE, 4.4))
    _remember(fig, title, redraw, narrow)
    x = np.arange(len(frame))
    top.bar(x, frame["cohort"], color=PALETTE["turquoise"])
    top.set_ylabel("children in\nthe cohort")
    bottom.plot(x, frame["rate"], color=PALETTE["dark_blue"], marker="o")
    bottom.set_ylabel("per cent\nreoffending")
    bottom.set_ylim(bottom=0)
    ticks = _ticks(len(frame), narrow)
    bottom.set_xticks(ticks)
    bottom.set_xticklabels([frame["period"].iloc[i] for i in ticks])
    fig.tight_layout()
    return fig


@_sized
def control(
    chart: pd.DataFrame, spec: Indicator, title: str, improvement: str | None, narrow=True
) -> plt.Figure:
    """Draw an XmR chart: the values, their mean, the process limits and special causes.

    Parameters
    ----------
    chart : pandas.DataFrame
        From :func:`yjanalysis.methods.stats.xmr`, with an ``x`` column (each point's label).
    improvement : {"up", "down", None}
        Which direction is better (colours special causes as improvement or concern).
    """
    redraw = functools.partial(control, chart, spec, title, improvement, narrow=True)
    fig, ax = _figure(narrow, 4.4 if narrow else 3.6, title, redraw)
    x = np.arange(len(chart))
    ax.plot(x, chart["value"], color="#9E9E9E", linewidth=1.5, zorder=1)
    common = ~chart["special_cause"]
    ax.scatter(
        x[common],
        chart["value"][common],
        color="#9E9E9E",
        s=22,
        zorder=2,
        label="Common cause: within usual variation",
    )
    # Improvement or concern from the way each special cause points (a fall is a fall even
    # above the mean), as "Making data count" and NHSRplotthedots colour them.
    up = chart["special_cause"] & (chart["direction"] > 0)
    down = chart["special_cause"] & (chart["direction"] < 0)
    for mask, direction in ((up, "up"), (down, "down")):
        if not mask.any():
            continue
        good = improvement == direction
        word = "improvement" if good else ("concern" if improvement else "unusual")
        colour = PALETTE["dark_blue"] if good else PALETTE["orange"]
        ax.scatter(
            x[mask],
            chart["value"][mask],
            color=colour,
            s=40,
            zorder=3,
            marker="o" if good else "D",
            label=f"Special cause: {word}",
        )
    ax.plot(x, chart["centre"], color=PALETTE["dark_grey"], linewidth=1, label="Mean")
    ax.plot(
        x,
        chart["upper"],
        color=PALETTE["dark_pink"],
        linestyle="--",
        linewidth=1,
        label="Process limits",
    )
    ax.plot(x, chart["lower"], color=PALETTE["dark_pink"], linestyle="--", linewidth=1)
    ticks = _ticks(len(chart), narrow)
    ax.set_xticks(ticks)
    ax.set_xticklabels([chart["x"].iloc[i] for i in ticks])
    ax.set_ylabel(wrap(axis_label(spec), 28 if narrow else 40))
    ax.set_ylim(bottom=min(0, float(chart["lower"].min())))
    _legend(ax, narrow)
    fig.tight_layout()
    return fig


@_sized
def funnel(
    points: pd.DataFrame,
    limits: pd.DataFrame,
    target: float,
    spec: Indicator,
    title: str,
    service: str,
    narrow: bool = True,
) -> plt.Figure:
    """Draw every service against the funnel of 95% and 99.8% limits around the overall rate.

    Parameters
    ----------
    points : pandas.DataFrame
        ``area``, ``denominator`` and ``value`` for each service.
    limits : pandas.DataFrame
        From :func:`yjanalysis.methods.stats.funnel_limits`, already scaled to the indicator's unit.
    target : float
        The overall value, in the indicator's unit.
    """
    redraw = functools.partial(funnel, points, limits, target, spec, title, service, narrow=True)
    fig, ax = _figure(narrow, 4.6 if narrow else 3.8, title, redraw)
    others = points[points["area"] != service]
    ax.scatter(
        others["denominator"], others["value"], s=12, color="#9E9E9E", label="Other services"
    )
    own = points[points["area"] == service]
    ax.scatter(
        own["denominator"],
        own["value"],
        s=60,
        color=PALETTE["dark_blue"],
        marker="D",
        label=service,
        zorder=3,
    )
    ax.plot(
        limits["denominator"],
        limits["upper_95"],
        color=PALETTE["orange"],
        linestyle="--",
        label="95% limits",
    )
    ax.plot(limits["denominator"], limits["lower_95"], color=PALETTE["orange"], linestyle="--")
    ax.plot(
        limits["denominator"],
        limits["upper_998"],
        color=PALETTE["dark_pink"],
        linestyle=":",
        label="99.8% limits",
    )
    ax.plot(limits["denominator"], limits["lower_998"], color=PALETTE["dark_pink"], linestyle=":")
    ax.axhline(target, color=PALETTE["dark_grey"], linewidth=1, label="All services")
    ax.set_xscale("log")
    from matplotlib.ticker import LogLocator

    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 3.0) if not narrow else (1.0,)))
    _plain_log_labels(ax.xaxis)
    ax.set_xlabel("children aged 10 to 17 (log scale)")
    ax.set_ylabel(wrap(axis_label(spec), 28 if narrow else 40))
    _legend(ax, narrow)
    fig.tight_layout()
    return fig


def _shared_style(match: re.Match) -> str:
    """Give a group of markers with one style that style once, on the group.

    A scatter of many services repeats ``style="fill: ...; stroke: ..."`` on every marker; the
    markers inherit it from their group just as well, and the page is lighter by a third.
    """
    group, marks = match.group(1), match.group(2)
    styles = set(re.findall(r'<use [^>]*?style="([^"]*)"', marks))
    if len(styles) != 1 or marks.count("style=") != marks.count("<use") or "style=" in group:
        return match.group(0)
    marks = re.sub(r' style="[^"]*"', "", marks)
    return f'{group} style="{styles.pop()}">{marks}</g>'


def svg(fig: plt.Figure, alt: str, salt: str) -> str:
    """Return the figure as compact inline SVG with its alt text; close the figure.

    Ids are made from ``salt`` so that two charts on one page never share one, and so that the
    same chart gives the same bytes on every run.
    """
    buffer = io.StringIO()
    with plt.rc_context({"svg.hashsalt": salt}):
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    text = re.sub(r"\s*font-family:[^;\"]*;?", "", text)
    text = re.sub(r' transform="rotate\(-0 [^)]*\)"', "", text)
    text = re.sub(r'<g id="([xy])tick_\d+"', r'<g class="yj-\1tick"', text)
    text = re.sub(r'<g id="legend_\d+"', '<g class="yj-legend"', text)
    text = re.sub(r'<g id="[^"]*"', "<g", text)
    # Coordinates to a tenth of a point; the text of labels is left exactly as written.
    text = re.sub(
        r'( (?:d|x|y|transform|points|width|height|viewBox)=")([^"]*)"',
        lambda m: m.group(1) + re.sub(r"(\d+\.\d)\d+", r"\1", m.group(2)) + '"',
        text,
    )
    text = re.sub(r"\s*\n\s*", " ", text)
    text = re.sub(r">\s+<", "><", text)
    text = re.sub(r"(<g[^>]*)>((?:<use [^>]*/>)+)</g>", _shared_style, text)
    view_box = re.search(r'viewBox="0 0 ([\d.]+)', text)
    if view_box is None:  # not reached: matplotlib's SVG always has a viewBox
        raise ValueError("the SVG has no viewBox")
    width = float(view_box.group(1))
    label = html.escape(alt, quote=True)
    return re.sub(
        r'<svg [^>]*?width="[^"]*" height="[^"]*"',
        f'<svg role="img" aria-label="{label}" style="max-width:{width * 4 / 3:.0f}px"',
        text,
        count=1,
    )


#: Whether :func:`show` draws the page's SVG (a board paper draws its charts as pictures itself).
_PAGE_DRAWINGS: contextvars.ContextVar[bool] = contextvars.ContextVar("page_drawings", default=True)


@contextlib.contextmanager
def without_page_drawings():
    """Within this block, :func:`show` records each chart but draws no SVG for a page.

    The board paper builds a section's key parts for their words and charts; it draws each
    chart as a picture of its own, so the page's two SVG drawings (desktop and phone) would be
    thrown away. The chart's ``<figure>`` is still there, empty, where the page has it.
    """
    token = _PAGE_DRAWINGS.set(False)
    try:
        yield
    finally:
        _PAGE_DRAWINGS.reset(token)


def show(fig: plt.Figure, alt: str, caption: str | None = None, source: str | None = None):
    """Show a chart with its title, source, alt text and caption; wide and narrow versions.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A chart of this module (it carries its title and how to draw its phone version).
    alt : str
        What the chart shows, in words, for readers who cannot see it.
    caption : str, optional
        A note under the chart (what its marks mean).
    source : str, optional
        Where the figures come from.

    Returns
    -------
    IPython.display.HTML
        The ``<figure>``; displayed in a notebook, exported as it is by nbconvert.
    """
    from IPython.display import HTML

    title = getattr(fig, "yj_title", None) or (fig.axes[0].get_title() if fig.axes else "")
    blocks.record(chart=blocks.Chart(fig, title, alt, caption, source))
    redraw = getattr(fig, "yj_narrow", None)
    salt = hashlib.sha256(f"{title}|{alt}".encode()).hexdigest()[:12]
    if not _PAGE_DRAWINGS.get():
        plt.close(fig)  # out of pyplot's keeping; the paper draws it as a picture later
        drawings = '<div class="yj-any"></div>'
    elif redraw is not None:
        drawings = (
            f'<div class="yj-wide">{svg(fig, alt, salt + "w")}</div>'
            f'<div class="yj-narrow">{svg(redraw(), alt, salt + "n")}</div>'
        )
    else:
        drawings = f'<div class="yj-any">{svg(fig, alt, salt + "w")}</div>'
    head = f'<span class="yj-title">{html.escape(title)}</span>' if title else ""
    if source:
        head += f'<span class="yj-source">Source: {html.escape(source)}</span>'
    note = f'<p class="yj-chart-note">{html.escape(caption)}</p>' if caption else ""
    return HTML(
        f'<figure class="yj-chart"><figcaption>{head}</figcaption>{drawings}{note}</figure>'
    )
