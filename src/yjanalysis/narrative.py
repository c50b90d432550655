"""Plain-English sentences about a service's figures, for councillors and boards.

The sentences come only from the comparisons of :mod:`yjanalysis.benchmark`: a difference is
called higher or lower only when the statistics support it, a suppressed figure is never
repeated (nor anything from which it could be worked out), small numbers are named as such, and
a missing figure is explained (an English-only source for a Welsh service, figures published
by authority for a service covering several).
"""

from __future__ import annotations

import pandas as pd

from yjanalysis import benchmark, disclosure, reference
from yjanalysis.config import DEFAULT_SUPPRESSION_THRESHOLD
from yjanalysis.indicators.catalogue import Indicator
from yjanalysis.indicators.catalogue import indicator as catalogue_indicator

SINGULAR = {
    "children": "child",
    "young people": "young person",
    "first time entrants": "first time entrant",
    "custodial sentences": "custodial sentence",
    "reoffences": "reoffence",
    "serious violence offences": "serious violence offence",
    "pupils": "pupil",
}
ORDINAL = {1: "st", 2: "nd", 3: "rd"}


def count_phrase(count: float, counted: str, estimated: bool = False) -> str:
    """Say a count with its noun: ``134 children``, ``1 child``, ``about 33 first time entrants``.

    Examples
    --------
    >>> count_phrase(1, "children")
    '1 child'
    >>> count_phrase(1234, "custodial sentences", estimated=True)
    'about 1,234 custodial sentences'
    """
    noun = SINGULAR.get(counted, counted) if count == 1 else counted
    return f"{'about ' if estimated else ''}{count:,.0f} {noun}"


def ordinal(n: int) -> str:
    """Return ``1st``, ``2nd``, ``3rd``, ``4th``, ``11th`` … .

    Examples
    --------
    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else ORDINAL.get(n % 10, "th")
    return f"{n}{suffix}"


def join(items: list[str]) -> str:
    """Join words as a sentence does: ``a``, ``a and b``, ``a, b and c``.

    Examples
    --------
    >>> join(["custody", "remand", "reoffending"])
    'custody, remand and reoffending'
    """
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _missing_reason(table: pd.DataFrame, yjs: str, indicator: str, breakdown: str) -> str:
    entry = reference.register().loc[yjs]
    rows = table[table["indicator"] == indicator]
    if rows.empty:
        return "none of the inputs has this indicator"
    own = rows[
        (rows["area"] == yjs) & (rows["area_type"] == "yjs") & (rows["breakdown"] != breakdown)
    ]
    if not own.empty:
        groups = join(sorted(set(own["group"])))
        return f"it is published only by {own['breakdown'].iloc[0].replace('_', ' ')} ({groups})"
    welsh = set(reference.register().query("country == 'Wales'")["yjs"])
    has_welsh = rows["area"].isin(welsh).any() or rows["area"].eq("Wales").any()
    if entry["country"] == "Wales" and not has_welsh:
        return "its source covers English authorities only"
    local = rows[(rows["area_type"] == "la") & rows["area"].isin(entry["local_authorities"])]
    if len(entry["local_authorities"]) > 1 and not local.empty:
        return (
            "the source publishes it for each authority the service covers ("
            + join(sorted(set(local["area"])))
            + "), not for the service"
        )
    return "the inputs have no figure for it"


def figure_sentence(table, yjs, indicator, period=None, breakdown="total", group="all") -> str:
    """Say the service's figure with its unit and count, or why there is none."""
    yjs = reference.require_yjs(yjs)
    spec = catalogue_indicator(indicator)
    own = benchmark.figure(table, yjs, indicator, period, breakdown, group)
    what = spec.phrase
    if own is None or (pd.isna(own["value"]) and own["status"] != "suppressed"):
        when = f" for {period}" if period else ""
        reason = _missing_reason(table, yjs, indicator, breakdown)
        return f"There is no figure for {yjs}{when} for the {what}: {reason}."
    if own["status"] == "suppressed":
        return (
            f"In {own['period']}, {yjs}'s {what} is "
            f"{disclosure.why_hidden(DEFAULT_SUPPRESSION_THRESHOLD)}."
        )
    text = f"In {own['period']}, {yjs}'s {what} was {spec.format(own['value'])}"
    if pd.notna(own["numerator"]):
        estimated = "estimated" in str(own["method"] if pd.notna(own["method"]) else "")
        if spec.interval_method == "wilson" and pd.notna(own["denominator"]):
            total = count_phrase(float(own["denominator"]), spec.counted)
            text += f" ({own['numerator']:,.0f} of {total})"
        else:
            text += f" ({count_phrase(float(own['numerator']), spec.counted, estimated)})"
    return text + "."


def _compared(item: pd.Series, spec: Indicator) -> str:
    return f"{item['label']} ({spec.format(item['comparator_value'], unit=False)})"


def comparison_sentence(comparison: pd.DataFrame, spec: Indicator) -> str:
    """Say how a service compares with its comparators, only as far as the statistics allow."""
    if comparison.empty:
        return "There are no comparator figures for the same period."
    if (comparison["status"] == "suppressed").any():
        return "It cannot be compared with other areas without revealing it."
    sentences = []
    for direction in ("higher", "lower"):
        rows = comparison[comparison["difference"] == direction]
        if rows.empty:
            continue
        judged = rows["verdict"].iloc[0]
        sentences.append(
            f"It is {direction} than {join([_compared(r, spec) for _, r in rows.iterrows()])}, "
            "and the difference is larger than chance would explain."
        )
        if judged in ("better", "worse"):
            good = "lower" if spec.polarity == "lower_is_better" else "higher"
            sentences.append(f"For this measure {good} is better, so this is {judged}.")
    similar = comparison[comparison["difference"] == "similar"]
    if not similar.empty:
        sentences.append(
            f"It is similar to {join([_compared(r, spec) for _, r in similar.iterrows()])}: the "
            "difference is within what chance alone would produce."
        )
    unassessed = comparison[comparison["difference"] == "not assessed"]
    if not unassessed.empty:
        sentences.append(
            "The source gives no counts for this figure, so whether it really differs from "
            f"{join([_compared(r, spec) for _, r in unassessed.iterrows()])} cannot be judged."
        )
    first = comparison.iloc[0]
    if pd.notna(first["numerator"]) and first["numerator"] < benchmark.SMALL_NUMBER:
        sentences.append(
            f"The numbers are small ({count_phrase(float(first['numerator']), spec.counted)}), "
            "so changes of this size from year to year are expected by chance."
        )
    return " ".join(sentences)


def change_sentence(found: dict | None, spec: Indicator) -> str:
    """Say how the figure has changed since an earlier period, and whether beyond chance."""
    if not found:
        return ""
    verb = {"up": "risen", "down": "fallen", "no change": "stayed"}[found["direction"]]
    text = (
        f"Since {found['previous_period']} it has {verb} from "
        f"{spec.format(found['previous_value'], unit=False)}"
    )
    if found["beyond_chance"] is None:
        return text + " (without counts, whether the change is real cannot be judged)."
    if found["beyond_chance"]:
        return text + "; the change is larger than chance would explain."
    return text + "; a change of this size could be chance."


def rank_sentence(rank: dict | None) -> str:
    """Say the service's place in its family."""
    if not rank:
        return ""
    tie = " (tied)" if rank["tied"] else ""
    return (
        f"It ranks {ordinal(rank['rank'])}{tie} of {rank['of']} in its family, 1st being the best."
    )


def describe(
    table: pd.DataFrame,
    yjs: str,
    indicator: str,
    period: str | None = None,
    breakdown: str = "total",
    group: str = "all",
    families: dict | None = None,
    comparison: pd.DataFrame | None = None,
) -> str:
    """Return the plain-English paragraph about one figure of a service.

    Parameters
    ----------
    table : pandas.DataFrame
        The indicator table (after disclosure control, for stakeholder output).
    yjs : str
        The service.
    indicator : str
        An indicator id.
    period : str, optional
        The period (default: the latest with a figure).
    breakdown, group : str
        Which figure (default: the total).
    families : dict, optional
        Families, for the rank (default: the packaged ones).
    comparison : pandas.DataFrame, optional
        The comparison to describe, as :func:`yjanalysis.benchmark.compare` gives it (a report
        passes its own, limited to the comparators it shows); computed when not given.

    Returns
    -------
    str
        Two to five sentences: the figure, how it compares, its change since the year before,
        its rank in its family; or why there is no figure.
    """
    yjs = reference.require_yjs(yjs)
    spec = catalogue_indicator(indicator)
    first = figure_sentence(table, yjs, indicator, period, breakdown, group)
    own = benchmark.figure(table, yjs, indicator, period, breakdown, group)
    if own is None or (pd.isna(own["value"]) and own["status"] != "suppressed"):
        return first
    if comparison is None:
        comparison = benchmark.compare(table, yjs, indicator, own["period"], breakdown, group)
    parts = [first, comparison_sentence(comparison, spec)]
    if own["status"] != "suppressed":
        parts.append(
            change_sentence(
                benchmark.change(table, yjs, indicator, own["period"], 1, breakdown, group), spec
            )
        )
        parts.append(
            rank_sentence(
                benchmark.family_rank(
                    table, yjs, indicator, own["period"], breakdown, group, families
                )
            )
        )
    return " ".join(p for p in parts if p)
