"""The building blocks of the numbered notebooks, each one call in one cell.

Every function takes the :class:`~yjanalysis.report.context.ReportContext` of the notebook and shows
what it has to show under its own heading: sentences generated from the rows they describe, a
chart titled with its finding, group, period and source (and alt text), a table. Where a part
has nothing to show it says why in one sentence under its heading, once per page: a later part
about the same missing figure shows nothing at all, heading included. None raises for missing
data. What a board sees and what an analyst sees differ only in the tables behind the charts
(``audience="analyst"``: numerators, denominators and intervals).

Text from the data (names, period labels, sources) is escaped and shown as HTML, never rendered
as Markdown: an input is text, not markup. Everything shown from a service's own records comes
from ``ctx.table``, which is already under disclosure control.

One module per kind of part: the first screen, the latest figure, figures over time, the
service among all services, the overview, counts tables, groups of children, ethnic
disproportionality, definitions and data quality. Every building block is imported here, so a
notebook calls ``sections.trend(...)``.
"""

from yjanalysis.report.sections.among_all import among_services, funnel, placing, reconciled
from yjanalysis.report.sections.by_ethnicity import (
    disproportionality,
    higher_stages,
    over_represented,
)
from yjanalysis.report.sections.common import BREAKDOWN_WORDS, headline_period, later_figure
from yjanalysis.report.sections.counts import (
    KPI_START,
    KPIS,
    counts_table,
    key_performance_indicators,
)
from yjanalysis.report.sections.first_screen import commentary, comparators_sentence, family, header
from yjanalysis.report.sections.groups import breakdown_chart, cohort_size
from yjanalysis.report.sections.headlines import overview, overview_rows, summary_sentence
from yjanalysis.report.sections.latest import (
    figures_related,
    headline,
    later_change,
    later_sentence,
    measures_compared,
    overlap_sentence,
    own_against_published,
    stated_change,
    to_follow,
    unusual_months,
)
from yjanalysis.report.sections.listed import (
    CHANGES_LISTED,
    HEADLINES,
    headline_figures,
    listed_since_last_report,
)
from yjanalysis.report.sections.notes import data_quality, definitions
from yjanalysis.report.sections.over_time import CONTROL_MINIMUM, RULES, control_chart, trend

__all__ = [
    "BREAKDOWN_WORDS",
    "CHANGES_LISTED",
    "CONTROL_MINIMUM",
    "HEADLINES",
    "KPIS",
    "KPI_START",
    "RULES",
    "among_services",
    "breakdown_chart",
    "cohort_size",
    "commentary",
    "comparators_sentence",
    "control_chart",
    "counts_table",
    "data_quality",
    "definitions",
    "disproportionality",
    "family",
    "figures_related",
    "funnel",
    "header",
    "headline",
    "headline_figures",
    "headline_period",
    "higher_stages",
    "key_performance_indicators",
    "later_change",
    "later_figure",
    "later_sentence",
    "listed_since_last_report",
    "measures_compared",
    "over_represented",
    "overlap_sentence",
    "overview",
    "overview_rows",
    "own_against_published",
    "placing",
    "reconciled",
    "stated_change",
    "summary_sentence",
    "to_follow",
    "trend",
    "unusual_months",
]
