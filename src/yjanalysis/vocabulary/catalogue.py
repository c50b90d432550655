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
    "PERIOD_KINDS",
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
#: The kinds of period a figure can be given for (see
#: :func:`yjanalysis.vocabulary.periods.kind`): a financial, academic or calendar year, another
#: run of whole months (a rolling year, a quarter's cohort), or one day (a snapshot).
PERIOD_KINDS = ("financial", "academic", "calendar", "months", "day")


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
    minimum, maximum : float
        The plausible range of a value: a percentage from 0 to 100, an Attainment 8 score from
        0 to 90, a rate up to several times the highest any service has had. A value outside
        cannot be a figure of the indicator: the file or the arithmetic is wrong.
    periods : str
        The kinds of period the indicator is given for, space-separated, of
        :data:`PERIOD_KINDS`: school measures by academic year, children in custody by day.
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
    minimum: float = 0.0
    maximum: float = float("inf")
    periods: str = "financial calendar months"

    def plausible(self, value: float) -> bool:
        """Say whether a value is in the indicator's plausible range (a missing one is).

        Examples
        --------
        >>> spec = indicator("reoffending_binary")
        >>> spec.plausible(33.3), spec.plausible(250.0), spec.plausible(float("nan"))
        (True, False, True)
        """
        return bool(pd.isna(value) or self.minimum <= value <= self.maximum)

    def range_text(self) -> str:
        """Say the plausible range in words: ``from 0 to 100%``.

        Examples
        --------
        >>> indicator("attainment8").range_text(), indicator("custody_rate").range_text()
        ('from 0 to 90', 'from 0 to 50 per 1,000 aged 10–17')
        """
        low, high = f"{self.minimum:,g}", f"{self.maximum:,g}"
        if self.unit == "%":
            return f"from {low} to {high}%"
        if self.unit == "score":
            return f"from {low} to {high}"
        return f"from {low} to {high} {self.unit}"

    def kinds(self) -> tuple[str, ...]:
        """Return the kinds of period the indicator is given for (see :data:`PERIOD_KINDS`)."""
        return tuple(self.periods.split())

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
    frame["minimum"] = frame["minimum"].astype(float)
    frame["maximum"] = frame["maximum"].astype(float)
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


def shares_of_a_whole() -> list[str]:
    """Return the indicators whose groups divide one whole (``custody_share``, say).

    Their groups' counts of one area and period share a denominator, the whole, and cannot add
    up to more than it (children whose group is unknown are in the whole, so they may add up to
    less). Each is named ``…_share…`` and is a percentage.
    """
    table = catalogue()
    return [i for i in table.index if "_share" in i and table.loc[i, "unit"] == "%"]


def divided_by_population() -> list[str]:
    """Return the indicators whose denominator is the area's children aged 10 to 17.

    The rates per head (``per 10,000 aged 10–17``) and the share of those children in each
    group (``population_share_10_17``, from the Census): a population written with one of
    their rows is the same population a population table gives.

    Examples
    --------
    >>> "syv_rate" in divided_by_population(), "population_share_10_17" in divided_by_population()
    (True, True)
    >>> "reoffending_binary" in divided_by_population()
    False
    """
    table = catalogue()
    per_head = table["unit"].str.contains("aged 10", regex=False)
    return [i for i in table.index if per_head[i] or i.startswith("population_share_10_17")]


def ids() -> list[str]:
    """Return every indicator id, in catalogue order."""
    return list(catalogue().index)
