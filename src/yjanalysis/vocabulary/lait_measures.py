"""The DfE LAIT measures this project reads, and the indicator each one gives.

Part of the shared vocabulary: the LAIT reader reads and checks the rows of these measures
only (a bulk file holds hundreds of others, with year labels of their own), and
:mod:`yjanalysis.table.published` turns them into rows of the indicator table.

Each measure says how LAIT labels its years (``calendar``: the year; ``academic``: the year it
ends, ``2023`` is 2022/23; ``financial``: the year it ends, ``2024`` is 2023-24; ``winter``:
the December to February that ends in the year, ``2024`` is Dec 2023 – Feb 2024, for a
measure defined as the average of those three months) and at what
level it is published: ``authority`` (a figure for each local authority) or ``service`` (the
YJS's own figure, repeated on each authority the service covers).
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from yjanalysis.vocabulary import periods

#: How the reader's note on the rows it left out names them (a report leaves that note to the
#: analyst: :mod:`yjanalysis.report.sections.notes` finds it by these words).
UNREAD = "LAIT measures this project does not read"


class Measure(NamedTuple):
    """What one LAIT measure gives."""

    indicator: str
    breakdown: str
    group: str
    years: str
    level: str = "authority"


MEASURES = {
    "FirstYJS": Measure("fte_rate", "total", "all", "calendar"),
    "ReoffYO": Measure("reoffending_binary", "age_group", "10 to 14", "financial"),
    "ReoffYO15-17": Measure("reoffending_binary", "age_group", "15 to 17", "financial"),
    "YJS_Caution-Sentence10-17_YO": Measure(
        "cautioned_or_sentenced_rate", "total", "all", "financial", "service"
    ),
    "LAC_Convictions": Measure("looked_after_convicted", "total", "all", "financial"),
    "16-17 NEET": Measure("neet_16_17", "total", "all", "winter"),
    "16-17_not known_NEET": Measure("neet_or_not_known_16_17", "total", "all", "winter"),
    "AVG_Attain8_Score": Measure("attainment8", "total", "all", "academic"),
    "DAP_KS4_ATT8": Measure("attainment8", "pupil_group", "Disadvantaged", "academic"),
    "NonDAP_KS4_ATT8": Measure("attainment8", "pupil_group", "Not disadvantaged", "academic"),
    "FSM_AVG_Attain8_Score": Measure("attainment8", "pupil_group", "Free school meals", "academic"),
    "NonFSM_AVG_Attain8_Score": Measure(
        "attainment8", "pupil_group", "Not free school meals", "academic"
    ),
    "SEN_Stat_AVG_Attain8_Score": Measure("attainment8", "pupil_group", "SEN EHCP", "academic"),
    "SEN_WoStat_AVG_Attain8_Score": Measure(
        "attainment8", "pupil_group", "SEN support", "academic"
    ),
    "SEN_NoID_AVG_Attain8_Score": Measure("attainment8", "pupil_group", "No SEN", "academic"),
    "CIN_Avg_Attain8_KS4": Measure("attainment8", "pupil_group", "Children in need", "academic"),
    "LAC_KS4_AVG_Attain8": Measure("attainment8", "pupil_group", "Looked after", "academic"),
    "CPPO_KS4_A8": Measure("attainment8", "pupil_group", "Child protection plan", "academic"),
    "AVG_Attain8_Score_White": Measure("attainment8", "ethnicity", "White", "academic"),
    "AVG_Attain8_Score_Mixed": Measure("attainment8", "ethnicity", "Mixed", "academic"),
    "AVG_Attain8_Score_Asian": Measure("attainment8", "ethnicity", "Asian", "academic"),
    "AVG_Attain8_Score_Black": Measure("attainment8", "ethnicity", "Black", "academic"),
    "AVG_Attain8_Score_Chine": Measure("attainment8", "ethnicity", "Chinese", "academic"),
    "TotPerAbNew": Measure("persistent_absence", "total", "all", "academic"),
    "SFSecPerAbNew": Measure("persistent_absence", "pupil_group", "Secondary pupils", "academic"),
    "SFPriPerAbNew": Measure("persistent_absence", "pupil_group", "Primary pupils", "academic"),
    "SpecPerAbNew": Measure(
        "persistent_absence", "pupil_group", "Special school pupils", "academic"
    ),
    "CINPermAbsent_3Term": Measure(
        "persistent_absence", "pupil_group", "Children in need", "academic"
    ),
    "CPPPerAbs_3Term": Measure(
        "persistent_absence", "pupil_group", "Child protection plan", "academic"
    ),
}

#: Attainment 8 measures that divide every pupil of an area and year between them, with the
#: measure of all pupils: an average of all pupils lies between the averages of the parts.
WHOLES = {
    "AVG_Attain8_Score": (
        ("DAP_KS4_ATT8", "NonDAP_KS4_ATT8"),
        ("FSM_AVG_Attain8_Score", "NonFSM_AVG_Attain8_Score"),
        (
            "SEN_Stat_AVG_Attain8_Score",
            "SEN_WoStat_AVG_Attain8_Score",
            "SEN_NoID_AVG_Attain8_Score",
        ),
    ),
}

#: Measures whose England row is known to be wrong in LAIT: ``FirstYJS`` is not a rate per
#: 100,000 in several years (1,258 in 2024, against local rates near 100 to 200).
BAD_ENGLAND = {"FirstYJS"}


def period(label: str, years: str) -> tuple[str, pd.Timestamp, pd.Timestamp]:
    """Return the label, first and last day of the period a LAIT year label stands for.

    Parameters
    ----------
    label : str
        The year as LAIT writes it, without an ``(OT)`` suffix: ``2023`` or ``2024-25``.
    years : str
        The measure's year type (:attr:`Measure.years`).

    Examples
    --------
    >>> [period("2023", kind)[0] for kind in ("calendar", "academic", "financial")]
    ['2023', '2022/23', '2022-23']
    >>> period("2024-25", "financial")[0]
    '2024-25'
    >>> period("2024", "winter")[0]
    'Dec 2023 – Feb 2024'
    """
    if "-" in label:  # an explicit financial year, 2024-25
        return periods.financial_year(int(label[:4]))
    year = int(label)
    if years == "calendar":
        return periods.calendar_year(year)
    if years == "academic":
        return periods.academic_year(year)
    if years == "winter":
        return periods.quarter(pd.Timestamp(year, 2, 1))
    return periods.financial_year(year - 1)
