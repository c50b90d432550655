"""Each demo service's synthetic YJB quarterly data summary: what it adds to the national figures.

The YJB writes a quarterly data summary for each service, with that service's family's, its
region's and its nation's figures for rolling years ending each quarter. The demo's national
figures (:func:`yjanalysis.inputs.demo._national`) hold the nations' and the demo service's
(Southampton's) region and family for custody, serious violence and reoffending; this module
adds what the summaries of every service with demo settings (:data:`SERVICES`) give beyond
them:

* the family's figures of each service (Newport's family, of Welsh services, near Wales's
  figures), where the national figures do not draw them (Southampton's custody, serious
  violence and reoffending);
* the share of children in suitable education, training or employment at the end of their
  order (the YJB's key performance indicator), for each service's family, region and nation,
  and for England and Wales as its two parts added. A Welsh service's region is Wales.

Each summary ends where its publication stood on the demo's date (about six months behind:
to September 2024), never a period that could not yet have been published. The rows have their
own seeded generator, so no other demo figure changes; a period's figure is drawn once for
every report that covers it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yjanalysis import reference
from yjanalysis.vocabulary.periods import reporting_periods

__all__ = ["ETE_LEVELS", "FAMILY_LEVELS", "ORDERS_ENDING", "SOURCE", "rows"]

SOURCE = "synthetic YJB quarterly data summary"
#: The family's level of each measure the summary gives that the national figures do not draw
#: (they draw Southampton's family's custody, serious violence and reoffending): a Welsh
#: family near Wales's (0.13, 5.0 and 33.5), and each family's share in suitable education,
#: training or employment at order end.
FAMILY_LEVELS = {
    "Newport": {"custody_rate": 0.14, "syv_rate": 5.3, "reoffending_binary": 34.5,
                "ete_suitable": 62.0},
    "Southampton": {"ete_suitable": 64.0},
}  # fmt: skip
#: The share (%) in suitable education, training or employment at the end of an order, by area.
ETE_LEVELS = {"England": 66.0, "Wales": 63.0, "South East": 67.5}
#: Orders ending in a year for each child aged 10 to 17: the share's denominator.
ORDERS_ENDING = 0.0017


def _people(population: pd.DataFrame, area: str, year: int) -> float:
    """Return the children aged 10 to 17 of an area (a nation or a region) in a year."""
    table = reference.register()
    place = population["YJS"].map(table["country"]).eq(area) | population["YJS"].map(
        table["region"]
    ).eq(area)
    return float(population.loc[place, str(year)].sum())


def rows(
    seed: int,
    population: pd.DataFrame,
    last: dict[str, pd.Timestamp],
    services: tuple[str, ...],
) -> pd.DataFrame:
    """Return the figures the services' data summaries add, in the indicator table's shape.

    Parameters
    ----------
    seed : int
        The demo's seed; these rows have their own generator from it.
    population : pandas.DataFrame
        The demo's YJB population table as drawn (``YJS`` and one column per year).
    last : dict
        The last day of the latest rolling year the summaries had published, by indicator
        (reoffending cohorts run about two years behind, the others about six months).
    services : tuple of str
        The services whose summaries the demo holds.
    """
    rng = np.random.default_rng([seed, 26])
    table = reference.register()
    rolling = reporting_periods(pd.Timestamp("2018-04-01"), pd.Timestamp("2024-12-31"))
    found: list[dict[str, object]] = []
    for service, levels in FAMILY_LEVELS.items():
        if service not in services:
            continue
        for indicator, level in levels.items():
            for period, end in zip(rolling["period"], rolling["period_end"], strict=True):
                drawn = level * rng.normal(1, 0.04)  # drawn for every period
                if end > last[indicator]:
                    continue
                found.append(
                    {
                        "area_type": "family",
                        "area": f"{service} family",
                        "indicator": indicator,
                        "period": period,
                        "value": round(drawn, 3),
                        "source": SOURCE,
                        "status": "published",
                    }
                )
    areas = {str(table.loc[s, "country"]) for s in services} | {
        str(table.loc[s, "region"]) for s in services
    }
    for period, begin, end in zip(
        rolling["period"], rolling["period_start"], rolling["period_end"], strict=True
    ):
        shares = {area: ETE_LEVELS[area] * rng.normal(1, 0.02) for area in sorted(ETE_LEVELS)}
        if end > last["ete_suitable"]:
            continue
        pair = []
        for area in sorted(areas):
            ended = round(_people(population, area, begin.year) * ORDERS_ENDING)
            suitable = round(shares[area] / 100 * ended)
            kind = "country" if area in ("England", "Wales") else "region"
            row = _ete_row(kind, area, period, suitable, ended)
            found.append(row)
            if kind == "country":
                pair.append(row)
        if len(pair) == 2:
            count = sum(int(r["numerator"]) for r in pair)  # type: ignore[call-overload]
            ended = sum(int(r["denominator"]) for r in pair)  # type: ignore[call-overload]
            found.append(_ete_row("england_wales", "England and Wales", period, count, ended))
    return pd.DataFrame(found)


def _ete_row(kind: str, area: str, period: str, suitable: int, ended: int) -> dict[str, object]:
    """Return one area's share in suitable education, training or employment at order end."""
    return {
        "area_type": kind,
        "area": area,
        "indicator": "ete_suitable",
        "period": period,
        "numerator": suitable,
        "denominator": ended,
        "value": round(100 * suitable / ended, 3),
        "source": SOURCE,
        "status": "published",
    }
