"""Readers: each real layout recognised by its columns, whatever the file is called."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from yjanalysis.errors import InputError
from yjanalysis.inputs import readers

CHILDREN = (
    "Financial_Year,YJS,Region,PCC,England_Wales,Age_Group,Ethnicity_Group,Sex,Number_Children\n"
    "2023-24,Southampton,South East,Hampshire,England,10 to 14,White,Boys,12\n"
    "2023-24,Southampton,South East,Hampshire,England,10 to 14,Black,Boys,[c]\n"
    '2023-24,Southampton,South East,Hampshire,England,15 to 17,White,Boys,"1,004"\n'
)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_children_table_with_yjs_column_and_marks(tmp_path):
    frame = readers.read(write(tmp_path, "anything.csv", CHILDREN))
    assert frame.attrs["kind"] == "yjb_children"
    assert frame["children"].tolist()[0] == 12
    assert pd.isna(frame["children"].iloc[1]) and frame["marker"].iloc[1] == "[c]"
    assert frame["children"].iloc[2] == 1004
    assert frame.index.tolist() == [2, 3, 4]  # file row numbers


def test_children_table_service_of_a_child_or_two_builds(tmp_path):
    """A service with one child in a year, its one group, is no cell out of line."""
    head = CHILDREN.splitlines()[0]
    row = "{},Portsmouth,South East,Hampshire,England,{},{},Boys,{}"
    cells = [("2020-21", "10 to 14", "White", 1), ("2020-21", "15 to 17", "White", 1),
             ("2021-22", "15 to 17", "White", 1), ("2022-23", "10 to 14", "Asian", 1),
             ("2022-23", "10 to 14", "White", 2), ("2022-23", "15 to 17", "White", 2)]  # fmt: skip
    text = "\n".join([head, *(row.format(*c) for c in cells)]) + "\n"
    assert readers.read(write(tmp_path, "children.csv", text))["children"].sum() == 8


def test_children_groups_read_as_published_when_only_case_or_spaces_differ(tmp_path):
    # A no-break space is a space, a dash in an age band is "to": the meaning is certain.
    text = CHILDREN.replace("10 to 14,White,Boys", "10\u00a0to 14,White,Boys ")
    text = text.replace("15 to 17", "15-17").replace("Black", "black")
    frame = readers.read(write(tmp_path, "t.csv", text))
    assert frame["age_group"].tolist() == ["10 to 14", "10 to 14", "15 to 17"]
    assert frame["ethnicity"].tolist() == ["White", "Black", "White"]


@pytest.mark.parametrize("mark", ["*", "..", "[c]", "[x]", "-", "~", "[z]", "c"])
def test_every_suppression_mark_is_missing(tmp_path, mark):
    text = CHILDREN.replace("[c]", mark)
    frame = readers.read(write(tmp_path, "t.csv", text))
    assert pd.isna(frame["children"].iloc[1]) and frame["marker"].iloc[1] == mark


def test_title_rows_above_header_and_trailing_empty_columns(tmp_path):
    text = "Table 3: Children cautioned or sentenced\nSource: YJB\n\n" + CHILDREN.replace(
        "\n", ",,\n"
    )
    frame = readers.read(write(tmp_path, "t.csv", text))
    assert frame.attrs["kind"] == "yjb_children" and len(frame) == 3
    assert frame.index[0] == 5


def test_latin1_and_bom(tmp_path):
    text = "YOT,2019\nGwynedd and Ynys Môn,1000\n"
    latin = readers.read(write(tmp_path, "a.csv", text, encoding="latin-1"))
    bom = readers.read(write(tmp_path, "b.csv", text, encoding="utf-8-sig"))
    assert latin["area_name"].iloc[0] == bom["area_name"].iloc[0] == "Gwynedd and Ynys Môn"


def test_children_table_in_ods_on_third_sheet(tmp_path):
    path = tmp_path / "Children_Table.ods"
    body = pd.read_csv(io.StringIO(CHILDREN), dtype=str)
    with pd.ExcelWriter(path, engine="odf") as book:
        pd.DataFrame({"Cover": ["Youth justice statistics"]}).to_excel(
            book, sheet_name="Cover", index=False
        )
        pd.DataFrame({"Notes": ["[c] confidential"]}).to_excel(
            book, sheet_name="Notes", index=False
        )
        body.to_excel(book, sheet_name="Children_Table", index=False, startrow=3)
    frame = readers.read(path)
    assert frame.attrs["kind"] == "yjb_children"
    assert frame.attrs["sheet"] == "Children_Table"
    assert frame["children"].iloc[2] == 1004


def test_children_table_in_xlsx_with_numeric_cells(tmp_path):
    path = tmp_path / "children.xlsx"
    body = pd.DataFrame(
        {"Financial_Year": ["2023-24"], "YOT": ["Portsmouth"], "Number_Children": [7]}
    )
    body.to_excel(path, index=False)
    frame = readers.read(path)
    assert frame["children"].iloc[0] == 7 and frame["sex"].iloc[0] == "All"


def test_ons_wide_by_age_with_age_prefix(tmp_path):
    ages = ",".join(f"Age {a}" for a in range(0, 20))
    values = ",".join(str(100 + a) for a in range(0, 20))
    frame = readers.read(
        write(
            tmp_path,
            "pop_mid-2022.csv",
            f"Area code,Area name,{ages}\nE06000045,Southampton,{values}\n",
        )
    )
    assert frame.attrs["kind"] == "ons_population"
    assert frame["year"].iloc[0] == 2022
    assert frame.loc[frame["age"] == 10, "population"].iloc[0] == 110


def test_nomis_long_layout_sums_no_sexes_when_persons_present(tmp_path):
    text = (
        "DATE,GEOGRAPHY_NAME,GEOGRAPHY_CODE,GENDER_NAME,C_AGE_NAME,MEASURES_NAME,OBS_VALUE\n"
        "2023,Southampton,E06000045,Total,Age 10,Value,2500\n"
        "2023,Southampton,E06000045,Male,Age 10,Value,1300\n"
        "2023,Southampton,E06000045,Female,Age 10,Value,1200\n"
        "2023,Southampton,E06000045,Total,Aged 90+,Value,900\n"
    )
    frame = readers.read(write(tmp_path, "nomis.csv", text))
    assert frame.set_index("age")["population"].to_dict() == {10: 2500, 90: 900}
    assert frame["year"].unique().tolist() == [2023]


def test_a_name_with_two_years_is_read_when_the_file_states_its_years(tmp_path):
    """Only a file whose year would come from its name needs one year in the name."""
    text = (
        "DATE,GEOGRAPHY_NAME,GEOGRAPHY_CODE,C_AGE_NAME,OBS_VALUE\n"
        "2019,Southampton,E06000045,Age 10,2400\n"
        "2024,Southampton,E06000045,Age 10,2500\n"
    )
    frame = readers.read(write(tmp_path, "ons_mid2019_to_mid2024.csv", text))
    assert frame.set_index("year")["population"].to_dict() == {2019: 2400, 2024: 2500}


def test_myeb_wide_by_year_sums_sexes(tmp_path):
    text = (
        "ladcode21,laname21,country,sex,age,population_2020,population_2021\n"
        "E06000045,Southampton,E,1,10,1300,1310\n"
        "E06000045,Southampton,E,2,10,1200,1190\n"
    )
    frame = readers.read(write(tmp_path, "myeb.csv", text))
    assert frame.set_index("year")["population"].to_dict() == {2020: 2500, 2021: 2500}


def test_lait_years_and_dashes(tmp_path):
    text = (
        "Short Desc,Data item,Years,LA and Regions,LA Number,Region,Values\n"
        "FirstYJS,FTE,2023,Southampton,852,South East,147\n"
        "ReoffYO,Reoffending,2023,Southampton,852,South East,-\n"
        "LAC_Convictions,CLA,2016-17 (OT),Southampton,852,South East,4\n"
    )
    frame = readers.read(write(tmp_path, "lait.csv", text))
    assert frame["year"].tolist() == ["2023", "2023", "2016-17"]
    assert pd.isna(frame["value"].iloc[1]) and frame["marker"].iloc[1] == "-"


def test_indicator_csv_derives_period_dates(tmp_path):
    text = (
        "area_type,area,indicator,period,numerator,denominator,value\n"
        "yjs,Southampton,custody_rate,Oct 2022 – Sep 2023,10,20279,0.49\n"
    )
    frame = readers.read(write(tmp_path, "mine.csv", text))
    assert frame.attrs["kind"] == "indicator_csv"
    assert str(frame["period_start"].iloc[0].date()) == "2022-10-01"
    assert frame["status"].iloc[0] == "published" and frame["group"].iloc[0] == "all"


def test_indicator_csv_labels_a_run_of_months_as_the_project_does(tmp_path):
    """Failed before (an adversary's round): "Oct 2023 - Sep 2024" with a hyphen was kept as a
    label of its own, another period than the en dash's, so a headline fell back a quarter."""
    text = (
        "area_type,area,indicator,period,numerator,denominator,value\n"
        "yjs,Southampton,custody_rate,Oct 2022 - Sep 2023,10,20279,0.49\n"
        "yjs,Southampton,custody_rate,October 2023 – September 2024,10,20279,0.49\n"
        "yjs,Southampton,custody_rate,2023-24,10,20279,0.49\n"
    )
    frame = readers.read(write(tmp_path, "mine.csv", text))
    assert frame["period"].tolist() == ["Oct 2022 – Sep 2023", "Oct 2023 – Sep 2024", "2023-24"]


def test_indicator_csv_small_counts_may_swing_but_large_ones_may_not(tmp_path):
    """Serious violence offences 1 then 15 are chance; 33 then 370 (a digit added) is refused.

    Failed before: the second was read, as every row with a count skipped the year-on-year rule.
    """
    head = "area_type,area,indicator,period,numerator,denominator,value\n"
    small = head + (
        "yjs,Southampton,syv_rate,2022-23,1,20140,0.497\n"
        "yjs,Southampton,syv_rate,2023-24,15,20387,7.358\n"
    )
    assert len(readers.read(write(tmp_path, "small.csv", small))) == 2
    large = head + (
        "yjs,Southampton,syv_rate,2021-22,39,19892,19.606\n"
        "yjs,Southampton,syv_rate,2022-23,33,20140,16.385\n"
        "yjs,Southampton,syv_rate,2023-24,370,20387,181.49\n"
    )
    with pytest.raises(InputError, match=r"'181.49' \(syv_rate, Southampton, 2023-24\) is 11.1"):
        readers.read(write(tmp_path, "large.csv", large))


def test_indicator_csv_england_beside_england_and_wales_at_another_scale(tmp_path):
    """England's serious violence per 1,000 (0.58) beside England and Wales per 10,000 (5.73).

    Failed before: read and published as England 0.6. With two figures alone, the first is named.
    """
    text = (
        "area_type,area,indicator,period,value\n"
        "country,England,syv_rate,2023-24,0.5785\n"
        "england_wales,England and Wales,syv_rate,2023-24,5.728\n"
    )
    with pytest.raises(InputError, match=r"'0.5785' \(syv_rate, England, 2023-24\) is 9.9 times"):
        readers.read(write(tmp_path, "national.csv", text))


def test_indicator_csv_england_outside_its_nine_regions(tmp_path):
    """England's first time entrants beside all nine regions: among them, or refused.

    Failed before: England's 310 (the North West's 170 to the North East's 250) was read. One
    unit of the coarsest figure's rounding past the range's edge is allowed (England 249.6
    beside 250 is read).
    """
    regions = {
        "North East": 250, "North West": 170, "Yorkshire": 210, "East Midlands": 190,
        "West Midlands": 200, "Eastern": 180, "London": 230, "South East": 175, "South West": 185,
    }  # fmt: skip
    head = "area_type,area,indicator,period,value\n"
    rows = "".join(f"region,{area},fte_rate,2023,{value}\n" for area, value in regions.items())
    kept = readers.read(
        write(tmp_path, "kept.csv", head + rows + "country,England,fte_rate,2023,250.4\n")
    )
    assert len(kept) == 10
    with pytest.raises(
        InputError,
        match=r"'310' \(fte_rate, England, 2023\) is outside the range of England's 9 regions",
    ):
        readers.read(
            write(tmp_path, "out.csv", head + rows + "country,England,fte_rate,2023,310\n")
        )


def test_real_children_table(public_file):
    frame = readers.read(public_file("yjb_local_children_table_2013-14_to_2019-20_by_yot.csv"))
    assert frame.attrs["kind"] == "yjb_children"
    assert len(frame) == 13_756
    assert frame.groupby("financial_year")["children"].sum()["2019-20"] == 19_026


@pytest.mark.parametrize(
    ("name", "kind", "rows"),
    [
        ("yjb_yot_population_10to17_2013-2019.csv", "yjb_population", 154 * 7),
        ("ons_mye_mid2019_sya_uk_areas.csv", "ons_population", 426 * 91),
        ("ons_mye_mid2023_sya_lad_via_policyengine.csv", "ons_population", 360 * 91),
        ("dfe_lait_extract_yj_ks4_absence.csv", "lait", 87_380 - 41_990),  # measures read
        ("dfe_lait_sn_may_2025.csv", "dfe_statistical_neighbours", None),
        ("dfe_lait_la_code_list.csv", "dfe_la_codes", 171),
        ("dfe_lait_data_dictionary.csv", "lait_data_dictionary", None),
    ],
)
def test_real_files_recognised(public_file, name, kind, rows):
    frame = readers.read(public_file(name))
    assert frame.attrs["kind"] == kind
    if rows is not None:
        assert len(frame) == rows


def test_ons_mid2019_values_have_thousands_separators_removed(public_file):
    frame = readers.read(public_file("ons_mye_mid2019_sya_uk_areas.csv"))
    southampton = frame[frame["area_code"] == "E06000045"]
    assert southampton["year"].unique().tolist() == [2019]
    assert southampton[southampton["age"].between(10, 17)]["population"].sum() == 20_279


def test_thousands_separators_are_read_but_a_decimal_comma_is_not(tmp_path):
    text = CHILDREN.replace('"1,004"', '"12,345"')
    frame = readers.read(write(tmp_path, "t.csv", text))
    assert frame["children"].iloc[2] == 12_345
    with pytest.raises(InputError, match="'1,00' has a comma that does not separate thousands"):
        readers.read(write(tmp_path, "u.csv", CHILDREN.replace('"1,004"', '"1,00"')))


def test_cr_only_line_endings_and_semicolons(tmp_path):
    """Old Mac exports end lines with CR alone; European Excel separates fields with ';'."""
    cr = readers.read(write(tmp_path, "cr.csv", CHILDREN.replace("\n", "\r")))
    semicolons = CHILDREN.replace(",", ";").replace('"1;004"', "1004")
    semi = readers.read(write(tmp_path, "semi.csv", semicolons))
    assert cr["children"].tolist()[::2] == semi["children"].tolist()[::2] == [12, 1004]
    assert cr.index.tolist() == [2, 3, 4]


def test_excel_unicode_text_is_read(tmp_path):
    """Excel's "Unicode Text" export: UTF-16 with a byte-order mark, fields split by tabs."""
    text = CHILDREN.replace(",", "\t").replace('"1\t004"', "1004")
    frame = readers.read(write(tmp_path, "children.txt", text, encoding="utf-16"))
    assert frame["children"].tolist()[::2] == [12, 1004]


def test_parquet_is_read_like_a_csv(tmp_path):
    rows = pd.DataFrame(
        {
            "Short Desc": ["FirstYJS", "FirstYJS"],
            "Years": ["2023", "2023"],
            "LA and Regions": ["Southampton", "Portsmouth"],
            "Values": ["147", "-"],
            "LA Number": [852.0, 851.0],  # as the published Parquet stores it
        }
    )
    rows.to_parquet(tmp_path / "lait.parquet")
    frame = readers.read(tmp_path / "lait.parquet")
    assert frame.attrs["kind"] == "lait"
    assert frame["la_number"].tolist() == ["852", "851"]
    assert frame["value"].iloc[0] == 147 and pd.isna(frame["value"].iloc[1])


def test_lait_measures_not_read_are_left_out_unchecked(tmp_path):
    """The bulk file's other measures carry year labels such as 2015/16 and 0."""
    text = (
        "Short Desc,Data item,Years,LA and Regions,LA Number,Region,Values\n"
        "FirstYJS,FTE,2023,Southampton,852.0,South East,147\n"
        "KS2_RWM,KS2,2015/16,Southampton,852.0,South East,high\n"
        "CINPermExclusion,CIN,0,Southampton,852.0,South East,x1\n"
    )
    frame = readers.read(write(tmp_path, "lait.csv", text))
    assert frame["measure"].tolist() == ["FirstYJS"]
    assert frame["la_number"].tolist() == ["852"]
    assert frame.attrs["notes"] == [
        "2 rows of 2 LAIT measures this project does not read were left out unchecked"
    ]


def test_workbook_gives_every_visible_sheet_and_skips_hidden_ones(tmp_path):
    """A hidden sheet of stale figures is not read, and a later data sheet is not ignored."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    stale = book.active
    stale.title = "Old"
    stale.sheet_state = "hidden"
    header = ["Financial_Year", "YOT", "Number_Children"]
    for row in (header, ["2019-20", "Southampton", 999]):
        stale.append(row)
    for year, count in (("2018-19", 150), ("2019-20", 134)):
        sheet = book.create_sheet(year)
        for row in (header, [year, "Southampton", count]):
            sheet.append(row)
    book.save(tmp_path / "children.xlsx")
    frames = readers.read_all(tmp_path / "children.xlsx")
    assert [f.attrs["sheet"] for f in frames] == ["2018-19", "2019-20"]
    assert [f["children"].iloc[0] for f in frames] == [150, 134]
    assert frames[0].attrs["notes"] == ["hidden sheets not read: 'Old'"]


def test_extract_columns_outside_the_schema_are_noted_as_ignored(tmp_path):
    text = "child_id,yjs,date_of_birth,sex,ethnicity_group,child_name\nA,Southampton,2007-01-01,M,White,Ann\n"
    frame = readers.read(write(tmp_path, "children.csv", text))
    assert "child_name" not in frame.columns
    assert frame.attrs["notes"] == [
        "column 'child_name' is not in the case-level schema: ignored, never read into the "
        "table and never published (leave it out of the export)"
    ]
