"""The notebooks' building blocks return what they show: data, figure, sentences, notes.

An analyst who wants a section's figure or rows in their own notebook keeps the block's
:class:`~yjanalysis.report.blocks.Part` in a variable; left as the last line of a cell, the
part shows itself exactly as the published page shows it.
"""

from __future__ import annotations

import pandas as pd
import pytest
from IPython.display import HTML

from yjanalysis.report import blocks, context, scrutiny, sections


@pytest.fixture
def ctx(demo_dir, demo_build):
    """A page of its own (a page remembers what it has said)."""
    return context.load("Southampton", "2024-12", raw=demo_dir, processed=demo_build.processed)


@pytest.fixture
def other_page(demo_dir, demo_build):
    return context.load("Southampton", "2024-12", raw=demo_dir, processed=demo_build.processed)


def test_a_trend_gives_its_rows_figure_and_sentences(ctx):
    part = sections.trend(ctx, "cautioned_or_sentenced_rate", rolling=False)
    assert isinstance(part, blocks.Part) and part.name == "trend"
    assert part.figure is not None and part.figure.axes
    rows = part.data
    assert {"area", "period", "value", "lower", "upper", "source"} <= set(rows.columns)
    assert "Southampton" in set(rows["area"])
    # The rows are those of the table the page is made from (under disclosure control).
    own = rows[rows["area"] == "Southampton"].set_index("period")["value"]
    table = ctx.table[
        (ctx.table["area"] == "Southampton")
        & (ctx.table["indicator"] == "cautioned_or_sentenced_rate")
        & (ctx.table["breakdown"] == "total")
    ].set_index("period")["value"]
    assert own.dropna().eq(table.reindex(own.dropna().index)).all()
    # Each sentence is on the page the part shows.
    assert part.sentences and all(s.replace("'", "&#x27;") in part.html for s in part.sentences)


def test_a_headline_gives_the_paragraph_the_page_shows(ctx):
    part = sections.headline(ctx, "syv_rate")
    assert len(part.sentences) == 1
    # The latest period the comparators have figures for (the YJB's data summary reaches
    # September 2024); the service's own later figure follows in the same paragraph.
    assert part.sentences[0].startswith(
        "In the 12 months to September 2024, Southampton's rate of serious violence"
    )
    assert "A later figure, from the service's own records" in part.sentences[0]
    assert len(part.data) >= 2  # the service and its comparators, as the chart draws them


def test_a_part_shows_itself_as_the_page_does(ctx, monkeypatch):
    shown = []
    monkeypatch.setattr(blocks, "display", shown.append)
    part = sections.headline(ctx, "fte_rate")
    assert shown == []  # made, not shown
    part._ipython_display_()
    assert shown == part.outputs and all(isinstance(o, HTML) for o in shown)
    assert part._repr_html_() == "".join(o.data for o in shown)
    assert repr(part).startswith("<Part headline: 1 sentences, 1 figures, data of ")


def test_a_block_inside_a_block_is_shown_in_its_place(ctx, other_page):
    with_chart = sections.trend(ctx, "reoffending_binary", rolling=True)
    alone = sections.control_chart(other_page, "reoffending_binary")
    assert alone.outputs and with_chart.html.endswith(alone.html)
    # The trend's chart, then the control chart's (in the demo a hidden quarter breaks the run
    # of quarters a control chart needs, so it gives its note, and no chart, in its place).
    assert len(with_chart.figures) == 1 + len(alone.figures)


def test_a_part_with_nothing_to_show_says_why_once(ctx):
    first = sections.headline(ctx, "syv_rate", "offence_group", "No such group")
    again = sections.trend(ctx, "syv_rate", "offence_group", "No such group")
    assert first.notes and not first.sentences and first.data is None and first.figure is None
    assert again.empty  # the page has said it already


def test_scrutiny_blocks_are_parts_too(ctx):
    part = scrutiny.custody_today(ctx)
    assert isinstance(part, blocks.Part) and isinstance(part.data, pd.DataFrame)


def test_outside_a_block_what_is_emitted_is_displayed(monkeypatch):
    shown = []
    monkeypatch.setattr(blocks, "display", shown.append)
    blocks.emit(HTML("<p>a</p>"), None)
    blocks.record(sentence="not kept: no block is being built")
    assert [o.data for o in shown] == ["<p>a</p>"] and blocks.current() is None


def test_the_cohort_sentence_says_a_rate_rose_or_fell_only_where_tested(ctx, demo_build):
    """The reoffending rate was said to have fallen where the change could be chance. With the
    service's own yearly cohorts shown (the controlled demo hides most of them), the cohort's
    sentence gives the size's change and the rate's, the rate's with its test in brackets."""
    import re

    built = demo_build.indicators
    own = built[(built["indicator"] == "reoffending_binary") & (built["area"] == "Southampton")
                & (built["area_type"] == "yjs")]  # fmt: skip
    ctx.table = pd.concat([ctx.table.drop(ctx.table.index.intersection(own.index)), own])
    part = sections.cohort_size(ctx)
    (said,) = [s for s in part.sentences if s.startswith("The cohort")]
    found = re.match(r"The cohort (grew|shrank|stayed the same size), from (\d+) children in "
                     r"2018-19 to (\d+) in 2022-23 \(financial years\), while the proven "
                     r"reoffending rate (rose|fell|went|stayed the same) from ([\d.]+)% to "
                     r"([\d.]+)%(.*)\.$", said)  # fmt: skip
    assert found, said
    first, last = int(found.group(2)), int(found.group(3))
    assert found.group(1) == ("grew" if last > first else "shrank")
    # 15 of 35 against 44 of 97: a change of this size could be chance, so neither rose nor fell.
    assert found.group(4) == "went" and found.group(7).startswith(" (")


def test_hidden_cohorts_are_said_to_be_hidden_not_missing(ctx):
    """The page said the inputs had fewer than two years of cohorts where they had five and the
    control hid four.

    Restated (the published age-group rates now relate the cohorts): the control shows two of
    the demo's yearly cohorts, so the test hides all shown but the latest, as the control hid
    them before (counts blanked, status kept)."""
    table = ctx.table
    own = (
        (table["indicator"] == "reoffending_binary")
        & (table["area"] == "Southampton")
        & (table["breakdown"] == "total")
        & table["own_records"].astype(bool)
        & (table["status"] != "suppressed")
        & table["denominator"].notna()
    )
    yearly = table[own & (table["period_end"] - table["period_start"]).dt.days.between(364, 366)]
    older = yearly[yearly["period_end"] < yearly["period_end"].max()].index
    assert len(yearly) >= 2 and len(older) >= 1
    ctx.table = table.copy()
    ctx.table.loc[older, "status"] = "suppressed"
    ctx.table.loc[older, ["value", "numerator", "denominator"]] = float("nan")
    part = sections.cohort_size(ctx)
    assert not any(s.startswith("The cohort") for s in part.sentences)
    assert "can be shown: the others are hidden to protect the children behind them ([c])" in (
        part.html
    )
    assert "the inputs have fewer than two years" not in part.html
