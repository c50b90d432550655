"""A child registered twice: two ids one character apart with one date of birth and sex.

``C0000015X`` holding half of ``C0000015``'s offences, with the same birth and sex, counts one
child as two (in the children cautioned or sentenced, first time entrants, reoffending). Two real
children may share a birth date and sex, and sequential ids one character apart are common, so
the rule weighs the pairs found against chance, from the extract itself:

- the chance that two of its children share a date of birth and sex (from the dates and sexes
  the children table holds: about 1 in 4,000 for a service's children born over eight years,
  most of them boys);
- the number of pairs of its ids one character apart, of each kind: one character **changed**
  (``C0000015`` and ``C0000016``: a few hundred sequential ids give thousands of such pairs, so
  about one pair sharing a birth and sex is expected by chance, and a pair of twins, registered
  together, is one too) or one character **added** (``C0000015`` and ``C0000015X``: among ids of
  one length there are none, so a single one is about 1 in 4,000 by chance).

Where the pairs of a kind found sharing birth and sex are more than chance gives with a chance
below 1 in 1,000 (Poisson, expected = pairs of ids × chance of sharing), the extract is refused,
naming the first pair; where fewer, the build notes them as probable duplicates, by row, to be
checked, as it notes offences that agree on everything but their id.
"""

from __future__ import annotations

import math

import pandas as pd

from yjanalysis.errors import InputError

#: Below this chance of so many pairs by coincidence, the extract is refused.
REFUSE_BELOW = 1 / 1000
#: Below this chance, and not below :data:`REFUSE_BELOW`, the pairs are noted; above it they
#: are what chance gives (about one in an extract of a few hundred sequential ids), and a note
#: on most extracts would teach its readers to skip the notes.
NOTE_BELOW = 1 / 20
KINDS = {"changed": "one character changed", "added": "one character added"}


def _deletions(ids: pd.Series) -> pd.DataFrame:
    """Each id with one character taken out, at each position: rows ``row``, ``at``, ``variant``."""
    parts = []
    for at in range(int(ids.str.len().max())):
        long = ids[ids.str.len() > at]
        variant = long.str[:at] + long.str[at + 1 :]
        parts.append(pd.DataFrame({"row": long.index, "at": at, "variant": variant.to_numpy()}))
    return pd.concat(parts, ignore_index=True)


def _pairs(ids: pd.Series, who: pd.Series) -> dict[str, tuple[int, pd.DataFrame]]:
    """Pairs of rows whose ids are one character apart, by kind.

    Returns, for each kind, the number of such pairs among all ids, and the pairs (columns
    ``a`` and ``b``, ``a`` the shorter id) whose children share ``who`` (birth and sex). Two
    ids of one length share a deletion at one position only if they differ there alone, and
    a longer id is a shorter one with a character added if a deletion of it is the shorter:
    counted from group sizes, never listed, since sequential ids make millions of such pairs.
    """
    cut = _deletions(ids)
    sizes = cut.groupby(["at", "variant"], sort=False).size()
    changed = int((sizes * (sizes - 1) // 2).sum())
    cut["who"] = who.loc[cut["row"]].to_numpy()
    shared = cut[cut.duplicated(["at", "variant", "who"], keep=False)]
    twins = shared.merge(shared, on=["at", "variant", "who"], suffixes=("_a", "_b"))
    twins = twins[twins["row_a"] < twins["row_b"]]
    # A longer id, each deletion once (``C00015X`` less any of its zeros is one id).
    once = cut.drop_duplicates(["row", "variant"])
    whole = pd.DataFrame({"whole": ids.index, "variant": ids.to_numpy(), "who": who.to_numpy()})
    added = once.merge(whole[["variant"]], on="variant")
    same = once.merge(whole, on=["variant", "who"])
    return {
        "changed": (changed, twins.rename(columns={"row_a": "a", "row_b": "b"})[["a", "b"]]),
        "added": (len(added), same.rename(columns={"whole": "a", "row": "b"})[["a", "b"]]),
    }


def _chance_of_at_least(found: int, expected: float) -> float:
    """Return the chance of ``found`` or more events where ``expected`` are (Poisson)."""
    if expected <= 0:
        return 0.0 if found else 1.0
    below = sum(
        math.exp(k * math.log(expected) - expected - math.lgamma(k + 1)) for k in range(found)
    )
    return max(0.0, 1.0 - below)


def one_id_per_child(children: pd.DataFrame, path: str, yjs: str) -> list[str]:
    """Refuse a child registered twice beyond chance; note pairs that may be.

    Parameters
    ----------
    children : pandas.DataFrame
        The children table (each row's index its row in the file), with ``child_id``,
        ``date_of_birth`` and ``sex``.
    path : str
        The file, for the message.
    yjs : str
        The service, for the note.

    Returns
    -------
    list of str
        A note naming rows whose ids may be one child's, or none.

    Raises
    ------
    InputError
        For pairs of one kind too many to be chance, naming the first pair.
    """
    if not {"child_id", "date_of_birth", "sex"} <= set(children.columns) or len(children) < 2:
        return []
    ids = children["child_id"].dropna().astype(str)
    kept = children.loc[ids.index]
    who = kept["date_of_birth"].astype(str) + " " + kept["sex"].astype(str)
    sizes = who.value_counts()
    sharing = float((sizes * (sizes - 1)).sum()) / (len(who) * (len(who) - 1))
    if not who.duplicated().any():
        return []
    notes = []
    for kind, (count, same) in _pairs(ids, who).items():
        if same.empty:
            continue
        same = same.drop_duplicates().sort_values(["a", "b"])
        expected = count * sharing
        chance = _chance_of_at_least(len(same), expected)
        a, b = same.iloc[0]
        first = children.loc[a]
        if chance < REFUSE_BELOW:
            raise InputError(
                f"rows {a} and {b}, column 'child_id': '{ids[a]}' and '{ids[b]}' differ by "
                f"{KINDS[kind]} and share a date of birth ({first['date_of_birth']:%Y-%m-%d}) "
                f"and sex ({first['sex']}); two of the extract's children share a birth and "
                f"sex 1 time in {1 / sharing:,.0f}, and {count:,} pair"
                f"{'s of its ids differ' if count > 1 else ' of its ids differs'} so, so "
                f"{len(same)} such "
                f"pair{'s' * (len(same) > 1)} by chance {'are' if len(same) > 1 else 'is'} 1 "
                f"in {1 / max(chance, 1e-12):,.0f}; expected one id per child (is one child "
                "registered twice? merge the records), since counted as two, one child's "
                "offences are split between two children.",
                path,
            )
        if chance < NOTE_BELOW:
            notes.append(
                f"Case-level extract for {yjs}: the children table: {len(same)} pairs of ids "
                f"with {KINDS[kind]} (e.g. rows {a} and {b}) share a date of birth and sex, "
                f"where chance gives about {expected:.2g}; each is counted as a child, so "
                "check that none is one child registered twice"
            )
    return notes


__all__ = ["NOTE_BELOW", "REFUSE_BELOW", "one_id_per_child"]
