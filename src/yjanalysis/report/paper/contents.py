"""What the board paper holds: the front page, then one short part per section.

A board reads a paper, not a set of web pages. The paper is the report's front page (the
cover, the summary, the asks of the board, the headline figures), then, for each section, its
key charts with their sentences and the service's own commentary, then the inspection context
and the sources. Everything in it is what the report's pages say, block for block: each key
part is the building block the section's notebook calls (:data:`KEY_PARTS`, checked against the
notebooks by the tests), and the front page is the index page's own HTML read back
(:func:`~yjanalysis.report.paper.markup.blocks_of`). Control charts, funnel plots, the
analyst's tables, definitions and data-quality notes stay on the pages.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

from yjanalysis.inputs.report_settings import FRAME, Commentary
from yjanalysis.methods import disclosure
from yjanalysis.report import (
    blocks,
    caveats,
    commentary,
    context,
    family_section,
    front_page,
    narrative,
    page,
    plots,
    scrutiny,
    sections,
    titles,
    verdicts,
    wales,
)
from yjanalysis.report.context import ReportContext
from yjanalysis.report.paper.document import (
    Banner,
    Block,
    Chart,
    Document,
    Heading,
    Items,
    Paragraph,
    Table,
    _block_text,
    define_first,
    drop_sentences,
    print_addresses,
    reword,
    say_lead_once,
    say_once,
    say_sentences_once,
    sentences,
    shorten_sources,
    source_once,
    spell_out_first,
)
from yjanalysis.report.paper.markup import blocks_of
from yjanalysis.report.sections import over_time
from yjanalysis.report.sections.latest import IN_STEP
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator

__all__ = [
    "CAUTIONED",
    "KEY_PARTS",
    "SECTION_TITLES",
    "KeyPart",
    "board_paper",
    "family_left_out",
    "paper_sections",
    "without_computed_family",
]


@dataclass(frozen=True)
class KeyPart:
    """A building block the paper shows for a section, called as the section's page calls it."""

    block: str
    args: tuple = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    #: The title of a section of the paper this part begins, where it begins one.
    starts: str | None = None

    def make(self, ctx: ReportContext) -> blocks.Part:
        """Run the block for this report (without its heading: the paper gives its own)."""
        module = scrutiny if hasattr(scrutiny, self.block) else sections
        return getattr(module, self.block)(ctx, *self.args, **self.kwargs)


#: Each section of the paper, by the notebook it summarises.
SECTION_TITLES = {
    "01_reoffending": "Reoffending",
    "02_custody_and_remand": "Custody and remand",
    "03_first_time_entrants": "First time entrants",
    "04_serious_youth_violence": "Serious youth violence",
    "05_education_training_employment": "Education, training and employment",
    "06_disproportionality": "Ethnic disproportionality",
}

#: The paper's section on children cautioned or sentenced (made from the ethnicity page).
CAUTIONED = "Children cautioned or sentenced"

#: The key parts of each section: the figures a board needs, each with its chart.
KEY_PARTS: dict[str, list[KeyPart]] = {
    "01_reoffending": [
        KeyPart("headline", ("reoffending_binary",)),
        KeyPart("trend", ("reoffending_binary",), {"rolling": False}),
        # How often those who reoffend do so (the seed gives it: "our rate per child").
        KeyPart("headline", ("reoffences_per_reoffender",)),
    ],
    "02_custody_and_remand": [
        KeyPart("headline", ("custody_rate",)),
        # The seed's story, "custodial sentences have been rising since 2022", told by the
        # page's chart of rolling years to the report's end (the paper had no trend of custody).
        KeyPart("trend", ("custody_rate",), {"rolling": True}),
        # Three years of custodial sentences and remands, a row each (the seed gives three).
        KeyPart(
            "counts_table", (["custody_rate", "children_remanded"],), {"last": 3, "yearly": True}
        ),
        # The table's last row is the year the remand headline gives (said again, it had been
        # "the number of children remanded is hidden" under a [c] in the row above).
        KeyPart("custody_today"),
    ],
    "03_first_time_entrants": [
        KeyPart("headline", ("fte_rate",)),
        KeyPart("trend", ("fte_rate",), {"rolling": False, "years": 8}),
        KeyPart("measures_compared", ("fte_rate",)),
    ],
    "04_serious_youth_violence": [
        KeyPart("headline", ("syv_rate",)),
        # The page's chart of rolling years, likewise (the paper had no trend of violence).
        KeyPart("trend", ("syv_rate",), {"rolling": True}),
        KeyPart("measures_compared", ("syv_rate",)),
        KeyPart("family_rank", ("syv_rate",)),
    ],
    "05_education_training_employment": [
        KeyPart("headline", ("ete_suitable",)),
        # The service's own figure over five years: no other area has one to set it beside,
        # and a board reader met one year of it alone.
        KeyPart("trend", ("ete_suitable",), {"rolling": False}),
        # Post-16 children ending an order with no education, training or work: the seed's
        # "55% of the cohort who are post 16 are also NEET".
        KeyPart("headline", ("neet_post16_order_end",)),
        KeyPart("headline", ("attainment8", "pupil_group", "Youth justice cohort")),
        KeyPart("headline", ("persistent_absence", "pupil_group", "Youth justice cohort")),
        KeyPart("headline", ("neet_16_17",)),
    ],
    # Children cautioned or sentenced are a section of their own. The funnel plot (the place
    # among all services) stays on the web page for analysts: beside "higher than every
    # comparator" its "not unusual" read to a board as a second verdict on one figure.
    "06_disproportionality": [
        KeyPart("headline", ("cautioned_or_sentenced_rate",), starts=CAUTIONED),
        KeyPart(
            "disproportionality",
            (),
            {"breakdown": "ethnicity_combined"},
            starts="Ethnic disproportionality",
        ),
    ],
}


def paper_sections(notebook: str) -> list[str]:
    """Return the titles of the paper's sections made from one notebook's page, in order."""
    titles = [key.starts for key in KEY_PARTS[notebook] if key.starts]
    first = KEY_PARTS[notebook][0].starts
    return titles if first else [SECTION_TITLES[notebook], *titles]


#: The short names of publications whose full names the cover gives (their source lines
#: under later charts say the short one).
SHORT_SOURCES = {
    context.PUBLICATIONS["DfE LAIT bulk data"]: "Local Authority Interactive Tool (LAIT)",
    context.PUBLICATIONS["YJB local level open data: Children table"]: "YJB Children table",
}

#: What "the youth justice cohort" is, in brackets after it; the paper says it once.
COHORT_GLOSS = narrative.GROUP_WORDS[("pupil_group", "Youth justice cohort")].removeprefix(
    "the youth justice cohort"
)

#: The line the demo's service files open each passage of the service's words with.
DEMO_TEXT = "Synthetic demo text, not by any real service."


def _front(ctx: ReportContext, paper: Document) -> None:
    """Add the front page: banner, title, cover, who is compared, summary, headlines."""
    if ctx.synthetic:
        paper.add(
            Banner(
                "Synthetic demo data: every figure in this paper is made up by the yjanalysis "
                "demo generator. None of it describes a real service or child. Each passage "
                f"in the service's own words: {DEMO_TEXT}"
            )
        )
    paper.add(Heading(paper.title, 1))
    paper.blocks += blocks_of(front_page.cover(ctx))
    # The verdicts and the asks come first, after the cover: an eleventh reader met about 900
    # words of method, family and definitions before the first verdict. The summary holds
    # verdicts and asks only; how to read them, the family and the terms follow in one box.
    frame, found = sections.overview_rows(ctx)
    shown = frame[(frame[ctx.yjs] != "no figure") & ~frame.index.isin(unread_rows(ctx, frame))]
    summary = front_page.summary(ctx, frame, found, paper=True, shown=len(shown))
    paper.blocks += blocks_of(summary, shift=0)
    _frame(ctx, paper, ("reasons", "alternative_options"))
    # What changed since the last report follows the asks and their reasons.
    paper.blocks += blocks_of(front_page.changes(ctx), shift=-1)
    # The board is named once, by the settings (the cover's "Report to"): the paper said "For
    # the management board" beneath a cover naming a scrutiny panel (failed before). The method
    # is said here once, not under every chart.
    paper.add(Heading(HOW_TO_READ, 2), Paragraph.of(how_to_read(ctx)))
    if len(shown):
        # The table's tally of tests ("Judged") is for analysts; a board reader asked for a key
        # to the symbols instead, and narrow columns broke names mid-word.
        dropped = ("Why", "Lag", "Judged", "Changes judged")
        columns = [c for c in shown.columns if c not in dropped]
        if "family" not in page.roles(ctx):  # a column of "–" for a family the paper has not
            columns = [c for c in columns if not c.startswith(("Family (", "Against the family"))]
        paper.add(
            Table(
                shown[columns].astype(str),
                f"{ctx.yjs}'s headline figures against the areas it is compared with",
            )
        )
        key = headline_key(ctx, shown[columns])
        # Why the family shows "–" is said at the end, with how it was chosen; the key says
        # where (a councillor read a "–" under the family as a figure left out).
        gaps = f" {FAMILY_GAPS_AT_THE_END}" if family_gaps(ctx) else ""
        paper.add(Paragraph.of(f"{key} {family_figures_made(ctx)}".strip() + gaps))


#: Where the key to the headline table sends a reader for why the family's figure is "–".
FAMILY_GAPS_AT_THE_END = (
    'About the figures, at the end, says why the family\'s figure is "–" on some rows.'
)


def unread_rows(ctx: ReportContext, frame) -> list:
    """Return the headline rows with nothing to read them against (the paper's table omits them).

    A group's figure (the youth justice cohort's) is read against all pupils' or another area's;
    where neither has a figure, its row told a councillor nothing (Newport's Capped 9 for the
    cohort, 155.4, beside "–" in every column). Its section still gives it. Rows of the whole
    service (all children) stay: their change since the year before reads them.
    """
    names = {
        catalogue_indicator(i).short_title + ("" if g == "all" else f" ({g.lower()})"): (i, g)
        for i, _, g in sections.headline_figures(ctx)
    }
    comparators = [c for c in frame.columns if c.startswith("Family (")]
    comparators += [c for c in frame.columns if f"Against {c}" in frame.columns]
    unread = []
    for at, row in frame.iterrows():
        indicator, group = names.get(str(row["Indicator"]), ("", "all"))
        if group == "all" or any(str(row[c]) != "–" for c in comparators):
            continue
        whole = frame[
            frame["Indicator"].str.startswith(catalogue_indicator(indicator).short_title + " (")
            & (frame.index != at)
        ]
        if len(whole) and (whole[ctx.yjs] == "no figure").all():
            unread.append(at)
    return unread


def unread_sentence(ctx: ReportContext, frame) -> str:
    """Say which headline figures the table leaves out as having nothing to read them against."""
    rows = frame.loc[unread_rows(ctx, frame)]
    if rows.empty:
        return ""
    named = narrative.join([str(name) for name in rows["Indicator"]])
    it, its = ("it", "its section gives it") if len(rows) == 1 else ("them", "their sections")
    # The count beside the table is the table's own rows (a reader met "9 of the 11" beside 8).
    shown = int((frame[ctx.yjs] != "no figure").sum()) - len(rows)
    return (
        f"The headline table gives {shown} of them, leaving out {named}: no other area's "
        "figure, nor all pupils', is "
        f"available to read {it} against; {its}."
    )


#: How a trend was tested, which the pages say beside the trend and the paper leaves to them:
#: a board acts on whether the figure rises or falls beyond chance, not on the model that
#: says so (the paper gave "tested by fitting a steady yearly change to the figures, which
#: allows for how much the figures vary from year to year" under each trend).
HOW_TESTED = (
    (
        r" \(tested by quasi-(?:Poisson|binomial) regression on time(?: \(log link\))?, which "
        r"allows for how much the figures vary from year to year\)",
        "",
    ),
    (
        r"; tested by quasi-(?:Poisson|binomial) regression on time(?: \(log link\))?, which "
        r"allows for how much the figures vary from year to year\)",
        ")",
    ),
)
#: A method's name as the pages give it (each explained beside its chart), and the paper's
#: plain words for it: a board member met "95% interval", "quasi-Poisson" and
#: "overdispersion" in the paper unexplained. In order: the longer phrases first.
PLAIN_WORDS = (
    *HOW_TESTED,
    (r"95% interval, or likely range,", "likely range"),
    (r" \(exact 95% intervals\)", ""),
    (r"95% intervals", "likely ranges"),
    (r"95% interval", "likely range"),
    (r"so it has no interval", "so it has no likely range"),
    (r"the interval excludes", "the likely range excludes"),
    (
        r"quasi-(Poisson|binomial) regression on time",
        "fitting a steady yearly change to the figures",
    ),
    (r" \(overdispersion\)", ""),
    (r" \(log link\)", ""),
    # A trend's verdict and its method, in fewer words (the paper was at its word limit).
    (
        rf"the change {verdicts.COULD_BE_CHANCE}: no trend {verdicts.BEYOND_CHANCE} was found "
        r"\(estimated change",
        f"the change {verdicts.COULD_BE_CHANCE} (estimated change",
    ),
    (
        r"The limits are (exact Poisson limits|limits from the Wilson score interval) "
        r"\(Public Health England's method\)",
        # The method, not the body: Public Health England no longer exists, and is English on
        # a Welsh paper (a ninth reading).
        "The lines are drawn by the standard method for comparing areas' rates",
    ),
    # A councillor asked "25% of what?" and met "pooled counts", "log scale", "99.8% limits";
    # a ninth reader met "counts added together" (the family's figure is named in the key).
    (
        r"pooled counts of (\d+(?: to \d+)?|(?:\d+, )*\d+ and \d+) "
        r"(?:youth justice services \(YJSs\)|YJSs)( in turn)?",
        r"\1 services\2 taken together",
    ),
    (
        r"pooled counts of (\d+) of its (\d+) services",
        r"\1 of its \2 services taken together",
    ),
    (r", counts pooled\b", ""),
    (r"counts of (\d+ of its \d+ services) pooled", r"\1 taken together"),
    (r"local authority figures \(LAIT\)", "local authority figures"),
    (r"\(across, on a log scale\)", "(across, on a scale on which each step doubles the size)"),
    (
        r"\(95% and 99\.8% limits\)",
        "(the inner lines hold 19 in 20 services' figures, the outer lines 998 in 1,000, where "
        "only chance is at work)",
    ),
    (
        r"outside the 95% limits but inside the 99\.8% limits",
        "outside the inner lines but inside the outer lines",
    ),
    (r"the 99\.8% limits", "the outer lines"),
    (r"the 95% limits", "the inner lines"),
    (
        r"widened for overdispersion between (services|areas) \(factor ([\d.]+)\)",
        # In plain words: "about 3.2 times as much as chance alone would make them" read as
        # a method's (a tenth reading).
        r"widened because " + "services' figures vary a lot from one another",
    ),
)
#: What each headline measure counts, in one plain sentence where the paper first names it
#: (the catalogue's definitions, shortened): the board met the measures defined only on the
#: web pages. The gravity scale of 1 to 8 is the YJB's, as the case extract records it.
MEASURES = {
    "First time entrants": (
        "First time entrants are children aged 10 to 17 given their first youth caution or "
        "conviction, per 100,000 of that age."
    ),
    "Reoffending rate": (
        "The reoffending rate is the share of children cautioned, convicted or released from "
        "custody who commit a proven offence within 12 months."
    ),
    "Custodial sentences": (
        "Custodial sentences counts sentences to custody of children living in the area, per "
        "1,000 aged 10 to 17."
    ),
    "Cautioned or sentenced": (
        "Cautioned or sentenced counts each child cautioned or sentenced in the year once, per "
        "10,000 aged 10 to 17."
    ),
    "Serious youth violence": (
        "Serious youth violence counts proven violence, robbery and drug offences scoring 5 or "
        "more on the YJB's gravity scale (1 to 8), per 10,000 aged 10 to 17."
    ),
    # A board reader met "reoffences per reoffender" with no word of what it divides.
    "Reoffences per reoffender": (
        "Reoffences per reoffender: the proven reoffences within 12 months per child who "
        "reoffended."
    ),
    "Suitable education, training or employment": (
        "Suitable education, training or employment is the share of children ending an order "
        "or licence who were then in suitable education, training or work."
    ),
}
#: Terms the paper defines where it first uses them, for any service.
PLAIN_TERMS = {
    "StatsWales": "StatsWales is the Welsh Government's website of official statistics.",
}

#: What the paper's "likely range" is, said once where the paper says how it compares figures.
LIKELY_RANGE = (
    "A figure's likely range is the span in which, allowing for chance, its true value lies "
    "19 times in 20."
)


#: A chart legend's names for its lines, and the paper's words for them (its text says
#: "likely range", "inner lines" and "outer lines"; its legends said "95% interval", "95%
#: limits" and "99.8% limits").
LEGEND_WORDS = (
    (r"\b95% interval\b", "likely range"),
    (r"\b95% limits\b", "inner lines (19 in 20)"),
    (r"\b99\.8% limits\b", "outer lines (998 in 1,000)"),
)


def _legends_in_plain_words(paper: Document) -> None:
    """Put the names in the legends of the paper's charts into the paper's words.

    The chart functions name their lines for the web pages; the paper's charts are its own
    figures (drawn for it), so their legends are reworded in place.
    """
    for chart in paper.charts:
        for ax in chart.figure.axes:
            legend = ax.get_legend()
            if legend is None:
                continue
            for text in legend.get_texts():
                said = text.get_text()
                for name, plain in LEGEND_WORDS:
                    said = re.sub(name, plain, said)
                text.set_text(said)


def in_plain_words(text: str) -> str:
    """Put the names of methods in a generated text into the paper's plain words.

    Examples
    --------
    >>> in_plain_words("Against each area's figure, using the service's 95% interval, it is")
    "Against each area's figure, using the service's likely range, it is"
    >>> in_plain_words("tested by quasi-Poisson regression on time, which allows for")
    'tested by fitting a steady yearly change to the figures, which allows for'
    >>> in_plain_words("no trend was found (estimated change +0.3% a year; tested by "
    ...                "quasi-Poisson regression on time, which allows for how much the figures "
    ...                "vary from year to year).")
    'no trend was found (estimated change +0.3% a year).'
    """
    import re

    for said, plain in PLAIN_WORDS:
        text = re.sub(said, plain, text)
    return text


#: The words a section's verdict opens with, said with the first verdict only.
VERDICT_LEAD = "Against each area's figure, using the service's likely range, "

#: The heading of the paper's one paragraph on how its figures are compared.
HOW_TO_READ = "How to read this paper"


def how_to_read(ctx: ReportContext) -> str:
    """Say once how the paper compares figures and draws their intervals.

    A board member counted "chance" 55 times and "95% interval" 17 times: the method stood
    under every chart. It is said here; the web pages and the analyst's appendix keep it by
    each chart. Where the paper leaves out a family this tool computed, it says so here, once.
    """
    compared, _ = _compared_in_brief(ctx)
    allowed = allowance_rule(ctx, brief=True)
    return in_plain_words(
        # The black line's rule is said under the first chart that draws it, where it is read.
        f"{compared} {LIKELY_RANGE} {verdicts.INTERVAL_RULE}"
        f"{' ' + allowed if allowed else ''} {SAID_HERE_ONCE}"
    )


def _compared_in_brief(ctx: ReportContext) -> tuple[str, str]:
    """Return whom the service is compared with, in brief for the box, and the rest for the end.

    The box names the comparators; the family's members and why each area is compared (a
    Welsh service's "Wales is compared as the whole country ...") go to About the figures.
    """
    compared = sections.comparators_sentence(ctx)
    if family_left_out(ctx):  # said whole, where the reader meets the comparators
        return re.sub(
            rf"^{re.escape(ctx.yjs)} is compared with .*?\.(?= |$)",
            lambda _: family_left_out(ctx),
            compared,
            count=1,
        ), ""
    first, *rest = sentences(compared)
    members = re.search(r" \((\d+) services: ([^)]*)\)", first)
    if members:
        first = first.replace(members.group(0), f" ({members.group(1)} services, named at the end)")
        rest.insert(0, f"{ctx.yjs}'s YJB family: {members.group(2)}.")
    return first, " ".join(rest)


#: What each section had said again of the method (a tenth reader found it in every one), said
#: once where the paper says how it compares figures; the sections keep their verdicts.
SAID_HERE_ONCE = (
    "A later figure from the service's own records, given after a section's verdict, is "
    "compared only with the service's own earlier figures: no other area has one yet."
)

#: Why a figure beside overlapping years can be hidden, said once at the end of the paper (the
#: box before the first section ran to about 900 words): the key to the headline table says
#: what [c] marks.
HIDDEN_BY_OVERLAP = (
    "Two overlapping years, set side by side, give the figure for the months they do not "
    "share, so a figure beside them can be hidden ([c]) for that alone."
)

#: The method a section said again after its verdict, and what stays of it (the verdict): each
#: is said once, in "How to read this paper" (:data:`SAID_HERE_ONCE`, :data:`LIKELY_RANGE`,
#: :func:`allowance_rule`).
VERDICT_ONLY = (
    # "The numbers are small (11 custodial sentences), so changes of this size from year to
    # year are expected by chance. Since ... it has risen from 0.35; a change of this size
    # could be chance.": an eleventh reading met chance twice in two sentences. Said once.
    (
        r"The numbers are small \(([^()]+)\), so changes of this size from year to year are "
        rf"expected by chance\. (Since (?:[^;.]|\.\d)*); a change of this size "
        rf"{verdicts.COULD_BE_CHANCE}\.",
        rf"\2 ({verdicts.COULD_BE_CHANCE}, with so few: \1).",
    ),
    # "higher than ... (0.12), and the difference is larger than chance would explain."
    (rf", and the difference is {verdicts.BEYOND_CHANCE}(?=\.)", ""),
    # "higher than ... England and Wales (27.9) by more than chance would explain, but ..."
    (rf"(\([\d.,%]+\)) {verdicts.BY_MORE}(?=, but)", r"\1"),
    (
        r"A later figure, from ([^,:]+), has nothing to compare with yet: ",
        r"A later figure, from \1: ",
    ),
    # The later figure named its measure again, a sentence after the section's first had
    # ("... in the calendar year 2024, Southampton's share of children in suitable education,
    # training or employment at the end of their order was 58.2% (46 of 79 children)"): the
    # figure and its period say it.
    (
        r"(A later figure, from [^,:]+: )(in the|for the cohort of the) ([^,]+), "
        r"[A-Z][\w' -]*?'s [^.]*? was ((?:[^().]|\.\d)+?) \(([^()]*)\)\.",
        r"\1\4 (\5) \2 \3.",
    ),
    # The months two overlapping years share, out of line with the years either side: the
    # counts and which figure to follow stay; what they do to each change is the web page's.
    (
        r": out of line with the year either side (\([^()]+\)), those months (?:lift|lower) "
        r"both the [^,]+ and the [^,]+, the end of one change and the start of the other, so "
        r"(the figure to follow is [^()]+ \([^()]+\)), the latest and without them\.",
        r", out of line with the years either side \1, so \2, the latest.",
    ),
    (
        r", as is every count under \d+ and every figure that, beside others printed here or "
        r"earlier, would give one away \(overlapping years give the difference between the "
        r"months they do not share\)",
        "",
    ),
    # The method behind "could be chance", said in the box: "it has risen from 0.35; a change
    # of this size could be chance" (nine times in Southampton's paper, an eleventh reading).
    (rf"; a change of this size ({verdicts.COULD_BE_CHANCE})(?=\.)", r" (\1)"),
    (rf"({verdicts.COULD_BE_CHANCE}): {verdicts.WITHIN_CHANCE}(?=\.)", r"\1"),
)


def verdict_only(text: str) -> str:
    """Leave a section's verdict without the method "How to read this paper" says once.

    Examples
    --------
    >>> verdict_only("It is higher than Wales (0.13) and England and Wales (0.11), and the "
    ...              "difference is larger than chance would explain.")
    'It is higher than Wales (0.13) and England and Wales (0.11).'
    >>> verdict_only("A later figure, from the service's own records, has nothing to compare "
    ...              "with yet: in the calendar year 2024, ...")
    "A later figure, from the service's own records: in the calendar year 2024, ..."
    >>> verdict_only("A later figure, from its records: in the calendar year 2024, Newport's "
    ...              "rate of custodial sentences was 0.60 per 1,000 (9 sentences).")
    'A later figure, from its records: 0.60 per 1,000 (9 sentences) in the calendar year 2024.'
    >>> verdict_only("Since 2022 it has risen from 199; a change of this size could be chance.")
    'Since 2022 it has risen from 199 (could be chance).'
    """
    for said, kept in VERDICT_ONLY:
        text = re.sub(said, kept, text)
    return text


#: Why the service's own records and a publication can count the same children apart, by the
#: cause :func:`~yjanalysis.report.caveats.cause_apart` names (:data:`caveats.OWN_AND_PUBLISHED`
#: gives each pair its share for that reason; no gap between them was measured).
ALLOWANCE_BASIS = {
    caveats.DIFFERENT_DEFINITIONS: (
        "the publication counts from the Police National Computer, which knows offences anywhere"
    ),
    caveats.LATER_CORRECTIONS: "the YJB's copy of the records lacks later corrections",
}


def allowance_rule(ctx: ReportContext, brief: bool = False) -> str:
    """Say the third case of the black line's rule: clear of a figure, yet within the allowance.

    A ninth reading found the rule "where it does not reach a comparator's value, the
    difference is larger than chance would explain" beside charts whose line was clear of a
    comparator with the verdict "could be chance or how the two sources count". Where a
    headline sets the service's own records against a publication, this says so where the
    reader first meets the rule, with each allowance and its reason as the project states it
    (:data:`~yjanalysis.report.caveats.OWN_AND_PUBLISHED`): a share set for why the two sources
    differ, not a measured gap. Empty where no headline figure has an allowance. ``brief``
    (the box before the first section) gives the shares without their reasons, which
    :func:`allowance_reasons` says at the end of the paper.
    """
    shares: dict[str, float] = {}
    for indicator, breakdown, group in sections.headline_figures(ctx):
        period = sections.headline_period(ctx, indicator, breakdown, group)
        if period is None:
            continue
        found = ctx.compare(indicator, period, breakdown, group)
        if "tolerance" not in found or not (found["tolerance"].fillna(0) > 0).any():
            continue
        cause = caveats.cause_apart(indicator)
        shares[cause] = max(shares.get(cause, 0.0), float(found["tolerance"].max()))
    if not shares:
        return ""
    ordered = sorted(shares.items(), key=lambda kv: -kv[1])  # the larger share first
    if brief:
        named = narrative.join([f"{share:.0%}" for _, share in ordered], "or")
        return (
            f"Where {ctx.yjs}'s own records meet a published figure, a pale band around it "
            f"({named} of it, shares the report sets, not measured gaps) allows for how the two "
            "sources count: a line clear of the figure but not of the band is still higher or "
            f'lower, but "{verdicts.PART_SOURCES}".'
        )
    said = [f"{share:.0%} where {ALLOWANCE_BASIS.get(cause, cause)}" for cause, share in ordered]
    said[0] = said[0].replace(" where ", " of that area's figure where ", 1)
    # A line clear of a figure is higher or lower beyond chance, whatever the allowance: the
    # allowance says how much of the gap the sources could explain, drawn as a pale band. "Or
    # the verdict is 'could be chance or how the two sources count'" left Newport's 251
    # against Wales's 155 without a verdict (failed before).
    return (
        f"Where {ctx.yjs}'s figure is from its own records and the other area's from a "
        "publication, the chart draws an allowance for how the two sources count as a pale band "
        "around that figure; a line clear of the figure but not of the band is still higher or "
        f'lower, but "{verdicts.PART_SOURCES}": {", and ".join(said)} (shares the report sets '
        "for those reasons, not measured gaps)."
    )


def _service_words(words: Commentary, level: int) -> list[Block]:
    """Return the service's own words as blocks, their headings one level below ``level``.

    The service's headings are rendered ``h3`` (:func:`~yjanalysis.report.commentary.render`):
    under a part headed at level 3 ("In ... own words") they are parts of it, so level 4.
    Word's navigation pane showed the service's "Practice" beside the heading it sits under.
    """
    html = commentary.render(words.text, words.markdown)
    return blocks_of(html, style="service", shift=level - 2)


def without_computed_family(ctx: ReportContext) -> ReportContext:
    """Return the report's context as the paper compares: without a family this tool computed.

    A board reader took Newport's group of services nearest it on published figures, which
    the tool chose because its YJB family is not among the inputs, for a benchmark. The paper
    compares a service with its YJB family only; the web pages keep the computed group, named
    as the tool's own. The paper's front page, sentences, tables and charts are all made from
    the context this returns, so none of them sets the service against the computed group.
    A context it has already returned comes back as it is: :func:`yjanalysis.report.paper.write`
    makes it once and hands it to the paper and to its workbook.
    """
    family = ctx.family
    if family is None or family.method == "yjb_family" or "family" not in ctx.comparator_types:
        return ctx
    paper = copy.copy(ctx)
    vars(paper).pop(page.STATE, None)
    paper.comparator_types = tuple(k for k in ctx.comparator_types if k != "family")
    vars(paper)[LEFT_OUT] = True
    return paper


#: Where a paper's context records that it left out a family this tool computed.
LEFT_OUT = "_paper_left_out_computed_family"


def family_left_out(ctx: ReportContext) -> str:
    """Say once, plainly, that the service's YJB family is not among the inputs (else empty).

    Said where the paper says whom it compares with, in place of the pages' sentence naming
    the computed group (:func:`~yjanalysis.report.sections.comparators_sentence`), whose other
    areas it names.
    """
    if not vars(ctx).get(LEFT_OUT):
        return ""
    named = re.match(
        rf"{re.escape(ctx.yjs)} is compared with (.*?)\.(?= |$)", sections.comparators_sentence(ctx)
    )
    areas = named.group(1) if named else "the areas its inputs give"
    return (
        f"{ctx.yjs}'s YJB family's figures are not available to this report, so this paper "
        f"compares it with {areas}. The report's web pages also set it beside a group of "
        "similar services this tool chose, which is not an official benchmark."
    )


def _frame(ctx: ReportContext, paper: Document, parts: tuple[str, ...], level: int = 2) -> None:
    """Add the parts of a committee paper's frame the service has written, in its words.

    Each part is a commentary file named after it (:data:`FRAME`); one the service has not
    written is left out, heading and all.
    """
    for name in parts:
        words = ctx.settings.words(name) if ctx.settings is not None else None
        if words is None:
            continue
        paper.add(Heading(FRAME[name], level))
        paper.blocks += _service_words(words, level)


#: The implications a committee paper sets out, under one heading.
IMPLICATIONS = (
    "resource_implications",
    "legal_implications",
    "risk_implications",
    "policy_implications",
)


#: What a service writes where a kind of implication has nothing to report (the guidance of
#: ``resource_implications.md`` asks for "None").
NOTHING_TO_REPORT = ("none", "nil", "n/a", "not applicable", "nothing to report")


def _to_report(ctx: ReportContext, name: str) -> bool:
    """Say whether the service wrote something to report for one kind of implication."""
    words = ctx.settings.words(name) if ctx.settings is not None else None
    if words is None:
        return False
    said = re.sub(r"[*_.\s]+", " ", words.text).strip().lower()
    return bool(said) and said not in NOTHING_TO_REPORT


def _frame_end(ctx: ReportContext, paper: Document) -> None:
    """Add the implications, key decision, wards and impact assessments the service wrote.

    Each kind of implication the service wrote something for has its heading; the kinds it
    wrote nothing for (or "None") are listed in one line, not a heading each over nothing. A
    paper whose service wrote no implication at all has no Implications part.
    """
    said = [n for n in IMPLICATIONS if ctx.settings is not None and ctx.settings.words(n)]
    written = [n for n in IMPLICATIONS if _to_report(ctx, n)]
    if said or written:
        paper.add(Heading("Implications", 2, new_page=False))
        _frame(ctx, paper, tuple(written), level=3)
        nothing = [FRAME[n].removesuffix(" implications") for n in IMPLICATIONS if n not in written]
        if nothing:
            kinds = narrative.join([k.lower() for k in nothing], "or")
            paper.add(Paragraph.of(f"No {kinds} implications to report."))
    _frame(ctx, paper, ("key_decision", "wards_affected", "impact_assessments"))


def family_gaps(ctx: ReportContext) -> str:
    """Say why the family's figure is "–" where the region or nation has a figure.

    A Welsh councillor read "–" under the family as a figure left out. The figure is its
    members' counts pooled, or the one its source publishes. The YJB writes its quarterly data
    summary for each service, with that service's own family's figure: where the copy among
    the inputs is another service's, it says the service's own is not among them (Newport's
    paper said it "gives none for the family's members" while Southampton's printed family
    figures from it, a tenth reading; then named Southampton's copy, an eleventh).
    Where a source gives the members' figures without counts (the build's reason, in
    ``method``), or none, there is nothing to pool; where a Welsh service's family figure
    would count its English members only, it is not compared. Empty where the family has
    every such figure.
    """
    roles = page.roles(ctx)
    if "family" not in roles:
        return ""
    members = narrative.family_members(page.families(ctx), ctx.yjs)
    by_source: dict[tuple[str, bool, tuple[str, ...]], list[str]] = {}
    by_reason: dict[str, list[str]] = {}
    for indicator, breakdown, group in sections.headline_figures(ctx):
        period = sections.headline_period(ctx, indicator, breakdown, group)
        if period is None:
            continue
        found = ctx.compare(indicator, period, breakdown, group)
        kinds = set(found["comparator_type"]) if len(found) else set()
        if roles["family"][0] in kinds or not kinds:
            continue
        rows = ctx.table[
            (ctx.table["indicator"] == indicator) & (ctx.table["breakdown"] == breakdown)
        ]
        rows = rows[rows["group"] == group]
        theirs = rows[rows["area"].isin(set(found["comparator"])) & (rows["period"] == period)]
        if theirs.empty:
            continue
        name = catalogue_indicator(indicator).phrase
        english = ctx.english_family(indicator, period, breakdown, group)
        if english:
            # A Welsh service is not set against its English members alone (a tenth reading).
            reason = f"its figure would count only its English members, as {wales.LAIT_COVERS}"
            by_reason.setdefault(reason, []).append(name)
            continue
        empty = rows[
            (rows["area"] == roles["family"][1]) & (rows["period"] == period) & rows["value"].isna()
        ]
        why = empty["method"].dropna().astype(str)
        why = why[why.str.startswith("no figure: ")]
        if len(why):
            by_reason.setdefault(why.iloc[0].removeprefix("no figure: "), []).append(name)
            continue
        source = str(theirs["source"].iloc[0])
        ever = rows["area"].isin(members) & rows["source"].eq(source)
        # Whose family figures the source gives: the YJB writes its quarterly data summary for
        # each service, with that service's family's figure (a tenth reader, told it "gives
        # none for the family's members", knew the YJB gives every service its family's).
        others = rows[
            (rows["area_type"] == roles["family"][0])
            & rows["source"].eq(source)
            & rows["value"].notna()
        ]
        families_given = tuple(
            sorted(str(a).removesuffix(" family") for a in others["area"].unique())
        )
        by_source.setdefault((source, bool(ever.any()), families_given), []).append(name)
    said = [
        f"{narrative.join(['the ' + n for n in names])}: {reason}"
        for reason, names in by_reason.items()
    ]
    for (source, ever, given), measures in by_source.items():
        named = page.source_name(source, ctx.publications)
        if given:
            # Not whose copy it is: "the one available to this report is Southampton's" told a
            # committee the report held another service's summary (an eleventh reading).
            whose = (
                "which the YJB writes for each service, with its own family's figure: "
                f"{ctx.yjs}'s is not available to this report"
            )
        else:
            members_said = "those members in that period" if ever else "the family's members"
            whose = f"which gives none for {members_said}, so there is nothing to pool"
        said.append(
            f"{narrative.join(['the ' + n for n in measures])}: their figures for the period "
            f"shown come from the {named}, {whose}"
        )
    if not said:
        return ""
    listed = "; and for ".join(said)
    return f'The family\'s figure shows "–" for {listed}.'


def family_figures_made(ctx: ReportContext) -> str:
    """Say, measure by measure, how the family's figure in the headline table is made.

    A ninth reader met "YJB family average" beside a header saying "counts added together",
    where some of the figures are the YJB's own published rates for the family, with no counts
    at all. A published family figure is said to be the YJB's (or its source's); a computed one,
    its services taken together. Empty where the table has no family figure.
    """
    roles = page.roles(ctx)
    if "family" not in roles:
        return ""
    made: dict[str, list[str]] = {}
    for indicator, breakdown, group in sections.headline_figures(ctx):
        period = sections.headline_period(ctx, indicator, breakdown, group)
        if period is None:
            continue
        rows = ctx.table[
            (ctx.table["area"] == roles["family"][1])
            & (ctx.table["indicator"] == indicator)
            & (ctx.table["breakdown"] == breakdown)
            & (ctx.table["group"] == group)
            & (ctx.table["period"] == period)
            & ctx.table["value"].notna()
        ]
        if rows.empty:
            continue
        row = rows.iloc[0]
        name = catalogue_indicator(indicator).short_title.lower()
        if row["status"] == "published":
            said = f"the figure the {page.source_name(str(row['source']), ctx.publications)} gives"
        else:
            said = "the figure of its services taken together (their counts added up)"
        made.setdefault(said, []).append(name)
    if not made:
        return ""
    parts = [f"{said} for {narrative.join(names)}" for said, names in made.items()]
    # Each part lists measures with "and": the parts are set apart by semicolons.
    listed = "; and ".join(["; ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0]
    return f"The family's figure is {listed}."


def headline_key(ctx: ReportContext, table: Any = None) -> str:
    """Say what the headline table's symbols and brackets mean, in the verdicts' words.

    A marker the table (as shown, where given) does not use is not explained: "▼ lower (no
    test possible)" is explained only beside a row that has it.
    """
    markers = verdicts.MARKERS
    untested = verdicts.marker("not assessed", untested="lower")
    cells = "" if table is None else " ".join(table.astype(str).to_numpy().ravel())
    no_test = (
        f"{markers['higher']} or {untested}: {verdicts.NO_TEST.partition(': ')[2]}; "
        if table is None or untested.partition(" ")[2] in cells
        else ""
    )
    return (
        # What "How to read this paper" says (the likely range, what chance means) is not
        # said again here.
        f"Key: {markers['worse']} or {markers['better']}: the difference from that area's figure "
        f"is {verdicts.BEYOND_CHANCE}; {markers[verdicts.COULD_BE_CHANCE]}: the difference "
        f"{verdicts.COULD_BE_CHANCE}; "
        f"{verdicts.marker('worse', 'part')}: the interval excludes it, but by no more "
        "than the service's own records and a publication of the same children can differ; "
        # Each of the table's two dashes has its meaning (an eleventh reader met "–" and "–
        # cannot be judged" in one table, the key giving them one).
        f"{no_test}{markers['not assessed']}: no counts to judge by; – alone: no figure to "
        "compare. Since the year "
        # A change from an earlier year where the year before is hidden names its period
        # (benchmark.change_from_shown): the key says so.
        "before: the same period a year earlier (or, where that is hidden, the latest earlier "
        "one shown, named), from the same source, ▲ up or ▼ down, and "
        f"whether the change is {verdicts.BEYOND_CHANCE}. A number in brackets "
        f"after {ctx.yjs}'s figure is the count of children, offences or pupils behind it; "
        f"[c] marks a figure {disclosure.why_hidden(ctx.threshold)}."
    )


def _page(ctx: ReportContext) -> ReportContext:
    """Return the report's context on a page of its own (each page says things once).

    A section of the paper is one page of the report: it explains a missing figure once, as
    the page does, whatever another page (or an earlier use of the context) has said.
    """
    fresh = copy.copy(ctx)
    vars(fresh).pop(page.STATE, None)
    return fresh


def _section(ctx: ReportContext, notebook: str, paper: Document) -> None:
    ctx = _page(ctx)
    if not KEY_PARTS[notebook][0].starts:
        paper.add(Heading(SECTION_TITLES[notebook], 2, new_page=True))
    for key in KEY_PARTS[notebook]:
        if key.starts:
            paper.add(Heading(key.starts, 2, new_page=True))
        with plots.without_page_drawings():  # the paper draws its charts as pictures
            part = key.make(ctx)
        made = _without_control_chart(blocks_of(part.html, part.charts, shift=1))
        if key.block == "trend" and _one_point(made):
            continue
        paper.blocks += made
    words = ctx.settings.words(notebook) if ctx.settings is not None else None
    if words is not None:
        label = commentary.LABEL.format(yjs=ctx.yjs)
        paper.add(Heading(label, 3))
        paper.blocks += _service_words(words, 3)


#: The end of a trend chart's title where it shows one figure of the service's alone.
ONE_POINT = re.compile(r": only .+ shown \(.+\), the other \d+ (?:years|figures) hidden$")


def _one_point(made: list[Block]) -> bool:
    """Whether a trend's part draws one figure of the service's alone, the others hidden.

    A board member met a "trend" chart of a single point (Southampton's reoffending, two of
    three years hidden) beside the headline that gives the same figure: the paper leaves the
    chart to the web page.
    """
    return any(isinstance(b, Chart) and ONE_POINT.search(b.title) for b in made)


def _without_control_chart(made: list[Block]) -> list[Block]:
    """Return a part's blocks without the control chart a trend of rolling years ends with.

    Control charts stay on the pages: under custody's and serious violence's trends the paper
    said, in forty-five words each, why the page has none.
    """
    for at, block in enumerate(made):
        if isinstance(block, Heading) and block.text == over_time.CONTROL_CHART:
            return made[:at]
    return made


def board_paper(ctx: ReportContext) -> Document:
    """Return the board paper of a report.

    Parameters
    ----------
    ctx : ReportContext
        The report (its table already under disclosure control).

    Returns
    -------
    Document
        The paper, ready to write as Word or PDF.
    """
    title = titles.report_title(ctx.yjs, f"{ctx.period_end:%Y-%m}")
    marking = ctx.settings.classification if ctx.settings is not None else None
    ctx = without_computed_family(_page(ctx))
    # The foot of each page names the service and month, not the whole title again (twelve
    # words on every page: a paper at the word limit paid about 200 for them).
    foot = f"{ctx.yjs} Youth Justice Service, {ctx.period_end:%B %Y}"
    paper = Document(title, marking=marking, footer=foot)
    if ctx.synthetic:
        paper.running_banner = "Synthetic demo data: not real figures"
    _front(ctx, paper)
    for notebook in KEY_PARTS:
        _section(ctx, notebook, paper)
    # One section on inspection: the inspectorate's ratings, then the service's account of
    # feedback, visits and reviews as a part of it (an eleventh reader met two neighbouring
    # sections, and assessment "rated Inadequate in 2023" in each).
    paper.blocks += blocks_of(front_page.inspection(ctx))
    _frame(ctx, paper, ("service_account", "validation_visit"), level=3)
    _frame_end(ctx, paper)
    # The cover lists each source's latest period; the end says where, not the list again.
    # What [c] marks is said once, in the key to the headline table.
    recent = "The cover says how recent each source is. " if front_page.lags_line(ctx) else ""
    # The headline figures the service has none of, and where Wales publishes them, are said
    # here: the summary gives how many in one sentence (a tenth reader found the list the
    # longest sentence of Newport's front page).
    frame, _ = sections.overview_rows(ctx)
    missing = " ".join(filter(None, [front_page.missing_headlines(frame, ctx),
                                     unread_sentence(ctx, frame)]))  # fmt: skip
    paper.add(
        Heading("About the figures", 2),
        Paragraph.of(
            f"{recent}{missing + ' ' if missing else ''}The report's web pages give every "
            "chart of each section, with its definitions, sources and data quality notes; the "
            "workbook beside this paper holds the figures behind them."
        ),
    )
    # What an analyst needs of the family and the method, moved from "How to read this
    # paper" (about 730 words for Southampton, 910 for Newport, before the first section).
    if "Judged" in frame:  # how many verdicts chance alone would give
        paper.add(
            Paragraph.of(
                narrative.many_comparisons(
                    int(frame["Judged"].sum()), int(frame["Changes judged"].sum())
                )
            )
        )
    _, more = _compared_in_brief(ctx)
    if more:
        paper.add(Paragraph.of(in_plain_words(more)))
    chosen = family_section.how_chosen(ctx)
    if chosen:
        paper.add(Paragraph.of(f"{chosen} {family_gaps(ctx)}".strip()))
    reasons = allowance_rule(ctx)
    # The box says the shares are set, not measured; here, the reason for each.
    reasons = reasons[reasons.index('": ') + 3 : reasons.rindex(" (shares")] if reasons else ""
    paper.add(
        Paragraph.of((f"The pale band is {reasons}. " if reasons else "") + HIDDEN_BY_OVERLAP)
    )
    _frame(ctx, paper, ("background_papers",))
    if ctx.synthetic:  # the banner says it once; it opened each of 18 passages
        paper.blocks = [
            b for b in paper.blocks if not (isinstance(b, Paragraph) and b.text == DEMO_TEXT)
        ]
    # The paper names no method: the pages name each beside its chart and explain it there.
    reword(paper, in_plain_words)
    _legends_in_plain_words(paper)
    # How a verdict is reached is said with the first; "How to read this paper" says it too.
    say_lead_once(paper, VERDICT_LEAD)
    # A sentence of the method, or about the spread between services, is said once: where the
    # paper first says it (a board member found one paragraph on four pages).
    say_sentences_once(paper)
    measures = dict(MEASURES)
    # First time entrants come several ways on different pages (published, the service's own
    # records, other periods): where the paper first names them, one line gives the service's
    # own figures by source and period (a board member found nothing that related them).
    fte = SECTION_TITLES["03_first_time_entrants"]
    related = sections.figures_related(
        ctx, "fte_rate", f"the {fte.lower()} section", subject=f"{ctx.yjs}'s rate", unit=False
    )
    for long, short in SHORT_SOURCES.items():  # the cover names each in full
        related = related.replace(long, short)
    unpublished = wales.no_published_figure(ctx.table, ctx.yjs, "fte_rate")
    related = f"{related} {unpublished}".strip()
    measures[fte] = f"{measures[fte]} {related}".strip()
    for term, sentence in {**measures, **school_definitions(ctx.yjs), **PLAIN_TERMS}.items():
        # The cover's "YJB serious youth violence toolkit" names a source, not the measure.
        _define(paper, term, sentence, not_in=" toolkit")
    # Why a figure is hidden is said once, in the key to the headline table (or wherever the
    # paper first says it); every later [c] stands on it.
    reason = disclosure.why_hidden(ctx.threshold)
    say_once(paper, reason[reason.index(":") :])
    # Who the youth justice cohort is, likewise (said three or four times, word for word).
    say_once(paper, COHORT_GLOSS)
    for said in SAID_BY_TABLES:  # after the reasons above are said once
        drop_sentences(paper, said)
    for said in LEFT_TO_THE_PAGES:
        drop_sentences(paper, said)
    _agreeing_sources_left_to_the_pages(paper)
    for long, short in SHORT_SOURCES.items():
        shorten_sources(paper, long, short)
    spell_out_first(paper, "YJB", "Youth Justice Board")
    # Board members met "YJSs" and "Dorset Combined YOS" unexplained.
    spell_out_first(paper, "YJSs", "youth justice services")
    spell_out_first(paper, "YOS", "Youth Offending Service")
    print_addresses(paper, {stem: title.lower() for stem, title in SECTION_TITLES.items()})
    source_once(paper)
    _allowance_once(paper)
    _own_records_caveat_once(paper)
    _spread_once(paper)
    _no_other_area_once(paper)
    _rolling_years_said_once(paper)
    _method_said_in_the_box(ctx, paper)
    _make_up_against_the_nation_left_to_the_pages(paper)
    return paper


#: The heading of the part setting the ethnic make-up of children cautioned or sentenced
#: beside the nation's (:func:`~yjanalysis.report.sections.groups.breakdown_chart`).
AGAINST_NATION = re.compile(
    r"^(White and ethnic minority children cautioned or sentenced) against .+$"
)


#: The stages' sentence pointing to the comparison with the nation (by_ethnicity).
COMPARISON_BELOW = re.compile(r", as is the comparison with [^.,()]+ below")


def _make_up_against_the_nation_left_to_the_pages(paper: Document) -> None:
    """Leave the chart of the ethnic make-up against the nation's to the web page.

    A board member found it a chart of shares a point or so from England's, beside the test
    that decides over-representation (against the service's own children aged 10 to 17): a
    page of a paper too long for a second comparison. The sentences on over-representation
    stay, under a heading that no longer names the nation.
    """
    for at, block in enumerate(paper.blocks):
        if not (isinstance(block, Heading) and AGAINST_NATION.match(block.text)):
            continue
        block.text = AGAINST_NATION.sub(r"\1", block.text)
        end = next(
            (i for i, b in enumerate(paper.blocks[at + 1 :], at + 1) if isinstance(b, Heading)),
            len(paper.blocks),
        )
        paper.blocks[at + 1 : end] = [
            b for b in paper.blocks[at + 1 : end] if not isinstance(b, Chart)
        ]
        # The stages' period no longer points to the comparison it left ("as is the
        # comparison with England below", with none below).
        reword(paper, lambda text: COMPARISON_BELOW.sub("", text))
        break
    drop_sentences(paper, r"The chart sets .+ children cautioned or sentenced beside ")


def _define(paper: Document, term: str, sentence: str, not_in: str = "") -> None:
    """Define a term where the paper first uses it, or in the box if that is the front.

    A term the summary, the asks or the headline table first use is defined at the end of
    "How to read this paper", with the others: an eleventh reader met four definitions inside
    Southampton's summary, before its verdicts (Newport's split either side of a finding).
    A term first used in a section is defined there (:func:`define_first`).
    """
    unless = rf"(?!{re.escape(not_in)})" if not_in else ""
    word = re.compile(rf"\b{re.escape(term)}\b{unless}", re.IGNORECASE)
    texts = [_block_text(b) for b in paper.blocks]
    if any(sentence in text for text in texts):
        return
    box = next(
        (i for i, b in enumerate(paper.blocks) if isinstance(b, Heading) and b.text == HOW_TO_READ),
        None,
    )
    first = next((i for i, text in enumerate(texts) if word.search(text)), None)
    if box is None or first is None:
        define_first(paper, term, sentence, not_in)
        return
    end = box + 1
    while end < len(paper.blocks) and isinstance(paper.blocks[end], Paragraph):
        end += 1
    sections_begin = next(
        (i for i, b in enumerate(paper.blocks) if isinstance(b, Heading) and b.new_page),
        len(paper.blocks),
    )
    if first < sections_begin:
        paper.blocks.insert(end, Paragraph.of(sentence))
    else:
        define_first(paper, term, sentence, not_in)


def _method_said_in_the_box(ctx: ReportContext, paper: Document) -> None:
    """Leave each section its verdict; the method it said again is in "How to read this paper".

    A tenth reader found "by more than chance would explain", the 10% or 25% sentence, "A
    later figure ... has nothing to compare with yet" and "as is every count under 5 ..." in
    every section of an 18-page paper. Each is said once, where the paper says how it compares
    figures: the caveat that the service's own records and publications "can give figures up
    to 10% apart" goes where that paragraph gives the share and its reason. A verdict's own
    arithmetic ("The service's likely range, 36.8% to 56.3%, starts 3.2 percentage points above
    33.6%, a gap of 10%, ...: within the 25% ...") goes too: an eleventh reading found it in
    each section, its "gap of 10%" read as the other allowance, while the verdict ("part of
    the gap may be how the two sources count") and the chart's pale band carry it.
    """
    reword(paper, verdict_only)
    drop_sentences(paper, ALLOWANCE_ARITHMETIC)
    for share in set(re.findall(r"(\d+)% (?:of that area's figure )?where ", allowance_rule(ctx))):
        drop_sentences(paper, OWN_RECORDS_CAVEAT[0].replace(r"(\d+)", share))


#: A verdict's arithmetic against the allowance for two sources
#: (:func:`~yjanalysis.report.verdicts.within_definitions`), which the pages keep.
ALLOWANCE_ARITHMETIC = (
    r"The service's (?:likely range|95% interval), .*by which its own records and the "
    r"publications can differ\.$"
)


#: What a chart of rolling years says of its points, as the sentence above it says it too.
ROLLING = "neighbouring points share nine months"


def _rolling_years_said_once(paper: Document) -> None:
    """Drop a chart's note that its points share nine months where the paper has said it.

    Custody's trend of rolling years said "neighbouring points share nine months" above its
    chart and again beneath it.
    """
    said = False
    for block in paper.blocks:
        if isinstance(block, Paragraph) and block.style != "service":
            said = said or ROLLING in block.text
        elif isinstance(block, Chart) and block.caption and said:
            kept = [s for s in sentences(block.caption) if ROLLING not in s]
            block.caption = " ".join(kept) or None


def _no_other_area_once(paper: Document) -> None:
    """Say once a section that no input gives a figure for any other area.

    The education section said it of the share in suitable education, training or
    employment at the end of an order, then of the post-16 children of the same orders.
    """
    said = False
    for block in paper.blocks:
        if isinstance(block, Heading) and block.level <= 2:
            said = False
        if not isinstance(block, Paragraph) or block.style == "service":
            continue
        runs = []
        for run in block.runs:
            text = run.text
            if said:
                text = text.replace(f" {narrative.NO_OTHER_AREA}", "")
            said = said or narrative.NO_OTHER_AREA in text
            runs.append(dataclasses.replace(run, text=text))
        block.runs = runs


#: How much services' figures differ beyond chance, as the paper words it.
SPREAD = "services' figures vary a lot from one another"


def _spread_once(paper: Document) -> None:
    """Drop the funnel's "widened because services' figures vary ..." where the paper said it.

    The spread between services is said where a figure is first set among all services, and
    the funnel's explanation says its lines are widened for it: said a third time, it said
    nothing new.
    """
    said = ""

    def once(text: str) -> str:
        clause = ", widened because " + SPREAD
        if clause not in text or SPREAD not in said:
            return text
        return text.replace(clause, "")

    for block in paper.blocks:
        if not isinstance(block, Paragraph):
            continue
        if block.style != "service":
            block.runs = [dataclasses.replace(r, text=once(r.text)) for r in block.runs]
        said += " " + block.text


#: A chart's note on how far a published figure may lie from the service's own (the pages
#: say it under each chart).
ALLOWANCE = r"The pale band around a published figure is the allowance\b[^.]*?\((\d+)% of it"


def _allowance_once(paper: Document) -> None:
    """Drop a chart's note on the allowance between two sources where the paper has said it.

    Reoffending said "up to 25% apart" and "within the 25% of each by which ..." in its
    paragraph, then the same under its chart in forty-five words; custody's chart said it in
    forty-five words after the front page had said "up to 10% apart" of the same figure. A
    chart whose allowance the paper has not said keeps its note.
    """
    said = ""
    for block in paper.blocks:
        if isinstance(block, Paragraph | Items):
            said += " " + _block_text(block)
        elif isinstance(block, Chart) and block.caption:
            kept = []
            for sentence in sentences(block.caption):
                found = re.match(ALLOWANCE, sentence)
                if found and re.search(
                    rf"up to {found.group(1)}% apart|the {found.group(1)}% of (?:it|each) by which",
                    said,
                ):
                    continue
                kept.append(sentence)
            block.caption = " ".join(kept) or None


#: Sentences the paper leaves to the table beneath them (the web pages say both): the table's
#: rows are the figures, the sentence a summary of them.
SAID_BY_TABLES = (
    # The quarters' table of children in custody gives each quarter's count.
    r"At the end of each quarter of the two years to ",
    # A table's note on [c]: the key to the headline table says what [c] marks.
    r"\[c\]: hidden to protect the children behind it\.$",
)


#: Sentences written for the analyst, which the paper leaves to the web pages: a board acts on
#: a figure, its verdict and its change, not on how old each figure is (the cover says how
#: recent each source is) nor on why a trend was not tested.
LEFT_TO_THE_PAGES = (
    # How far a figure's period ends before the report's, and why (page.lag).
    r"Ends [A-Z][a-z]+ \d{4}, \d+ months before the report: ",
    # A trend not tested for want of years with counts.
    r"Whether the figure is rising or falling over time is not tested: ",
    # How a relative rate index is worked out, after the sentence saying what it compares.
    r"Each index is the share of a group's ",
    # The place among all services, a second verdict beside the comparison with areas'
    # figures (the funnel that draws it is on the web page): the paper keeps one comparison.
    r"Among all [\d,]+ services(?: [^;]*)? it is not unusual for a service of its size",
    # The months two overlapping changes share, in line with the years either side: the two
    # changes tell one story, and "July to December 2023 counted 1 fewer ..." meant nothing to
    # a tenth reader. Out of line, the months are what set the changes apart, and stay.
    rf".*, {IN_STEP}\.$",
)


def _agreeing_sources_left_to_the_pages(paper: Document) -> None:
    """Drop a paragraph saying only that two sources give the same figure.

    "Two sources give the rate of serious violence offences ...: ... gives 18.1 ..., and the
    service's own records give 18.1 .... They agree." told a board nothing to act on, in
    forty-five words; the web page keeps it. Two sources that differ keep their sentence.
    """
    paper.blocks = [
        b
        for b in paper.blocks
        if not (
            isinstance(b, Paragraph)
            and b.style != "service"
            and b.text.startswith("Two sources give ")
            and b.text.endswith(" They agree.")
        )
    ]


#: The caveat that a service's own figure is set against published ones, as a section says it
#: (:func:`~yjanalysis.report.sections.latest.own_against_published`) and as a family's ranking
#: does (:mod:`~yjanalysis.report.scrutiny`): the share the two sources can differ by is the
#: last figure it gives.
OWN_RECORDS_CAVEAT = (
    r"\S+'s figure comes from its own records and the other areas' from publications: .*"
    r"up to (\d+)% apart\.$",
    r"\S+'s figure here comes from its own case-level records and its family's from .*"
    r"can differ by up to (\d+)%\.$",
)
#: How the paper says the share by which two sources can differ, where it says it.
ALLOWANCE_SAID = (
    r"up to {share}% apart|the {share}% of (?:it|each) by which|differ by up to {share}%"
)


def _own_records_caveat_once(paper: Document) -> None:
    """Say the allowance between the service's own records and publications once.

    Newport's reoffending said "within the 25% of each by which the service's own records and
    the publications can differ", then at once, in fifty-five words, why its own records and
    the publications "can give figures up to 25% apart"; its serious violence family said the
    10% of its front page again. A caveat whose share the paper has said goes; the verdict's
    allowance, and the front page's list, stay.
    """
    said = ""
    for block in paper.blocks:
        if isinstance(block, Items):
            said += " " + _block_text(block)
        if not isinstance(block, Paragraph) or block.style == "service":
            continue
        runs = []
        for run in block.runs:
            kept = []
            for sentence in sentences(run.text):
                found = [re.match(p, sentence) for p in OWN_RECORDS_CAVEAT]
                share = next((f.group(1) for f in found if f), None)
                if share and re.search(ALLOWANCE_SAID.format(share=share), said):
                    continue
                kept.append(sentence)
                said += " " + sentence
            if kept != sentences(run.text):
                run = dataclasses.replace(run, text=" ".join(kept))
            if run.text:
                runs.append(run)
        block.runs = runs


#: Attainment 8 in one plain sentence, for a paper that uses it (the DfE's definition, as the
#: seed report gives it).
ATTAINMENT_8 = (
    "Attainment 8 adds up the grades (9 the highest, 1 the lowest) a pupil gets at 16 in eight "
    "subjects, English and maths each counted twice, so the most a pupil can score is 90."
)


#: Persistent absence as England counts it, in one plain sentence (the DfE's definition): a
#: board member met Southampton's 76.4% with no word of what it counts.
PERSISTENT_ABSENCE = (
    "Persistent absence: a pupil is persistently absent who misses 10% or more of the school "
    "sessions they could attend in the year (England's definition)."
)


def school_definitions(yjs: str) -> dict[str, str]:
    """Return each school measure the paper defines where it first uses it, in the nation's terms.

    A board member does not know Attainment 8; a Welsh councillor reads Capped 9 and
    persistent absence as Wales measures them, which a paper defining England's alone misled.
    """
    if wales.is_welsh(yjs):
        return dict(wales.PLAIN_DEFINITIONS)
    return {"Attainment 8": ATTAINMENT_8, "persistent absence": PERSISTENT_ABSENCE}
