"""Charts in one accessible style, shown with alt text.

The palette is the Government Analysis Function's categorical palette; every series also has
its own line style and marker, so a chart reads when printed in grey or seen without colour.
Titles state the finding, axes carry units, and :func:`show` puts each chart in the page as an
embedded PNG with alt text and a caption (so a page can be emailed and read by a screen reader).
"""

from __future__ import annotations

import base64
import html
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from yjanalysis.indicators.catalogue import Indicator

#: Government Analysis Function categorical palette (analysisfunction.civilservice.gov.uk).
PALETTE = {
    "dark_blue": "#12436D",
    "turquoise": "#28A197",
    "dark_pink": "#801650",
    "orange": "#F46A25",
    "dark_grey": "#3D3D3D",
    "light_purple": "#A285D1",
}
#: How each kind of area is drawn: colour, line style, marker.
SERIES = {
    "yjs": (PALETTE["dark_blue"], "-", "o"),
    "family": (PALETTE["turquoise"], "--", "s"),
    "region": (PALETTE["orange"], "-.", "^"),
    "country": (PALETTE["dark_grey"], ":", "D"),
    "england_wales": (PALETTE["dark_pink"], (0, (5, 1, 1, 1)), "v"),
    "la": (PALETTE["light_purple"], "-", "P"),
}
ORDER = list(PALETTE.values())
HATCHES = ["", "//", "..", "xx", "\\\\", "++"]


def style() -> None:
    """Apply the house style to matplotlib."""
    plt.rcParams.update(
        {
            "figure.figsize": (8, 4.2),
            "figure.dpi": 100,
            "font.size": 10,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "axes.grid.axis": "y",
            "grid.color": "#DDDDDD",
            "legend.frameon": False,
            "axes.prop_cycle": matplotlib.cycler(color=ORDER),
        }
    )


style()


def _plain_log_labels(axis) -> None:
    """Label a log axis 0.5, 1, 2, 10,000 rather than in powers of ten."""
    from matplotlib.ticker import FuncFormatter, NullFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.10g}"))
    axis.set_minor_formatter(NullFormatter())


def _axis_label(spec: Indicator) -> str:
    return (
        spec.unit
        if spec.unit not in ("%", "score")
        else ("per cent" if spec.unit == "%" else "average score")
    )


def _wrap(text: str, width: int = 70) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def trend(rows: pd.DataFrame, spec: Indicator, title: str, service: str) -> plt.Figure:
    """Draw each area's figure over time, with the service's 95% interval as a band.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of the indicator table for the service and its comparators.
    spec : Indicator
        The indicator (unit, decimals).
    title : str
        The finding, in words.
    service : str
        The service's name (drawn first, with its interval).
    """
    fig, ax = plt.subplots()
    periods = rows.sort_values("period_end").drop_duplicates("period")["period"].tolist()
    position = {p: i for i, p in enumerate(periods)}
    for area, group in sorted(rows.groupby("area"), key=lambda kv: kv[0] != service):
        group = group.sort_values("period_end")
        kind = group["area_type"].iloc[0]
        colour, line, marker = SERIES.get(kind, SERIES["la"])
        x = group["period"].map(position)
        ax.plot(
            x,
            group["value"].astype(float),
            color=colour,
            linestyle=line,
            marker=marker,
            label=area,
            linewidth=2.2 if area == service else 1.6,
        )
        if area == service and group["lower"].notna().any():
            ax.fill_between(
                x,
                group["lower"].astype(float),
                group["upper"].astype(float),
                color=colour,
                alpha=0.15,
                label=f"{service}: 95% interval",
            )
    step = max(1, len(periods) // 8)
    ax.set_xticks(range(0, len(periods), step))
    ax.set_xticklabels(periods[::step], rotation=30, ha="right")
    ax.set_ylabel(_axis_label(spec))
    ax.set_ylim(bottom=0)
    ax.set_title(_wrap(title))
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    fig.tight_layout()
    return fig


def comparison(figures: pd.DataFrame, spec: Indicator, title: str) -> plt.Figure:
    """Draw the service and its comparators as bars, the service's interval as an error bar.

    Parameters
    ----------
    figures : pandas.DataFrame
        ``label``, ``value``, ``lower``, ``upper`` and ``area_type``; the service first.
    """
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(figures) + 1.4))
    y = np.arange(len(figures))[::-1]
    for i, (_, row) in enumerate(figures.iterrows()):
        colour, _, _ = SERIES.get(row["area_type"], SERIES["la"])
        ax.barh(
            y[i], row["value"], color=colour, hatch=HATCHES[i % len(HATCHES)], edgecolor="white"
        )
        if pd.notna(row.get("lower")) and pd.notna(row.get("upper")):
            ax.errorbar(
                row["value"],
                y[i],
                xerr=[[row["value"] - row["lower"]], [row["upper"] - row["value"]]],
                color="black",
                capsize=4,
            )
        ax.text(row["value"], y[i], "  " + spec.format(row["value"], unit=False), va="center")
    ax.set_yticks(y)
    ax.set_yticklabels(figures["label"])
    ax.set_xlabel(_axis_label(spec))
    ax.grid(axis="x", color="#DDDDDD")
    ax.grid(axis="y", visible=False)
    ax.set_title(_wrap(title))
    fig.tight_layout()
    return fig


def funnel(
    points: pd.DataFrame,
    limits: pd.DataFrame,
    target: float,
    spec: Indicator,
    title: str,
    service: str,
) -> plt.Figure:
    """Draw every service against the funnel of 95% and 99.8% limits around the overall rate.

    Parameters
    ----------
    points : pandas.DataFrame
        ``area``, ``denominator`` and ``value`` for each service.
    limits : pandas.DataFrame
        From :func:`yjanalysis.stats.funnel_limits`, already scaled to the indicator's unit.
    target : float
        The overall value, in the indicator's unit.
    """
    fig, ax = plt.subplots()
    others = points[points["area"] != service]
    ax.scatter(
        others["denominator"], others["value"], s=14, color="#9E9E9E", label="Other services"
    )
    own = points[points["area"] == service]
    ax.scatter(
        own["denominator"],
        own["value"],
        s=70,
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
    _plain_log_labels(ax.xaxis)
    ax.set_xlabel("children aged 10 to 17 (log scale)")
    ax.set_ylabel(_axis_label(spec))
    ax.set_title(_wrap(title))
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    fig.tight_layout()
    return fig


def grouped_bars(
    frame: pd.DataFrame, category: str, series: str, value: str, ylabel: str, title: str
) -> plt.Figure:
    """Draw bars of ``value`` for each ``category``, one bar per ``series`` (hatched apart)."""
    fig, ax = plt.subplots()
    categories = list(dict.fromkeys(frame[category]))
    names = list(dict.fromkeys(frame[series]))
    width = 0.8 / max(1, len(names))
    for i, name in enumerate(names):
        part = frame[frame[series] == name].set_index(category).reindex(categories)
        x = np.arange(len(categories)) + i * width - 0.4 + width / 2
        ax.bar(
            x,
            part[value].astype(float),
            width,
            label=name,
            color=ORDER[i % len(ORDER)],
            hatch=HATCHES[i % len(HATCHES)],
            edgecolor="white",
        )
    ax.set_xticks(np.arange(len(categories)))
    ax.set_xticklabels([_wrap(str(c), 14) for c in categories])
    ax.set_ylabel(ylabel)
    ax.set_title(_wrap(title))
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    fig.tight_layout()
    return fig


def ratios(frame: pd.DataFrame, title: str) -> plt.Figure:
    """Draw relative rate indices with their intervals by stage, one marker per group."""
    fig, ax = plt.subplots()
    stages = list(dict.fromkeys(frame["stage"]))
    groups = [g for g in dict.fromkeys(frame["group"]) if g != "White"]
    markers = ["o", "s", "^", "D", "v", "P"]
    for i, group in enumerate(groups):
        part = frame[frame["group"] == group].set_index("stage").reindex(stages)
        x = np.arange(len(stages)) + (i - len(groups) / 2) * 0.1
        err = [part["rri"] - part["rri_lower"], part["rri_upper"] - part["rri"]]
        ax.errorbar(
            x,
            part["rri"],
            yerr=np.nan_to_num(np.array(err, dtype=float)),
            fmt=markers[i % len(markers)],
            color=ORDER[i % len(ORDER)],
            capsize=3,
            label=group,
            linestyle="none",
        )
    ax.axhline(1, color="black", linewidth=1)
    ax.set_yscale("log")
    _plain_log_labels(ax.yaxis)
    ax.set_xticks(np.arange(len(stages)))
    ax.set_xticklabels([_wrap(s, 14) for s in stages])
    ax.set_ylabel("relative rate index (White = 1, log scale)")
    ax.set_title(_wrap(title))
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1))
    fig.tight_layout()
    return fig


def cohort(frame: pd.DataFrame, title: str) -> plt.Figure:
    """Draw cohort size (bars, top) above the reoffending rate (line, bottom), year by year."""
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(8, 5))
    x = np.arange(len(frame))
    top.bar(x, frame["cohort"], color=PALETTE["turquoise"], hatch="//", edgecolor="white")
    top.set_ylabel("children in cohort")
    top.set_title(_wrap(title))
    bottom.plot(x, frame["rate"], color=PALETTE["dark_blue"], marker="o")
    bottom.set_ylabel("per cent reoffending")
    bottom.set_ylim(bottom=0)
    bottom.set_xticks(x)
    bottom.set_xticklabels(frame["period"], rotation=30, ha="right")
    fig.tight_layout()
    return fig


def show(fig: plt.Figure, alt: str, caption: str | None = None):
    """Display a chart as an embedded PNG with alt text and a caption; close the figure.

    Returns
    -------
    IPython.display.HTML
        The ``<figure>``; displayed in a notebook, exported as it is by nbconvert.
    """
    from IPython.display import HTML

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode()
    text = html.escape(alt, quote=True)
    note = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return HTML(
        f'<figure class="yj-chart"><img src="data:image/png;base64,{data}" alt="{text}" '
        f'style="max-width:100%">{note}</figure>'
    )
