"""The board paper every refresh writes: PDF, Word, charts and workbook, short and consistent.

A board reads a paper: the front page, then each section's key charts, their sentences and
the service's commentary, within 20 A4 pages and 6,500 words. It says what the pages say (the
same sentences, from the same building blocks), names no folder of the analyst's computer, and
keeps every hidden figure hidden.
"""

from __future__ import annotations

import ast
import html
import re
import zipfile

import docx
import numpy as np
import openpyxl
import pandas as pd
import pytest

from conftest import ROOT
from yjanalysis.methods import disclosure
from yjanalysis.report import context
from yjanalysis.report.paper import contents, document, markup
from yjanalysis.report.paper.pdf import page_count
from yjanalysis.vocabulary.catalogue import catalogue

pytestmark = pytest.mark.e2e

SERVICES = ("Southampton", "Newport")


def _word_text(path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def _page_text(path) -> str:
    body = path.read_text(encoding="utf-8")
    body = re.sub(r"<(style|svg)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body))


@pytest.mark.parametrize("yjs", SERVICES)
def test_a_refresh_writes_the_paper_in_every_format(demo_reports, yjs):
    folder = demo_reports.folder(yjs)
    for name in ("paper.pdf", "paper.docx", "figures.xlsx"):
        assert (folder / name).is_file() and (folder / name).stat().st_size > 10_000, name
    assert (folder / "paper.pdf").read_bytes().startswith(b"%PDF")
    from yjanalysis.report import paper
    from yjanalysis.run import pipeline

    assert set(paper.FILES.values()) == pipeline.PAPER_FILES
    pictures = sorted((folder / "charts").glob("chart-*.png"))
    assert pictures and len(pictures) == len(list((folder / "charts").glob("chart-*.svg")))
    index = (folder / "index.html").read_text()
    for link in ('href="paper.pdf"', 'href="paper.docx"', 'href="figures.xlsx"'):
        assert link in index


#: The most words a paper may hold (the seed report has about 5,100): the project's own 6,400,
#: under the 6,500 the board paper's issue sets. Each service's own data summary and the
#: changes since the last report took Newport's December paper to about 6,480 words; leaving
#: the funnel plot, a one-point trend and the make-up against the nation to the web pages
#: brought it back to about 6,330.
WORDS = 6400


@pytest.mark.parametrize("yjs", SERVICES)
def test_the_paper_is_short_enough_for_a_board(demo_reports, yjs):
    """Within 20 pages and 6,400 words, counted as a reader meets them: the PDF's every word,
    tables, sources and running heads too. Failed before: Southampton's PDF held 6,612 words
    (its Word paragraphs alone, 5,537); then 6,474 against 6,500, with the seed report's
    three years of custody and post-16 children's education still to add; 6,357 with them
    and the family said to be the tool's and how it was checked. Lowered to 6,225 once the
    paper left the analyst's sentences (how old each figure is, how a trend was tested, that
    two sources agree, an allowance said again) to the web pages: Southampton's held 6,358
    words and Newport's 6,195 before, 6,075 and 5,847 after; five years of education,
    training or employment at order end added since; back to 6,400 (Southampton's 6,265 with
    a margin) once the reading rule named the allowance for two sources and its reason, and
    one line gave the service's own first time entrants figures by source and period; 6,500,
    the issue's own limit, once each demo service had its own data summary; 6,400 again once
    the paper left the funnel plot to the web pages (:data:`WORDS`)."""
    import shutil
    import subprocess

    folder = demo_reports.folder(yjs)
    assert page_count(folder / "paper.pdf") <= 20
    words = len(_word_text(folder / "paper.docx").split())
    assert 1000 < words <= WORDS
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler) is not installed: the PDF's words cannot be counted")
    done = subprocess.run(
        [tool, str(folder / "paper.pdf"), "-"], capture_output=True, text=True, check=True
    )
    assert len(done.stdout.split()) <= WORDS


def _sections_of(path) -> dict[str, list[str]]:
    """The paper's paragraphs under each section heading (Word's Heading 1)."""
    found: dict[str, list[str]] = {}
    current = None
    for paragraph in docx.Document(str(path)).paragraphs:
        if paragraph.style.name == "Heading 1":
            current = paragraph.text
            found[current] = []
        elif current is not None:
            found[current].append(paragraph.text)
    return found


@pytest.mark.parametrize("yjs", SERVICES)
def test_the_paper_says_what_the_pages_say(demo_reports, yjs):
    """Each section's sentences in the paper are sentences of that section's page. Restated
    (issue 26, the family and the gaps): a paper leaves out a family this tool computed, so
    its sentence is the page's with the family's figure taken out (Newport's); and a measure
    first used in a section (reoffences per reoffender) is defined there, in the paper's words;
    and a trend's method is said with the first trend only. Restated (a tenth reading): a
    section's sentence is the page's with the method "How to read this paper" says once taken
    out (:func:`contents.verdict_only`)."""
    folder = demo_reports.folder(yjs)
    found = _sections_of(folder / "paper.docx")
    own_words = f"In {yjs} Youth Justice Service's own words"
    # The paper says why a figure is hidden once, where it first gives it; later it keeps only
    # the words before the reason.
    reason = disclosure.why_hidden(5)
    for notebook in contents.SECTION_TITLES:
        page = _page_text(folder / f"{notebook}.html").replace(reason[reason.index(":") :], "")
        # The paper says the page's sentences with methods in plain words ("likely range").
        page = contents.in_plain_words(page)
        # A section keeps its verdict; the method said after it is in "How to read this paper".
        page = contents.verdict_only(page)
        # The funnel's lines are "widened because ..." only where the paper has not said the spread.
        unspread = page.replace(", widened because " + contents.SPREAD, "")
        # Newport's paper leaves out the family the tool computed for it (its pages keep it,
        # named "its family" since a ninth reading: not an average).
        unfamilied = re.sub(r"its family \([^)]*\),? (?:and )?", "", page)
        for title in contents.paper_sections(notebook):
            paragraphs = found[title]
            if own_words in paragraphs:  # the commentary is the service's, checked below
                paragraphs = paragraphs[: paragraphs.index(own_words)]
            sentences = [p for p in paragraphs if len(p) > 60 and not p.startswith("Source")]
            assert sentences, (notebook, title)
            # Sentence by sentence: the paper says a long sentence once, where it first gives
            # it (document.say_sentences_once), so a paragraph can be the page's less one.
            for paragraph in sentences:
                # A chart's title is the page's, after the number the paper gives it.
                paragraph = re.sub(r"^Chart \d+: ", "", paragraph)
                for sentence in document.sentences(paragraph):
                    # Who the youth justice cohort is, the paper says once (it can be here).
                    said = sentence.strip()
                    # A verdict after the first is said without its opening words.
                    led = contents.VERDICT_LEAD + said[:1].lower() + said[1:]
                    assert (
                        said in page
                        or said in page.replace(contents.COHORT_GLOSS, "")
                        # The make-up against the nation is left to the pages, and the paper's
                        # stages sentence drops its pointer to it.
                        or said in contents.COMPARISON_BELOW.sub("", page)
                        or led in page
                        or said in unspread
                        or (yjs == "Newport" and (said in unfamilied or led in unfamilied))
                        # A measure the paper defines where it first uses it, in its words.
                        or said in contents.MEASURES.values()
                        # Newport's Capped 9, first named in its section since the front page
                        # no longer lists it (a tenth reading).
                        or said in contents.school_definitions(yjs).values()
                    ), (notebook, sentence[:80])


def test_the_papers_key_parts_are_calls_its_sections_make():
    """The paper shows a block only as the section's notebook calls it (same figure, words)."""
    for notebook, keys in contents.KEY_PARTS.items():
        source = (ROOT / "notebooks" / f"{notebook}.py").read_text()
        calls = [
            node
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        ]
        made = set()
        for call in calls:
            try:
                args = tuple(ast.literal_eval(a) for a in call.args[1:])
                kwargs = {
                    k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg != "heading"
                }
            except ValueError:  # an argument the notebook computes: not a call the paper makes
                continue
            made.add(repr((call.func.attr, args, sorted(kwargs.items()))))
        for key in keys:
            wanted = repr((key.block, key.args, sorted(key.kwargs.items())))
            assert wanted in made, (notebook, wanted)


@pytest.mark.parametrize("yjs", SERVICES)
def test_the_workbook_holds_the_charts_rows_and_keeps_hidden_figures_hidden(demo_reports, yjs):
    book = openpyxl.load_workbook(demo_reports.folder(yjs) / "figures.xlsx", read_only=True)
    names = book.sheetnames
    # The front page's figures first (test_paper_files.py), then what the workbook is.
    assert names[:2] == ["Headline figures", "About"] and names[-1] == "All figures"
    charts = [n for n in names if n.startswith("Chart ")]
    assert len(charts) == len(list((demo_reports.folder(yjs) / "charts").glob("*.png")))
    about = " ".join(str(r[0]) for r in book["About"].iter_rows(values_only=True))
    assert "SYNTHETIC DEMO DATA" in about and "[c]" in about
    rows = list(book["All figures"].iter_rows(values_only=True))
    header = list(rows[1])
    figure, count = header.index("Figure"), header.index("Count")
    hidden = [r for r in rows[2:] if r[figure] == "[c]"]
    assert hidden, "the demo's own records have hidden figures"
    assert all(r[count] is None for r in hidden)
    sources = {r[header.index("Source")] for r in rows[2:]}
    assert not any("/" in str(s) or "\\" in str(s) for s in sources)


def _own_workbook_rows(demo_reports, yjs) -> list[dict]:
    """The service's own rows of the workbook's "All figures" sheet, by column name."""
    book = openpyxl.load_workbook(demo_reports.folder(yjs) / "figures.xlsx", read_only=True)
    rows = list(book["All figures"].iter_rows(values_only=True))
    header = list(rows[1])
    return [dict(zip(header, r, strict=True)) for r in rows[2:] if r[0] == yjs]


def _true_counts(demo_reports, yjs, indicator, field) -> dict[str, float]:
    """The true count of one indicator's total by period, as the build made it (the analyst's)."""
    table = pd.read_parquet(demo_reports.processed / "indicators.parquet")
    rows = table[
        table["area"].eq(yjs)
        & table["own_records"]
        & table["indicator"].eq(indicator)
        & table["breakdown"].eq("total")
    ]
    return dict(zip(rows["period"], rows[field].astype(float), strict=True))


CUSTODY = "Custodial sentences per"
CUSTODY_SHARES = "Share of children sentenced to custody who are in each group"


@pytest.mark.parametrize("yjs", SERVICES)
def test_a_hidden_custody_count_is_not_the_out_of_of_its_ethnic_groups_shares(demo_reports, yjs):
    """A reader who takes the custody shares' "out of" for the hidden custody count is wrong.

    Failed before (an eleventh reading): Southampton's custodial sentences of the 12 months to
    September 2024 were [c], while the shares of children sentenced to custody by ethnic group
    printed "0 of 8" for the same months; wherever both were printed the two counts were equal,
    so a reader took 8 as the hidden figure (and, beside the 11 of the 12 months to June 2024,
    a difference of 3 between two quarters). Children sentenced to custody and their custodial
    sentences are now one count where they are equal (``relations.WITHIN``), hidden together.
    The claim checked, for both services: beside a hidden custody count, no "out of" of the
    shares is that count (where the two differ the shares may be printed, and a reader who
    takes them for one count is wrong; the control protects the rest between them); and
    wherever both are printed, the children are no more than the custodial sentences (Newport's
    8 children beside 7 sentences in Jul 2022 - Jun 2023 was a stage counting children 18 at
    the first hearing).
    """
    own = _own_workbook_rows(demo_reports, yjs)
    truth = _true_counts(demo_reports, yjs, "custody_rate", "numerator")
    custody = {r["Period"]: r for r in own if str(r["Measure"]).startswith(CUSTODY)}
    hidden = {period for period, r in custody.items() if r["Figure"] == "[c]"}
    assert hidden, "the demo hides a custody count"
    printed = [
        (r["Period"], r["Out of"]) for r in own if r["Measure"] == CUSTODY_SHARES and r["Out of"]
    ]
    assert printed, "the demo prints the custody shares"
    given = [(p, n) for p, n in printed if p in hidden and n == truth[p]]
    assert not given, given
    more = [(p, n) for p, n in printed if p in custody and p not in hidden
            and n > custody[p]["Count"]]  # fmt: skip
    assert not more, more


def _names_of(indicator: str, field: str) -> list[tuple[str, str]]:
    """A count and the other names it is printed under (``relations.SAME``)."""
    from yjanalysis.methods.disclosure import relations

    names = [(indicator, field)]
    for same in relations.SAME:
        if same.other_group is None and (same.other, same.other_field) == (indicator, field):
            names.append((same.indicator, same.field))
        if same.other_group is None and (same.indicator, same.field) == (indicator, field):
            names.append((same.other, same.other_field))
    return names


@pytest.mark.parametrize("yjs", SERVICES)
def test_no_count_the_report_hides_is_printed_as_a_count_nested_with_it(demo_reports, yjs):
    """Every report figure: a hidden count is not printed under the name of its equal.

    The hostile reader of finding 2 (reading 11): counts a reader sees equal wherever both are
    printed (children sentenced to custody and custodial sentences; children remanded and
    remand episodes; reoffenders and reoffences; a KPI cascade) are taken for one count, so a
    hidden one is read from the other. The claim, on every figure the report could show
    (``own-figures.csv``, which the workbook and pages print from, as the test below checks):
    for each pair written "is within, or the same as" in ``relations.WITHIN`` (with the other
    names ``relations.SAME`` gives each count), in each period and group, where the larger
    count is hidden (its figure rests on it alone: a count, or a rate per head, so it is that
    count that is hidden) and the smaller is printed, the two differ. (Where a figure with two
    counts is hidden, the page does not say which count is hidden; the control's audit, with
    the same relation, covers those.)

    Failed before (on the demo as published from main): Southampton's custodial sentences
    hidden for Oct 2023 - Sep 2024 beside the shares' "out of" of 8, the same count; its remand
    episodes hidden beside the 8 children remanded, the same count, in several periods.
    """
    from yjanalysis.methods.disclosure import relations

    figures = pd.read_csv(demo_reports.folder(yjs) / "own-figures.csv")
    table = pd.read_parquet(demo_reports.processed / "indicators.parquet")
    key = ["indicator", "period", "breakdown", "group"]
    truth = table[table["area"].eq(yjs) & table["own_records"]].set_index(key).sort_index()
    shown = figures[figures["shown"].astype(str).eq("True")].set_index(key)

    def printed(names, period, groups) -> bool:
        for indicator, field in names:
            for breakdown, group in groups:
                at = (indicator, period, breakdown, group)
                if at in shown.index and pd.notna(shown.loc[[at], field]).any():
                    return True
        return False

    def sole_count(indicator, period, breakdown, group, field) -> float | None:
        """The row's count, if the row carries no other (else None)."""
        at = (indicator, period, breakdown, group)
        if at not in truth.index:
            return None
        row = truth.loc[[at]].iloc[0]
        other = "denominator" if field == "numerator" else "numerator"
        if relations.is_count(indicator, other) and pd.notna(row[other]):
            return None
        return 0.0 if pd.isna(row[field]) else float(row[field])

    checked, given = 0, []
    for within in (w for w in relations.WITHIN if w.same_when_complete):
        parts = _names_of(within.part, within.part_field)
        rows = truth.loc[truth.index.get_level_values("indicator") == within.part]
        for _, period, breakdown, group in rows.index:
            whole_at = (breakdown, group)
            if within.part_field == "denominator":  # a stage's "out of": the whole's total
                whole_at = ("total", "all")
            whole = sole_count(within.whole, period, *whole_at, within.whole_field)
            wholes = _names_of(within.whole, within.whole_field)
            if not whole or printed(wholes, period, [whole_at]):
                continue  # zero (a zero discloses no child), or printed, or two counts
            checked += 1
            part_at = [(breakdown, group)]
            if within.part_field == "denominator":  # printed on any row of the stage
                part_at = list(rows.loc[(within.part, period)].index)
            for indicator, field in parts:
                for b, g in part_at:
                    at = (indicator, period, b, g)
                    if at in shown.index and (shown.loc[[at], field] == whole).any():
                        given.append((indicator, field, within.whole, period, b, g, whole))
    assert checked, "the demo hides such a count"
    assert not given, given


@pytest.mark.parametrize("yjs", SERVICES)
def test_the_workbook_says_remand_then_custody_counts_remands_ended_not_children_remanded(
    demo_reports, yjs
):
    """Remand then custody is not the children remanded in its period: the workbook says so.

    Southampton's workbook printed "5 of 5" children remanded to youth detention then sentenced
    to custody in 2022, beside a hidden count of children remanded in 2022, and said only how a
    sentence was matched to a remand; a reader took the 5 for the children remanded. The two
    are other sets (docs/extract.md): children whose remand to youth detention accommodation
    ended in the period, and children with a remand of either kind starting in it. Neither
    holds the other (a remand begun the year before and ended in it; one to local authority
    accommodation), so no relation ties them; the row now says what it counts. Failed before:
    "How it was made" named only the remand's start and three months after its end.
    """
    rows = [r for r in _own_workbook_rows(demo_reports, yjs)
            if str(r["Measure"]).startswith("Children remanded to youth detention who")]  # fmt: skip
    assert rows, "the demo's workbook prints remand then custody"
    for row in rows:
        assert "remand to youth detention accommodation ended in the period (not those " \
               "remanded in it)" in str(row["How it was made"]), row  # fmt: skip
    table = pd.read_parquet(demo_reports.processed / "indicators.parquet")
    own = table[table["area"].eq(yjs) & table["own_records"] & table["breakdown"].eq("total")]
    ended = own[own["indicator"].eq("remand_to_custody")].set_index("period")["denominator"]
    started = own[own["indicator"].eq("children_remanded")].set_index("period")["numerator"]
    both = ended.index.intersection(started.index)
    # Neither within the other: in some period each is the larger (on the demo's records).
    assert (ended[both] > started[both]).any() and (ended[both] < started[both]).any()


#: KPIs whose denominators count one cohort where each field is recorded (docs/extract.md).
ONE_COHORT = (
    ("kpi_accommodation_suitable", "kpi_mental_health_need", "kpi_substance_need",
     "kpi_wider_services"),
    ("kpi_send_suitable_ete", "kpi_send_learning_plan"),
)  # fmt: skip


@pytest.mark.parametrize("yjs", SERVICES)
def test_a_reader_who_takes_one_cohort_for_one_count_narrows_no_hidden_figure(demo_reports, yjs):
    """A reader of every published report, linking the KPIs of one cohort, narrows nothing.

    Four KPIs count the children whose order ended in the period (suitable accommodation,
    mental health need, substance misuse need, wider services), and the two SEND KPIs one
    denominator: a reader who sees them equal wherever they are printed takes a hidden one for
    a printed other. The reader here holds every report of the service published so far (its
    ``own-figures.csv``, which its pages and workbook print from), knows the published
    statistics and every relation of the model, and adds by hand the links of one cohort
    (where the counts agree, as a reader who guesses right). No count the reports hide, and no
    count a reader derives, may then be narrowed against the rule.

    Failed before: Newport's and Southampton's reports hid a KPI's denominator beside the same
    count printed under another KPI of the cohort (Newport's suitable accommodation of 2022-23
    among them), which the reader pinned: 15 and 12 such denominators. The model now makes them
    one count, printed (the control then hides seven more of Newport's KPI figures).
    """
    from yjanalysis.methods.disclosure import attack, relations

    key = ["indicator", "period", "breakdown", "group"]
    table = pd.read_parquet(demo_reports.processed / "indicators.parquet")
    rows = table[table["area"].eq(yjs) & table["own_records"]]
    others = table[table["area"].eq(yjs) & ~disclosure.is_controlled(table)]
    shown: set[tuple] = set()
    for period in ("2024-09", "2024-12"):
        folder = demo_reports.out / yjs.lower() / period
        if (folder / context.OWN_FIGURES).exists():
            record = pd.read_csv(folder / context.OWN_FIGURES, dtype=str, keep_default_na=False)
            shown |= set(map(tuple, record.loc[record["shown"].eq("True"), key].to_numpy()))
    model = relations.build(rows, others)
    printed = np.zeros(model.quantities, dtype=bool)
    for (row, _), var in model.cells.items():
        printed[var] |= tuple(rows.loc[row, key].astype(str)) in shown
    linked = 0
    for cohort in ONE_COHORT:
        at = rows[rows["indicator"].isin(cohort) & rows["breakdown"].eq("total")]
        for _, same_period in at.groupby("period"):
            cells = [model.cells[(i, "denominator")] for i in same_period.index]
            for other in cells[1:]:
                if model.values[other] != model.values[cells[0]]:
                    continue
                linked += 1
                if other != cells[0]:  # the model has not made them one count already
                    model.relations.append(
                        relations.Relation({other: 1, cells[0]: -1}, 0, 0, "one cohort")
                    )
    assert linked, "the demo has KPIs of one cohort with equal counts"
    narrowed = [
        model.describe(var)
        for var, found in attack.ranges(model, ~printed, 5).items()
        if not found.safe
    ]
    assert not narrowed, narrowed


@pytest.mark.parametrize("yjs", SERVICES)
def test_every_own_figure_the_workbook_shows_is_one_the_control_let_the_report_show(
    demo_reports, yjs
):
    # The workbook and the charts' rows in it are published files: every figure from the
    # service's own records on any sheet is one the report's record (own-figures.csv, what the
    # next quarter's control reads) says was shown, with the same counts, or is [c] there too;
    # and no interval made from each child's own value is shown (it tells how reoffences are
    # spread among the children: tests/test_disclosure_attacks.py).
    folder = demo_reports.folder(yjs)
    # As written: a group named "None" (no ETE) is a group, not a missing value.
    record = pd.read_csv(folder / context.OWN_FIGURES, dtype=str, keep_default_na=False)
    record["shown"] = record["shown"].eq("True")
    for column in ("numerator", "denominator"):
        record[column] = pd.to_numeric(record[column], errors="coerce")
    titles = catalogue()["title"]
    record["title"] = record["indicator"].map(titles).fillna(record["indicator"])
    spread = {titles[i] for i in catalogue().index
              if catalogue().loc[i, "interval_method"] in disclosure.SPREAD_METHODS}  # fmt: skip
    known = {(r.title, r.period, r.breakdown, r.group): r for r in record.itertuples()}
    book = openpyxl.load_workbook(folder / "figures.xlsx", read_only=True)
    # The workbook names breakdowns and groups in words ("Total", "All"), the record in codes.
    from yjanalysis.report.paper import workbook

    codes = {words: code for code, words in workbook.BREAKDOWNS.items()}
    groups = {words: code for code, words in workbook.GROUPS.items()}
    own = 0
    for name in book.sheetnames[2:]:  # after the headline figures (no source column) and About
        rows = list(book[name].iter_rows(values_only=True))
        header = list(rows[1])
        for values in rows[2:]:
            row = dict(zip(header, values, strict=False))
            if row.get("Source") != "the service's own case-level records":
                continue
            own += 1
            group = groups.get(str(row["Group"]), str(row["Group"]))
            key = (row["Measure"], row["Period"], codes.get(row["Breakdown"]), group)
            if str(row["Measure"]).startswith("Relative rate index, "):
                # An index the chart draws, from the group's shown figures: no count of its
                # own, and the group's figures at a stage in that period were shown.
                from yjanalysis.methods import benchmark

                assert row["Count"] is None and row["Out of"] is None, (name, key)
                stage = str(row["Measure"]).removeprefix("Relative rate index, ").rsplit(" (")[0]
                indicator = {label: i for i, label in benchmark.STAGES}[stage]
                kept = known[(titles[indicator], *key[1:])]
                assert kept.shown, (name, key)
                continue
            assert key in known, (name, key)
            kept = known[key]
            if row["Figure"] == "[c]":
                assert not kept.shown and row["Count"] is None, (name, key)
                continue
            assert kept.shown, (name, key)
            for column, count in (("Count", kept.numerator), ("Out of", kept.denominator)):
                if row[column] is not None:
                    assert float(row[column]) == count, (name, key, column)
            if row["Measure"] in spread:
                assert row["95% interval from"] is None, (name, key)
    assert own > 100


@pytest.mark.parametrize("yjs", SERVICES)
def test_the_word_paper_carries_the_banner_footer_and_alt_text(demo_reports, yjs):
    path = demo_reports.folder(yjs) / "paper.docx"
    document = docx.Document(str(path))
    header = document.sections[0].header.paragraphs[0].text
    assert header.startswith("Synthetic demo data")
    footer = zipfile.ZipFile(path).read("word/footer1.xml").decode()
    assert "NUMPAGES" in footer and f"{yjs} Youth Justice Service" in footer
    described = re.findall(
        r'descr="([^"]*)"', zipfile.ZipFile(path).read("word/document.xml").decode()
    )
    assert described and all(len(d) > 20 for d in described)
    assert _word_text(path).startswith("Synthetic demo data: every figure in this paper")


def _word_order(path) -> list[tuple[str, str]]:
    """The Word paper's headings, tables and charts in order: (kind, words or picture hash)."""
    import hashlib

    from docx.oxml.ns import qn
    from docx.table import Table as WordTable
    from docx.text.paragraph import Paragraph as WordParagraph

    document = docx.Document(str(path))
    found = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:tbl"):
            table = WordTable(element, document)
            found.append(("table", " ".join(c.text for c in table.rows[0].cells)))
        elif element.tag == qn("w:p"):
            paragraph = WordParagraph(element, document)
            pictures = element.findall(f".//{qn('a:blip')}")
            if pictures:
                blob = document.part.related_parts[pictures[0].get(qn("r:embed"))].blob
                found.append(("chart", hashlib.sha256(blob).hexdigest()))
            elif paragraph.style.name.startswith("Heading") or paragraph.style.name == "Title":
                found.append(("heading", paragraph.text))
    return found


@pytest.mark.parametrize("yjs", SERVICES)
def test_the_word_paper_has_the_pdfs_headings_tables_and_charts_in_order(demo_reports, yjs):
    """Word and PDF say the same things in the same order: each heading of the Word file is in
    the PDF's text, in order; each picture is the chart file of the same number beside them;
    each table has its header row repeated on every page it runs onto."""
    import hashlib
    import shutil
    import subprocess

    folder = demo_reports.folder(yjs)
    order = _word_order(folder / "paper.docx")
    charts = sorted((folder / "charts").glob("chart-*.png"))
    pictures = [h for kind, h in order if kind == "chart"]
    assert pictures == [hashlib.sha256(p.read_bytes()).hexdigest() for p in charts]
    assert sum(kind == "table" for kind, _ in order) >= 2
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler) is not installed: the PDF's text cannot be read")
    text = subprocess.run([tool, str(folder / "paper.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    flat, at = re.sub(r"\s+", " ", text), 0
    for kind, words in order:
        if kind == "heading":
            found = flat.find(re.sub(r"\s+", " ", words), at)
            assert found >= 0, (words, flat[at : at + 200])
            at = found
    body = zipfile.ZipFile(folder / "paper.docx").read("word/document.xml").decode()
    assert body.count("<w:tblHeader") == sum(kind == "table" for kind, _ in order) - 1  # cover


@pytest.mark.parametrize("yjs", SERVICES)
def test_the_word_paper_numbers_each_list_from_one_as_the_pdf_does(demo_reports, yjs):
    """Failed before: Word's numbered lists shared one numbering, so the changes since the
    last report were numbered 5 to 7 and the asks of the board 8 to 10."""
    from docx.oxml.ns import qn

    document = docx.Document(str(demo_reports.folder(yjs) / "paper.docx"))
    lists: list[list[str | None]] = []
    previous = None
    for paragraph in document.paragraphs:
        if paragraph.style.name == "List Number":
            number = paragraph._p.find(f".//{qn('w:numId')}")
            if previous != "List Number":
                lists.append([])
            lists[-1].append(None if number is None else number.get(qn("w:val")))
        previous = paragraph.style.name
    assert len(lists) >= 2
    ids = [items[0] for items in lists]
    assert all(len(set(items)) == 1 for items in lists) and len(set(ids)) == len(ids), lists
    numbering = document.part.numbering_part.element
    for number in ids:
        (num,) = [n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == number]
        start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        assert start is not None and start.get(qn("w:val")) == "1", number


def test_commentary_is_read_back_with_its_emphasis_and_safe_links():
    safe = (
        '<p>We <strong>will</strong> act.</p><ul><li>One <a href="https://example.org">link</a>'
        '</li></ul><figure><svg><text>drawn</text></svg></figure><p class="yj-note">n</p>'
    )
    found = markup.blocks_of(safe)
    assert [type(b).__name__ for b in found] == ["Paragraph", "Items", "Paragraph"]
    assert found[0].runs[1].bold and found[1].items[0][1].href == "https://example.org"
    assert found[2].style == "note"  # a figure with no chart drawn for it leaves nothing


def test_the_paper_of_a_report_can_be_written_from_a_notebook(demo_dir, demo_build, tmp_path):
    from yjanalysis.report import paper

    ctx = context.load("Newport", "2024-12", raw=demo_dir, processed=demo_build.processed)
    written = paper.write(ctx, tmp_path / "paper")
    assert sorted(written) == ["charts", "docx", "pdf", "xlsx"]
    again = paper.write(ctx, tmp_path / "again")
    for kind in ("pdf", "docx", "xlsx"):  # the same bytes for the same report
        assert written[kind].read_bytes() == again[kind].read_bytes(), kind


@pytest.mark.parametrize("yjs", SERVICES)
def test_the_headline_table_has_a_key_and_no_analysts_tally(demo_reports, yjs):
    """A board member found the table's symbols unexplained and a "Judged" column counting
    tests a column the paper had dropped. Failed before."""
    document = docx.Document(str(demo_reports.folder(yjs) / "paper.docx"))
    (header,) = [
        [cell.text for cell in table.rows[0].cells]
        for table in document.tables
        if table.rows[0].cells[0].text == "Indicator"
    ][:1]
    assert "Judged" not in header and yjs in header
    text = _word_text(demo_reports.folder(yjs) / "paper.docx")
    assert "Key: ✘ worse or ✔ better: the difference from that area's figure is larger than" in text
    assert f"A number in brackets after {yjs}'s figure is the count" in text


def _model(demo_dir, demo_build, yjs="Southampton", **settings):
    """The board paper of a demo report as a document model (settings changed as asked)."""
    import dataclasses

    ctx = context.load(yjs, "2024-12", raw=demo_dir, processed=demo_build.processed)
    if settings:
        ctx.settings = dataclasses.replace(ctx.settings, **settings)
    return contents.board_paper(ctx)


def _headings(paper) -> list[str]:
    from yjanalysis.report.paper.document import Heading

    return [b.text for b in paper.blocks if isinstance(b, Heading)]


def test_the_paper_has_a_council_committee_papers_frame(demo_dir, demo_build):
    """Recommendations, reasons, alternative options, the service's own account, the
    implications, key decision, wards, impact assessments and background papers, from the
    service's commentary files, in a committee paper's order. Failed before: none of the seed
    paper's frame was there. Restated (an eleventh reading: the verdicts and asks come before
    "How to read this paper", and the service's account is a part of the inspection section):
    the same frame, in that order."""
    from yjanalysis.inputs.report_settings import FRAME

    headings = _headings(_model(demo_dir, demo_build))
    order = [
        "What the service asks of the Children and Learning Scrutiny Panel (demo)",
        FRAME["reasons"],
        FRAME["alternative_options"],
        "How to read this paper",
        "Reoffending",
        "Inspection",
        FRAME["service_account"],
        "Implications",
        FRAME["resource_implications"],
        FRAME["legal_implications"],
        FRAME["risk_implications"],
        FRAME["policy_implications"],
        FRAME["key_decision"],
        FRAME["wards_affected"],
        FRAME["impact_assessments"],
        FRAME["background_papers"],
    ]
    assert all(h in headings for h in order), [h for h in order if h not in headings]
    at = [headings.index(h) for h in order]
    assert at == sorted(at)


def test_a_part_of_the_frame_the_service_has_not_written_is_left_out(demo_dir, demo_build):
    """No empty heading and no placeholder for a part the service has not written."""
    from yjanalysis.inputs import report_settings

    ctx = context.load("Southampton", "2024-12", raw=demo_dir, processed=demo_build.processed)
    left = {"reasons", *contents.IMPLICATIONS}
    kept = {k: v for k, v in ctx.settings.commentary.items() if k not in left}
    headings = _headings(_model(demo_dir, demo_build, commentary=kept))
    for name in left:
        assert report_settings.FRAME[name] not in headings, name
    assert "Implications" not in headings
    assert report_settings.FRAME["key_decision"] in headings
    cardiff = _headings(_model(demo_dir, demo_build, "Cardiff"))  # no settings at all
    assert not set(report_settings.FRAME.values()) & set(cardiff)


def test_implications_with_nothing_to_report_are_listed_in_one_line(demo_dir, demo_build):
    """A kind of implication the service wrote nothing for, or "None", as the guidance asks,
    is named in one line, not given a heading over nothing. Failed before: "Resource
    implications" headed "None.", and a kind not written was left out without a word."""
    import dataclasses

    from yjanalysis.inputs import report_settings
    from yjanalysis.report.paper.document import Heading, Paragraph

    ctx = context.load("Southampton", "2024-12", raw=demo_dir, processed=demo_build.processed)
    kept = dict(ctx.settings.commentary)
    del kept["legal_implications"]
    kept["resource_implications"] = dataclasses.replace(
        kept["resource_implications"], text="None.\n"
    )
    paper = _model(demo_dir, demo_build, commentary=kept)
    headings = _headings(paper)
    frame = report_settings.FRAME
    assert frame["resource_implications"] not in headings
    assert frame["legal_implications"] not in headings
    assert frame["risk_implications"] in headings and frame["policy_implications"] in headings
    start = next(i for i, b in enumerate(paper.blocks) if getattr(b, "text", "") == "Implications")
    end = next(
        i
        for i, b in enumerate(paper.blocks)
        if isinstance(b, Heading) and b.text == frame["key_decision"]
    )
    lines = [b.text for b in paper.blocks[start:end] if isinstance(b, Paragraph)]
    assert "No resource or legal implications to report." in lines, lines
    # Every kind written: no such line.
    whole = [b.text for b in _model(demo_dir, demo_build).blocks if isinstance(b, Paragraph)]
    assert not [t for t in whole if t.endswith("implications to report.")]


@pytest.mark.parametrize("yjs", SERVICES)
def test_the_paper_says_no_sentence_of_ten_words_twice(demo_reports, yjs):
    """The method once, and each sentence once where its figure is. Failed before: "chance"
    55 times, and "Among all 155 services, allowing for how much services normally differ,
    Southampton's figure is not unusual ..." on three pages, twice on one."""
    from collections import Counter

    from yjanalysis.report.paper.document import sentences

    said: Counter[str] = Counter()
    for paragraph in _word_text(demo_reports.folder(yjs) / "paper.docx").splitlines():
        for sentence in sentences(paragraph):
            sentence = re.sub(r"\s+", " ", sentence).strip()
            # Every chart names its sources under it (house rule), the same for like charts.
            if len(sentence.split()) >= 10 and not sentence.startswith("Source:"):
                said[sentence] += 1
    assert not [s for s, n in said.items() if n > 1], [s for s, n in said.items() if n > 1]


def test_the_paper_names_the_board_once_as_the_settings_name_it(demo_dir, demo_build):
    """Failed before: "For the management board." beneath "Report to: Children and Learning
    Scrutiny Panel"."""
    from yjanalysis.report.paper.document import _block_text

    text = " ".join(_block_text(b) for b in _model(demo_dir, demo_build).blocks)
    assert "management board" not in text
    assert "Children and Learning Scrutiny Panel (demo)" in text


def test_a_figure_the_front_page_gives_since_the_last_report_is_in_its_section(
    demo_dir, demo_build
):
    """Failed before: first time entrants of 233 (now 235) per 100,000 in the 12 months to September
    2024 were on the front page only."""
    from yjanalysis.report.paper.document import Heading, Items, _block_text

    paper = _model(demo_dir, demo_build)
    blocks = paper.blocks
    start = next(
        i for i, b in enumerate(blocks) if isinstance(b, Heading) and "since the last" in b.text
    )
    changes = next(b for b in blocks[start:] if isinstance(b, Items))
    first_section = next(
        i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "Reoffending"
    )
    paragraphs = [_block_text(b) for b in blocks[first_section:]]
    # "up from A to B" where the change is tested; "B, against A" where it is not (the
    # periods overlap), as the section claims no rise or fall.
    earlier = [
        # (the items' shared source is said once above them, so an item can end at its figure)
        re.search(
            r"(?: from (.+?) to [0-9]|, against (.+?)(?: \(|\.$))", "".join(r.text for r in item)
        )
        for item in changes.items
    ]
    earlier = [found.group(1) or found.group(2) for found in earlier]
    assert any("235 per 100,000" in e for e in earlier)  # on the mid-2023 population
    for figure in earlier:  # the value and its period, in one paragraph of a section
        value, period = figure.split(" in the ")
        assert any(value in p and period in p for p in paragraphs), figure


def test_the_demo_asks_agree_with_a_quarterly_report_and_nest_no_brackets(demo_dir, demo_build):
    """Failed before: "a performance report each year" in a quarterly report, and "(see
    custodial sentences (the custody and remand section of this paper))"."""
    from yjanalysis.report.paper.document import Items, Paragraph, _block_text

    paper = _model(demo_dir, demo_build)
    service = " ".join(
        _block_text(b)
        for b in paper.blocks
        if isinstance(b, Paragraph | Items) and b.style == "service"
    )
    assert "each year" not in service and "each quarter" in service
    assert not re.search(r"\([^()]*\([^()]*\)[^()]*\)", service)


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("https://evil.example/x","White")', "+1+2", "-3+4", "@SUM(A1)", "\tx"]
)
def test_a_workbook_cell_that_reads_as_a_formula_is_written_as_text(tmp_path, text):
    from yjanalysis.report.paper import workbook

    book = openpyxl.Workbook()
    frame = pd.DataFrame({"group": [text], "value": [1.5]})
    workbook._sheet(book, "Figures", frame, text)
    book.save(tmp_path / "f.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx")["Figures"]
    for cell in (sheet["A1"], sheet["A3"]):
        assert cell.data_type == "s" and cell.value == text and cell.quotePrefix
    assert sheet["B3"].value == 1.5


# ---------------------------------------------------------------------------------------------
# The family and the gaps (issue 26)


@pytest.fixture(scope="module")
def models(demo_dir, demo_build):
    """The board papers of Southampton and Newport as document models, made once."""
    return {yjs: _model(demo_dir, demo_build, yjs) for yjs in SERVICES}


def _section_blocks(paper, title: str) -> list:
    """The blocks of one section of a paper model: from its heading to the next section's."""
    from yjanalysis.report.paper.document import Heading

    blocks = paper.blocks
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == title)
    end = next(
        (i for i, b in enumerate(blocks[start + 1 :], start + 1)
         if isinstance(b, Heading) and b.level <= 2),
        len(blocks),
    )  # fmt: skip
    return blocks[start:end]


def test_a_family_the_tool_computed_is_left_out_of_the_paper(models, demo_dir, demo_build):
    """Newport's YJB family was not among the demo's inputs; the tool's group of services
    nearest it stood in the paper as a benchmark. The paper says once, plainly, that the YJB
    family is not among the inputs and whom it compares with instead; no table column,
    sentence, chart or verdict sets the service against the computed group. Failed before: a
    "Family (10 services, counts added together)" column, "Against the family", "its
    family's average (155)" and a "Newport family" bar. Restated (issue 26, Newport's family):
    the demo now gives Newport its YJB family, so the claim is checked on Portsmouth, whose
    family the build computes, as for a real service no families file lists. Failed before
    on it: its sections still said "It ranks 9th of 10 in its family" (Newport, unranked in
    its mostly English computed family, had hidden that). Restated (a ninth reading: "not
    among the inputs" is the tool's word): the same claims, in the words a member reads."""
    from yjanalysis.report.paper.document import Chart, Table, _block_text

    paper = _model(demo_dir, demo_build, "Portsmouth")
    text = " ".join(_block_text(b) for b in paper.blocks)
    said = re.search(
        r"Portsmouth's YJB family's figures are not available to this report, so this paper "
        r"compares it with "
        r"[^.]+\. The report's web pages also set it beside a group of similar services this "
        r"tool chose, which is not an official benchmark\.",
        text,
    )
    assert said, text[:2000]
    assert text.count(said.group(0)) == 1
    # Nothing else of the paper names a family ("every child and family" is not one).
    rest = text.replace(said.group(0), "").replace("every child and family", "")
    assert "family" not in rest.lower() and "neighbours" not in rest, re.findall(
        r".{80}family.{80}", rest, flags=re.I
    )
    for table in (b for b in paper.blocks if isinstance(b, Table)):
        assert not [c for c in table.frame.columns if "amily" in str(c)], table.caption
    for chart in (b for b in paper.blocks if isinstance(b, Chart)):
        assert "family" not in f"{chart.title} {chart.alt} {chart.source}".lower(), chart.title
        if chart.data is not None and "area_type" in chart.data:
            assert "family" not in set(chart.data["area_type"]), chart.title
    # A YJB family stays: Southampton's paper compares with it, column and all.
    southampton = models["Southampton"]
    table = next(b for b in southampton.blocks if isinstance(b, Table))
    assert "Against the family" in table.frame.columns
    assert "than its YJB family" in " ".join(_block_text(b) for b in southampton.blocks)


def test_a_welsh_services_paper_compares_it_with_its_yjb_family(models, demo_reports):
    """A Newport councillor read a paper that set Newport beside no other Welsh service and no
    family ("Newport's YJB family is not among the inputs"), and a workbook with a family
    column the paper disowned. The demo now gives every Welsh service its YJB family, so
    Newport's paper compares with it as Southampton's does: the headline table's family
    column and verdicts, its YJB family average in the sentences, its place in the family,
    and the workbook's family column. Failed before: none of them; the paper said its YJB
    family is not among the inputs."""
    from yjanalysis.report.paper.document import Table, _block_text

    paper = models["Newport"]
    text = " ".join(_block_text(b) for b in paper.blocks)
    assert "YJB family is not among the inputs" not in text
    assert "YJB family's figures are not available" not in text
    table = next(b for b in paper.blocks if isinstance(b, Table))
    assert "Against the family" in table.frame.columns
    assert "from its YJB family (" in text or "than its YJB family" in text
    assert re.search(r"ranks \d+\w\w of \d+ \(it and the \d+ of its family", text), re.findall(
        r".{60}in its family.{60}", text
    )
    book = openpyxl.load_workbook(demo_reports.folder("Newport") / "figures.xlsx", read_only=True)
    header = list(book["Headline figures"].iter_rows(values_only=True))[1]
    assert [c for c in header if str(c).startswith("Family")], header
    assert "Against the family" in header


def test_a_welsh_services_paper_says_no_published_first_time_entrants_are_among_its_inputs(
    models,
):
    """Newport's first time entrants (251 against Wales's 155, "could be chance or how the two
    sources count") came from its own records, with no word why: the Department for
    Education's figures for local authorities (LAIT) cover English ones only, and no real
    public file the project reads gives first time entrants for Welsh services. The paper now
    says so plainly where it first names the measure. Failed before: nothing said that no
    published figure for Newport was among the inputs. Restated (an eleventh reading: the
    sections leave the allowance's arithmetic to the pages): said before the verdict."""
    from yjanalysis.report.paper.document import _block_text

    text = " ".join(_block_text(b) for b in models["Newport"].blocks)
    said = (
        "No published figure of first time entrants for Newport is available to this report: "
        "the Department for Education's figures for local authorities cover English ones only, "
        "and the Ministry of Justice's figures for Welsh services are not available to it."
    )
    assert text.count(said) == 1
    assert text.index(said) < text.index("It is higher than Wales (155)")
    southampton = " ".join(_block_text(b) for b in models["Southampton"].blocks)
    assert "No published figure of" not in southampton


def test_a_gap_within_definitions_is_worked_out_from_the_printed_figures():
    """The verdict first, then the service's likely range as printed and each gap worked out
    from the printed figures. Failed before: two printed 155s gave "the gaps could be as
    small as 15%, 14% and 2%", worked out from unrounded figures, and no range was printed.
    Restated (a tenth reading): the verdict is "higher ... by more than chance would explain;
    part of the gap may be how the two sources count" (it was "could be chance or the
    difference in definitions"), and each share is said in plain words, "a gap of 15%"."""
    from yjanalysis.report import narrative
    from yjanalysis.vocabulary.catalogue import indicator

    comparison = pd.DataFrame(
        {
            "label": ["its family's average", "Wales", "England and Wales"],
            "comparator_value": [155.4, 154.6, 175.2],
            "lower": [178.3] * 3,
            "upper": [345.1] * 3,
            "difference": ["higher"] * 3,
            "sources": ["part"] * 3,
            "verdict": ["worse"] * 3,
            "tolerance": [0.25] * 3,
            "status": ["computed"] * 3,
            "numerator": [38.0] * 3,
        }
    )
    said = narrative.comparison_sentence(comparison, indicator("fte_rate"))
    verdict, arithmetic, judged = document.sentences(said)[:3]
    assert verdict.endswith(
        "it is higher than its family's average (155), Wales (155) and England and Wales "
        "(175), by more than chance would explain; part of the gap may be how the two sources "
        "count."
    ), verdict
    assert arithmetic == (
        "The service's 95% interval, 178 to 345, starts 23 above 155, a gap of 15%, and 3 "
        "above 175, a gap of 2%: within the 25% of each by which its own records and the "
        "publications can differ."
    ), arithmetic
    assert judged == "For this measure lower is better, so this is worse."


def test_a_gap_in_the_paper_prints_its_likely_range_and_each_figure_once(models):
    """Southampton's reoffending: England and England and Wales both print 33.0%; their gaps
    were "12% and 11%". Failed before: no range was printed and the gaps disagreed. Restated
    (a tenth reading): the verdict is higher, part of the gap perhaps the two sources, and
    each share is "a gap of 12%", in plain words. Restated (an eleventh reading: the
    arithmetic's "gap of 10%" read as the 10% allowance, in every section): the paper keeps
    the verdict, each comparator's figure printed once beside it, and leaves the arithmetic
    to the pages (the chart's band and "How to read this paper" carry the allowance)."""
    from yjanalysis.report.paper.document import _block_text

    section = " ".join(
        _block_text(b) for b in _section_blocks(models["Southampton"], "Reoffending")
    )
    found = re.search(
        r"It is higher than ([^.]*(?:\.\d[^.]*)*), by more than chance would explain; part of "
        r"the gap may be how the two sources count\.",
        section,
    )
    assert found, section[:2000]
    figures = re.findall(r"\(([\d.]+%)\)", found.group(1))
    assert len(figures) >= 3, found.group(0)
    assert section.count("(33.6%)") == 1, section[:2000]
    assert "a gap of" not in section and "by which its own records" not in section


@pytest.mark.parametrize("yjs", SERVICES)
def test_reoffences_per_reoffender_is_defined_where_the_paper_first_uses_it(models, yjs):
    """Failed before: "reoffences per reoffender was 2.44" with no word of what it divides."""
    from yjanalysis.report.paper.document import _block_text

    texts = [_block_text(b) for b in models[yjs].blocks]
    first = next(i for i, t in enumerate(texts) if "reoffences per reoffender" in t.lower())
    assert texts[first + 1] == contents.MEASURES["Reoffences per reoffender"]
    assert "per child who reoffended" in texts[first + 1]


@pytest.mark.parametrize("yjs", SERVICES)
def test_education_at_order_end_says_why_no_area_compares_and_draws_five_years(models, yjs):
    """The share of children in suitable education, training or employment at the end of
    their order stood alone: one year, no word of why no other area had a figure. Failed
    before: neither the reason nor a chart over time was in the paper. Restated (a ninth
    reading: "No input gives it" is the tool's word): the reason, in a member's words.
    Restated (the demo gives each service its own data summary, with the region's and the
    nation's figure): the figure is compared with them, and five years are drawn."""
    from yjanalysis.report.paper.document import Chart, Paragraph

    blocks = _section_blocks(models[yjs], "Education, training and employment")
    first = next(b for b in blocks if isinstance(b, Paragraph))
    assert "suitable education, training or employment at the end of their order" in first.text
    assert "No other area's figure is available to this report." not in first.text
    assert "England and Wales (" in first.text, first.text
    charts = [b for b in blocks if isinstance(b, Chart)]
    over_time = max(charts, key=lambda c: c.data.loc[c.data["area"] == yjs, "period"].nunique())
    assert "suitable education, training or employment" in over_time.title
    own = over_time.data[over_time.data["area"] == yjs]
    assert own["period"].nunique() == 5, own["period"].tolist()


def test_the_paper_and_its_workbook_get_one_context_without_the_computed_family(
    demo_dir, demo_build, tmp_path, monkeypatch
):
    """The context without a family this tool computed was made twice, by ``board_paper`` and
    by ``write_workbook``, each from the report's own. ``paper.write`` now makes it once and
    hands the same context to both, so the paper and its workbook compare the same areas.
    Checked on Portsmouth, whose family the demo build computes (no families file lists it,
    as for most real services). Failed before: the workbook was handed the report's context,
    its computed family still among the comparators."""
    from yjanalysis.report import paper as paper_module
    from yjanalysis.report.paper import document

    ctx = context.load("Portsmouth", "2024-12", raw=demo_dir, processed=demo_build.processed)
    assert ctx.family is not None and ctx.family.method != "yjb_family"
    assert "family" in ctx.comparator_types
    handed: dict[str, object] = {}

    def board_paper(given):
        handed["paper"] = given
        return document.Document("A paper")

    def write_workbook(given, paper, target):
        handed["workbook"] = given
        return target

    monkeypatch.setattr(paper_module, "board_paper", board_paper)
    monkeypatch.setattr(paper_module, "write_workbook", write_workbook)
    paper_module.write(ctx, tmp_path)
    assert handed["paper"] is handed["workbook"]
    assert "family" not in handed["workbook"].comparator_types
    assert contents.family_left_out(handed["workbook"])
    # Made once: the context handed on comes back as it is.
    assert contents.without_computed_family(handed["paper"]) is handed["paper"]


@pytest.mark.parametrize("yjs", SERVICES)
@pytest.mark.parametrize(
    ("section", "measure"),
    [
        ("Custody and remand", "Custodial sentences per 1,000 aged 10 to 17"),
        ("Serious youth violence", "Serious violence offences per 10,000 aged 10 to 17"),
    ],
)
def test_the_paper_shows_custody_and_serious_violence_over_time(
    demo_reports, yjs, section, measure
):
    """A ninth reading: the seed's central story, "custodial sentences have been rising since
    2022", could not be seen, for the paper had no trend of custody or of serious youth
    violence. Each section now has the page's chart of rolling years to the report's end. Its
    title's claim is its figures' (from the first to the last, or "some figures hidden" where
    either is hidden), and a hidden figure stays [c], with no count, in the workbook. Failed
    before: neither section had a chart over time."""
    folder = demo_reports.folder(yjs)
    book = openpyxl.load_workbook(folder / "figures.xlsx", read_only=True)
    over_time = r", 12 months to \w+ \d{4} to 12 months to December 2024: "
    found = []
    for name in (n for n in book.sheetnames if n.endswith(section)):
        rows = list(book[name].iter_rows(values_only=True))
        if re.search(over_time, str(rows[0][0])):
            found.append(rows)
    assert len(found) == 1, book.sheetnames
    title, header, *rows = found[0]
    figure, count = header.index("Figure"), header.index("Count")
    own = [r for r in rows if r[0] == yjs and r[1] == measure]
    assert len(own) >= 8, own  # a figure for most quarters of five years
    hidden = [r for r in own if r[figure] == "[c]"]
    assert all(r[count] is None for r in hidden)
    first, last = own[0][figure], own[-1][figure]
    claim = str(title[0]).rpartition(": ")[2]
    if "[c]" in (first, last):
        assert claim == "some figures hidden", (claim, first, last)
    else:
        said = re.fullmatch(r"from ([\d.,]+) to ([\d.,]+)", claim)
        assert said, claim
        assert [float(n.replace(",", "")) for n in said.groups()] == [first, last], claim
    text = re.sub(r"\s+", " ", _word_text(folder / "paper.docx"))
    assert str(title[0]) in text


def test_the_summary_says_which_groups_are_over_represented(demo_reports):
    """A ninth reading: Newport's strongest finding, mixed and Black children's shares of those
    cautioned or sentenced (11.3% each, from the YJB table) against their shares of its
    children (3.2% and 4.4%), sat in the last paragraph of the paper. The summary says it, as
    the front page does. Restated after a tenth reading, which found the shares in the paper's
    summary only and its section showing just the combined groups ("could be chance"): the
    same claim (the summary names each group over-represented beyond chance), the shares now
    given once, in the ethnic disproportionality section the summary points to. Failed before:
    no summary said it; then the section did not."""
    newport = demo_reports.folder("Newport")
    text = re.sub(r"\s+", " ", _word_text(newport / "paper.docx"))
    summary = text.partition(" Summary ")[2].partition(" Better or worse than comparators ")[0]
    said = (
        "Children of mixed ethnicity and Black children are over-represented among those "
        "cautioned or sentenced in the financial year 2023-24, by more than chance would "
        "explain (their shares are in the ethnic disproportionality section)."
    )
    assert said in summary, summary[:2000]
    section = text.rpartition(" Ethnic disproportionality ")[2]
    for shares in (
        "children of mixed ethnicity were 11.3% of those cautioned or sentenced and 3.2% of its "
        "children aged 10 to 17, more than their share, by more than chance would explain",
        "Black children were 11.3% of those cautioned or sentenced and 4.4% of its children",
    ):
        assert shares in section and text.count(shares) == 1, shares
    # The web page's summary keeps the shares: its sections are pages apart.
    assert (
        "Children of mixed ethnicity (11.3% of those cautioned or sentenced, 3.2% of its "
        "children aged 10 to 17) and Black children (11.3%, 4.4%) are over-represented"
    ) in _page_text(newport / "index.html")
    southampton = re.sub(r"\s+", " ", _word_text(demo_reports.folder("Southampton") / "paper.docx"))
    summary = southampton.partition(" Summary ")[2].partition(" Better or worse ")[0]
    assert "Black children are over-represented among those cautioned or sentenced" in summary
    shares = "Black children were 9.6% of those cautioned or sentenced and 3.2% of its children"
    assert southampton.count(shares) == 1
    assert shares in southampton.rpartition(" Ethnic disproportionality ")[2]


def test_months_in_step_with_the_years_either_side_are_left_to_the_pages(demo_reports):
    """A tenth reading: "July to December 2023 counted 1 fewer custodial sentence than the same
    months a year before and 2 more than a year after, in step with the years either side"
    (Southampton's custody and serious violence) meant nothing to a lay reader. The paper says
    the months two overlapping changes share only where they are out of line with the years
    either side (Newport's serious violence: they set the two changes apart); the pages keep
    the in-step sentence. Failed before: Southampton's paper said it twice."""
    from yjanalysis.report.sections.latest import IN_STEP

    southampton = demo_reports.folder("Southampton")
    assert IN_STEP not in re.sub(r"\s+", " ", _word_text(southampton / "paper.docx"))
    pages = " ".join(_page_text(p) for p in sorted(southampton.glob("0*.html")))
    assert f"{IN_STEP}." in pages
    newport = re.sub(r"\s+", " ", _word_text(demo_reports.folder("Newport") / "paper.docx"))
    # The paper keeps the counts and which figure to follow; what the months do to each change
    # is the web page's (a paper within its words).
    assert re.search(r"out of line with the years either side \(7 or more [^()]*\), so the "
                     r"figure to follow is", newport)  # fmt: skip


@pytest.mark.parametrize("yjs", SERVICES)
def test_the_ethnicity_section_says_why_the_groups_together_could_be_chance(demo_reports, yjs):
    """A tenth reading: the section gave ethnic minority children together, "could be chance",
    then Black children (and, for Newport, children of mixed ethnicity) beyond chance, with only
    "Putting the groups together can hide a difference". One line now says why both hold: each
    gap as printed shares give it, the single groups' the larger. Failed before: no such line."""
    text = re.sub(r"\s+", " ", _word_text(demo_reports.folder(yjs) / "paper.docx"))
    section = text.rpartition(" Ethnic disproportionality ")[2]
    found = re.search(
        r"Why the groups together could be chance: set against their share of the children "
        r"aged 10 to 17, their share of those cautioned or sentenced is ([\d.]+) times for "
        r"ethnic minority children together, against (.+?) \(not the relative rate index, [^)]*\); among "
        r"so few children only the bigger gaps are larger than chance would explain\.",
        section,
    )
    assert found, section[:3000]
    together = float(found.group(1))
    singles = [float(t) for t in re.findall(r"([\d.]+) times", found.group(2))]
    assert singles and all(t > together for t in singles), found.group(0)
    # Each gap is worked out from the two shares the section prints.
    share, people = map(float, re.search(
        r"ethnic minority children were ([\d.]+)% of those cautioned or sentenced and ([\d.]+)% "
        r"of its children", section).groups())  # fmt: skip
    assert together == pytest.approx(share / people, abs=0.051)
    for times, who in re.findall(r"([\d.]+) times for (\w+ children|children of mixed ethnicity)",
                                 found.group(2)):  # fmt: skip
        mine, theirs = map(float, re.search(
            rf"{who} were ([\d.]+)% of those cautioned or sentenced and ([\d.]+)% of its",
            section, flags=re.I).groups())  # fmt: skip
        assert float(times) == pytest.approx(mine / theirs, abs=0.051), (who, times)


#: What each section said again of the method, which "How to read this paper" says once.
METHOD_SAID_AGAIN = (
    ", and the difference is larger than chance would explain.",
    "as is every count under 5 and every figure that",
    ", has nothing to compare with yet:",
)


@pytest.mark.parametrize("yjs", SERVICES)
def test_the_method_is_said_once_and_sections_keep_their_verdicts(demo_reports, yjs):
    """A tenth reading found "by more than chance would explain", "A later figure ... has
    nothing to compare with yet", "as is every count under 5 and every figure that ..." and
    the own records' "up to 10% apart" in every section. The paper says each once, in "How to
    read this paper"; the sections keep their verdicts ("It is higher than ..."). Failed before:
    Southampton's paper said "has nothing to compare with yet" four times and "and the
    difference is larger than chance would explain" three. Restated (an eleventh reading put
    the box after the summary): the box is read from its heading to the headline table."""
    text = re.sub(r"\s+", " ", _word_text(demo_reports.folder(yjs) / "paper.docx"))
    box = text.partition(f" {contents.HOW_TO_READ} ")[2].partition(" headline figures against")[0]
    assert contents.SAID_HERE_ONCE in box
    for said in METHOD_SAID_AGAIN:
        assert said not in text, said
    assert "can give figures up to 10% apart" not in text
    # The allowance's reasons are under About the figures (a twelfth reading: the box ran long).
    assert "(25% or 10% of it, shares the report sets, not measured gaps)" in box
    assert "10% where the YJB's copy of the records lacks later corrections" in text
    assert "has nothing to compare with yet" not in text  # said as what it is compared with
    # The verdicts stay: custody's, against every comparator, beyond chance.
    assert re.search(r"Custody and remand In the 12 months to \w+ 2024, \w+'s rate of custodial "
                     r"sentences was [\d.]+ per 1,000 aged 10–17 \(\d+ custodial sentences\)\. "
                     r"It is higher than (?:[^.]|\.\d)*\([\d.]+\)\. ", text)  # fmt: skip


def _headline_rows(folder) -> dict[str, dict[str, str]]:
    """The paper's headline table, row by row (by indicator), each cell by its column."""
    document = docx.Document(str(folder / "paper.docx"))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Indicator")
    header = [cell.text for cell in table.rows[0].cells]
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def test_the_welsh_front_page_says_in_one_sentence_what_is_missing(demo_reports):
    """A tenth reading: the longest sentence of Newport's front page (about 110 words) listed
    the headline figures it has none of and where Wales publishes them, and the asks put
    "to ask officers to add Wales's own sources" to the committee, a request to officers and
    not its decision. The summary says how many in one sentence; the list is under About the
    figures; the asks ask nothing of officers. Failed before: the list was in the summary. Restated (an eleventh reading: post-16 children with no
    education, training or employment at order end are a headline): 9 of the 11. Restated
    (a summary beside a table of 8 rows counted 9): the summary counts the table's rows."""
    text = re.sub(r"\s+", " ", _word_text(demo_reports.folder("Newport") / "paper.docx"))
    summary = text.partition(" Summary ")[2].partition(" Better or worse than comparators ")[0]
    assert (
        "The headline table gives 8 of the 11 headline figures (About the figures, at the end, "
        "says which are left out and why)."
    ) in summary
    assert "StatsWales" not in summary and "Careers Wales" not in summary
    about = text.rpartition(" About the figures ")[2]
    assert "9 of the 11 headline figures exist for Newport: none for Capped 9 (all pupils)" in about
    assert "Careers Wales' pupil destinations survey" in about
    asks = text.partition("The committee is asked:")[2].partition(" Reasons for the ")[0]
    assert asks and "officers" not in asks, asks


def test_a_headline_with_nothing_to_read_it_against_is_left_out_of_the_table(demo_reports):
    """A tenth reading: Newport's Capped 9 for the youth justice cohort, 155.4, stood in the
    headline table with "–" in every comparator's column and no all-pupils figure: it told a
    councillor nothing. The table leaves it out and says so once; its section keeps it.
    Southampton's cohort row stays, beside its all pupils' figure. Failed before. Restated
    (the count beside the table is its rows): the sentence gives how many it shows."""
    newport = demo_reports.folder("Newport")
    rows = _headline_rows(newport)
    assert not [name for name in rows if name.startswith("Capped 9")], list(rows)
    assert "Persistent absence (youth justice cohort)" in rows
    text = re.sub(r"\s+", " ", _word_text(newport / "paper.docx"))
    assert (
        "The headline table gives 8 of them, leaving out Capped 9 (youth justice cohort): no "
        "other area's figure, nor all pupils', is available to read it against; its section "
        "gives it."
    ) in text.rpartition(" About the figures ")[2]
    section = text.partition(" Education, training and employment ")[2]
    assert "was 155.4" in section
    southampton = _headline_rows(demo_reports.folder("Southampton"))
    assert "Attainment 8 (youth justice cohort)" in southampton
    assert "The headline table gives" not in _word_text(
        demo_reports.folder("Southampton") / "paper.docx"
    )


def test_a_welsh_services_family_of_english_members_only_is_not_compared(demo_reports):
    """A tenth reading: Newport's first time entrants were set against "221 (4 services)", its
    family's English members only (the Department for Education's figures cover English
    authorities), with a family verdict and a rank among them. The family is not compared on
    that row, and the front page and the section each say why once. Failed before. Restated
    (an eleventh reading put "How to read this paper", with the family, after the summary):
    the front page's reason is read in that box, before the headline table. Restated (a
    twelfth reading: the box ran to 910 words): the reason is under About the figures, and
    the key to the headline table says so."""
    folder = demo_reports.folder("Newport")
    row = _headline_rows(folder)["First time entrants"]
    family = next(c for c in row if c.startswith("Family ("))
    assert row[family] == "–" and row["Against the family"] == "–", row
    text = re.sub(r"\s+", " ", _word_text(folder / "paper.docx"))
    front = text.partition(f" {contents.HOW_TO_READ} ")[2].partition(" Reoffending ")[0]
    assert contents.FAMILY_GAPS_AT_THE_END in front
    assert (
        'The family\'s figure shows "–" for the rate of first time entrants: its figure would '
        "count only its English members"
    ) in text.partition(" About the figures ")[2]
    section = text.partition(" First time entrants In the ")[2].partition(" Chart ")[0]
    assert (
        "Newport is not compared with its family here: the family's figure would count only its "
        "English members (Dudley, Liverpool, Southampton and Windsor and Maidenhead)"
    ) in section
    assert "It ranks" not in section and "its family (" not in section
    page = _page_text(folder / "03_first_time_entrants.html")
    assert "Newport is not compared with its family here" in page


def test_both_papers_say_the_same_of_the_quarterly_summarys_family_figures(demo_reports):
    """A tenth reading: Newport's paper said the YJB quarterly data summary "gives none for the
    family's members", while Southampton's printed its family figures from it; the YJB writes
    one for each service, with that service's family's figure. Newport's paper says its own
    copy is not among the inputs; Southampton's names it as its family's source. Failed
    before: "gives none for the family's members". Restated (an eleventh reading: "the one
    available to this report is Southampton's" told a committee the report held another
    service's summary): the same claim, in a sentence that names no other service. Failed
    before: it named Southampton's copy."""
    newport = re.sub(r"\s+", " ", _word_text(demo_reports.folder("Newport") / "paper.docx"))
    assert "gives none for the family's members" not in newport
    assert "available to this report is Southampton's" not in newport
    southampton = re.sub(r"\s+", " ", _word_text(demo_reports.folder("Southampton") / "paper.docx"))
    # Restated (the demo gives each service its own data summary): both papers
    # name the summary as their family's source; neither says its own is not available.
    for paper in (newport, southampton):
        assert (
            "the figure the synthetic YJB quarterly data summary gives for reoffending rate, "
            "custodial sentences, serious youth violence and suitable education, training or "
            "employment at order end"
        ) in paper
    assert "Newport's is not available to this report" not in newport


def test_a_welsh_service_is_named_as_it_spells_itself(demo_reports):
    """A tenth reading took "Gwynedd Mon" (the register keeps the spelling its sources use)
    for a misspelling of Gwynedd Môn. A sentence names it Gwynedd Môn. Failed before."""
    folder = demo_reports.folder("Newport")
    for text in (_word_text(folder / "paper.docx"), _page_text(folder / "00_overview.html")):
        text = re.sub(r"\s+", " ", text)
        assert "Flintshire, Gwynedd Môn, Liverpool" in text
        assert "Gwynedd Mon," not in text
