"""Welsh services: their nation, and the measures whose source here covers England only.

The YJB's tables, ONS populations and a service's own records cover Wales as they cover
England: a Welsh service's report shows them against Wales (the nation, its services pooled)
and England and Wales. DfE LAIT publishes English local authorities only, so a Welsh service
has none of the figures the project takes from it. The same measures are published for Wales
elsewhere; :data:`WELSH_SOURCES` names where, so that a report can say it once and a user who
holds the Welsh figures can add them as an indicator CSV (rows in the indicator table's shape).
"""

from __future__ import annotations

import re

import pandas as pd

from yjanalysis import reference
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator
from yjanalysis.vocabulary.lait_measures import MEASURES as LAIT_MEASURES

#: Where the Welsh equivalent of each measure the project takes from DfE LAIT is published.
WELSH_SOURCES = {
    "fte_rate": (
        "the Ministry of Justice's first time entrants by youth justice service, which include "
        "Welsh services (as in each service's YJB data summary)"
    ),
    "reoffending_binary": (
        "the Ministry of Justice's proven reoffending statistics by youth justice service, "
        "which include Welsh services"
    ),
    "attainment8": (
        "the Welsh Government's key stage 4 results by local authority (StatsWales), as the "
        "Capped 9 points score, which is not the same measure as Attainment 8"
    ),
    "persistent_absence": (
        "the Welsh Government's absence statistics for schools in Wales by local authority "
        "(StatsWales)"
    ),
    "capped9": "the Welsh Government's examination results by local authority (StatsWales)",
    "neet_16_17": ("Careers Wales' pupil destinations survey of school leavers by local authority"),
    "neet_or_not_known_16_17": (
        "Careers Wales' pupil destinations survey of school leavers by local authority"
    ),
}
#: Why a Welsh service has no figure from DfE LAIT, in a few words beside the figure; where
#: Wales's figures are published is said once, on the overview (:func:`lait_gaps`).
#: "LAIT" is named once with what it is: a board member does not know the acronym (issue 26).
MISSING_REASON = (
    "its source here, the Department for Education's local authority figures (LAIT), covers "
    "English authorities only"
)
#: The same, said of a figure made from LAIT.
LAIT_COVERS = (
    "the Department for Education's local authority figures (LAIT) cover English authorities only"
)
NO_WELSH_SOURCE = "no Welsh figure by local authority that this project knows of"
WELSH_SOURCES["reoffending_frequency"] = WELSH_SOURCES["reoffending_binary"]
WELSH_SOURCES["reoffences_per_reoffender"] = WELSH_SOURCES["reoffending_binary"]

#: Measures a Welsh service's school records, and Wales's own publications, give in place of
#: England's: schools in Wales report the Capped 9 points score, not Attainment 8.
NATIONAL_MEASURES = {"attainment8": "capped9"}


#: What a Welsh service's definitions add where England's measure is the one used: Wales
#: publishes the measure on its own definition, which a Welsh reader would otherwise assume.
WELSH_DEFINITIONS = {
    "persistent_absence": (
        "Wales counts a pupil as persistently absent who misses more than 10% of school "
        "sessions (20% in the Welsh Government's releases before 2024); the figures here count "
        "pupils who missed 10% or more, as England does."
    ),
}

#: The school measures a Welsh service's paper defines, each in one plain sentence, where the
#: paper first uses it (by the words it is used in).
PLAIN_DEFINITIONS = {
    "Capped 9": (
        # No maximum is given: the paper stated 540 points with no source for it.
        "Capped 9 is Wales's measure of results at 16, as the Welsh Government defines it: the "
        "points of each pupil's best nine qualifications, three of them in English or Welsh, "
        "mathematics or numeracy, and science; it is not comparable with England's "
        "Attainment 8."
    ),
    "persistent absence": "Persistent absence: " + WELSH_DEFINITIONS["persistent_absence"],
}


def measure(yjs: str, indicator: str) -> str:
    """Return the measure a service's nation uses for ``indicator`` (Wales's own, for Wales).

    Examples
    --------
    >>> measure("Newport", "attainment8"), measure("Portsmouth", "attainment8")
    ('capped9', 'attainment8')
    """
    return NATIONAL_MEASURES.get(indicator, indicator) if is_welsh(yjs) else indicator


#: How a Welsh service's report names a measure that Wales names differently: special
#: educational needs are additional learning needs (ALN) in Wales.
WELSH_TITLES = {
    "kpi_send_suitable_ete": "ALN: suitable ETE (KPI 3)",
    "kpi_send_learning_plan": "ALN: learning plan (KPI 3)",
}


def short_title(yjs: str, indicator: str) -> str:
    """Return a measure's short title in the service's nation's words.

    Examples
    --------
    >>> short_title("Newport", "kpi_send_suitable_ete")
    'ALN: suitable ETE (KPI 3)'
    >>> short_title("Bristol", "kpi_send_suitable_ete")
    'SEND: suitable ETE (KPI 3)'
    """
    if is_welsh(yjs) and indicator in WELSH_TITLES:
        return WELSH_TITLES[indicator]
    return catalogue_indicator(indicator).short_title


def in_nation_terms(yjs: str, indicator: str, heading: str | None) -> tuple[str, str | None]:
    """Return the measure a service's nation uses, and a heading naming it.

    A heading that names England's measure (``Attainment 8``) names Wales's (``Capped 9``) for
    a Welsh service, so that a page never heads Wales's figures with England's measure.
    """
    used = measure(yjs, indicator)
    if used == indicator or heading is None:
        return used, heading
    english = catalogue_indicator(indicator).short_title
    return used, heading.replace(english, catalogue_indicator(used).short_title)


_LAIT_SOURCE = re.compile(r"\((?:" + "|".join(map(re.escape, LAIT_MEASURES)) + r")\)$")


def make_up_area(
    table: pd.DataFrame, yjs: str, roles: dict[str, tuple[str, str]]
) -> tuple[tuple[str, str] | None, str]:
    """Return the area a service's ethnic make-up is set beside, and why, where not Wales.

    A Welsh service's children cautioned or sentenced are set beside Wales's, where the inputs
    hold Wales's shares (the Children table's Welsh services pooled); England and Wales is
    not Wales. Where they hold none, the nation is used and the sentence says so.
    """
    nation = roles.get("nation")
    if not is_welsh(yjs):
        return nation, ""
    wales = roles.get("region")
    if wales is not None and wales[1] == "Wales":
        rows = table[
            (table["indicator"] == "cautioned_or_sentenced_share")
            & (table["area_type"] == wales[0])
            & (table["area"] == wales[1])
        ]
        if rows["value"].notna().any():
            return wales, ""
    if nation is None:
        return None, ""
    return nation, (
        f"The inputs give no figure for Wales of the children cautioned or sentenced by ethnic "
        f"group, so {yjs}'s are set beside {nation[1]}'s, which is not Wales's."
    )


def is_welsh(yjs: str) -> bool:
    """Say whether a service is in Wales.

    Examples
    --------
    >>> is_welsh("Newport"), is_welsh("Portsmouth")
    (True, False)
    """
    return reference.register().loc[reference.require_yjs(yjs), "country"] == "Wales"


def welsh_services() -> list[str]:
    """Return the current Welsh services."""
    table = reference.register()
    return sorted(table.loc[table["current"] & table["country"].eq("Wales"), "yjs"])


def from_lait(rows: pd.DataFrame) -> pd.Series:
    """Say which rows of the indicator table came from DfE LAIT."""
    return rows["source"].fillna("").astype(str).str.contains(_LAIT_SOURCE)


def has_lait(rows: pd.DataFrame) -> bool:
    """Say whether any of an indicator's rows come from DfE LAIT (which has no Welsh rows)."""
    return bool(from_lait(rows).any())


def lait_gaps(
    table: pd.DataFrame, yjs: str, indicators: list[str] | None = None
) -> list[tuple[str, str]]:
    """Return, for a Welsh service, the LAIT measures it has no figure for and their Welsh source.

    Parameters
    ----------
    table : pandas.DataFrame
        The indicator table.
    yjs : str
        The service.
    indicators : list of str, optional
        Only these indicators (default: all).

    Returns
    -------
    list of (str, str)
        Each measure's phrase (measures sharing a source joined) and where Wales's figures are
        published; empty for an English service or when the inputs have no LAIT figures.
    """
    if not is_welsh(yjs):
        return []
    lait = table[from_lait(table)]
    own = table[(table["area_type"] == "yjs") & (table["area"] == yjs)]
    # A figure of the service's own (its youth justice cohort's Attainment 8, say) does not
    # stand in for the LAIT figure of all its children: compare figure by figure.
    figure = ["indicator", "breakdown", "group"]
    have = set(own[figure].itertuples(index=False, name=None))
    missing = sorted(
        {key[0] for key in lait[figure].itertuples(index=False, name=None) if key not in have}
    )
    if indicators is not None:
        missing = [i for i in missing if i in indicators]
    # A measure Wales has its own of (Capped 9 for Attainment 8) is shown in Wales's terms,
    # and its page says where Wales's figures are published.
    missing = [i for i in missing if i not in NATIONAL_MEASURES]
    sources: dict[str, list[str]] = {}
    for indicator in missing:
        where = WELSH_SOURCES.get(indicator, NO_WELSH_SOURCE)
        sources.setdefault(where, []).append(catalogue_indicator(indicator).phrase)
    return [(_join(what), where) for where, what in sources.items()]


def no_published_figure(table: pd.DataFrame, yjs: str, indicator: str) -> str:
    """Say plainly that no published figure of a Welsh service is available (else empty).

    A Newport councillor read first time entrants of 251 against Wales's 155, "could be chance
    or how the two sources count", with nothing saying why Newport's figure was its own records
    and Wales's a publication: the Department for Education's figures by local authority, where
    the project finds English services' published figures, cover no Welsh service, and no real
    public file the project reads gives them for Welsh services. Said where the paper first
    names the measure, for a Welsh service whose only figures of it are its own records.

    Examples
    --------
    >>> rows = pd.DataFrame({"area_type": ["yjs"], "area": ["Newport"],
    ...                      "indicator": ["fte_rate"], "source": ["local extract"]})
    >>> no_published_figure(rows, "Newport", "fte_rate")[:62]
    'No published figure of first time entrants for Newport is avai'
    >>> no_published_figure(rows, "Portsmouth", "fte_rate")
    ''
    """
    if not is_welsh(yjs) or indicator not in WELSH_SOURCES:
        return ""
    own = table[
        (table["area_type"] == "yjs") & (table["area"] == yjs) & (table["indicator"] == indicator)
    ]
    published = ~own["source"].fillna("").astype(str).str.startswith("local extract")
    if own.empty or published.any():
        return ""
    return (
        f"No published figure of {catalogue_indicator(indicator).short_title.lower()} for {yjs} "
        "is available to this report: the Department for Education's figures for local "
        "authorities cover English ones only, and the Ministry of Justice's figures for Welsh "
        "services are not available to it."
    )


def _join(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
