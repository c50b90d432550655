"""The service's words never give a figure the report hides, however they are written.

Each test here is a way through the check of the service's words (``report.stated``) that a
reading of the refresh found: a list under a sentence naming the measure, a difference in the
next sentence, a period said from the one before ("a month later"), a number split by Markdown's
emphasis or written as an HTML entity (the page shows the rendered text), a share of all or none
said in words, the cover's settings, and a visit since the quarter's end, refused with advice
that sent the analyst to the folder the file was already in; and a published row of an
indicator CSV giving the service's own figure, printed beside the same figure hidden. The
figures are taken from the demo's build; none is written here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from yjanalysis.errors import InputError
from yjanalysis.inputs import report_settings

WORDS = (
    "no one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
FILE = Path("02_custody_and_remand.md")


def _southampton(demo_build):
    """Southampton's built table, the same under control, its hidden rows and the report's end."""
    from yjanalysis.report import stated
    from yjanalysis.report.context import controlled

    table = pd.read_parquet(demo_build.processed / "indicators.parquet")
    shown, _ = controlled(demo_build.processed, "Southampton")
    end = pd.Timestamp("2024-12-31")
    return table, shown, stated._hidden("Southampton", end, table, shown), end


def _one(rows: pd.DataFrame, indicator: str, period_end: str) -> pd.Series:
    found = rows[
        rows["indicator"].eq(indicator)
        & rows["breakdown"].eq("total")
        & rows["period_end"].eq(pd.Timestamp(period_end))
        & (rows["period_end"] - rows["period_start"]).dt.days.between(0, 366)
    ]
    assert len(found) == 1, (indicator, period_end, len(found))
    return found.iloc[0]


def _refused(demo_build, text: str, markdown: bool = True) -> str:
    from yjanalysis.report import stated

    table, shown, _, end = _southampton(demo_build)
    passage = report_settings.Commentary("02", text, markdown, FILE)
    with pytest.raises(InputError) as caught:
        stated.check({"02": passage}, "Southampton", end, table, shown)
    return str(caught.value)


def _custody_count(demo_build) -> int:
    """The hidden count of custodial sentences of the 12 months to September 2024."""
    _, _, hidden, _ = _southampton(demo_build)
    row = _one(hidden[hidden["period_start"].eq(pd.Timestamp("2023-10-01"))], "custody_rate",
               "2024-09-30")  # fmt: skip
    return int(row["numerator"])


def test_a_list_under_a_sentence_naming_the_measure_is_read_with_it(demo_build):
    """Failed before: "Custodial sentences in the 12 months to September 2024 came from two
    courts:" then a list of two counts adding up to the hidden count was published; each item
    was read as a sentence of its own that names no measure."""
    count = _custody_count(demo_build)
    part = count // 2
    text = (
        "Custodial sentences in the 12 months to September 2024 came from two courts:\n\n"
        f"- the youth court: {count - part}\n- the Crown Court: {part}\n"
    )
    said = _refused(demo_build, text)
    assert said.startswith(f"{FILE}: line 3 states "), said
    assert "September 2024, which the report hides" in said, said


def test_a_difference_in_the_next_sentence_is_read_of_the_measure_before(demo_build):
    """Failed before: "... our records count N custodial sentences. In the 12 months to
    September 2024 there were M fewer." was published: the second sentence names no
    measure, so nothing was read in it. A sentence naming none speaks of the measure named
    last, as it speaks of the period named last."""
    _, shown, _, _ = _southampton(demo_build)
    count = _custody_count(demo_build)
    own = shown[shown["area"].eq("Southampton") & shown["status"].ne("suppressed")]
    june = _one(own[own["period_start"].eq(pd.Timestamp("2023-07-01"))], "custody_rate",
                "2024-06-30")  # fmt: skip
    before = int(june["numerator"])
    assert before > count
    text = (
        f"In the 12 months to June 2024 our records count {before} custodial sentences. In the "
        f"12 months to September 2024 there were {WORDS[before - count]} fewer."
    )
    said = _refused(demo_build, text)
    assert said.startswith(f"{FILE}: line 1 states "), said
    assert "the rate of custodial sentences for 12 months to September 2024" in said, said


def test_a_period_said_from_the_one_before_is_read_as_that_period(demo_build):
    """Failed before: "N children were in custody at the end of August 2024. A month later the
    number had dropped by M." was published while the count of 30 September 2024 is hidden:
    "a month later" was read as August (and "one" before a full stop was always read as a
    pronoun, as in "warrants one.", even after "fell by")."""
    _, shown, hidden, _ = _southampton(demo_build)
    own = shown[shown["area"].eq("Southampton") & shown["status"].ne("suppressed")]
    august = int(_one(own, "children_in_custody", "2024-08-31")["numerator"])
    september = int(_one(hidden, "children_in_custody", "2024-09-30")["numerator"])
    assert august > september
    for later in ("A month later", "The following month", "In September"):
        text = (
            f"{WORDS[august].capitalize()} children were in custody at the end of August 2024. "
            f"{later} the number had dropped by {WORDS[august - september]}."
        )
        said = _refused(demo_build, text)
        assert "states the number of children in custody" in said, said
        assert "30 September 2024" in said or "September 2024" in said, said


@pytest.mark.parametrize("how", ["emphasis", "entity"])
def test_a_number_is_read_as_the_page_shows_it(demo_build, how):
    """Failed before: ``ei*ght*`` (emphasis inside a number word) and ``&#56;`` (a digit as an
    HTML entity) passed, as the check read the Markdown source, and the page showed the
    rendered number. The words are read as the page shows them."""
    from yjanalysis.report import commentary

    count = _custody_count(demo_build)
    word = WORDS[count]
    written = (
        f"{word[:2]}*{word[2:]}*"
        if how == "emphasis"
        else "".join(f"&#{ord(digit)};" for digit in str(count))
    )
    text = f"In the 12 months to September 2024 there were {written} custodial sentences."
    page = re.sub(r"<[^>]+>", "", commentary.render(text))
    assert re.search(rf"\b({word}|{count})\b", page), page  # what the reader sees
    said = _refused(demo_build, text)
    assert said.startswith(f"{FILE}: line 1 states the rate of custodial sentences"), said
    # Plain text shows the entity as written, so it states no figure.
    if how == "entity":
        from yjanalysis.report import stated

        table, shown, _, end = _southampton(demo_build)
        passage = report_settings.Commentary("02", text, False, FILE)
        stated.check({"02": passage}, "Southampton", end, table, shown)


def test_a_share_of_all_or_none_in_words_is_refused(demo_build):
    """Failed before: words for all of the children on an out-of-court programme ("every child
    ... completed it") passed beside the hidden share of programmes completed. Words for all
    (or none) of the children a share is of state a share of 100% (or 0%), and are refused
    where the share hidden is that; words for all of another group pass ("every child
    sentenced to custody is reviewed" says nothing of the share of children remanded then
    sentenced to custody)."""
    from yjanalysis.report import stated
    from yjanalysis.vocabulary import counted_words

    _, _, hidden, _ = _southampton(demo_build)
    row = _one(hidden, "kpi_out_of_court_completed", "2024-09-30")
    assert row["value"] in (0, 100)  # the case the words state
    text = (
        "In the 12 months to September 2024 every child on an out-of-court programme completed it."
    )
    said = _refused(demo_build, text)
    assert "states the share of" in said and "12 months to September 2024" in said, said
    assert stated.hidden_stated("Remands fell. Every child sentenced to custody is reviewed.",
                                hidden[hidden["indicator"].eq("remand_to_custody")]) == []  # fmt: skip
    assert counted_words.all_or_none("None of them completed it.", "kpi_out_of_court_completed",
                                     named=True)  # fmt: skip


def test_a_hidden_figure_on_the_cover_is_refused_naming_the_setting(
    demo_dir, demo_build, tmp_path, capsys
):
    """Failed before: ``report_of = "Head of YJS (N custodial sentences in the 12 months to
    September 2024)"`` was printed on the cover of the pages and the paper, while the same
    words in the commentary are refused: the cover's settings were read for paths, ids and
    hidden characters, not for hidden figures. They are read as the commentary is, and the
    refusal names report.toml, the line and the key: exit status 2, nothing written."""
    from conftest import copy_of, run_in_process

    raw = copy_of(demo_dir, tmp_path)
    processed = copy_of(demo_build.processed, tmp_path)
    toml = raw / "report" / "southampton" / "report.toml"
    lines = toml.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("report_of"))
    count = _custody_count(demo_build)
    lines[at] = (
        f'report_of = "Head of YJS ({count} custodial sentences in the 12 months '
        'to September 2024)"'
    )
    toml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "reports"
    code, err = run_in_process("refresh", "--yjs", "Southampton", "--period-end", "2024-12",
                               "--raw", str(raw), "--out", str(out), "--processed",
                               str(processed), capsys=capsys)  # fmt: skip
    assert code == 2, err
    assert f"{toml}: line {at + 1} (report_of) states the rate of custodial sentences" in err
    assert "expected the cover's settings to give no figure the report hides." in err
    assert len([line for line in err.splitlines() if line.startswith("error:")]) == 1, err
    assert not (out / "southampton" / "2024-12").exists()


def test_a_visit_since_the_quarter_is_told_in_the_services_account(demo_build, tmp_path):
    """Failed before: "HM Inspectorate of Probation visited the service in January 2025." (a
    visit between the quarter's end and the meeting, no figure) in service_account.md was
    refused, advising a folder commentary/2024-12/; moved there, it was refused again with
    the same advice. The service's account is the place for events up to the meeting: a month
    named alone passes there. Elsewhere it is refused with advice that works, and a file
    already in its quarter's folder is not sent to that folder."""
    from yjanalysis.report import stated

    table, shown, _, end = _southampton(demo_build)
    meeting = pd.Timestamp("2025-03-20")
    visit = "HM Inspectorate of Probation visited the service in January 2025."
    quarter = tmp_path / "commentary" / "2024-12"
    for section, where in (("service_account", tmp_path), ("service_account", quarter)):
        passage = report_settings.Commentary(section, visit, True, where / f"{section}.md")
        stated.check({section: passage}, "Southampton", end, table, shown, meeting)
    # A period after the end is still no account's: refused, without sending the file to
    # the folder it is in.
    later = "Remands fell in the 12 months to January 2025."
    passage = report_settings.Commentary("service_account", later, True,
                                         quarter / "service_account.md")  # fmt: skip
    with pytest.raises(InputError) as caught:
        stated.check({"a": passage}, "Southampton", end, pd.DataFrame(), pd.DataFrame(), meeting)
    said = str(caught.value)
    assert "names to January 2025, after the report's end" in said, said
    assert "commentary/2024-12/" not in said.split("expected", 1)[1], said
    # The visit in the asks: refused, pointing to the service's account.
    passage = report_settings.Commentary("summary", visit, True, quarter / "summary.md")
    with pytest.raises(InputError) as caught:
        stated.check({"a": passage}, "Southampton", end, pd.DataFrame(), pd.DataFrame(), meeting)
    said = str(caught.value)
    assert "names January 2025, after the report's end (December 2024)" in said, said
    advice = said.split("expected", 1)[1]
    assert "service_account.md" in advice and "commentary/2024-12/" not in advice, said


def test_a_published_row_of_the_services_own_figure_must_say_whose_it_is(demo_dir, tmp_path):
    """Failed before: an indicator CSV without an ``own_records`` column gave Southampton's
    children remanded in 2024 as ``published``, from "Southampton YJS case management system",
    and the custody page printed it beside the same figure from the service's records, hidden.
    A published row for a figure the service's own extract gives too is refused unless the
    file says which rows are the service's own; saying so (N: published) is the analyst's
    word, and the row is then shown as released."""
    from conftest import copy_of
    from yjanalysis.table import build

    raw = copy_of(demo_dir, tmp_path)
    csv = raw / "cms_figures.csv"
    header = "area_type,area,indicator,period,numerator,value,source,status"
    row = "yjs,Southampton,children_remanded,2024,4,4,Southampton YJS case management system,"
    csv.write_text(f"{header}\n{row}published\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build.build(raw, tmp_path / "processed")
    said = str(caught.value)
    assert said.startswith(f"{csv}: row 2 gives Southampton's number of children remanded for "
                           "2024 as a published figure"), said  # fmt: skip
    assert "expected a column own_records" in said, said
    assert not (tmp_path / "processed" / "indicators.parquet").exists()
    csv.write_text(f"{header},own_records\n{row}published,N\n", encoding="utf-8")
    build.build(raw, tmp_path / "processed")
