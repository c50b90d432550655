"""The build on the demo inputs: the table's contract, aggregates, atomic output."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import run_cli, run_in_process
from yjanalysis import reference
from yjanalysis.errors import InputError
from yjanalysis.table import published
from yjanalysis.table.build import build
from yjanalysis.vocabulary import schema as tidy


def test_table_meets_its_contract(demo_build):
    frame = demo_build.indicators
    assert list(frame.columns) == list(tidy.COLUMNS)
    tidy.SCHEMA.validate(frame)
    assert set(frame["area_type"]) >= {"yjs", "family", "region", "pcc", "country", "england_wales"}


def test_written_files(demo_build, demo_dir, tmp_path):
    out = tmp_path / "out"
    build(demo_dir, out)
    written = pd.read_parquet(out / "indicators.parquet")
    assert len(written) == len(demo_build.indicators)
    record = json.loads((out / "build.json").read_text())
    assert record["synthetic"] is True
    assert {u["format"] for u in record["used"]} >= {"DfE LAIT bulk data"}
    assert len(record["families"]) == 155 and record["families"] == demo_build.families
    assert (out / "comparator_groups.parquet").is_file()
    assert (out / "service_characteristics.parquet").is_file()
    assert any(i["file"].endswith("README.md") for i in record["ignored"])
    assert not list(out.glob(".build-*")), "staging folder left behind"


def test_family_aggregate_excludes_the_service_itself(demo_build):
    frame = demo_build.indicators
    family = frame[(frame["area"] == "Portsmouth family") & (frame["breakdown"] == "total")]
    assert not family.empty
    assert family["method"].str.contains("10 YJSs").any()


def test_national_figure_from_the_indicator_csv(demo_build):
    frame = demo_build.indicators
    england = frame[(frame["indicator"] == "fte_rate") & (frame["area"] == "England")]
    # Calendar years 2017 to 2023: the demo holds what was published by 28 February 2025.
    assert len(england) == 7 and (england["status"] == "published").all()
    assert england["period_end"].max() == pd.Timestamp("2023-12-31")


def test_raw_folder_is_not_changed(demo_dir, tmp_path):
    def digest():
        files = [p for p in demo_dir.rglob("*") if p.is_file()]
        return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}

    before = digest()
    build(demo_dir, tmp_path / "out")
    assert digest() == before


def test_two_files_giving_the_same_figure_is_an_error(demo_dir, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    shutil.copy(raw / "synthetic_national_figures.csv", raw / "copy_of_national_figures.csv")
    with pytest.raises(InputError, match="two inputs give the same figure"):
        build(raw, tmp_path / "out")


def test_a_families_file_replaces_a_packaged_family(demo_dir, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    (raw / "our_family.csv").write_text(
        "family,member\nSouthampton,Portsmouth\nSouthampton,Bristol\n"
    )
    result = build(raw, tmp_path / "out")
    family = result.indicators[
        (result.indicators["area"] == "Southampton family")
        & (result.indicators["indicator"] == "cautioned_or_sentenced_rate")
    ]
    assert family["method"].str.contains("pooled counts of 2 YJSs").all()


@pytest.mark.e2e
def test_build_command_end_to_end(demo_dir, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", "--raw", str(demo_dir), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stderr and (out / "indicators.parquet").is_file()
    # Named as refresh names it; the same folder by both names is one folder.
    (out / "indicators.parquet").unlink()
    again = run_cli("build", "--raw", str(demo_dir), "--processed", str(out), "--out",
                    str(tmp_path / "." / "out"))  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert (out / "indicators.parquet").is_file()


@pytest.mark.e2e
def test_build_on_a_fresh_checkout_writes_the_demo_first(tmp_path):
    """As a refresh does: an empty demo folder is not built into an empty table."""
    (tmp_path / "data" / "raw" / "demo").mkdir(parents=True)
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert any((tmp_path / "data" / "raw" / "demo").glob("synthetic_*.csv"))
    assert "wrote" in result.stderr and " 0 rows" not in result.stderr


def test_an_empty_folder_is_refused_saying_what_to_put_in_it(tmp_path):
    """A new inputs folder gives no report of empty pages: the sentence says how to fill it."""
    (tmp_path / "raw").mkdir()
    with pytest.raises(InputError, match=r"holds no file the project reads \(0 ignored\); "
                       r"expected the public releases \(`yjanalysis fetch --raw"):  # fmt: skip
        build(tmp_path / "raw", tmp_path / "out")
    assert not (tmp_path / "out").exists()


# Figures that were wrong without a word: each is now absent with a reason, or right.

CHILDREN_HEADER = "Financial_Year,YOT,Age_Group,Ethnicity_Group,Sex,Number_Children\n"


def build_files(tmp_path, files: dict[str, str]):
    raw = tmp_path / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (raw / name).write_text(text)
    return build(raw, tmp_path / "out")


def one(frame, **where):
    for column, value in where.items():
        frame = frame[frame[column] == value]
    assert len(frame) == 1, frame
    return frame.iloc[0]


def test_a_service_whose_cells_are_all_suppressed_has_no_figure(tmp_path):
    children = CHILDREN_HEADER + (
        "2019-20,Southampton,10 to 14,White,Boys,[c]\n"
        "2019-20,Southampton,15 to 17,White,Boys,[c]\n"
        "2019-20,Portsmouth,10 to 14,White,Boys,40\n"
        "2019-20,Portsmouth,15 to 17,White,Boys,50\n"
    )
    table = build_files(tmp_path, {"children.csv": children}).indicators
    rate = dict(indicator="cautioned_or_sentenced_rate", breakdown="total", period="2019-20")
    southampton = one(table, area="Southampton", **rate)
    assert pd.isna(southampton["numerator"]) and pd.isna(southampton["value"])
    assert southampton["status"] == "suppressed"
    assert southampton["method"].startswith("2 of the 2 cells it sums are suppressed")
    assert one(table, area="Portsmouth", **rate)["numerator"] == 90
    region = one(table, area="South East", **rate)  # not a partial sum of Portsmouth alone
    assert pd.isna(region["numerator"]) and pd.isna(region["value"])
    assert "are suppressed in the source" in region["method"]


def test_a_group_with_no_row_is_a_zero_in_every_whole(tmp_path):
    """Issue 24: the Children table lists every cell with a child, so no row is none.

    Before, Portsmouth (no Asian row) left the South East's denominator of the Asian share:
    3 of 30 children (10%) instead of 3 of 90 (3.3%), and Portsmouth had no 0% share. (The
    whole is a family of the two: a region needs all its services, issue 30.)
    """
    children = CHILDREN_HEADER + (
        "2019-20,Southampton,15 to 17,White,Boys,27\n"
        "2019-20,Southampton,15 to 17,Asian,Boys,3\n"
        "2019-20,Portsmouth,15 to 17,White,Girls,60\n"
    )
    family = "family,member\nHampshire,Southampton\nHampshire,Portsmouth\n"
    files = {"children.csv": children, "families.csv": family}
    table = build_files(tmp_path, files).indicators
    share = dict(indicator="cautioned_or_sentenced_share", period="2019-20")
    region = one(table, area="Hampshire family", breakdown="ethnicity", group="Asian", **share)
    assert (region["numerator"], region["denominator"]) == (3, 90)
    assert region["method"] == "pooled counts of 2 YJSs"
    none = one(table, area="Portsmouth", breakdown="ethnicity", group="Asian", **share)
    assert (none["numerator"], none["value"], none["status"]) == (0, 0, "computed")
    assert none["upper"] > 0  # a zero of 60 children still has an interval
    boys = one(table, area="Portsmouth", breakdown="sex", group="Boys", **share)
    assert boys["numerator"] == 0
    younger = table[(table["breakdown"] == "age_group") & (table["group"] == "10 to 14")]
    assert younger.empty  # a group the table never uses is not made up
    for (area, breakdown), whole in table[table["indicator"] == share["indicator"]].groupby(
        ["area", "breakdown"]
    ):
        if area in {"South East", "England"}:  # two of their services: no figure
            assert whole["value"].isna().all()
        elif area in {"Southampton", "Portsmouth", "Hampshire family"}:
            assert breakdown == "ethnicity_combined" or whole["value"].sum() == pytest.approx(100)


def test_two_families_files_giving_one_family_are_refused(tmp_path):
    first = "family,member\nPortsmouth,Southampton\nPortsmouth,Plymouth\n"
    second = "family,member\nPortsmouth,Sheffield\n"
    with pytest.raises(InputError) as refused:
        build_files(tmp_path, {"families.csv": first, "families v2.csv": second})
    assert "two families files give Portsmouth's family" in str(refused.value)
    assert not (tmp_path / "out").exists()


def test_a_total_with_one_suppressed_cell_is_not_a_partial_sum(tmp_path):
    children = CHILDREN_HEADER + (
        "2019-20,Southampton,10 to 14,White,Boys,30\n2019-20,Southampton,15 to 17,White,Boys,*\n"
    )
    table = build_files(tmp_path, {"children.csv": children}).indicators
    total = one(table, area="Southampton", indicator="cautioned_or_sentenced_rate", group="all")
    assert pd.isna(total["numerator"]) and total["status"] == "suppressed"
    younger = one(table, area="Southampton", indicator="cautioned_or_sentenced_share",
                  group="10 to 14")  # fmt: skip
    assert younger["numerator"] == 30 and pd.isna(younger["value"])  # a share of an unknown total


def test_area_names_in_an_indicator_file_are_the_registers(tmp_path):
    rows = (
        "area_type,area,indicator,period,value\n"
        "yjs,southampton,fte_rate,2022,150\n"
        "yjs,Southampton YOT,fte_rate,2023,147\n"
        "region,south east,fte_rate,2023,120\n"
    )
    table = build_files(tmp_path, {"mine.csv": rows}).indicators
    assert sorted(table.loc[table["area_type"] == "yjs", "area"]) == ["Southampton"] * 2
    assert set(table.loc[table["area_type"] == "region", "area"]) == {"South East"}


def _ons(year: int, rows: dict[str, int]) -> tuple[str, str]:
    ages = ",".join(str(a) for a in range(10, 18))
    body = "".join(f"{code},{name},{','.join([str(n)] * 8)}\n" for (code, name), n in rows.items())
    return f"ons_mid{year}.csv", f"Code,Name,{ages}\n{body}"


def test_a_population_file_holding_part_of_a_service_gives_it_no_population(tmp_path):
    name, text = _ons(2023, {("E06000045", "Southampton"): 2500, ("E06000055", "Bedford"): 3000})
    result = build_files(tmp_path, {name: text})
    people = result.population[result.population["age_group"] == "10 to 17"]
    assert set(people["yjs"]) == {"Southampton"}
    assert people["population"].iloc[0] == 8 * 2500
    notes = " ".join(result.notes)
    assert "holds only part of Bedfordshire in mid-2023 (no E06000056)" in notes
    assert str(tmp_path) not in notes  # a note names the file, never its folder


@pytest.mark.parametrize("estimates", [2023, 2024])
def test_the_latest_year_without_rates_by_age_says_why(tmp_path, estimates):
    """Failed before (issue 30, O13): ONS mid-2023 saved again as mid-2024 left every 2023-24
    rate by age group unmade, and no note said why; with mid-2023's estimates they are made."""
    children = CHILDREN_HEADER + (
        "2023-24,Southampton,10 to 14,White,Boys,20\n2023-24,Southampton,15 to 17,White,Boys,50\n"
    )
    name, text = _ons(estimates, {("E06000045", "Southampton"): 2500})
    result = build_files(tmp_path, {"children.csv": children, name: text})
    banded = result.indicators[
        result.indicators["indicator"].eq("cautioned_or_sentenced_rate")
        & result.indicators["breakdown"].eq("age_group")
        & result.indicators["area"].eq("Southampton")
    ]
    said = [n for n in result.notes if "by age group" in n]
    if estimates == 2023:
        assert len(banded) == 2 and not said
        return
    assert banded.empty
    assert said == [
        "No rate of children cautioned or sentenced by age group is given for 2023-24: the "
        "inputs hold no population by single year of age for mid-2023 (ONS estimates given: "
        "mid-2024); a file of mid-2023's estimates gives them."
    ]


def test_services_created_in_2023_have_their_own_populations(tmp_path):
    """Issue 24: Cumberland's districts were Cumbria's; now each is a service of its own."""
    name, text = _ons(2023, {("E06000063", "Cumberland"): 3000})
    alone = build_files(tmp_path / "alone", {name: text})
    people = alone.population.set_index(["yjs", "age_group"])["population"]
    assert people[("Cumberland", "10 to 17")] == 8 * 3000
    assert "Cumbria" not in set(alone.population["yjs"])  # not the whole of its area
    both = {("E06000063", "Cumberland"): 3000, ("E06000064", "Westmorland and Furness"): 2000}
    name, text = _ons(2023, both)
    whole = build_files(tmp_path / "both", {name: text}).population
    whole = whole.set_index(["yjs", "age_group"])["population"]
    # Cumbria's mid-2023 population, for its rates of 2021 and 2022, is its successors' sum.
    assert whole[("Cumbria", "10 to 17")] == 8 * 5000
    assert whole[("Westmorland and Furness", "15 to 17")] == 3 * 2000


def test_a_census_population_is_held_to_the_later_of_two_estimates_as_near(tmp_path):
    """The Census of 2021 between estimates of mid-2019 and mid-2023 is compared with 2023's.

    Estimates from mid-2021 are based on the Census; earlier ones were not revised to it
    (Westminster's 10 to 17 year olds fell by a third from the YJB's 2019 to ONS's 2023 in the
    real files), so a right Census total would be refused beside 2019's. A Census total typed
    ten times is refused beside either (``census_ethnicity_total_typed_ten_times…`` in the
    malformed corpus); this guards the choice of year.
    """
    name, text = _ons(2023, {("E06000045", "Southampton"): 2487})
    census = "".join(
        f"yjs,Southampton,population_share_10_17,2021,ethnicity,{group},{count},19891,"
        f"{100 * count / 19891:.2f}\n"
        for group, count in [("White", 16130), ("Black", 628), ("Asian", 1920)]
    )
    files = {
        name: text,
        "yjb_population.csv": "YJS,2019\nSouthampton,30000\n",  # 19,891 is 0.66 of it
        "census.csv": "area_type,area,indicator,period,breakdown,group,numerator,denominator,"
        "value\n" + census,
    }
    table = build_files(tmp_path, files).indicators
    shares = table[table["indicator"].eq("population_share_10_17")]
    assert shares["denominator"].eq(19891).all() and len(shares) >= 3


def test_a_rate_of_a_rolling_period_is_held_to_the_population_of_the_year_it_starts(tmp_path):
    """Failed before: a label such as ``Oct 2022 – Sep 2023`` gave no year, so no comparison.

    The year came from the label's first four characters; the period's first day gives it
    for every kind of period.
    """
    files = {
        "yjb_population.csv": "YJS,2022\nSouthampton,20140\n",
        "rates.csv": "area_type,area,indicator,period,numerator,denominator,value\n"
        "yjs,Southampton,fte_rate,Oct 2022 – Sep 2023,30,2014,1489.6\n",
    }
    with pytest.raises(InputError, match=r"row 2 \(Southampton, fte_rate, Oct 2022 – Sep 2023\)"):
        build_files(tmp_path, files)


LAIT_HEADER = "Short Desc,Data item,Years,LA and Regions,LA Number,Region,Values\n"


def test_an_authoritys_lait_figure_is_not_its_services(tmp_path):
    """Rutland's '-' does not make Leicestershire's rate the Leicestershire service's."""
    lait = LAIT_HEADER + (
        "FirstYJS,FTE,2016,Leicestershire,855,East Midlands,172\n"
        "FirstYJS,FTE,2016,Rutland,857,East Midlands,-\n"
        "FirstYJS,FTE,2018,Northamptonshire,928,East Midlands,220\n"
        "FirstYJS,FTE,2018,North Northamptonshire,940,East Midlands,-\n"
        "FirstYJS,FTE,2018,West Northamptonshire,941,East Midlands,-\n"
    )
    table = build_files(tmp_path, {"lait.csv": lait}).indicators
    fte = table[table["indicator"] == "fte_rate"]
    assert list(fte.loc[fte["area_type"] == "la", "area"]) == ["Leicestershire"]
    # Northamptonshire county was the whole service's footprint until April 2021.
    assert one(fte, area_type="yjs")["area"] == "Northamptonshire"


def test_an_authoritys_rate_before_it_began_is_withheld_with_a_note(tmp_path):
    """Failed before: North Northamptonshire (from April 2021) had first time entrants for 2017.

    The real LAIT file holds such rows (former councils' reoffending after they ended), so
    they are left out with a note naming them rather than refused.
    """
    lait = LAIT_HEADER + (
        "FirstYJS,FTE,2017,Northamptonshire,928,East Midlands,220\n"
        "FirstYJS,FTE,2017,North Northamptonshire,940,East Midlands,310\n"
        "FirstYJS,FTE,2022,North Northamptonshire,940,East Midlands,150\n"
    )
    result = build_files(tmp_path, {"lait.csv": lait})
    fte = result.indicators[result.indicators["indicator"] == "fte_rate"]
    north = fte[fte["area"] == "North Northamptonshire"]
    assert list(north["period"]) == ["2022"]
    assert one(fte, area_type="yjs", period="2017")["value"] == 220
    assert any(
        "did not exist were left out: North Northamptonshire (2017)" in note
        for note in result.notes
    ), result.notes


def test_a_rate_published_by_service_is_the_services(tmp_path):
    lait = LAIT_HEADER + "".join(
        f"YJS_Caution-Sentence10-17_YO,Rate,2024-25,{name},{number},Region,{value}\n"
        for name, number, value in (
            ("Bedford Borough", 822, "17.5"),
            ("Central Bedfordshire", 823, "17.5"),
            ("Cumbria", 909, "0"),  # abolished in April 2023
            ("Cumberland", 942, "35.5"),
            ("Westmorland and Furness", 943, "22.5"),
        )
    )
    result = build_files(tmp_path, {"lait.csv": lait})
    rates = result.indicators[result.indicators["indicator"] == "cautioned_or_sentenced_rate"]
    services = rates[rates["area_type"] == "yjs"].set_index("area")["value"]
    # Cumberland and Westmorland and Furness are services of their own since April 2023.
    assert services.to_dict() == {
        "Bedfordshire": 17.5,
        "Cumberland": 35.5,
        "Westmorland and Furness": 22.5,
    }
    assert rates[rates["area_type"] == "la"].empty
    assert 0 not in set(rates["value"])
    assert any("Cumbria county in 2024-25" in note for note in result.notes)
    # The population this rate was computed on is not published: no count is made (issue 24).
    assert rates["numerator"].isna().all() and rates["lower"].isna().all()
    assert set(rates["method"]) == {published.NO_COUNT["cautioned_or_sentenced_rate"]}


def test_a_published_count_replaces_an_estimated_one(tmp_path):
    name, ons = _ons(2023, {("E06000045", "Southampton"): 2500})
    files = {
        name: ons,
        "lait.csv": LAIT_HEADER + "FirstYJS,FTE,2023,Southampton,852,South East,147\n",
        "yjb_counts.csv": (
            "area_type,area,indicator,period,numerator,denominator,value,source\n"
            "yjs,Southampton,fte_rate,2023,29,20000,145,YJB youth justice statistics\n"
        ),
    }
    result = build_files(tmp_path, files)
    fte = one(result.indicators, area="Southampton", indicator="fte_rate")
    assert (fte["numerator"], fte["source"]) == (29, "YJB youth justice statistics")
    assert any("published count" in note for note in result.notes)


@pytest.mark.slow
def test_unrelated_files_do_not_change_the_figures(demo_build, demo_dir, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    (raw / "notes.txt").write_text("Board meets on the 3rd.\n")
    (raw / "minutes.pdf").write_bytes(b"%PDF-1.4\n")
    (raw / "offences_by_type.csv").write_text(
        "Financial_Year,YJS,Offence_Group,Number_Offences\n2023-24,Southampton,Robbery,12\n"
    )
    (raw / "inspections").mkdir()
    (raw / "inspections" / "ratings.csv").write_text("la_name,overall_rating\nSouthampton,Good\n")
    pd.DataFrame({"colour": ["red"], "shape": ["round"]}).to_parquet(raw / "other.parquet")
    result = build(raw, tmp_path / "out")
    pd.testing.assert_frame_equal(
        same_folder(result.indicators, raw), same_folder(demo_build.indicators, demo_dir)
    )
    assert len(result.ignored) == len(demo_build.ignored) + 5


def same_folder(table, raw):
    """The table with its sources named from the raw folder, so that two copies compare."""
    return table.assign(source=table["source"].str.replace(str(raw), "raw", regex=False))


@pytest.mark.slow
def test_the_builds_own_output_inside_the_raw_folder_is_not_an_input(demo_dir, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    first = build(raw, raw / "processed")
    second = build(raw, raw / "processed")  # indicators.parquet is now beside the inputs
    pd.testing.assert_frame_equal(first.indicators, second.indicators)
    assert not any("processed" in str(p) for p, _ in second.used + second.ignored)


def test_a_linked_folder_is_read_and_a_loop_is_not_followed(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "mine.csv").write_text(
        "area_type,area,indicator,period,value\nyjs,Southampton,fte_rate,2023,147\n"
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "linked").symlink_to(shared, target_is_directory=True)
    (shared / "back").symlink_to(raw, target_is_directory=True)  # a loop
    result = build(raw, tmp_path / "out")
    assert [p.name for p, _ in result.used] == ["mine.csv"]
    assert one(result.indicators, area="Southampton")["value"] == 147


def test_a_link_to_a_folder_holding_the_inputs_is_not_walked(tmp_path):
    """Failed before: a link to `/` in the inputs was walked through the whole file system,
    and the refusal named a file under /dev; a link to the folder above the inputs read its
    files as inputs. A linked folder that holds the inputs folder is left out, naming the
    link."""
    raw = tmp_path / "raw"
    raw.mkdir()
    line = "area_type,area,indicator,period,value\nyjs,Southampton,fte_rate,2023,147\n"
    (raw / "mine.csv").write_text(line)
    (tmp_path / "beside the inputs.csv").write_text(line.replace("147", "148"))
    (raw / "up").symlink_to(tmp_path, target_is_directory=True)
    (raw / "root").symlink_to(Path(tmp_path.anchor), target_is_directory=True)
    result = build(raw, tmp_path / "out")
    assert [p.name for p, _ in result.used] == ["mine.csv"]
    why = {p.name: reason for p, reason in result.ignored}
    assert why["up"].endswith("a folder that holds the inputs folder"), why
    assert (
        why["root"] == f"a link to {Path(tmp_path.anchor)}, a folder that holds the inputs folder"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are made this way on POSIX only")
def test_a_pipe_or_a_device_among_the_inputs_is_not_read(tmp_path):
    """A named pipe called children.csv, or a link to /dev/zero, made the build wait for ever
    (an adversary's finding; failed before): anything not a regular file is left out, with
    why."""
    import threading

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "mine.csv").write_text(
        "area_type,area,indicator,period,value\nyjs,Southampton,fte_rate,2023,147\n"
    )
    os.mkfifo(raw / "children.csv")
    (raw / "zero.csv").symlink_to("/dev/zero")
    thread, outcome = _in_thread(lambda: build(raw, tmp_path / "out"))
    thread.join(timeout=60)
    if thread.is_alive():  # free the build from the pipe, then fail
        threading.Thread(target=lambda: (raw / "children.csv").write_text("")).start()
        pytest.fail("the build waited on a pipe among the inputs")
    result = outcome["result"]
    assert [p.name for p, _ in result.used] == ["mine.csv"]
    why = {p.name: reason for p, reason in result.ignored}
    assert why["children.csv"].startswith("not a regular file") and "zero.csv" in why


def _in_thread(work):
    """Start ``work`` in a thread; return the thread and what it gave or raised."""
    import threading

    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except Exception as error:  # handed back to the test
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.e2e
def test_a_refresh_waits_for_a_build_then_keeps_its_table(demo_dir, tmp_path):
    """Two refreshes sharing an empty processed folder: the table is built once."""
    import threading

    from yjanalysis.table.build import held_build, holding

    processed = tmp_path / "processed"
    asked_to_wait = threading.Event()

    def refresh_of_another_service():
        with held_build(demo_dir, processed, waiting=asked_to_wait.set) as built:
            return built

    with holding(processed):
        build(demo_dir, processed)
        waiter, outcome = _in_thread(refresh_of_another_service)
        assert asked_to_wait.wait(30)
        waiter.join(0.5)
        assert waiter.is_alive() and not outcome  # held until the build lets go
    waiter.join(60)
    assert outcome["result"].reused


@pytest.mark.e2e
def test_no_build_replaces_a_table_while_a_refresh_reads_it(demo_dir, tmp_path):
    """A colleague's build from other inputs waits until the refresh has finished with it."""
    import hashlib
    import threading

    from yjanalysis.table.build import build_or_demo, held_build

    processed = tmp_path / "processed"
    other = tmp_path / "other"
    shutil.copytree(demo_dir, other)
    shutil.rmtree(other / "extract" / "southampton")
    table = processed / "indicators.parquet"
    with held_build(demo_dir, processed) as built:
        assert not built.reused
        before = hashlib.sha256(table.read_bytes()).hexdigest()
        colleague, outcome = _in_thread(lambda: build_or_demo(other, processed))
        colleague.join(12)  # long enough to build the demo several times over, unheld
        assert colleague.is_alive() and not outcome  # waiting for the refresh to finish
        assert hashlib.sha256(table.read_bytes()).hexdigest() == before
    colleague.join(60)
    assert not outcome["result"].reused and hashlib.sha256(table.read_bytes()).hexdigest() != before
    asked_to_wait = threading.Event()
    with held_build(demo_dir, processed, waiting=asked_to_wait.set) as rebuilt:
        assert not rebuilt.reused  # the colleague's table is not this refresh's: built again
        assert hashlib.sha256(table.read_bytes()).hexdigest() == before


def test_a_refused_build_leaves_no_folder_it_made(tmp_path):
    """Alone, or after waiting for another command that made and removed the same folders."""
    import threading

    from yjanalysis.table.build import build_or_demo, held_build, holding

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "children.csv").write_text(
        "child_id,yjs,date_of_birth,sex,ethnicity_group\nC1,Southampton,2008-02-30,Male,White\n"
    )
    processed = tmp_path / "new" / "deep" / "processed"
    with pytest.raises(InputError, match="2008-02-30"):
        build_or_demo(raw, processed, reuse=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]

    asked_to_wait = threading.Event()

    def refresh():
        with held_build(raw, processed, waiting=asked_to_wait.set):
            pass

    with holding(processed):  # another command makes the folders, then removes them
        waiter, outcome = _in_thread(refresh)
        assert asked_to_wait.wait(30)
    waiter.join(60)
    assert isinstance(outcome.get("error"), InputError)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]


def test_a_national_rate_by_age_needs_every_services_population_by_age():
    """Failed before: an ONS file cut to one region gave England, England and Wales and the
    South East a 15 to 17 rate pooled from 4 services ("pooled counts of 4 YJSs"), because a
    service with any row of the year counted as given. Now a member is given a figure only
    with a row of the same indicator and breakdown, so those figures are withheld with why."""
    from yjanalysis import reference
    from yjanalysis.table import aggregates

    services = list(reference.register().query("current and country == 'England'")["yjs"])
    few = ["Southampton", "Portsmouth", "Isle of Wight", "Hampshire"]
    figure = {"area_type": "yjs", "indicator": "cautioned_or_sentenced_rate",
              "period": "2024-25", "period_start": pd.Timestamp("2024-04-01"),
              "period_end": pd.Timestamp("2025-03-31"), "value": 30.0}  # fmt: skip
    rows = pd.DataFrame(
        [{**figure, "area": s, "breakdown": "total", "group": "all", "numerator": 30.0,
          "denominator": 10_000.0} for s in services]
        + [{**figure, "area": s, "breakdown": "age_group", "group": "15 to 17",
            "numerator": 20.0, "denominator": 3_000.0} for s in few]
    )  # fmt: skip
    out = aggregates.pooled(rows, {}, "test")
    england = out[out["area"].eq("England")].set_index("breakdown")
    assert england.loc["total", "method"] == f"pooled counts of {len(services)} YJSs"
    assert pd.isna(england.loc["age_group", "value"])
    assert england.loc["age_group", "method"].startswith(
        f"no figure: the inputs give 4 of its {len(services)} services (none for "
    )
    south_east = out[out["area"].eq("South East") & out["breakdown"].eq("age_group")]
    assert south_east["value"].isna().all()


def _one_figure_folder(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "mine.csv").write_text(
        "area_type,area,indicator,period,value\nyjs,Southampton,fte_rate,2023,147\n"
    )
    return raw


def test_the_manifest_records_the_bytes_the_build_read_not_a_file_changed_since(tmp_path):
    """A file changed during a refresh, after the build read it, was recorded in the report's
    manifest by its new checksum, as if the figures came from it (the sixth adversary; failed
    before): the build hashes what it reads, and the manifest carries those hashes."""
    from yjanalysis.run import pipeline

    raw = _one_figure_folder(tmp_path)
    read = hashlib.sha256((raw / "mine.csv").read_bytes()).hexdigest()
    result = build(raw, tmp_path / "out")
    record = json.loads((tmp_path / "out" / "build.json").read_text())
    (raw / "mine.csv").write_text(
        "area_type,area,indicator,period,value\nyjs,Southampton,fte_rate,2023,999\n"
    )
    inputs = pipeline._inputs(record, result.indicators, "Southampton")
    assert [i["sha256"] for i in inputs] == [read]


def test_a_file_changed_while_the_build_reads_it_is_refused(tmp_path, monkeypatch, capsys):
    """A file saved again while the build read it (the sixth adversary's case, at build time;
    failed before: the build went on, and its record could not say which bytes it read): one
    sentence naming the file, exit status 2, nothing written."""
    from conftest import run_in_process
    from yjanalysis.inputs import readers

    raw = _one_figure_folder(tmp_path)
    real = readers.read_all

    def read_then_change(path):
        frames = real(path)
        with open(path, "a") as handle:
            handle.write("yjs,Portsmouth,fte_rate,2023,150\n")
        return frames

    monkeypatch.setattr(readers, "read_all", read_then_change)
    out = tmp_path / "out"
    code, stderr = run_in_process("build", "--raw", str(raw), "--out", str(out), capsys=capsys)
    assert code == 2
    assert "mine.csv: changed while the build read it" in stderr
    assert not out.exists() or not any(out.iterdir())


def test_a_lait_family_figure_is_its_members_counts_pooled(demo_build):
    """One meaning for a family's figure: counts pooled. Failed before: LAIT's first time
    entrants gave the family the unweighted mean of 8 members' rates ("mean of 8 published
    member values") beside families pooled from counts, and Attainment 8 and NEET a mean
    although LAIT gives them no counts."""
    frame = demo_build.indicators
    families = frame[frame["area_type"] == "family"]
    assert not families["method"].fillna("").str.contains("mean of").any()
    fte = frame[(frame["indicator"] == "fte_rate") & (frame["breakdown"] == "total")]
    family = one(fte, area="Southampton family", period="2023")
    assert family["method"] == "pooled counts of 8 of its 10 services"
    members = fte[
        (fte["area_type"] == "yjs")
        & (fte["period"] == "2023")
        & fte["area"].isin(reference.families()["Southampton"])
        & fte["source"].str.contains("lait")
    ]
    assert len(members) == 8 and members["numerator"].notna().all()
    assert family["numerator"] == members["numerator"].sum()
    pooled = members["numerator"].sum() / members["denominator"].sum() * 100_000
    assert family["value"] == pytest.approx(pooled)
    for indicator in ("attainment8", "neet_16_17"):
        rows = frame[(frame["indicator"] == indicator) & (frame["area"] == "Southampton family")]
        assert len(rows) and rows["value"].isna().all()
        assert set(rows["method"]) == {
            "no figure: its members' figures come without counts to pool"
        }


def test_a_file_name_with_control_characters_is_printed_escaped(tmp_path, capsys):
    """Failed before: a file in the raw folder named ``notes<ESC>[2J<ESC>]0;pwned<BEL>`` and a
    line break then ``fake line.txt`` was printed raw by build: the escape sequences cleared
    the analyst's screen and set the terminal's title, and the line break forged a line of
    the log (adversary round 14, F12). Every name printed has its control characters escaped,
    in the ``ignored`` line of a build and in the sentence of a build refused."""
    hostile = "notes\x1b[2J\x1b]0;pwned\x07\nfake line.txt"
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / hostile).write_text("just notes\n")
    code, err = run_in_process("build", "--raw", str(alone), "--processed",
                               str(tmp_path / "p1"), capsys=capsys)  # fmt: skip
    assert code == 2 and "holds no file the project reads (1 ignored: notes" in err, err
    assert "\x1b" not in err and "\x07" not in err, repr(err)
    assert err.strip().count("\n") == 0 and "\\x1b[2J\\x1b]0;pwned\\x07\\nfake line.txt" in err
    raw = tmp_path / "raw"
    corpus = Path(__file__).parent / "malformed" / "extract_child_id_in_commentary"
    raw.mkdir()
    for table in ("children.csv", "offences.csv", "orders.csv"):
        shutil.copy(corpus / table, raw / table)
    (raw / hostile).write_text("just notes\n")
    code, err = run_in_process("build", "--raw", str(raw), "--processed",
                               str(tmp_path / "p2"), capsys=capsys)  # fmt: skip
    assert code == 0, err
    assert "\x1b" not in err and "\x07" not in err, repr(err)
    ignored = [line for line in err.splitlines() if "notes" in line]
    assert (
        len(ignored) == 1 and ignored[0].startswith("ignored") and "fake line.txt" in (ignored[0])
    ), err
    assert not any(line.startswith("fake line.txt") for line in err.splitlines()), err
