"""The fast paths give what the straightforward ones give: frames, figures and published pages.

Each speed-up of the refresh and of reading a large extract has a plain counterpart that it
must match exactly: pyarrow's CSV parser against the general reader, converting each distinct
value of an extract's column once against converting every row, numbered children against
their text ids, a build reused against a fresh one, a controlled table kept in a kernel
against one read again. The last test publishes the demo report both ways and compares every
page byte for byte, so no published figure can differ.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from yjanalysis.errors import InputError
from yjanalysis.inputs.readers import case_extract, checks
from yjanalysis.report import context
from yjanalysis.run import pipeline
from yjanalysis.table.build import build, build_or_demo, read_inputs, reusable
from yjanalysis.table.caselevel import extract as caselevel_extract
from yjanalysis.table.caselevel import indicators
from yjanalysis.vocabulary import periods

tables = importlib.import_module("yjanalysis.inputs.readers.files")

HEADER = "child_id,yjs,date_of_birth,sex,ethnicity_group\n"
ROW = "C1,Southampton,2008-03-01,Male,White\n"
CSVS = {
    "plain": (HEADER + ROW * 3).encode(),
    "byte-order mark": b"\xef\xbb\xbf" + (HEADER + ROW).encode(),
    "windows line endings": (HEADER + ROW * 2).replace("\n", "\r\n").encode(),
    "old mac line endings": (HEADER + ROW * 2).replace("\n", "\r").encode(),
    "banner above the header": ("SYNTHETIC DEMO DATA: not real\n" + HEADER + ROW).encode(),
    "quoted commas and quotes": (
        HEADER + 'C1,"Southampton, ""city""",2008-03-01,,White\n'
    ).encode(),
    "empty cells and NA as text": (HEADER + "C1,NA,,null,\n").encode(),
    "trailing empty column": (HEADER.replace("\n", ",\n") + ROW.replace("\n", ",\n")).encode(),
    "no newline at the end": (HEADER + ROW.strip()).encode(),
    "header only": HEADER.encode(),
    "Windows-1252": (HEADER + "C1,Caf\xe9,2008-03-01,Male,White\n").encode("cp1252"),
    "semicolons": (HEADER + ROW).replace(",", ";").encode(),
    "a short row": (HEADER + ROW + "C2,Southampton\n").encode(),
    "a long row": (HEADER + ROW + "C2,Southampton,2008-03-01,Male,White,extra\n").encode(),
    "a blank line": (HEADER + ROW + "\n" + ROW).encode(),
    "a line break in a quoted cell": (
        HEADER + 'C1,"South\nampton",2008-03-01,Male,White\n'
    ).encode(),
    "UTF-16": (HEADER + ROW).encode("utf-16"),
}


def _read(path: Path, general: bool, monkeypatch):
    with monkeypatch.context() as patch:
        if general:
            patch.setattr(tables, "_read_plain_csv", lambda path, want: None)
        try:
            return [t.frame for t in tables.tables(path, lambda keys: "child_id" in keys)]
        except InputError as error:
            return str(error)


def _same_frames(left, right) -> bool:
    if isinstance(left, str) or isinstance(right, str):
        return left == right
    return len(left) == len(right) and all(
        a.equals(b)
        and list(a.columns) == list(b.columns)
        and a.index.equals(b.index)
        and list(a.dtypes) == list(b.dtypes)
        for a, b in zip(left, right, strict=True)
    )


@pytest.mark.parametrize("name", list(CSVS))
def test_the_plain_csv_reader_gives_the_general_readers_frame(name, tmp_path, monkeypatch):
    path = tmp_path / "children.csv"
    path.write_bytes(CSVS[name])
    assert _same_frames(_read(path, False, monkeypatch), _read(path, True, monkeypatch))


def test_every_demo_csv_reads_the_same_both_ways(demo_dir, monkeypatch):
    files = sorted(demo_dir.rglob("*.csv"))
    assert len(files) > 10
    for path in files:
        assert _same_frames(_read(path, False, monkeypatch), _read(path, True, monkeypatch)), path


def test_the_plain_reader_takes_the_large_files_and_leaves_the_odd_ones(tmp_path):
    want = lambda keys: "child_id" in keys  # noqa: E731
    for name in ("plain", "banner above the header", "windows line endings", "a blank line"):
        (tmp_path / "a.csv").write_bytes(CSVS[name])
        assert tables._read_plain_csv(tmp_path / "a.csv", want) is not None, name
    for name in ("Windows-1252", "semicolons", "a short row", "a long row", "UTF-16"):
        (tmp_path / "a.csv").write_bytes(CSVS[name])
        assert tables._read_plain_csv(tmp_path / "a.csv", want) is None, name


@pytest.fixture(scope="module")
def demo_extract(demo_dir):
    return read_inputs(demo_dir / "extract" / "southampton")[0]


def test_each_value_converted_once_is_what_converting_every_row_gives(demo_dir):
    table_of = {t.KIND: t for t in case_extract.TABLES}
    for path in sorted((demo_dir / "extract" / "southampton").glob("*.csv")):
        (table,) = tables.tables(path, lambda keys: True)
        (kind,) = [k for k, t in table_of.items() if t.recognises(set(table.keys))]
        found = checks.columns(
            table, path, {n: f.names for n, f in table_of[kind].FIELDS.items()},
            [n for n, f in table_of[kind].FIELDS.items() if not (f.required or f.column)],
        )  # fmt: skip
        for name, column in found.items():
            field = table_of[kind].FIELDS[name]
            series = table.frame[column]
            once = case_extract._convert(series, field, path, column)
            each = case_extract._convert_each(series, field, path, column)
            assert once.equals(each) and once.dtype == each.dtype and once.index.equals(each.index)


@pytest.mark.parametrize(
    ("field", "values", "converted"),
    [
        (case_extract.Field(("gravity_score",), "int", low=1, high=8), ["4", "2"], 2),
        (case_extract.Field(("offence_group",), "code", codes=case_extract.OFFENCE_GROUPS),
         ["Robbery", "Motoring"], 2),
        (case_extract.Field(("offence_date",), "date"), ["2023-04-01", "2023-05-02"], 2),
        (case_extract.Field(("release_date",), "date", required=False), ["2023-04-01", ""], 2),
        (case_extract.Field(("release_date",), "date", required=False), ["2023-04-01", None], 2),
    ],
)  # fmt: skip
def test_a_good_column_is_converted_value_by_value_not_row_by_row(
    field, values, converted, monkeypatch
):
    """The fast path is taken, not only equal: a required column once fell back to every row."""
    sizes = []
    each = case_extract._convert_each
    monkeypatch.setattr(
        case_extract, "_convert_each", lambda s, *args: sizes.append(len(s)) or each(s, *args)
    )
    series = pd.Series(values * 500, dtype="str")
    case_extract._convert(series, field, Path("offences.csv"), field.names[0])
    assert sizes == [converted]


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        (case_extract.Field(("gravity_score",), "int", low=1, high=8), "9"),
        (case_extract.Field(("offence_group",), "code", codes=case_extract.OFFENCE_GROUPS), "X"),
        (case_extract.Field(("knife_or_weapon",), "flag", required=False), "maybe"),
        (case_extract.Field(("offence_date",), "date"), "2024-02-30"),
        (case_extract.Field(("offence_date",), "date"), ""),
    ],
)
def test_a_bad_value_is_named_by_its_first_row_either_way(field, bad):
    good = {"int": "4", "code": "Robbery", "flag": "Y", "date": "2023-04-01"}[field.kind]
    series = pd.Series([good] * 500 + [bad] + [good] * 10 + [bad], dtype="str")
    series.index = pd.RangeIndex(3, 3 + len(series))
    messages = []
    for convert in (case_extract._convert, case_extract._convert_each):
        with pytest.raises(InputError) as raised:
            convert(series, field, Path("offences.csv"), field.names[0])
        messages.append(str(raised.value))
    assert messages[0] == messages[1] and "row 503" in messages[0]


def test_distinct_values_and_mapping_match_pandas():
    series = pd.Series(["b", "a", None, "b", "c", None], dtype="str")
    codes, values = checks.distinct(series)
    expected_codes, expected_values = pd.factorize(series)
    assert list(codes) == list(expected_codes) and values.equals(expected_values)
    mapping = {"a": "A", "b": None}
    mapped = checks.map_values(series, mapping)
    assert mapped.equals(series.map(mapping)) and mapped.dtype == series.map(mapping).dtype
    empty = series.iloc[:0]
    assert checks.map_values(empty, mapping).equals(empty.map(mapping))


def test_school_years_are_judged_once_per_distinct_year(demo_extract, monkeypatch):
    """A national extract repeats a dozen school years over millions of rows: each is read once.

    Each row's year was read with its own call (about 7 s of a million-offence extract's read).
    """
    calls = {"academic_year": 0, "parse": 0}
    for name in calls:
        real = getattr(periods, name)

        def counted(*args, _real=real, _name=name):
            calls[_name] += 1
            return _real(*args)

        monkeypatch.setattr(periods, name, counted)
    (table,) = demo_extract["extract_education"]
    years = table["academic_year"].nunique()
    assert len(table) > 10 * years
    checked = read_inputs(Path(table.attrs["path"]).parent)[0]
    calls["academic_year"] = 0  # the reading's own calls above; the assembly's below
    caselevel_extract.assemble(checked)
    assert calls["parse"] <= years and calls["academic_year"] <= years


def test_rows_unique_on_several_keys_are_found_so_by_their_codes(monkeypatch):
    """A child and school year on each row are checked as one number, not compared as text.

    Missing values are equal, as pandas has them; rows equal on every key are still refused,
    named as before.
    """
    frame = pd.DataFrame(
        {
            "child_id": ["C1", "C1", "C2", None, None],
            "year": ["2022/23", "2023/24", None, "x", None],
        },
        dtype="str",
    )
    compared = []
    real = pd.DataFrame.duplicated
    monkeypatch.setattr(
        pd.DataFrame, "duplicated", lambda self, *a, **k: compared.append(1) or real(self, *a, **k)
    )
    checks.duplicates(frame, ["child_id", "year"], Path("education.csv"), {})
    assert not compared
    again = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
    again.index = pd.RangeIndex(3, 3 + len(again))
    with pytest.raises(InputError, match="rows 3 and 8 both hold child_id C1, year 2022/23"):
        checks.duplicates(again, ["child_id", "year"], Path("education.csv"), {})
    assert checks._unique_together(frame, ["child_id", "year"])
    assert not checks._unique_together(again, ["child_id", "year"])


def test_indicators_on_numbered_children_are_those_on_their_ids(demo_extract, monkeypatch):
    found = caselevel_extract.assemble(demo_extract)
    population = pd.DataFrame({"yjs": found.yjs, "year": range(2015, 2027),
                               "age_group": "10 to 17", "population": 20000.0})  # fmt: skip
    fast = indicators.all_indicators(found, population, quarters=8)
    monkeypatch.setattr(indicators, "_numbered", lambda extract: extract)
    plain = indicators.all_indicators(found, population, quarters=8)
    assert len(fast) > 100 and fast.equals(plain)


def _reoffending_child_by_child(extract, quarter_ends) -> list[tuple]:
    """The Ministry of Justice count as written: each quarter, each child, each offence."""
    offences = extract.offences[caselevel_extract.proven(extract.offences)]
    born = dict(zip(extract.children["child_id"], extract.children["date_of_birth"], strict=True))
    index_dates = []
    for row in offences.itertuples():
        if row.outcome_class in ("caution", "conviction"):
            index_dates.append((row.child_id, row.outcome_date))
        elif row.outcome_class == "custody" and pd.notna(getattr(row, "release_date", None)):
            index_dates.append((row.child_id, row.release_date))
    found = []
    for end in quarter_ends:
        label, start, stop = indicators.periods.quarter(end)
        if stop + indicators.FOLLOW_UP + indicators.WAITING > extract.as_of:
            continue
        first = {}
        for child, day in index_dates:
            if start <= day <= stop and (child not in first or day < first[child]):
                first[child] = day
        cohort = {c: d for c, d in first.items()
                  if 10 <= caselevel_extract.age_in_years(pd.Series([born[c]]),
                                                          pd.Series([d])).iloc[0] <= 17}  # fmt: skip
        reoffences = {}
        for row in offences.itertuples():
            day = cohort.get(row.child_id)
            if (
                day is not None
                and day < row.offence_date <= day + indicators.FOLLOW_UP
                and row.outcome_date <= day + indicators.FOLLOW_UP + indicators.WAITING
            ):
                reoffences[row.child_id] = reoffences.get(row.child_id, 0) + 1
        found.append((label, len(cohort), len(reoffences), sum(reoffences.values())))
    return found


@pytest.mark.parametrize("service", ["southampton", "newport"])
def test_reoffending_counted_at_once_is_counted_child_by_child(demo_dir, service):
    """Every quarter's cohort is found in one pass; a loop over children must agree.

    The quarters are given out of order, one twice and two overlapping by months, as a caller
    may: each is still its own cohort.
    """
    found = caselevel_extract.assemble(read_inputs(demo_dir / "extract" / service)[0])
    ends = [pd.Timestamp(e) for e in ("2022-06-30", "2021-03-31", "2022-06-30", "2021-05-31")]
    ends += list(pd.date_range("2019-03-31", "2023-12-31", freq="QE"))
    counted = indicators.reoffending(found, ends)
    quarterly = counted[counted["method"].eq("3-month cohort")]
    binary = quarterly[quarterly["indicator"].eq("reoffending_binary")]
    frequency = quarterly[quarterly["indicator"].eq("reoffending_frequency")]
    fast = [
        (b.period, int(b.denominator), int(b.numerator), int(f.numerator))
        for b, f in zip(binary.itertuples(), frequency.itertuples(), strict=True)
    ]
    plain = _reoffending_child_by_child(found, ends)
    assert len(plain) >= 10 and sum(n for *_, n in plain) > 0
    assert fast == plain


@pytest.mark.slow
def test_a_build_is_reused_only_when_nothing_it_depends_on_changed(demo_dir, tmp_path):
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(demo_dir, raw)
    processed = tmp_path / "processed"
    first = build_or_demo(raw, processed, reuse=True)
    assert not first.reused and reusable(raw, processed)
    table = (processed / "indicators.parquet").read_bytes()
    again = build_or_demo(raw, processed, reuse=True)
    assert again.reused and again.rows == first.rows
    assert (processed / "indicators.parquet").read_bytes() == table
    assert not build_or_demo(raw, processed).reused  # without reuse, always built

    figures = raw / "synthetic_national_figures.csv"
    figures.write_text(figures.read_text().replace("\n", "\n", 1) + "\n")  # one more byte
    assert reusable(raw, processed) is None
    assert not build_or_demo(raw, processed, reuse=True).reused
    (raw / "notes.txt").write_text("an ignored file is still an input the build looked at")
    assert reusable(raw, processed) is None
    build_or_demo(raw, processed, reuse=True)
    (processed / "population.parquet").write_bytes(b"changed after the build")
    assert reusable(raw, processed) is None
    build_or_demo(raw, processed, reuse=True)
    record = json.loads((processed / "build.json").read_text())
    record["outputs"]["indicators.parquet"] = "0" * 64  # as if killed before it was moved
    (processed / "build.json").write_text(json.dumps(record))
    assert reusable(raw, processed) is None
    assert reusable(raw, tmp_path / "elsewhere") is None


@pytest.mark.slow
def test_a_controlled_table_kept_in_memory_is_the_one_on_disk(demo_dir, tmp_path):
    processed = tmp_path / "processed"
    build(demo_dir, processed)
    context._LAST.clear()
    context.controlled(processed, "Southampton")  # controlled, written and kept
    context._LAST.clear()
    on_disk, disk_log = context.controlled(processed, "Southampton")  # read back from disk
    kept, kept_log = context.controlled(processed, "Southampton")  # from memory
    assert kept.equals(on_disk) and kept_log.equals(disk_log) and len(kept_log)
    kept.loc[kept.index[0], "value"] = -1.0  # a caller changing its copy changes no other
    assert context.controlled(processed, "Southampton")[0].equals(on_disk)
    other, _ = context.controlled(processed, "Portsmouth")  # one service kept at a time
    assert len(context._LAST) == 1 and not other.equals(on_disk)
    # A log an older version wrote (its columns named otherwise) is not taken as this one's.
    log_file = processed / "disclosure-log-southampton-t5.csv"
    old = pd.read_csv(log_file, dtype=str, keep_default_na=False)
    old.rename(columns={"reader_left_with": "reader_can_narrow_to"}).to_csv(log_file, index=False)
    context._LAST.clear()
    _, again = context.controlled(processed, "Southampton")
    assert list(again.columns) == list(disk_log.columns) and len(again) == len(disk_log)
    assert "reader_left_with" in pd.read_csv(log_file).columns  # controlled afresh


def _pages(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.html"))
    }


def _outputs(folder: Path) -> dict[str, list]:
    """Each executed notebook's outputs (what its page shows), without papermill's timings."""
    import nbformat

    found = {}
    for path in sorted((folder / "notebooks").glob("*.ipynb")):
        book = nbformat.read(path, as_version=4)
        found[path.name] = [c.get("outputs", []) for c in book.cells]
    return found


@pytest.mark.e2e
def test_the_fast_refresh_publishes_what_the_straightforward_one_does(
    demo_dir, tmp_path, monkeypatch
):
    with monkeypatch.context() as plain:
        plain.setattr(tables, "_read_plain_csv", lambda path, want: None)
        plain.setattr(case_extract, "_convert", case_extract._convert_each)
        plain.setattr(indicators, "_numbered", lambda extract: extract)
        slow = pipeline.refresh("Southampton", "2024-12", raw=demo_dir, out=tmp_path / "slow",
                                processed=tmp_path / "slow-processed", jobs=1)  # fmt: skip
    build(demo_dir, tmp_path / "processed")
    context._LAST.clear()
    fast = pipeline.refresh("Southampton", "2024-12", raw=demo_dir, out=tmp_path / "fast",
                            processed=tmp_path / "processed", jobs=2)  # fmt: skip
    slow_pages, fast_pages = _pages(slow.folder), _pages(fast.folder)
    assert len(fast_pages) == 8 and fast_pages == slow_pages
    assert _outputs(fast.folder) == _outputs(slow.folder)
    manifests = [json.loads((r.folder / "manifest.json").read_text()) for r in (slow, fast)]
    assert manifests[0]["inputs"] == manifests[1]["inputs"]
    assert manifests[0]["suppressed_cells"] == manifests[1]["suppressed_cells"]


@pytest.mark.parametrize(
    ("span", "time_of_day"), [(2500, False), (2500, True), (70_000, False), (1, False)]
)
def test_dates_sorted_as_days_are_sorted_as_dates(span, time_of_day):
    """Dates are sorted as 16-bit day numbers (by radix) where they are whole days close enough.

    A date with a time of day, or a span of more than 179 years, is sorted as it is; either
    way the order is numpy's stable one.
    """
    from yjanalysis.table.caselevel import counting

    rng = np.random.default_rng(span)
    days = rng.integers(0, span, 50_000).astype("timedelta64[D]")
    dates = (np.datetime64("1900-01-01") + days).astype("datetime64[ns]")
    if time_of_day:
        dates[7] += np.timedelta64(3, "h")
    assert (counting._days(dates) is None) == (time_of_day or span > 2**16)
    assert np.array_equal(counting.sort_dates(dates), np.sort(dates))
    assert np.array_equal(counting.date_order(dates), np.argsort(dates, kind="stable"))


def test_reoffence_intervals_by_slices_are_those_of_a_groupby():
    """Each window's children summed by numpy are those a groupby of the window gives.

    Children by text id and by number, a cohort with no one in it, windows of one and of
    four cohorts, a child in several.
    """
    rng = np.random.default_rng(3)
    entries = pd.DataFrame(
        {
            "cohort_of": rng.integers(0, 6, 400),
            "child_id": rng.integers(0, 90, 400),
            "reoffences": rng.poisson(0.8, 400).astype(float) * rng.integers(0, 2, 400),
        }
    )
    entries = entries[entries["cohort_of"].ne(4)].drop_duplicates(["cohort_of", "child_id"])
    members = [[i] for i in range(7)] + [[0, 1, 2, 3], [3, 4, 5, 6]]

    def by_groupby(entries):
        per_child, per_reoffender = [], []
        for cohorts in members:
            window = entries[entries["cohort_of"].isin(cohorts)]
            children = window.groupby("child_id")["reoffences"].agg(["sum", "size"])
            per_child.append(indicators.stats.clustered_rate_ci(children["sum"], children["size"]))
            hit = window[window["reoffences"] > 0].groupby("child_id")["reoffences"]
            counted = hit.agg(["sum", "size"])
            per_reoffender.append(
                indicators.stats.clustered_rate_ci(counted["sum"], counted["size"], least=1)
            )
        return np.array(per_child, dtype=float), np.array(per_reoffender, dtype=float)

    for ids in (entries, entries.assign(child_id="C" + entries["child_id"].astype(str))):
        fast = indicators._reoffence_intervals(ids, members)
        plain = by_groupby(ids)
        for got, expected in zip(fast, plain, strict=True):
            assert np.array_equal(got, expected, equal_nan=True)
        assert np.isfinite(fast[0]).any() and np.isnan(fast[0][4]).all()


def test_a_csv_no_reader_wants_is_not_read_past_its_first_rows(tmp_path, monkeypatch):
    """Failed before: a 2.9 MB CSV with a 300,000-column header in the raw folder was read
    whole (every column of it, by pyarrow, then by pandas) before being ignored, taking a
    build from 13-25 s to 218 s (adversary round 14, F09). Its header is looked for in a
    bounded prefix (``HEAD_BYTES``), a row wider than ``MOST_COLUMNS`` is no header, and the
    file no reader wants is named by its first columns without being read further."""
    from yjanalysis.errors import UnrecognisedFileError
    from yjanalysis.inputs import readers

    wide = tmp_path / "wide.csv"
    width = 300_000
    wide.write_text(",".join(f"c{i}" for i in range(width)) + "\n" + ",".join("1" * width) + "\n")

    def whole(path, want):
        raise AssertionError(f"{path} read whole")

    monkeypatch.setattr(tables, "_read_whole_csv", whole)
    with pytest.raises(UnrecognisedFileError, match=r"its columns \('c0', 'c1', .*'c7'\) match"):
        readers.read_all(wide)
    assert readers.kinds(wide) == {}
    # A wide row of names a reader wants is still no header: no input is a thousandth as wide.
    names = ["child_id", "date_of_birth", *(f"x{i}" for i in range(tables.MOST_COLUMNS))]
    assert tables._wanted_header([",".join(names)], lambda keys: "child_id" in keys, ",") is None
    assert tables._wanted_header([",".join(names[:40])], lambda k: "child_id" in k, ",") == (",", 0)
