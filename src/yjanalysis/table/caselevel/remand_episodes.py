"""A child's remands as episodes: one remand at a time.

A child is remanded to one place at a time. Two remand rows of one child and type that overlap
(the same remand keyed twice under new ids, or one remand recorded against each of two
charges) are one episode: they are counted once, from the first start to the last end, and
the build notes the rows. Two rows of one child and different types that overlap (youth
detention accommodation and local authority accommodation at once) cannot both be true: the
extract is refused, naming the rows. A remand ending on the day the next begins (renewed, or
changed at a hearing) is not an overlap.
"""

from __future__ import annotations

import pandas as pd

from yjanalysis.errors import InputError

#: Stands for the end of a remand with none recorded (still open): it overlaps any later one.
OPEN = pd.Timestamp("2262-01-01")


def _overlaps(remands: pd.DataFrame, by: list[str]) -> tuple[pd.Series, pd.Series]:
    """Say which rows (sorted by ``by`` and start) begin before an earlier row of theirs ends.

    Returns the sorted frame's overlap flags and, for each row, the latest end before it.
    """
    keys = [remands[c] for c in by]
    ends = remands["remand_end"].fillna(OPEN)
    reach = ends.groupby(keys, sort=False).cummax().groupby(keys, sort=False).shift()
    same_start = remands["remand_start"].eq(
        remands["remand_start"].groupby(keys, sort=False).shift()
    )
    return (remands["remand_start"] < reach) | same_start, reach


def one_remand_at_a_time(remands: pd.DataFrame, path: str, yjs: str) -> tuple[pd.DataFrame, list]:
    """Count overlapping remands of one child and type once; refuse those of two types.

    Parameters
    ----------
    remands : pandas.DataFrame
        The remands table (each row's index its row in the file).
    path : str
        The file, for the message.
    yjs : str
        The service, for the note.

    Returns
    -------
    remands : pandas.DataFrame
        One row per episode: the first row of each overlapping set, ending at its last end
        (blank if any is open).
    notes : list of str
        Which rows were counted as one (rows, never a child).

    Raises
    ------
    InputError
        For a child remanded to two types of accommodation at once, naming both rows.
    """
    needed = {"child_id", "remand_type", "remand_start", "remand_end"}
    if remands.empty or not needed <= set(remands.columns):
        return remands, []
    ordered = remands.sort_values(["child_id", "remand_type", "remand_start"], kind="stable")
    joins, _ = _overlaps(ordered, ["child_id", "remand_type"])
    notes = []
    if joins.any():
        episode = (~joins).cumsum()
        ends = ordered["remand_end"].fillna(OPEN).groupby(episode).transform("max")
        merged = ordered.assign(remand_end=ends.where(ends < OPEN))[~joins]
        first = ordered.index[joins.to_numpy()][0]
        before = ordered.index[(episode == episode[first]).to_numpy()][0]
        count = int(joins.sum())
        notes.append(
            f"Case-level extract for {yjs}: the remands table: {count} remand "
            f"row{'s' * (count > 1)} (e.g. row {first}, overlapping row {before}) overlap "
            "another remand of the same child and type (keyed twice, or one remand on two "
            "charges); a child is remanded to one place at a time, so each set is counted as "
            "one remand episode, from its first start to its last end"
        )
        ordered = merged
    ordered = ordered.sort_values(["child_id", "remand_start"], kind="stable")
    clash, reach = _overlaps(ordered, ["child_id"])
    if clash.any():
        row = clash.idxmax()
        this = ordered.loc[row]
        same_child = ordered[ordered["child_id"].eq(this["child_id"])]
        earlier = same_child[
            (same_child["remand_start"] <= this["remand_start"])
            & same_child["remand_end"].fillna(OPEN).ge(reach[row])
            & (same_child.index != row)
        ].index[0]
        other = ordered.loc[earlier]
        ended = (
            "has no end" if pd.isna(other["remand_end"]) else f"ends {other['remand_end']:%Y-%m-%d}"
        )
        raise InputError(
            f"row {row}, column 'remand_start': the remand to "
            f"{str(this['remand_type']).lower()} from {this['remand_start']:%Y-%m-%d} begins "
            f"while the same child's remand to {str(other['remand_type']).lower()} of row "
            f"{earlier} (from {other['remand_start']:%Y-%m-%d}) {ended}; expected one remand "
            "at a time, the earlier ending on or before the day the later begins (is an end "
            "missing or mistyped?), since a child cannot be remanded to two places at once.",
            path,
        )
    return ordered.sort_index(), notes


__all__ = ["one_remand_at_a_time"]
