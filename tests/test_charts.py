"""Charts and the choice of what they show: one colour per area, natural order, one series."""

from __future__ import annotations

import re

import matplotlib.colors as mcolors
import pandas as pd
import pytest

from yjanalysis.report import page, plots
from yjanalysis.vocabulary.catalogue import indicator


def bars_of(fig):
    ax = fig.axes[0]
    return [p for p in ax.patches if p.get_width() > 0]


def colour(patch) -> str:
    return mcolors.to_hex(patch.get_facecolor()).upper()


@pytest.mark.parametrize("first", ["England", "Southampton"])
def test_the_service_keeps_its_colour_and_groups_their_natural_order(first):
    """Finding 7: the service changed colour with alphabetical order; groups were alphabetical."""
    rows = []
    for area, kind, values in (("Southampton", "yjs", [42.8, 11.2, 9.9]),
                               ("England", "country", [46.5, None, 14.0]),
                               ("Southampton family", "family", [45.4, None, 14.3])):  # fmt: skip
        for group, value in zip(["All pupils", "Youth justice cohort", "SEN EHCP"], values,
                                strict=True):  # fmt: skip
            rows.append({"label": group, "area": area, "area_type": kind, "value": value})
    frame = pd.DataFrame(rows)
    frame = pd.concat([frame[frame["area"] == first], frame[frame["area"] != first]])
    fig = plots.grouped_bars(frame, "label", "area", "value", "average score", "t")
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Southampton", "Southampton family", "England"]  # areas in one order
    handles = ax.get_legend().legend_handles
    assert mcolors.to_hex(handles[0].get_facecolor()).upper() == plots.SERIES["yjs"][0].upper()
    assert mcolors.to_hex(handles[2].get_facecolor()).upper() == plots.SERIES["country"][0].upper()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["All pupils", "Youth justice cohort", "SEN EHCP"]  # as given, top first


def test_each_areas_bars_are_told_apart_in_greyscale():
    """Issue 26: a paper printed in black and white showed the areas' bars as near-identical
    greys. Each area's bars now have their own fill pattern as well as their colour (failed
    before the hatches were added)."""
    rows = [{"label": group, "area": area, "area_type": kind, "value": value}
            for area, kind in (("Southampton", "yjs"), ("Southampton family", "family"),
                               ("South East", "region"), ("England", "country"))
            for group, value in (("All pupils", 40.0), ("SEN EHCP", 12.0))]  # fmt: skip
    fig = plots.grouped_bars(pd.DataFrame(rows), "label", "area", "value", "score", "t")
    handles = fig.axes[0].get_legend().legend_handles
    patterns = [h.get_hatch() or "" for h in handles]
    assert len(set(patterns)) == len(handles), patterns


def test_one_series_has_no_legend():
    """Finding 7: one-item legends."""
    frame = pd.DataFrame({"label": ["Full-time", "Part-time", "No ETE"], "area": "Southampton",
                          "area_type": "yjs", "value": [25.3, 21.1, 53.7]})  # fmt: skip
    for narrow in (False, True):
        fig = plots.grouped_bars(frame, "label", "area", "value", "per cent", "t", narrow=narrow)
        assert fig.axes[0].get_legend() is None


def test_categories_are_ordered_naturally_not_alphabetically():
    frame = pd.DataFrame({"group": ["Black", "Other", "White", "Asian", "Mixed", "Unknown"]})
    assert list(page.ordered(frame, "ethnicity")["group"]) == [
        "White", "Mixed", "Asian", "Black", "Other", "Unknown"]  # fmt: skip
    frame = pd.DataFrame({"group": ["None", "Part-time", "Full-time"]})
    assert list(page.ordered(frame, "ete_status")["group"]) == [
        "Full-time", "Part-time", "None"]  # fmt: skip


def test_a_value_label_sits_beyond_the_whisker():
    """Finding 8: interval whiskers drawn through the value labels."""
    spec = indicator("reoffending_binary")
    figures = pd.DataFrame({"label": ["Southampton", "England"], "value": [38.1, 33.1],
                            "lower": [30.5, None], "upper": [46.2, None],
                            "area_type": ["yjs", "country"]})  # fmt: skip
    fig = plots.comparison(figures, spec, "t")
    ax = fig.axes[0]
    label = next(t for t in ax.texts if t.get_text() == "38.1%")
    assert label.get_position()[0] > 46.2
    other = next(t for t in ax.texts if t.get_text() == "33.1%")
    assert 33.1 < other.get_position()[0] < 38.1


def test_svg_keeps_label_text_exact_and_ids_apart():
    """Drawings are compacted, never their words: 0.73 stays 0.73; two charts share no id."""
    spec = indicator("custody_rate")
    figures = pd.DataFrame({"label": ["Southampton", "England"], "value": [0.73, 0.11],
                            "lower": [0.41, None], "upper": [1.2, None],
                            "area_type": ["yjs", "country"]})  # fmt: skip
    one = plots.svg(plots.comparison(figures, spec, "a"), "alt text of one chart", "one")
    two = plots.svg(plots.comparison(figures, spec, "a"), "alt text of another", "two")
    assert ">0.73<" in one and ">0.11<" in one
    assert one.startswith('<svg role="img" aria-label="alt text of one chart"')
    ids = set(re.findall(r'id="([^"]+)"', one))
    assert ids and not ids & set(re.findall(r'id="([^"]+)"', two))
    assert "font-family" not in one and "<metadata" not in one


def test_a_log_axis_is_labelled_beyond_the_data_on_both_sides():
    """Finding 5: the relative rate chart's log axis was labelled only at 1."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_xscale("log")
    plots.plain_log_ticks(ax.xaxis, 0.6, 3.2)
    ticks = list(ax.get_xticks())
    assert ticks == [0.5, 1.0, 2.0, 4.0]
    assert ax.get_xlim()[0] < 0.6 and ax.get_xlim()[1] > 3.2
    plt.close(fig)


def test_a_trend_leaves_room_above_its_highest_point():
    """A councillor's finding: the last point sat on the top edge, its marker cut in half."""
    rows = pd.DataFrame({
        "x": ["2019-20", "2020-21", "2021-22", "2022-23"] * 2,
        "area": ["Newport"] * 4 + ["England and Wales"] * 4,
        "area_type": ["yjs"] * 4 + ["england_wales"] * 4,
        "value": [None] * 4 + [32.8, 31.1, 30.3, 36.3],
        "lower": None, "upper": None,
    })  # fmt: skip
    for narrow in (False, True):
        fig = plots.trend(rows, indicator("reoffending_binary"), "t", "Newport", narrow=narrow)
        low, high = fig.axes[0].get_ylim()
        assert low == 0 and high >= 36.3 * 1.06, (narrow, high)
        # The one line drawn is a comparator's: the legend names it.
        legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert "England and Wales" in legend, legend


def test_a_hidden_last_row_sits_inside_the_chart():
    """A councillor's finding: a [c] in the last row was struck through by the axis line."""
    frame = pd.DataFrame({"label": ["White", "Ethnic minority", "Unknown"], "area": "Newport",
                          "area_type": "yjs", "value": [77.0, None, None],
                          "hidden": [False, True, True]})  # fmt: skip
    fig = plots.grouped_bars(frame, "label", "area", "value", "per cent", "t")
    assert fig.axes[0].get_ylim() == (2.5, -0.5)
    stages = pd.DataFrame({"group": ["White"] * 3, "stage": ["Population", "Court", "Custody"],
                           "share": [80.0, 77.0, None], "hidden": [False, False, True]})  # fmt: skip
    fig = plots.stages(stages, "t")
    assert fig.axes[0].get_ylim() == (2.5, -0.5)


def test_a_figure_standing_alone_still_shows_its_interval():
    """A councillor's finding: between hidden figures a point had no band, under a note that
    said the shaded band was its interval."""
    rows = pd.DataFrame({"x": ["2021", "2022", "2023", "2024"], "area": "Newport",
                         "area_type": "yjs", "value": [30.0, None, 35.0, 36.0],
                         "lower": [25.0, None, 30.0, 31.0],
                         "upper": [35.0, None, 40.0, 41.0]})  # fmt: skip
    fig = plots.trend(rows, indicator("reoffending_binary"), "t", "Newport")
    bars = [c for c in fig.axes[0].collections if c.get_linewidth()[0] == 6]
    (alone,) = bars  # the first figure alone; the last two share a band
    assert [list(map(tuple, s)) for s in alone.get_segments()] == [[(0.0, 25.0), (0.0, 35.0)]]


def _luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2) of a colour."""
    channels = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        for c in mcolors.to_rgb(hex_colour)
    ]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def _contrast(one: str, two: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_interval_that_decides_a_verdict_can_be_seen_on_its_bar_and_beyond_it():
    """A board member's finding: the 95% interval (1.2 pt of black over the service's dark
    blue bar) could not be seen in print or on a phone, where it decides the verdict."""
    spec = indicator("custody_rate")
    figures = pd.DataFrame({"label": ["Southampton", "England"], "value": [0.4, 0.2],
                            "lower": [0.25, None], "upper": [0.6, None],
                            "area_type": ["yjs", "country"]})  # fmt: skip
    fig = plots.comparison(figures, spec, "t")
    ax = fig.axes[0]
    bar = colour(bars_of(fig)[0])
    (whisker,) = [c for c in ax.collections if len(c.get_segments()) == 1]
    caps = [line for line in ax.lines if line.get_marker() == "|"]
    assert len(caps) == 2
    core = mcolors.to_hex(whisker.get_color()[0])
    width = float(whisker.get_linewidth()[0])
    assert width >= 2.5 and all(cap.get_markeredgewidth() >= 2.5 for cap in caps)
    # Over the bar the line shows by its halo, beyond it by its core: 3:1 each (WCAG non-text).
    assert _contrast(core, "#FFFFFF") >= 3
    (halo,) = whisker.get_path_effects()
    halo_colour = mcolors.to_hex(halo._gc["foreground"])
    assert halo._gc["linewidth"] > width + 1
    assert _contrast(halo_colour, bar) >= 3 and _contrast(halo_colour, core) >= 3
