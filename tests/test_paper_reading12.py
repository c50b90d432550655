"""The board paper gives one figure one verdict, counts what lies beside it, and says it plainly.

Each test reads the paper's words as a board member meets them (the document model the PDF
and Word file are written from), for the demo's Southampton (English) and Newport (Welsh)
reports to December 2024.
"""

from __future__ import annotations

import copy
import re

import pytest
from test_paper_reading11 import _section, _text

from yjanalysis.report import context
from yjanalysis.report.paper import contents
from yjanalysis.report.paper.document import Heading, Table

pytestmark = pytest.mark.e2e

SERVICES = ("Southampton", "Newport")


@pytest.fixture(scope="module")
def papers(demo_dir, demo_build):
    """Each service's board paper to December 2024 as a document model, made once."""
    return {
        yjs: contents.board_paper(
            copy.copy(context.load(yjs, "2024-12", raw=demo_dir, processed=demo_build.processed))
        )
        for yjs in SERVICES
    }


def _headline_table(paper) -> Table:
    return next(b for b in paper.blocks if isinstance(b, Table) and "headline" in b.caption)


def test_a_groups_share_and_its_index_that_disagree_say_which_decides(papers):
    """Finding 1: Newport's Black children were over-represented among those cautioned or
    sentenced by the share test, while the relative rate index at the same stage (on the
    web pages) could be chance, its lower bound just below 1. The paper says which verdict
    holds and why the other differs, the bound printed on its side of 1. Failed before:
    nothing said the two disagreed."""
    section = _section(papers["Newport"], "Ethnic disproportionality")
    found = re.search(
        r"For Black children \([\d.]+ times as likely as White children, likely range "
        r"([\d.]+) to [\d.]+\), the relative rate index of those cautioned or sentenced, on "
        r"the report's web pages, could be chance\. The verdict here is the share's: the "
        r"index sets their rate against White children's",
        section,
    )
    assert found, section[-3000:]
    assert float(found.group(1)) < 1, found.group(0)


def test_a_ratio_of_shares_is_named_apart_from_the_relative_rate_index(papers):
    """Finding 2: "ethnic minority children together were 1.4 times their share of the
    children" beside a chart of the relative rate index for the same children at about 1.6:
    two "times" for one comparison. Each is named by what it compares. Failed before: "were
    1.4 times their share of the children"."""
    section = _section(papers["Southampton"], "Ethnic disproportionality")
    assert "were 1.4 times their share of the children" not in section
    assert (
        "set against their share of the children aged 10 to 17, their share of those "
        "cautioned or sentenced is 1.4 times for ethnic minority children together, against "
        "3.0 times for Black children (not the relative rate index, which compares with White "
        "children)"
    ) in section, section[-2500:]


def test_a_deciding_bound_shows_its_side_of_one():
    """Finding 3: "sentenced to custody (1.0 to 16.9)" where the lower bound, 1.04, is what
    makes custody beyond chance; a bound of 0.9995 read as 1.0 too. Failed before: every
    bound was printed to one decimal."""
    from yjanalysis.report.narrative import ratio_bound

    assert [ratio_bound(v) for v in (1.04, 0.9995, 0.96, 2.74)] == ["1.04", "0.9995", "0.96", "2.7"]


def test_newports_custody_bound_is_printed_above_one(papers):
    """Finding 3, in the paper: Newport's custody index, beyond chance, with its lower bound
    printed as "1.0". Failed before: "(1.0 to 16.9)"."""
    section = _section(papers["Newport"], "Ethnic disproportionality")
    assert "sentenced to custody (1.0 to" not in section
    assert re.search(r"sentenced to custody \(1\.0[1-9]\d* to [\d.]+\)", section), section[:3000]


def test_the_summary_counts_the_rows_of_the_table_beside_it(papers):
    """Finding 4: "9 of the 11 headline figures exist for Newport" beside a headline table of
    8 rows (it leaves out one more, with nothing to read it against). Failed before: the
    summary counted figures that exist, not the rows shown."""
    paper = papers["Newport"]
    rows = len(_headline_table(paper).frame)
    text = _text(paper.blocks)
    summary = text.partition(" Summary ")[2].partition(" Better or worse than comparators ")[0]
    assert f"The headline table gives {rows} of the 11 headline figures" in summary, summary
    assert "9 of the 11 headline figures exist" not in summary
    end = text.partition(" About the figures ")[2]
    assert f"The headline table gives {rows} of them, leaving out Capped 9" in end, end[:1500]


def test_the_custody_sentence_on_shared_months_is_in_plain_words(papers):
    """Finding 5: "The two changes' years share July to December 2023 (...), so a high or low
    figure then moves them apart" read as jargon. Failed before: those words."""
    section = _section(papers["Southampton"], "Custody and remand")
    assert "years share" not in section and "moves them apart" not in section
    assert (
        "Both changes count July to December 2023, the end of the first and the start of the "
        "second: an unusual number then would make one change look bigger and the other smaller."
    ) in section, section[:2000]


def test_a_change_from_two_years_before_says_so_under_since_the_year_before(papers):
    """Finding 6: "▲ up from 0.50 in Jun 2022" for a figure of June 2024, under the heading
    "Since the year before". Failed before: the cell did not say its baseline was two years
    back."""
    frame = _headline_table(papers["Southampton"]).frame.set_index("Indicator")
    said = frame.loc["Custodial sentences", "Since the year before"]
    assert said.startswith("▲ up from 0.50 in Jun 2022 (2 years before)"), said
    assert "(2 years before)" not in frame.loc["Serious youth violence", "Since the year before"]


#: The terms the front page uses that the box defines, for each service.
MEASURES_DEFINED = (
    "A figure's likely range is",
    "First time entrants are",
    "The reoffending rate is",
    "Custodial sentences counts",
    "Cautioned or sentenced counts",
    "Serious youth violence counts",
    "Suitable education, training or employment is",
    "part of the gap may be how the two sources count",
)
DEFINED = {
    "Southampton": (*MEASURES_DEFINED, "Attainment 8 adds up", "Persistent absence:"),
    "Newport": (*MEASURES_DEFINED, "Persistent absence: Wales counts"),
}


@pytest.mark.parametrize("yjs", SERVICES)
def test_how_to_read_this_paper_is_short_and_keeps_the_front_pages_definitions(papers, yjs):
    """Finding 7: "How to read this paper" ran to about 730 words for Southampton and 910 for
    Newport before the first section. It is 400 or fewer, with every definition the front
    page uses; the family, the tally of tests and the allowance's reasons are at the end.
    Failed before: 689 and 874 words in the document model."""
    paper = papers[yjs]
    blocks = paper.blocks
    start = next(
        i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == contents.HOW_TO_READ
    )
    end = next(i for i, b in enumerate(blocks) if b is _headline_table(paper))
    box = _text(blocks[start + 1 : end])
    assert len(box.split()) <= 400, len(box.split())
    for said in DEFINED[yjs]:
        assert said in box, said
    end_part = _section(paper, "About the figures")
    assert "How the family was chosen" in end_part
    assert "The verdicts are " in end_part
    assert "where the YJB's copy of the records lacks later corrections" in end_part
