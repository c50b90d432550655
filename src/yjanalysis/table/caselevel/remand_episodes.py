"""A child's remands as episodes: one remand at a time.

A child is remanded to one place at a time. Two remand rows of one child and type that overlap
(the same remand keyed twice under new ids, or one remand recorded against each of two
charges) are one episode: they are counted once, from the first start to the last end, and
the build notes the rows. The rows of one episode must agree on whether it has ended: one with an
end beside one with none (a copy keyed without its end, or an end keyed on one copy only) is
refused, naming both, since which is true cannot be told and, counted open, the child would be
remanded every month since. Each episode keeps its rows (:data:`ROWS`) for the messages of
later checks, which judge the episode's span, not one row's. Two rows of one child and different
types that overlap (youth detention accommodation and local authority accommodation at once)
cannot both be true: the extract is refused, naming the rows. A remand ending on the day the
next begins (renewed, or changed at a hearing) is not an overlap.
"""

from __future__ import annotations

import pandas as pd

from yjanalysis.errors import InputError

#: Stands for the end of a remand with none recorded (still open): it overlaps any later one.
OPEN = pd.Timestamp("2262-01-01")
#: The column naming an episode's rows for a message: ``row 41``, or ``rows 41, 42 and 43``.
ROWS = "episode_rows"


def _name_rows(rows: list) -> str:
    """Name rows for a message: ``row 4``, ``rows 4 and 5``, ``rows 4, 5 and 9``."""
    if len(rows) == 1:
        return f"row {rows[0]}"
    return f"rows {', '.join(str(r) for r in rows[:-1])} and {rows[-1]}"


def _refuse_open_beside_ended(episode: pd.DataFrame, path: str) -> None:
    """Refuse an episode holding a row with no end and an overlapping row with one.

    ``episode`` holds one episode's rows, sorted by start.
    """
    still = episode[episode["remand_end"].isna()]
    ended = episode[episode["remand_end"].notna()]
    if still.empty or ended.empty:
        return
    row = still.index[0]
    start = still.loc[row, "remand_start"]
    # The first ended row it overlaps: one ending on or after its start (such a row exists,
    # since the episode's rows overlap in a chain and this one runs on to the records' end).
    over = ended[ended["remand_end"] >= start]
    other = over.index[0] if len(over) else ended.index[-1]
    kind = str(still.loc[row, "remand_type"]).lower()
    raise InputError(
        f"row {row}, column 'remand_end': the remand to {kind} from {start:%Y-%m-%d} has no "
        f"end, but row {other}, the same child's remand to {kind} from "
        f"{ended.loc[other, 'remand_start']:%Y-%m-%d} which it overlaps, ended on "
        f"{ended.loc[other, 'remand_end']:%Y-%m-%d}; expected the rows of one remand to agree "
        "on whether it has ended (is an end missing from one, or keyed on the other?), since, "
        "counted as open, the child would be remanded every month to the records' end.",
        path,
    )


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
        (blank if every row is open), with its rows named in column :data:`ROWS`.
    notes : list of str
        Which rows were counted as one (rows, never a child).

    Raises
    ------
    InputError
        For a child remanded to two types of accommodation at once, or rows of one episode of
        which one has ended and one has not, naming both rows.
    """
    needed = {"child_id", "remand_type", "remand_start", "remand_end"}
    if remands.empty or not needed <= set(remands.columns):
        return remands, []
    ordered = remands.sort_values(["child_id", "remand_type", "remand_start"], kind="stable")
    joins, _ = _overlaps(ordered, ["child_id", "remand_type"])
    notes = []
    ordered = ordered.assign(**{ROWS: [f"row {row}" for row in ordered.index]})
    if joins.any():
        episode = (~joins).cumsum()
        for _, rows in ordered[episode.isin(episode[joins])].groupby(episode):
            _refuse_open_beside_ended(rows, path)
        ends = ordered["remand_end"].fillna(OPEN).groupby(episode).transform("max")
        names = (
            pd.Series(ordered.index, index=ordered.index)
            .groupby(episode)
            .transform(lambda rows: _name_rows(sorted(rows)))
        )
        merged = ordered.assign(remand_end=ends.where(ends < OPEN), **{ROWS: names})[~joins]
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


__all__ = ["OPEN", "ROWS", "one_remand_at_a_time"]
