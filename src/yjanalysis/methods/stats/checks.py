"""The checks every method makes of its arguments: counts, confidence levels, kinds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from yjanalysis.errors import InputError

KINDS = ("proportion", "rate")


RATE_PAIR = ("count1", "denominator1", "count2", "denominator2")


PROPORTION_PAIR = ("count1", "n1", "count2", "n2")


def _arrays(*values):
    out = [
        np.asarray(pd.to_numeric(pd.Series(np.atleast_1d(v)), errors="coerce"), dtype=float)
        for v in values
    ]
    return np.broadcast_arrays(*out)


def _scalar_back(result, *inputs):
    if all(np.ndim(i) == 0 and not isinstance(i, pd.Series) for i in inputs):
        return tuple(float(r[0]) for r in result)
    return result


def _where(values: np.ndarray, bad: np.ndarray) -> str:
    """Describe the first offending value: ``-3`` or ``-3 (item 2)`` for an array."""
    index = int(np.flatnonzero(bad)[0])
    shown = f"{values.flat[index]:g}"
    return shown if values.size == 1 else f"{shown} (item {index + 1})"


def check_counts(name: str, values) -> np.ndarray:
    """Refuse negative or infinite counts; return them as a float array (gaps kept as ``nan``).

    Examples
    --------
    >>> check_counts("count", [3, None]).tolist()
    [3.0, nan]
    >>> check_counts("count", -3)
    Traceback (most recent call last):
    ...
    yjanalysis.errors.InputError: count must be zero or more: found -3.
    """
    (array,) = _arrays(values)
    bad = np.isinf(array) | (array < 0)
    if bad.any():
        raise InputError(f"{name} must be zero or more: found {_where(array, bad)}.")
    return array


def check_confidence(confidence: float) -> float:
    """Refuse a confidence level outside (0, 1), such as ``95`` meant as 95%."""
    if not isinstance(confidence, int | float | np.number) or not 0 < confidence < 1:
        raise InputError(
            f"confidence must be a fraction between 0 and 1 (0.95 for 95%): found {confidence!r}."
        )
    return float(confidence)


def check_kind(kind: str) -> str:
    """Refuse any kind of figure other than ``proportion`` or ``rate``."""
    if kind not in KINDS:
        raise InputError(f"kind must be 'proportion' or 'rate': found {kind!r}.")
    return kind


def _counts_of_two(names: tuple[str, str, str, str], values) -> tuple[np.ndarray, ...]:
    """Check the four counts of a two-group comparison and broadcast them together."""
    return np.broadcast_arrays(*(check_counts(n, v) for n, v in zip(names, values, strict=True)))


def _check_not_above(numerator, denominator, names=("numerator", "denominator")):
    bad = np.isfinite(numerator) & np.isfinite(denominator) & (numerator > denominator)
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        item = "" if numerator.size == 1 else f" (item {index + 1})"
        raise InputError(
            f"a proportion's {names[0]} cannot exceed its {names[1]}: found "
            f"{numerator.flat[index]:g} of {denominator.flat[index]:g}{item}."
        )
