"""Similar services: a stated comparator group for every current service, English and Welsh."""

from __future__ import annotations

import re
import shutil

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli, run_in_process
from yjanalysis import reference
from yjanalysis.errors import InputError
from yjanalysis.methods import similar
from yjanalysis.methods.similar.characteristics import cautioned_or_sentenced
from yjanalysis.methods.similar.family import family_of, groups_of, overlap, recovered
from yjanalysis.methods.similar.nearest import distances, nearest_neighbours
from yjanalysis.methods.similar.statistical_neighbours import dfe_groups
from yjanalysis.report import context, narrative, sections
from yjanalysis.table.build import build, read_inputs
from yjanalysis.table.population import populations

CURRENT = sorted(reference.register().query("current")["yjs"])
WELSH = sorted(reference.register().query("current and country == 'Wales'")["yjs"])


@pytest.fixture(scope="module")
def demo_processed(demo_build):
    return demo_build.processed


@pytest.fixture(scope="module")
def public_groups(public):
    frames, _, _ = read_inputs(public)
    people = populations(frames["yjb_population"], frames["ons_population"])
    return similar.comparator_groups(frames, people)


def _check_every_service_has_a_family(table: pd.DataFrame) -> None:
    families = similar.families(table)
    assert sorted(families) == CURRENT and len(CURRENT) == 155
    assert min(len(m) for m in families.values()) >= 5
    for yjs, members in families.items():
        assert yjs not in members and len(set(members)) == len(members)
        assert set(members) <= set(CURRENT)


def test_every_current_service_has_a_family_on_the_demo(demo_build, demo_processed):
    loaded, found = similar.load(demo_processed)
    _check_every_service_has_a_family(loaded)
    assert similar.families(loaded) == demo_build.families
    assert found.index.size == 155 and found.notna().all().all()


def test_every_current_service_has_a_family_on_real_data(public_groups):
    table = public_groups.table
    _check_every_service_has_a_family(table)
    chosen = table[table["chosen"]].groupby("yjs")["method"].first()
    assert chosen["Southampton"] == "yjb_family"  # a supplied YJB family always wins
    assert set(chosen[WELSH]) == {"nearest_neighbours"}
    english = chosen.drop([*WELSH, "Southampton"])
    assert set(english) == {"dfe_statistical_neighbours"} and len(english) == 137
    # Cumberland and Westmorland and Furness (since April 2023) have their own DfE neighbours.
    assert family_of(table, "Cumberland").names[0] == "Westmorland and Furness"
    # Every other service also has a nearest-neighbour group, English services as a check;
    # the two have no Children table figures before 2023 to find theirs.
    nearest = table[table["method"] == "nearest_neighbours"].groupby("yjs").size()
    new = ["Cumberland", "Westmorland and Furness"]
    assert sorted(nearest.index) == sorted(set(CURRENT) - set(new)) and nearest.eq(10).all()


def test_southampton_computed_groups_against_its_yjb_family(public_groups):
    found = {g.method: g for g in groups_of(public_groups.table, "Southampton")}
    yjb = found["yjb_family"]
    assert yjb.chosen and yjb.names == reference.families()["Southampton"]
    assert found["dfe_statistical_neighbours"].names[:3] == ["Coventry", "Derby", "Portsmouth"]
    # The yardstick: the DfE's neighbours share 5 of the 10; the nearest neighbours share 4.
    assert overlap(yjb, found["dfe_statistical_neighbours"]) == 5
    assert overlap(yjb, found["nearest_neighbours"]) == 4
    assert "Southampton's YJB family" in yjb.description and "March 2024" in yjb.description


def test_how_well_each_method_recovers_the_yjb_families_on_real_data(public_groups):
    """Issue 26: a computed family was presented as the services most like a service with no
    word of how well its method finds the YJB's own. On the real files the one YJB family it
    can be checked against is Southampton's (docs/families.md states the figures)."""
    table = public_groups.table
    found = {m: recovered(table, m) for m in ("nearest_neighbours", "dfe_statistical_neighbours")}
    for method, (hits, total, checked) in found.items():
        print(f"{method}: {hits} of {total} YJB family members ({', '.join(checked)})")
    assert found["nearest_neighbours"] == (4, 10, ["Southampton"])
    assert found["dfe_statistical_neighbours"] == (5, 10, ["Southampton"])


def test_portsmouth_and_newport(public_groups):
    portsmouth = family_of(public_groups.table, "Portsmouth")
    assert portsmouth.method == "dfe_statistical_neighbours"
    # DfE SN1 to SN3 of Portsmouth (851) are 373, 383, 382.
    assert portsmouth.names[:3] == ["Sheffield", "Leeds", "Kirklees"]
    assert portsmouth.description.startswith("Portsmouth's statistical neighbours: the 10 ")
    newport = family_of(public_groups.table, "Newport")
    assert newport.method == "nearest_neighbours" and len(newport.names) == 10
    assert newport.members["distance"].is_monotonic_increasing
    assert newport.description.startswith("the 10 services nearest Newport on the number of")
    assert (
        "ONS population estimates, mid-2023; YJB Children table, 2017-18 to 2019-20"
        in newport.description
    )


def test_a_multi_authority_service_combines_its_authorities(public_groups):
    found = family_of(public_groups.table, "Tower Hamlets and City of London")
    assert found.method == "dfe_statistical_neighbours"
    assert found.members["authorities"].eq(2).all()
    assert found.members.loc[0, "named_by"] == 2
    assert "each of the 2 councils" in found.description


def _neighbours(lists: dict[str, list[str]]) -> pd.DataFrame:
    rows = [
        {"la_number": la, "la_name": la, "rank": rank, "neighbour": n, "current": True}
        for la, found in lists.items()
        for rank, n in enumerate(found, start=1)
    ]
    return pd.DataFrame(rows)


def test_dfe_lists_of_several_authorities_are_combined_by_borda_count():
    # Tower Hamlets (211) and the City of London (201) make one service; 3 ranks, 4 points.
    found = dfe_groups(_neighbours({"211": ["204", "206", "316"], "201": ["206", "202", "211"]}))
    assert list(found["member"]) == ["Islington", "Hackney", "Camden", "Newham"]
    islington = found.iloc[0]
    assert (islington["named_by"], islington["dfe_rank"], islington["authorities"]) == (2, 1, 2)
    assert "Tower Hamlets and City of London" not in set(found["member"])  # itself


def test_dfe_neighbours_in_one_service_count_once_at_the_closer_rank():
    # Oxfordshire's neighbours Leicestershire (855) and Rutland (857) are one service.
    found = dfe_groups(_neighbours({"931": ["857", "916", "855"]}))
    assert list(found["member"]) == ["Leicestershire", "Gloucestershire"]
    assert list(found["dfe_rank"]) == [1, 2]
    assert dfe_groups(_neighbours({"931": ["857"]}))["yjs"].tolist() == ["Oxfordshire"]


def test_distance_is_the_root_mean_square_of_standardised_gaps():
    frame = pd.DataFrame(
        {"share_10_17": [0.08, 0.10, 0.12], "share_65_plus": [0.2, 0.2, 0.5]},
        index=["a", "b", "c"],
    )
    z_share = np.array([-1.0, 0.0, 1.0])  # mean 0.10, sd 0.02
    z_old = (np.array([0.2, 0.2, 0.5]) - 0.3) / np.std([0.2, 0.2, 0.5], ddof=1)
    expected = np.sqrt(((z_share[0] - z_share[2]) ** 2 + (z_old[0] - z_old[2]) ** 2) / 2)
    assert distances(frame).loc["a", "c"] == pytest.approx(expected)
    nearest = nearest_neighbours(frame, size=1)
    assert nearest.set_index("yjs")["member"].to_dict() == {"a": "b", "b": "a", "c": "b"}


def test_ties_are_broken_by_name():
    frame = pd.DataFrame({"share_10_17": [0.1, 0.2, 0.2, 0.2]}, index=["m", "z", "b", "k"])
    assert list(nearest_neighbours(frame, size=3).query("yjs == 'm'")["member"]) == [
        "b", "k", "z",
    ]  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(
        st.tuples(st.floats(0.01, 0.5), st.floats(0.01, 0.5), st.floats(1e3, 1e5)),
        min_size=3, max_size=12,
        unique_by=lambda t: (round(t[0], 4), round(t[1], 4), round(t[2])),
    ),
    scale=st.floats(0.1, 10),
)  # fmt: skip
def test_distances_ignore_units_and_are_symmetric(values, scale):
    frame = pd.DataFrame(
        values, columns=["share_10_17", "share_65_plus", "children_10_17"],
        index=[f"s{i}" for i in range(len(values))],
    )  # fmt: skip
    found = distances(frame)
    rescaled = distances(frame.assign(share_10_17=frame["share_10_17"] * scale + 1,
                                      children_10_17=frame["children_10_17"] * scale))  # fmt: skip
    assert np.allclose(found, rescaled, equal_nan=True)
    assert np.allclose(found, found.T, equal_nan=True)
    assert np.allclose(np.diag(found.fillna(0)), 0)


def _children(rows):
    frame = pd.DataFrame(rows, columns=["financial_year", "yjs", "ethnicity", "children"]).assign(
        age_group="All", sex="All"
    )
    frame["children"] = frame["children"].astype("Int64")
    return frame


def test_a_year_with_a_suppressed_cell_is_left_out_of_the_pooled_rate():
    children = _children([
        ("2017-18", "Southampton", "White", 60), ("2017-18", "Southampton", "Black", 20),
        ("2018-19", "Southampton", "White", 50), ("2018-19", "Southampton", "Black", None),
        ("2019-20", "Southampton", "White", 30), ("2019-20", "Southampton", "Unknown", 10),
    ])  # fmt: skip
    people = pd.DataFrame({"yjs": "Southampton", "year": [2017, 2018, 2019],
                           "age_group": "10 to 17", "population": 20_000.0})  # fmt: skip
    found, basis = cautioned_or_sentenced([children], people)
    found = found.loc["Southampton"]
    assert basis == "YJB Children table, 2017-18 to 2019-20"
    assert found["cautioned_or_sentenced_rate"] == pytest.approx(120 / 40_000 * 10_000)
    assert found["minority_ethnic_share"] == pytest.approx(20 / 110)  # unknowns are not known
    assert found["years"] == "2017-18, 2019-20"


def test_a_supplied_family_wins_and_is_named_as_such(demo_dir, tmp_path):
    """An analyst's own families file is named by its format, never the name it was saved under.

    Failed before: "(from Portsmouth family from J Smith email 2025.csv)" was published on the
    overview page and in its notebook (the manifest already named it by its format).
    """
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    (raw / "own").mkdir()
    (raw / "own" / "Portsmouth family from J Smith email 2025.csv").write_text(
        "family,member\n" + "".join(f"Portsmouth,{m}\n" for m in
                                    ("Southampton", "Plymouth", "Bristol", "Derby", "Newport"))
    )  # fmt: skip
    result = build(raw, tmp_path / "out")
    table, _ = similar.load(tmp_path / "out")
    family = family_of(table, "Portsmouth")
    assert family.method == "yjb_family" and family.source == "YJS families"
    assert family.description.endswith("groups with it (from YJS families)")
    assert not [note for note in result.notes if "J Smith" in note]
    assert family.label == "its YJB family"  # not "average" (a ninth reading)
    assert result.families["Portsmouth"] == ["Southampton", "Plymouth", "Bristol", "Derby",
                                             "Newport"]  # fmt: skip
    # The nearest-neighbour group is still there, as a check.
    assert {g.method for g in groups_of(table, "Portsmouth")} == {
        "yjb_family", "nearest_neighbours",
    }  # fmt: skip


@pytest.mark.e2e
def test_neighbours_command(demo_processed, capsys, tmp_path):
    code, _ = run_in_process("neighbours", "--yjs", "newport", "--processed",
                             str(demo_processed), capsys=capsys)  # fmt: skip
    assert code == 0
    # Run as a user would, from outside the checkout.
    result = run_cli("neighbours", "--yjs", "Newport", "--processed", str(demo_processed),
                     cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # Restated (issue 26, Newport's family): the demo gives Newport its YJB family; a service
    # no families file lists (Portsmouth) is given the 10 services nearest it.
    assert out.startswith("Family used in the report: Newport's YJB family: the 10 services")
    other = run_cli("neighbours", "--yjs", "Portsmouth", "--processed", str(demo_processed),
                    cwd=tmp_path)  # fmt: skip
    assert other.stdout.startswith(
        "Family used in the report: the 10 services nearest Portsmouth on"
    )
    assert "Distance" in out and "Distance: how far each service is from Newport" in out
    # The YJB family's 10, then the 10 the method computes as a check on it.
    assert len([line for line in out.splitlines() if line.strip()[:2].strip().isdigit()]) == 20
    assert "Also computed, as a check: the 10 services nearest Newport" in out
    for args, said in (
        (("--yjs", "Newprot"), "Did you mean 'Newport'"),
        (("--yjs", "Western Bay"), "'Western Bay' is not a current service"),
        (("--yjs", "Newport", "--processed", str(tmp_path / "none")), "run `yjanalysis build`"),
    ):
        code, err = run_in_process("neighbours", *args, capsys=capsys)
        assert code == 2 and said in err and "Traceback" not in err


def _shown(ctx) -> str:
    """The words of the family part of the overview page (markup and escapes removed)."""
    import html
    import re

    text = re.sub(r"<[^>]+>", " ", sections.family(ctx).html)
    return re.sub(r"\s+", " ", html.unescape(text))


def test_a_welsh_report_names_wales_and_explains_the_english_only_source_once(
    demo_dir, demo_processed, monkeypatch
):
    # Restated (issue 26, Newport's family): the demo gives Newport its YJB family, so the
    # sentence names it as such; Wales and England and Wales are named and explained as before.
    ctx = context.load("Newport", "2024-12", raw=demo_dir, processed=demo_processed)
    # Members as a sentence names them (Gwynedd Môn, as it spells itself: a tenth reading).
    named = [reference.in_words(m) for m in sorted(ctx.family.names)]
    members = ", ".join(named[:-1]) + " and " + named[-1]
    # Restated (a ninth reading): the same sentence without "counts pooled", untrue of the
    # YJB's published family rates, and "not among the inputs", the tool's word.
    assert sections.comparators_sentence(ctx).startswith(
        "Newport is compared with its YJB family of similar services (10 services: "
        f"{members}), Wales and England and Wales. Wales is compared as the "
        "whole country the service belongs to, and England and Wales as the area the YJB "
        "publishes"
    )
    text = _shown(ctx)
    assert "not among the inputs" not in text.split("Wales, the country")[0]
    assert "Wales, the country the service belongs to: its figures pool the 17 Welsh" in text
    assert "England and Wales: the area the YJB publishes national youth justice" in text
    assert "region is Wales" not in text and "nation is England and Wales" not in text
    assert text.count("DfE LAIT") == 1
    # Newport's first time entrants come from its own records: no Welsh source is named for
    # them. Its pupils' results are Wales's Capped 9 points score, not Attainment 8 (its
    # youth justice cohort's are its own): the page says where Wales's figures are published.
    assert "The rate of first time entrants: the Ministry of Justice's" not in text
    assert "Attainment 8 score: the Welsh Government" not in text
    frame, _ = sections.overview_rows(ctx)
    why = frame.set_index("Indicator")["Why"]
    assert why["Capped 9 (all pupils)"].startswith(
        "Wales's figures by local authority are published in the Welsh Government's "
        "examination results by local authority (StatsWales), which is not available to this report"
    )
    # Measures that cover Wales are not in the English-only list.
    assert "children cautioned or sentenced:" not in text


def test_an_english_report_names_its_family_region_and_england(
    demo_dir, demo_processed, monkeypatch
):
    ctx = context.load("Portsmouth", "2024-12", raw=demo_dir, processed=demo_processed)
    sentence = sections.comparators_sentence(ctx)
    assert sentence.startswith("Portsmouth is compared with the services nearest it on ")
    # A reader took "its family" for the YJB's: the sentence says it is not (failed before).
    # Restated (a ninth reading): without "counts pooled" and "not among the inputs".
    assert (
        "), the South East region, England and England and Wales (the YJB's national "
        "figures). They stand in for Portsmouth's YJB family, whose figures are not available to "
        'this report; "its family" in this report means them.'
    ) in sentence
    text = _shown(ctx)
    assert "The region is the South East" in text and "The nation is England:" in text
    assert "DfE LAIT" not in text
    found = ctx.compare("cautioned_or_sentenced_rate")
    assert found.set_index("comparator_type").loc["family", "label"] == "its family"
    southampton = context.load("Southampton", "2024-12", raw=demo_dir, processed=demo_processed)
    assert southampton.family.method == "yjb_family"
    assert "with its YJB family of similar services (10 services: Bristol, " in (
        sections.comparators_sentence(southampton)
    )
    assert "stand in for" not in sections.comparators_sentence(southampton)


def test_without_figures_the_services_left_without_a_family_are_named():
    neighbours = _neighbours({"851": ["373", "383", "382", "355", "852"]})
    found = similar.comparator_groups({"dfe_statistical_neighbours": [neighbours]},
                                      pd.DataFrame(columns=["yjs", "year", "age_group",
                                                            "population"]))  # fmt: skip
    assert similar.families(found.table) == {
        "Portsmouth": ["Sheffield", "Leeds", "Kirklees", "Salford", "Southampton"],
        "Southampton": reference.families()["Southampton"],
    }
    assert found.notes[0] == (
        "Families: Southampton uses its YJB family as supplied; Portsmouth uses its DfE "
        "statistical neighbours mapped to services."
    )
    assert found.notes[1].startswith("No comparator group for 153 services (Barking and ")


def test_a_build_without_groups_says_to_rebuild(demo_dir, demo_processed, monkeypatch):
    import dataclasses

    ctx = context.load("Portsmouth", "2024-12", raw=demo_dir, processed=demo_processed)
    stale = dataclasses.replace(ctx, groups=None)
    assert "rebuild it with yjanalysis build" in _shown(stale)
    assert stale.family is None and stale.family_label is None


def test_compare_lists_the_latest_periods_by_the_day_they_end(demo_processed, capsys):
    """Failed before: "the latest" periods were the last six by label, so the rolling years
    ("Oct 2023 – Sep 2024") came after 2024 and 2023-24, which were left out."""
    import pandas as pd

    from conftest import run_in_process

    code, err = run_in_process("compare", "--yjs", "Southampton", "--indicator", "fte_rate",
                               "--period", "2031", "--processed", str(demo_processed),
                               capsys=capsys)  # fmt: skip
    assert code == 2, err
    listed = err.split("(the latest: ")[1].rsplit(").", 1)[0].split(", ")
    table = pd.read_parquet(demo_processed / "indicators.parquet")
    ends = table[table["indicator"].eq("fte_rate")].groupby("period")["period_end"].max()
    assert ends.idxmax() in listed and "2024" in listed and "2023-24" in listed
    assert list(ends[listed]) == sorted(ends[listed])
    assert ends[listed].min() >= ends.drop(listed).max()


def test_compare_refuses_a_period_the_build_does_not_have_and_never_says_similar(
    demo_processed, capsys
):
    from conftest import run_in_process

    base = ["compare", "--yjs", "Southampton", "--indicator", "cautioned_or_sentenced_rate"]
    code, err = run_in_process(*base, "--period", "2030", "--processed", str(demo_processed),
                               capsys=capsys)  # fmt: skip
    assert code == 2 and "--period 2030 is not a period of cautioned_or_sentenced_rate" in err
    from yjanalysis.cli import main

    try:
        main([*base, "--period", "2023-24", "--processed", str(demo_processed)])
    except SystemExit as done:
        assert done.code in (0, None)
    shown = capsys.readouterr().out
    assert "could be chance" in shown
    assert "similar" not in shown and "no real difference" not in shown


def test_compare_ranks_in_the_family_the_pages_use(demo_processed, tmp_path, capsys):
    """Failed before: `yjanalysis compare` ranked Southampton in its packaged family ("10th of 11
    in its family") while the build, and the pages, used the family supplied in a families
    file (build.json's families); expected the rank among the supplied family, as the pages
    give it (one place resolves the families: context.build_families)."""
    import json

    processed = tmp_path / "processed"
    processed.mkdir()
    for name in ("indicators.parquet", "build.json"):
        shutil.copy(demo_processed / name, processed / name)
    record = json.loads((processed / "build.json").read_text())
    record["families"]["Southampton"] = ["Portsmouth", "Derby"]  # as a families file gives it
    (processed / "build.json").write_text(json.dumps(record))
    from yjanalysis.cli import main

    try:
        main(["compare", "--yjs", "Southampton", "--indicator", "cautioned_or_sentenced_rate",
              "--period", "2023-24", "--processed", str(processed)])  # fmt: skip
    except SystemExit as done:
        assert done.code in (0, None)
    shown = " ".join(capsys.readouterr().out.split())
    # Restated (a ninth reading): the rank says who was ranked, "of 3 (it and the 2 of its
    # family with a figure)", not "of 3 in its family".
    assert " of 3 (it and the 2 of its family with a figure)" in shown, shown
    table = pd.read_parquet(processed / "indicators.parquet")
    pages = narrative.describe(table, "Southampton", "cautioned_or_sentenced_rate", "2023-24",
                               families=context.build_families(record))  # fmt: skip
    assert " ".join(pages.split()) in shown


def test_a_welsh_page_defines_the_measure_it_shows(demo_dir, demo_processed):
    """A Welsh councillor found Capped 9 defined nowhere: the definitions listed Attainment 8,
    the measure the notebook names, not Wales's that the page shows. Failed before."""
    ctx = context.load("Newport", "2024-12", raw=demo_dir, processed=demo_processed)
    part = sections.definitions(ctx, ["attainment8", "persistent_absence"])
    assert "<strong>Average Capped 9 points score per pupil</strong>" in part.html
    assert "<strong>Average Attainment 8" not in part.html
    english = context.load("Portsmouth", "2024-12", raw=demo_dir, processed=demo_processed)
    assert "<strong>Average Attainment 8" in sections.definitions(english, ["attainment8"]).html


def test_a_population_file_lacking_most_areas_withholds_the_groups_it_would_change(
    demo_dir, demo_build, tmp_path
):
    """Issue 30: the ONS estimates cut at a line end half way (a download closed early) were
    read as a region's file; the nearest-neighbour groups were chosen again without its four
    characteristics, and 30,166 family figures changed with nothing on the page saying why.
    The file stays a legitimate input, but no group is chosen on part of it: the families it
    would change are withheld, and the family section says why."""
    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    (ons,) = raw.glob("*ons_population*.csv")
    lines = ons.read_bytes().splitlines(keepends=True)
    ons.write_bytes(b"".join(lines[: len(lines) // 2]))
    result = build(raw, tmp_path / "out")
    # Supplied YJB families still stand: Southampton's, and (restated, issue 26) the demo's
    # Welsh services' from its families file.
    supplied = demo_build.processed / similar.groups.GROUPS_FILE
    groups = pd.read_parquet(supplied)
    yjb = set(groups.loc[groups["method"].eq("yjb_family"), "yjs"])
    assert "Southampton" in yjb and "Newport" in yjb
    assert sorted(result.families) == sorted(yjb)
    assert result.families["Southampton"] == demo_build.families["Southampton"]
    family_rows = result.indicators[result.indicators["area_type"] == "family"]
    assert set(family_rows["area"]) == {f"{yjs} family" for yjs in yjb}
    notes = " ".join(result.notes)
    assert "ONS population estimates, mid-2023 give the number of children aged 10 to 17" in notes
    assert "of the 155 current services (none for " in notes and "whole release" in notes
    ctx = context.load("Portsmouth", "2024-12-31", processed=tmp_path / "out")
    assert ctx.family is None
    shown = _shown(ctx)
    assert "Its family: none." in shown and "expected the whole release" in shown
    assert "current services (none for " in shown


def _ages_of(services, as_of):
    """Population characteristics of ``services``, as from an ONS file of ``as_of``."""
    frame = pd.DataFrame(
        {"children_10_17": 20_000.0, "share_10_17": 0.09, "share_18_24": 0.1,
         "share_65_plus": 0.18},
        index=pd.Index(services, name="yjs"),
    )  # fmt: skip
    frame.attrs["as_of"] = as_of
    return frame


def test_a_characteristic_given_for_all_but_a_few_services_withholds_the_groups():
    """Issue 30: the ONS file cut at a line end, keeping 300 of 320 lines, gave 94% of the
    services (over the nine in ten then needed): 103 of 155 families were chosen again and
    Portsmouth's pages named North Yorkshire in place of Wolverhampton, unsaid. Any current
    service an input lacks withholds the groups, but one that began after the input's date."""
    from yjanalysis.methods.similar.characteristics import _current, _incomplete

    current = list(_current())
    mid_2023 = pd.Timestamp("2023-06-30")
    cut = _ages_of(current[:-3], mid_2023).reindex(current)
    said, partial = _incomplete(cut, {"ONS population estimates, mid-2023": cut})
    assert "for 152 of the 155 current services (none for 3:" in said
    assert "children_10_17" in partial
    # Cumberland and Westmorland and Furness began in April 2023: a mid-2019 file cannot hold
    # them, and lacking them withholds nothing; a mid-2023 file lacking them does.
    new = ["Cumberland", "Westmorland and Furness"]
    old = [s for s in current if s not in new]
    before = _ages_of(old, pd.Timestamp("2019-06-30")).reindex(current)
    assert _incomplete(before, {"mid-2019": before}) == ("", [])
    after = _ages_of(old, mid_2023).reindex(current)
    assert (
        "(none for 2: Cumberland, Westmorland and Furness)"
        in _incomplete(after, {"mid-2023": after})[0]
    )


def test_the_cover_cites_no_population_estimate_dated_after_the_period(demo_dir, demo_processed):
    """The cover's "How recent" line names the ONS estimates the rates use (it named none,
    failed before), and a file of a later mid-year beside them is not cited for a report
    whose period ends before it: no rate of the period divides by it."""
    from yjanalysis.report import front_page

    ctx = context.load("Southampton", "2024-12", raw=demo_dir, processed=demo_processed)
    later = {"file": "ons_population_mid2025.csv", "format": "ONS mid-year population estimates"}
    ctx.build = {**ctx.build, "used": [*ctx.build.get("used", []), later]}
    line = front_page.lags_line(ctx)
    assert "synthetic ONS population estimates, mid-2023" in line, line
    assert "mid-2025" not in line
    ctx = context.load("Southampton", "2026-03", raw=demo_dir, processed=demo_processed)
    ctx.build = {**ctx.build, "used": [*ctx.build.get("used", []), later]}
    assert "ONS population estimates, mid-2025" in front_page.lags_line(ctx)


def test_a_family_is_found_on_no_estimate_dated_after_the_report_s_period(
    demo_dir, demo_build, tmp_path
):
    """Failed before: an ONS file of mid-2025 beside the demo's mid-2023 one shaped the
    services found nearest each for a December 2024 report (its family cited "mid-2025");
    expected the latest estimate dated by the period's end (mid-2023), the groups of the
    demo's own build, and a build for a later period kept for none of an earlier one."""
    from yjanalysis.table.build import reusable

    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    (ons,) = raw.glob("*ons_population*.csv")
    later = pd.read_csv(ons, skiprows=1)  # below the demo's title line
    old = [c for c in later.columns if c.isdigit() and int(c) >= 60] + ["90+"]
    # Older residents in half the districts: a later year that would choose other groups.
    later.loc[::2, old] = later.loc[::2, old] * 3
    later["All ages"] = later[[c for c in later.columns if c[:2].isdigit() or c.isdigit()]].sum(
        axis=1
    )
    later.to_csv(raw / "ons_population_mid2025.csv", index=False)

    december_2024 = build(raw, tmp_path / "out", by=pd.Timestamp("2024-12-31"))
    kept = december_2024.families
    assert kept == demo_build.families
    groups = pd.read_parquet(tmp_path / "out" / similar.groups.GROUPS_FILE)
    computed = groups[groups["method"].eq("nearest_neighbours")]["source"].unique()
    assert list(computed) == [s for s in computed if "mid-2023" in s and "mid-2025" not in s]
    assert computed.size
    # Restated (issue 26, Newport's family): Portsmouth's family is computed on the demo.
    ctx = context.load("Portsmouth", "2024-12", processed=tmp_path / "out")
    assert "ONS population estimates, mid-2023" in ctx.family.description
    assert reusable(raw, tmp_path / "out", pd.Timestamp("2024-12-31")) is not None

    later_report = build(raw, tmp_path / "later", by=pd.Timestamp("2025-12-31"))
    assert later_report.families != kept  # the mid-2025 file shapes a later report's groups
    assert reusable(raw, tmp_path / "later", pd.Timestamp("2024-12-31")) is None
    assert reusable(raw, tmp_path / "later", pd.Timestamp("2026-03-31")) is not None


def test_a_report_before_every_ons_estimate_is_refused_only_where_it_needs_a_computed_family(
    demo_dir, tmp_path, monkeypatch
):
    """Failed before: a period before every ONS estimate among the inputs refused the build
    outright, so Southampton, whose YJB family needs no estimate, got no report; expected the
    table built with the services nearest each withheld and the reason on Southampton's page,
    and a report that needs them (Newport, no YJB family) refused in one sentence naming the
    file of the earliest estimate."""
    from yjanalysis.report import family_section
    from yjanalysis.run import pipeline

    out = tmp_path / "early"
    built = build(demo_dir, out, by=pd.Timestamp("2023-03-31"))
    groups = pd.read_parquet(out / similar.groups.GROUPS_FILE)
    assert not groups["method"].eq("nearest_neighbours").any()
    # Restated (issue 26, Newport's family): the demo gives Newport a YJB family, so the
    # report refused is Portsmouth's, whose family the build computes; Newport's stands.
    assert built.families["Southampton"] and "Portsmouth" not in built.families
    assert built.families["Newport"]
    with pytest.raises(InputError) as refused:
        pipeline.check_family_dated(out, "Portsmouth")
    said = str(refused.value)
    assert re.fullmatch(
        r".*synthetic_ons_population_mid2023\.csv: holds the ONS population estimates of "
        r"mid-2023, after the report's period \(to 31 March 2023\), and the inputs hold none "
        r"earlier; expected [^.;]*\.",
        said,
    ), said
    pipeline.check_family_dated(out, "Southampton")  # its YJB family needs no estimate

    ctx = context.load("Southampton", "2023-03", raw=demo_dir, processed=out)
    assert ctx.family is not None and ctx.family.method == "yjb_family"
    shown: list[str] = []
    monkeypatch.setattr(family_section.page, "show", lambda *parts: shown.extend(parts))
    family_section.show(ctx)
    text = " ".join(shown)
    assert "No distances are given. No services nearest each on published figures were found" in (
        text
    )
    assert (
        "synthetic_ons_population_mid2023.csv holds the ONS population estimates of mid-2023"
        in (text)
    )
    assert str(demo_dir) not in text  # the file is named, not where it is kept
