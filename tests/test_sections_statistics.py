"""The sentences and charts that report the statistics: method named, no impossible figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import make_table
from yjanalysis import reference
from yjanalysis.report import plots, sections
from yjanalysis.report.context import ReportContext
from yjanalysis.report.sections import over_time
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator


def _years(counts, denominators, indicator="custody_rate"):
    rows = []
    for i, (count, denominator) in enumerate(zip(counts, denominators, strict=True)):
        year = 2019 + i
        rows.append({
            "area_type": "yjs", "area": "Southampton", "indicator": indicator,
            "period": f"{year}-{(year + 1) % 100:02d}", "numerator": count,
            "denominator": denominator,
            "value": count / denominator if count is not None else None,
            "status": "computed",
        })  # fmt: skip
    return make_table(rows).sort_values("period_end")


def test_trend_sentence_names_the_method_and_allows_for_overdispersion():
    own = _years([200, 150, 230, 160, 120, 140], [20_000] * 6)
    text = over_time._trend_sentence(own, catalogue_indicator("custody_rate"), True)
    # Not finding a trend is not finding none: the words never claim sameness.
    # The years tested are named (a chart can reach back further than the years with counts).
    assert text.startswith(
        "Over these 6 years (financial year 2019-20 to 2024-25) the change could be chance: no "
        "trend larger than chance would explain"
    )
    assert "quasi-Poisson regression on time" in text and "% a year" in text


def test_trend_sentence_without_an_estimate_says_why():
    """Issue 11: counts [0, 0, 0, 5] were printed as "+16235076885% a year"."""
    own = _years([0, 0, 0, 0, 5], [20_000] * 5)
    text = over_time._trend_sentence(own, catalogue_indicator("custody_rate"), True)
    assert text == "A trend could not be estimated: every event fell in the last period."


def test_trend_sentence_needs_five_years():
    """Issue 25: four years were tested, and "a trend larger than chance" said of them."""
    own = _years([100, 92, 80, 73], [20_000] * 4)
    text = over_time._trend_sentence(own, catalogue_indicator("custody_rate"), True)
    assert text == (
        "Whether the figure is rising or falling over time is not tested: 4 years with "
        "counts, where a test needs at least 5."
    )


def _seven_falls_above_the_mean():
    """Quarterly reoffending: steady, then seven falls in a row, every one above the mean."""
    values = [40, 52, 32, 48, 36, 44, 28, 48, 40, 36, 52, 32, 64, 62, 60, 58, 56, 54, 52]
    run = pd.DataFrame({
        "period": [f"Q{i}" for i in range(len(values))],
        "period_start": pd.date_range("2019-01-01", periods=len(values), freq="QS"),
        "period_end": pd.date_range("2019-03-31", periods=len(values), freq="QE"),
        "value": values,
    })  # fmt: skip
    from yjanalysis.methods import stats

    chart = stats.xmr(run["value"].to_numpy(dtype=float))
    assert (chart["value"].iloc[-7:] > chart["centre"].iloc[0]).all()
    chart["x"] = run["period"]
    return chart, run


def test_seven_falls_above_the_mean_are_an_improvement_where_lower_is_better():
    """Issue 25: the page read the latest quarters from their side of the mean: "a change for
    the worse, a concern". Making Data Count (and NHSRplotthedots, ptd_special_cause_type)
    read a trend from its direction: seven falls are an improvement where lower is better."""
    chart, run = _seven_falls_above_the_mean()
    spec = catalogue_indicator("reoffending_binary")
    text = over_time._control_sentence(chart, run, spec, "down")
    assert text.endswith("The latest quarters signal a real improvement.")
    assert "concern" not in text


def test_control_chart_colours_a_fall_above_the_mean_as_improvement():
    """Issue 25: the chart coloured special causes by their side of the mean."""
    chart, _ = _seven_falls_above_the_mean()
    fig = plots.control(chart, catalogue_indicator("reoffending_binary"), "t", "down")
    labels = [c.get_label() for c in fig.axes[0].collections]
    assert "Special cause: improvement" in labels
    assert "Special cause: concern" not in labels


def test_trend_sentence_for_a_percentage_is_relative():
    """Issue 11: for proportions the change was an odds ratio printed as "% a year"."""
    counts = np.rint(1000 * 0.2 * 1.25 ** np.arange(5))
    own = _years(counts, [1000] * 5, indicator="ete_suitable")
    text = over_time._trend_sentence(own, catalogue_indicator("ete_suitable"), True)
    assert "rising by about 25% of its value a year" in text
    assert "binomial regression on time (log link)" in text


@pytest.fixture
def proportion_services():
    """Reoffending counts for twelve services, with cohorts far from round numbers."""
    others = [name for name in reference.register().index if name != "Southampton"]
    services = ["Southampton", *others[:11]]
    rng = np.random.default_rng(7)
    rows = []
    for service in services:
        cohort = int(rng.integers(40, 400))
        count = int(rng.binomial(cohort, 0.33))
        rows.append({
            "area_type": "yjs", "area": service, "indicator": "reoffending_binary",
            "period": "2022-23", "numerator": count, "denominator": cohort,
            "value": 100 * count / cohort, "status": "computed",
        })  # fmt: skip
    return make_table(rows)


def test_funnel_for_a_proportion_draws_limits(proportion_services, monkeypatch):
    """Issue 11: for proportions every plotted limit was nan (a funnel with no funnel)."""
    drawn = {}

    def capture(points, limits, target, spec, title, service):
        drawn["limits"] = limits
        return None

    monkeypatch.setattr(plots, "funnel", capture)
    monkeypatch.setattr(plots, "show", lambda fig, alt, note=None: None)
    ctx = ReportContext(
        yjs="Southampton", period_end=pd.Timestamp("2023-03-31"), audience="board",
        table=proportion_services, suppressed=pd.DataFrame(), families=reference.families(),
        synthetic=True,
    )  # fmt: skip
    part = sections.funnel(ctx, "reoffending_binary")
    limits = drawn["limits"].drop(columns="denominator")
    assert limits.notna().all().all() and (limits >= 0).all().all()
    assert (limits <= 100).all().all()  # per cent
    sentence = part.sentences[-1]
    assert (
        "Among 12 services in 2022-23, allowing for how much services normally differ from one "
        "another, Southampton" in sentence
    )
    assert "limits from the Wilson score interval (Public Health England's method)" in sentence


def test_a_control_chart_refuses_a_quarter_given_twice():
    """Issue 25: the run of quarters took two figures for one quarter as two quarters."""
    from yjanalysis.errors import InputError
    from yjanalysis.report import series

    ends = pd.date_range("2021-03-31", periods=14, freq="QE")
    rows = pd.DataFrame({"period_end": ends.append(ends[-1:]), "value": 1.0, "status": "computed"})
    with pytest.raises(InputError, match="found two for the quarter ending 30 June 2024"):
        series.visible_run(rows)


def test_the_control_chart_block_says_why_a_quarter_given_twice_has_no_chart(
    demo_dir, demo_build, monkeypatch
):
    from yjanalysis.report import context, narrative, page

    ctx = context.load("Southampton", "2024-12", raw=demo_dir, processed=demo_build.processed)
    rows = page.own_rows(ctx, "reoffending_binary")
    rows = rows[(rows["breakdown"] == "total") & (rows["group"] == "all")]
    ends = zip(rows["period_start"], rows["period_end"], strict=True)
    again = rows[[narrative.period_kind(a, b) == "quarter" for a, b in ends]].iloc[[-1]]
    monkeypatch.setattr(page, "own_rows", lambda *_: pd.concat([rows, again]))
    part = sections.control_chart(ctx, "reoffending_binary")
    assert part.figure is None and len(part.notes) == 1
    assert part.notes[0].startswith(
        "A control chart needs one figure for each quarter; the inputs give 2 figures of the "
    )


def test_the_headline_verdicts_say_how_many_chance_alone_would_give(demo_dir, demo_build):
    """Issue 25: for a service that is truly average, about one in twenty of the headline
    comparisons would still be "beyond chance", and nothing said so where they are listed.
    The count is every verdict the table rests on: against the family, the region and the
    nation (● ✔ ✘, the region's not shown as a column), and since the year before. A verdict
    within what the sources' definitions explain is a test too."""
    from yjanalysis.report import context, page

    ctx = context.load("Southampton", "2024-12", raw=demo_dir, processed=demo_build.processed)
    frame, _ = sections.overview_rows(ctx)
    verdicts = frame[["Against the family", f"Against {page.nation(ctx)}"]]
    judged = [
        "✔ better",
        "✘ worse",
        "● could be chance",
        # Restated (a tenth reading): a gap beyond chance within the allowance for two
        # sources is worse or better, saying what the sources could explain; a test too.
        "✘ worse (part may be how the sources count)",
        "✔ better (part may be how the sources count)",
        "✘ worse (all could be how the sources count)",
        "✔ better (all could be how the sources count)",
    ]
    shown = int(verdicts.isin(judged).sum().sum())
    changes = int(frame["Since the year before"].str.contains("chance").sum())
    region = 0
    for indicator, breakdown, group in sections.HEADLINES:
        period = sections.common._period(ctx, indicator, breakdown, group)
        if period is not None:
            found = ctx.compare(indicator, period, breakdown, group)
            regional = found[found["comparator_type"] == "region"]
            region += int((regional["difference"] != "not assessed").sum())
    # Counted apart, each named: one count of both read as that many comparisons (issue 26).
    assert shown + region == frame["Judged"].sum() and shown + region > 10
    assert changes == frame["Changes judged"].sum() and changes > 1
    part = sections.overview(ctx)
    assert part.sentences[1].startswith(
        f"The verdicts are {shown + region} comparisons with other areas and {changes} changes "
        "since the year before, each a test at the 95% level"
    )
    assert "would do so by chance alone" in part.sentences[1]


def test_trend_sentence_of_figures_without_counts():
    """Issue 25: "too few years with counts to test for a trend (0; ...)" of published rates."""
    own = _years([None] * 6, [None] * 6, indicator="neet_16_17").assign(value=4.5)
    text = over_time._trend_sentence(own, catalogue_indicator("neet_16_17"), True)
    assert text == "These figures come without counts, so they are not tested for a trend."


def test_trend_sentence_of_hidden_figures_does_not_call_them_uncounted():
    """Issue 26: Newport's hidden reoffending rates ([c] on the chart) were said to "come
    without counts": they have counts, kept back. Failed before the fix."""
    own = _years([None] * 4, [None] * 4, indicator="reoffending_binary").assign(
        status="suppressed", value=None
    )
    text = over_time._trend_sentence(own, catalogue_indicator("reoffending_binary"), True)
    assert text == "These figures are hidden ([c]), so they are not tested for a trend."
    some = own.assign(status=["suppressed", "published", "published", "suppressed"])
    text = over_time._trend_sentence(some, catalogue_indicator("reoffending_binary"), True)
    assert "hidden ([c]) or come without counts" in text
