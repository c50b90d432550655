"""Inputs that are wrong but look right: each is refused, or its figure withheld with a reason.

A hidden count given by arithmetic in the service's words (a ratio, a difference, a relation
to a count the report shows), a decimal comma before a figure's point, and an inspection
whose score and rating disagree are each a wrong or disclosive figure that passed every range
check. The malformed corpus (``tests/malformed``) holds the file cases; these are the rest.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest

from yjanalysis.errors import InputError
from yjanalysis.inputs import report_settings
from yjanalysis.inputs.readers import hmi_inspections


def _hidden_custody(demo_build):
    """Southampton's hidden custodial sentences of the 12 months to September 2024, and the
    population of its rate."""
    from disclosure_helpers import hidden_custody

    table, shown, end, row = hidden_custody(demo_build)
    population = round(int(row["numerator"]) / float(row["value"]) * 1000)
    return table, shown, end, int(row["numerator"]), population


ARITHMETIC = [
    # a ratio, from the population the report shows
    "In the 12 months to September 2024, one in every {every:,} children aged 10 to 17 was "
    "sentenced to custody.",
    # a difference, from an earlier count the report shows
    "Custodial sentences in the 12 months to September 2024 were 3 fewer than the {more} of "
    "the year before.",
    "In the 12 months to September 2024 custodial sentences fell by {share}% on the year before.",
    # a relation, from an earlier count alone
    "Custodial sentences halved in the 12 months to September 2024.",
    "In the 12 months to September 2024, custody was the same as the year before.",
]


@pytest.mark.parametrize("sentence", ARITHMETIC)
def test_a_hidden_count_given_by_arithmetic_is_refused(demo_build, sentence):
    """Failed before: the check refused a hidden count written as a count, but passed a ratio
    giving it from the population shown and a difference giving it from a count shown. What
    the words may say of a measure whose figure is hidden for the period they speak of: its
    name and no number but the figures the report shows for the periods they name."""
    from yjanalysis.report import stated

    table, shown, end, count, population = _hidden_custody(demo_build)
    text = sentence.format(every=round(population / count), more=count + 3,
                           share=round(300 / (count + 3)))  # fmt: skip
    passage = report_settings.Commentary("02", text, True, Path("02_custody_and_remand.md"))
    with pytest.raises(InputError) as caught:
        stated.check({"02": passage}, "Southampton", end, table, shown)
    said = str(caught.value)
    assert said.startswith("02_custody_and_remand.md: line 1 states "), said
    assert "the rate of custodial sentences for 12 months to September 2024" in said, said
    assert not re.search(rf"\b{count}\b", said.split("states", 1)[1]), said


@pytest.mark.parametrize(
    "sentence",
    [
        "Custodial sentences in the 12 months to September 2024 are hidden to protect the "
        "children behind them.",
        "Two panels and 3 workshops on custodial sentences ran in the 12 months to September 2024.",
        "In the 12 months to September 2024, 3 workshops were held; fewer children entered "
        "custody.",
    ],
)
def test_words_on_a_hidden_measure_without_a_figure_pass(demo_build, sentence):
    """Words naming the hidden measure without a figure of it, or counting something else,
    pass."""
    from yjanalysis.report import stated

    table, shown, end, _, _ = _hidden_custody(demo_build)
    passage = report_settings.Commentary("02", sentence, True, Path("02.md"))
    stated.check({"02": passage}, "Southampton", end, table, shown)


def test_a_share_typed_with_a_decimal_comma_is_quoted_as_typed(tmp_path):
    """Failed before: '0,245' was read as 245 (its comma taken for a thousands separator) and
    the refusal quoted '245', a cell nobody typed."""
    from yjanalysis.inputs import readers

    path = tmp_path / "indicators.csv"
    path.write_text("area_type,area,indicator,period,value,status\n"
                    'yjs,Southampton,reoffending_binary,2022-23,"0,245",published\n')  # fmt: skip
    with pytest.raises(InputError) as caught:
        readers.read(path)
    said = str(caught.value)
    assert "row 2, column 'value': '0,245' has a comma that does not separate thousands" in said
    assert "with a decimal point (2.5)" in said
    assert "'245'" not in said


def _inspection(score: float, overall: str, tmp_path: Path) -> pd.DataFrame:
    from yjanalysis.inputs import readers

    path = tmp_path / "ratings.csv"
    path.write_text(
        "la_name,la_ref,score_%,overall_rating,publication_date,report_url,staff\n"
        f"Southampton,southampton,{score},{overall},11/07/24,,Good\n"
    )
    return readers.read(path)


def test_a_score_and_rating_one_band_apart_withhold_both_naming_both(tmp_path):
    """Failed before: a Requires improvement rating with a Good score (one band apart) dropped
    the score and showed the rating: one of them is wrong, and the page kept a rating its own
    score denies. Both are withheld, the page naming both and saying neither is shown (the
    real scrape holds two such rows, so the file is not refused)."""
    from types import SimpleNamespace

    from yjanalysis.report import front_page

    read = _inspection(72.22, "Requires improvement", tmp_path)
    row = read.iloc[0]
    assert pd.isna(row["overall_rating"]) and pd.isna(row["score"])
    ctx = SimpleNamespace(
        yjs="Southampton",
        period_end=pd.Timestamp("2024-12-31"),
        inspections=read,
        inspections_after=read.iloc[0:0],
        build={"used": [{"file": "ratings.csv", "format": hmi_inspections.TITLE}]},
    )
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", front_page.inspection(ctx))))
    assert ("its overall rating is Requires improvement but its score (26 of 36 points, 72.2%) "
            "is in the Good band; one of the two is wrong") in text, text  # fmt: skip
    assert "so neither is shown" in text
    assert "rated Southampton's youth justice service" not in text
    # A score in its rating's band shows both.
    agreed = _inspection(72.22, "Good", tmp_path).iloc[0]
    assert agreed["overall_rating"] == "Good" and agreed["score"] == pytest.approx(72.22)


def _published_groups(demo_dir, demo_build):
    """Southampton's context, and its published counts by ethnicity beside its own records."""
    from yjanalysis.report import context

    ctx = context.load("Southampton", "2024-12", raw=demo_dir, processed=demo_build.processed)
    rows = ctx.table[
        ctx.table["area"].eq("Southampton")
        & ctx.table["area_type"].eq("yjs")
        & ctx.table["indicator"].eq("cautioned_or_sentenced_share")
        & ctx.table["breakdown"].eq("ethnicity")
        & ctx.table["status"].ne("suppressed")
        & ctx.table["numerator"].notna()
    ]
    own = rows[rows["own_records"].astype(bool)]
    published = rows[~rows["own_records"].astype(bool)]
    both = published[published["period_end"].isin(own["period_end"])]
    latest = both[both["period_end"].eq(both["period_end"].max())]
    return ctx, latest.sort_values("numerator")


def test_a_published_group_far_from_the_records_is_said(demo_dir, demo_build):
    """Failed before: a published count of one ethnic group far from the service's own count
    of the same children and period (57 against 37) passed silently: only the White group
    of the two-way split was set beside the records. Every group both sources give is."""
    import dataclasses

    from yjanalysis.report.sections import latest as sections_latest

    ctx, latest = _published_groups(demo_dir, demo_build)
    assert sections_latest.groups_apart(ctx, "cautioned_or_sentenced_share") == ""
    row = latest.index[-1]
    table = ctx.table.copy()
    table.loc[row, "numerator"] = table.loc[row, "numerator"] + 20
    said = sections_latest.groups_apart(dataclasses.replace(ctx, table=table),
                                        "cautioned_or_sentenced_share")  # fmt: skip
    group = str(latest.loc[row, "group"])
    assert said.startswith("For the "), said
    assert f"{group} children ({int(latest.loc[row, 'numerator']) + 20:,} published" in said
    assert "further apart than their definitions explain" in said


def test_two_published_groups_swapped_are_said(demo_dir, demo_build):
    """Failed before: two ethnic groups' published counts swapped keep every total and passed.
    The service's own records give the same split, and the two groups are said."""
    import dataclasses

    from yjanalysis.report.sections import latest as sections_latest

    ctx, latest = _published_groups(demo_dir, demo_build)
    low, high = latest.index[0], latest.index[-1]
    assert latest.loc[high, "numerator"] - latest.loc[low, "numerator"] > 4
    table = ctx.table.copy()
    table.loc[[low, high], "numerator"] = table.loc[[high, low], "numerator"].to_numpy()
    said = sections_latest.groups_apart(dataclasses.replace(ctx, table=table),
                                        "cautioned_or_sentenced_share")  # fmt: skip
    for row in (low, high):
        assert f"{latest.loc[row, 'group']}" in said, said


def test_a_refresh_refused_for_its_words_leaves_the_processed_folder_unwritten(
    demo_dir, tmp_path, capsys
):
    """Failed before: the check of the service's words (and of the services nearest it) read
    the new build's files after they had replaced the processed folder's, so a refresh refused
    for its words had written a new table. They now read the files where they are staged."""
    from conftest import copy_of, run_in_process

    raw = copy_of(demo_dir, tmp_path)
    words = raw / "report" / "newport" / "commentary" / "05_education_training_employment.txt"
    words.write_text("61.1% of children were in suitable education, training or employment "
                     "at the end of their order in 2024.\n", encoding="utf-8")  # fmt: skip
    processed = tmp_path / "processed"
    out = tmp_path / "reports"
    code, err = run_in_process("refresh", "--yjs", "Newport", "--period-end", "2024-09",
                               "--raw", str(raw), "--out", str(out), "--processed",
                               str(processed), capsys=capsys)  # fmt: skip
    assert code == 2, err
    assert "states a figure for 2024, after the report's end (September 2024)" in err
    written = (
        [str(p.relative_to(processed)) for p in processed.rglob("*") if p.is_file()]
        if processed.exists()
        else []
    )
    assert written == [], written
    assert not (out / "newport" / "2024-09").exists()


def _southampton(table: pd.DataFrame, indicator: str, own: bool) -> pd.Series:
    """Say which rows are Southampton's own (or published) figures of a measure."""
    return (
        table["area_type"].eq("yjs")
        & table["area"].eq("Southampton")
        & table["indicator"].eq(indicator)
        & table["own_records"].astype(bool).eq(own)
    )


def test_the_demo_services_own_records_agree_with_their_publications(demo_build):
    from yjanalysis.report import sources_agree

    for yjs in ("Southampton", "Newport", "Portsmouth", "Cardiff"):
        sources_agree.refuse_apart(demo_build.indicators, yjs, pd.Timestamp("2024-12-31"))


def test_a_published_figure_mistyped_far_from_the_records_is_refused(demo_build):
    """Failed before: LAIT's first time entrants typed 326 for 226 (the records' 245 on the
    same page) turned the finding to "worse, beyond chance", published; as a share of the
    published figure the two were just within the 25% allowed. Either source can be short,
    so the gap is taken over the smaller, and the report is refused naming both sources."""
    from yjanalysis.report import sources_agree

    table = demo_build.indicators.copy()
    row = _southampton(table, "fte_rate", own=False) & table["period"].eq("2023")
    assert row.sum() == 1
    table.loc[row, ["value", "numerator"]] = table.loc[row, ["value", "numerator"]] * 326 / 226
    with pytest.raises(InputError) as caught:
        sources_agree.refuse_apart(table, "Southampton", pd.Timestamp("2024-12-31"))
    said = str(caught.value)
    assert "synthetic_dfe_lait.csv: gives Southampton's rate of first time entrants for the " \
        "calendar year 2023 as 326 per 100,000" in said, said  # fmt: skip
    assert "own case-level records" in said and "extract" in said and "southampton" in said
    assert "more than 25% above the lower" in said
    own = table.loc[_southampton(table, "fte_rate", own=True) & table["period_end"].eq(
        table.loc[row, "period_end"].iloc[0]), "numerator"].iloc[0]  # fmt: skip
    assert not re.search(rf"\b{int(own)}\b", said), said  # the records' count is not given


def test_two_services_published_rows_exchanged_are_refused(demo_build):
    """Failed before: Southampton's and Portsmouth's rows of the YJB Children table exchanged
    (both South East) gave Southampton 63 children cautioned or sentenced where its own
    records count 73, and "worse" left the front page."""
    from yjanalysis.report import sources_agree

    table = demo_build.indicators.copy()
    indicator = "cautioned_or_sentenced_share"
    published = _southampton(table, indicator, own=False)
    theirs = (
        table["area"].eq("Portsmouth")
        & table["indicator"].eq(indicator)
        & ~table["own_records"].astype(bool)
    )
    mine = table[published].set_index(["period", "breakdown", "group"])
    other = table[theirs].set_index(["period", "breakdown", "group"])
    swapped = other.reindex(mine.index)[["numerator", "denominator"]].to_numpy()
    table.loc[published, ["numerator", "denominator"]] = swapped
    with pytest.raises(InputError) as caught:
        sources_agree.refuse_apart(table, "Southampton", pd.Timestamp("2024-12-31"))
    said = str(caught.value)
    assert said.split(": ", 1)[0].endswith("synthetic_yjb_children_table.csv"), said
    assert "gives the number of children cautioned or sentenced in Southampton for the " in said
    assert "more than 10% above the lower" in said


def test_another_services_extract_filed_as_this_ones_is_refused(demo_dir, tmp_path, capsys):
    """Failed before: Portsmouth's extract, relabelled Southampton, was published as
    Southampton's own figures, beside its published first time entrants a third higher. The
    refresh is refused, naming both sources, and writes nothing."""
    from conftest import copy_of, run_in_process

    raw = copy_of(demo_dir, tmp_path)
    extract = raw / "extract"
    for table in (extract / "portsmouth").glob("*.csv"):
        text = table.read_text(encoding="utf-8").replace(",Portsmouth,", ",Southampton,")
        (extract / "southampton" / table.name).write_text(text, encoding="utf-8")
    processed, out = tmp_path / "processed", tmp_path / "reports"
    code, err = run_in_process("refresh", "--yjs", "Southampton", "--period-end", "2024-12",
                               "--raw", str(raw), "--out", str(out), "--processed",
                               str(processed), capsys=capsys)  # fmt: skip
    assert code == 2, err
    assert "further apart than the two sources' definitions explain" in err, err
    assert f"({extract / 'southampton'})" in " ".join(err.split()), err
    assert not processed.exists() or not any(processed.rglob("*.parquet"))
    assert not out.exists() or not any(out.rglob("*.html"))


def test_a_source_with_periods_after_the_report_is_named_by_its_own_latest(
    demo_dir, demo_build, tmp_path
):
    """Failed before: a file of national figures with every period a year on (its latest
    ending September 2025) was named on the cover of a report to December 2024 as the
    "December 2024" release, the report's month. Figures for periods after the report's end
    are left out, and the cover says so, naming the file's own latest period."""
    import shutil

    from yjanalysis.report import context, front_page

    processed = tmp_path / "processed"
    shutil.copytree(demo_build.processed, processed)
    table = pd.read_parquet(processed / "indicators.parquet")
    summary = table["source"].eq("synthetic YJB quarterly data summary")
    year = table[summary & table["period"].eq("Oct 2023 – Sep 2024")].copy()
    assert len(year)
    year["period"] = "Oct 2024 – Sep 2025"
    year["period_start"] += pd.DateOffset(years=1)
    year["period_end"] += pd.DateOffset(years=1)
    pd.concat([table, year], ignore_index=True).to_parquet(processed / "indicators.parquet")
    ctx = context.load("Southampton", "2024-12", raw=demo_dir, processed=processed,
                       reports=tmp_path / "reports")  # fmt: skip
    assert not ctx.table["period"].eq("Oct 2024 – Sep 2025").any()
    line = front_page.lags_line(ctx)
    assert (
        "synthetic YJB quarterly data summary, September 2025 (its figures after December "
        "2024 are left out)" in line
    ), line
