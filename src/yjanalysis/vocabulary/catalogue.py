"""The indicator catalogue: what each indicator is, its unit and which way is better.

The catalogue is a packaged CSV (``catalogue.csv`` beside this module). Notebooks, narrative and
the overview read titles, units and polarity from here; nothing else hard-codes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from yjanalysis.errors import InputError

__all__ = [
    "INTERVAL_METHODS",
    "PERIOD_MEANINGS",
    "POLARITIES",
    "Indicator",
    "catalogue",
    "ids",
    "indicator",
]

POLARITIES = ("lower_is_better", "higher_is_better", "neither")
INTERVAL_METHODS = ("wilson", "poisson", "clustered", "mean", "none")
#: What a figure's period is: when the events counted happened, when the cohort followed up
#: afterwards (reoffending) was formed, or the one day a count of who was there was taken
#: (children in custody at the end of a month).
PERIOD_MEANINGS = ("events", "cohort", "snapshot")


@dataclass(frozen=True)
class Indicator:
    """One indicator of the catalogue.

    Attributes
    ----------
    id : str
        The identifier used in the tidy table, e.g. ``custody_rate``.
    title, short_title : str
        How the indicator is named for readers.
    phrase : str
        How a sentence names it: ``rate of first time entrants``.
    unit : str
        How its values are expressed, e.g. ``per 1,000 aged 10–17`` or ``%``.
    multiplier : int
        What ``numerator / denominator`` is multiplied by to give the value.
    decimals : int
        How many decimal places values are shown with.
    polarity : str
        ``lower_is_better``, ``higher_is_better`` or ``neither``.
    counted : str
        What the numerator counts, in words (``children``, ``custodial sentences``).
    interval_method : str
        ``wilson`` (proportions), ``poisson`` (rates), ``clustered`` (events that cluster in
        children, such as reoffences: from each child's count, made where the records are),
        ``mean`` (scores) or ``none``.
    definition, source : str
        The definition and where the figures come from.
    period_is : str
        ``events`` (the period in which what is counted happened), ``cohort`` (the period in
        which a cohort was formed, followed up afterwards) or ``snapshot`` (a count of who was
        there at the end of one day).
    """

    id: str
    title: str
    short_title: str
    phrase: str
    unit: str
    multiplier: int
    decimals: int
    polarity: str
    counted: str
    interval_method: str
    definition: str
    source: str
    period_is: str = "events"

    def format(self, value: float | None, unit: bool = True) -> str:
        """Format a value with the indicator's decimals and (unless ``unit=False``) its unit.

        Examples
        --------
        >>> indicator("custody_rate").format(0.456)
        '0.46 per 1,000 aged 10–17'
        >>> indicator("reoffending_binary").format(33.333)
        '33.3%'
        >>> indicator("attainment8").format(42.84), indicator("fte_rate").format(1234.4, unit=False)
        ('42.8', '1,234')
        """
        if value is None or pd.isna(value):
            return "not available"
        number = f"{value:,.{self.decimals}f}"
        if self.unit == "%":
            return f"{number}%"
        if not unit or self.unit == "score":
            return number
        return f"{number} {self.unit}"


@cache
def catalogue() -> pd.DataFrame:
    """Return the catalogue as a data frame indexed by indicator id."""
    with resources.files("yjanalysis.vocabulary").joinpath("catalogue.csv").open() as handle:
        frame = pd.read_csv(handle, dtype=str, keep_default_na=False)
    frame["multiplier"] = frame["multiplier"].astype(int)
    frame["decimals"] = frame["decimals"].astype(int)
    return frame.set_index("id", drop=False)


def indicator(indicator_id: str) -> Indicator:
    """Return one indicator of the catalogue.

    Parameters
    ----------
    indicator_id : str
        Its id, e.g. ``fte_rate``.

    Raises
    ------
    InputError
        If the catalogue has no such indicator.
    """
    table = catalogue()
    if indicator_id not in table.index:
        raise InputError(
            f"'{indicator_id}' is not an indicator of the catalogue; "
            f"expected one of {', '.join(table.index)}."
        )
    return Indicator(**table.loc[indicator_id].to_dict())


def ids() -> list[str]:
    """Return every indicator id, in catalogue order."""
    return list(catalogue().index)
