"""How a report names a service's comparator group: which group, how it was found, who is in it.

Every word here is made from the rows of the comparator groups table that it describes: the
method, the number of members, the file or report the group comes from and, for a computed
group, the characteristics compared.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from yjanalysis.methods.similar.characteristics import phrase

#: How a comparison names each kind of family's figure: by the group, not "average", since
#: a family's figure is the YJB's published one or its members' counts added up, never a mean
#: of their figures (a ninth reading).
LABELS = {
    "yjb_family": "its YJB family",
    "dfe_statistical_neighbours": "its statistical neighbours",
    "nearest_neighbours": "its family",
}
#: A short name for each kind of group.
TITLES = {
    "yjb_family": "YJB family",
    "dfe_statistical_neighbours": "DfE statistical neighbours",
    "nearest_neighbours": "nearest neighbours on published figures",
}


@dataclass(frozen=True)
class Family:
    """One comparator group of a service.

    Attributes
    ----------
    yjs : str
        The service.
    method : str
        ``yjb_family``, ``dfe_statistical_neighbours`` or ``nearest_neighbours``.
    members : pandas.DataFrame
        ``rank``, ``member``, ``distance`` and, for DfE groups, ``dfe_rank``, ``named_by`` and
        ``authorities``, closest first.
    source : str
        The report or file the group comes from, or the sources and years behind the
        characteristics.
    basis : tuple of str
        The characteristics compared (nearest-neighbour groups only).
    chosen : bool
        Whether the report uses this group as the service's family.
    """

    yjs: str
    method: str
    members: pd.DataFrame
    source: str
    basis: tuple[str, ...]
    chosen: bool

    @property
    def names(self) -> list[str]:
        """The members' names, closest first."""
        return list(self.members["member"])

    @property
    def label(self) -> str:
        """How a comparison names the family's figure (``its YJB family``)."""
        return LABELS[self.method]

    @property
    def title(self) -> str:
        """A short name of the kind of group."""
        return TITLES[self.method]

    @property
    def description(self) -> str:
        """Say what the group is and how it was found, in one phrase.

        Examples
        --------
        >>> members = pd.DataFrame({"rank": [1, 2], "member": ["Bristol", "Derby"]})
        >>> Family("Southampton", "yjb_family", members, "its report", (), True).description
        "Southampton's YJB family: the 2 services the YJB groups with it (from its report)"
        """
        n = len(self.members)
        if self.method == "yjb_family":
            return (
                f"{self.yjs}'s YJB family: the {n} services the YJB groups with it "
                f"(from {self.source})"
            )
        if self.method == "dfe_statistical_neighbours":
            authorities = int(self.members["authorities"].max())
            whose = (
                f"{self.yjs}'s for children's services"
                if authorities == 1
                else f"each of the {authorities} councils {self.yjs} covers, for children's "
                "services, their rankings combined by a Borda count"
            )
            return (
                f"{self.yjs}'s statistical neighbours: the {n} services covering the councils "
                f"the Department for Education ranks as most like {whose} (DfE statistical "
                f"neighbours, {self.source})"
            )
        # What the group is, never "most like": a councillor read it as the YJB's judgement.
        return (
            f"the {n} services nearest {self.yjs} on {phrase(self.basis)} "
            f"({self.source}), chosen by this tool, each characteristic weighted equally"
        )


def groups_of(table: pd.DataFrame, yjs: str) -> list[Family]:
    """Return every comparator group of a service, the chosen one first.

    Parameters
    ----------
    table : pandas.DataFrame
        The comparator groups table the build wrote
        (:data:`yjanalysis.methods.similar.groups.COLUMNS`).
    yjs : str
        The service (canonical name).
    """
    rows = table[table["yjs"] == yjs]
    found = []
    for method, group in rows.groupby("method", sort=False):
        group = group.sort_values("rank")
        basis = group["basis"].iloc[0]
        found.append(
            Family(
                yjs=yjs,
                method=str(method),
                members=group.drop(
                    columns=["yjs", "method", "source", "basis", "chosen"]
                ).reset_index(drop=True),
                source=str(group["source"].iloc[0]),
                basis=tuple(basis.split(",")) if isinstance(basis, str) and basis else (),
                chosen=bool(group["chosen"].iloc[0]),
            )
        )
    return sorted(found, key=lambda f: not f.chosen)


def family_of(table: pd.DataFrame | None, yjs: str) -> Family | None:
    """Return the group a service's report uses as its family, or ``None``."""
    if table is None:
        return None
    found = groups_of(table, yjs)
    return found[0] if found and found[0].chosen else None


def overlap(first: Family, second: Family) -> int:
    """Return how many services two groups share."""
    return len(set(first.names) & set(second.names))


def recovered(
    table: pd.DataFrame, method: str = "nearest_neighbours"
) -> tuple[int, int, list[str]]:
    """Return how many members of the YJB families in a table a computed method finds.

    The only check of a computed family against the YJB's own: for every service with both a
    YJB family and a group found by ``method``, the members they share.

    Returns
    -------
    tuple
        The members found, the YJB families' members in all, and the services checked.
    """
    found = total = 0
    checked = []
    for yjs in table.loc[table["method"] == "yjb_family", "yjs"].unique():
        groups = {g.method: g for g in groups_of(table, str(yjs))}
        if method in groups:
            found += overlap(groups["yjb_family"], groups[method])
            total += len(groups["yjb_family"].members)
            checked.append(str(yjs))
    return found, total, checked


#: Column headings of the characteristics in printed tables.
HEADINGS = {
    "children_10_17": "Aged 10-17",
    "share_10_17": "% 10-17",
    "share_18_24": "% 18-24",
    "share_65_plus": "% 65+",
    "cautioned_or_sentenced_rate": "Cautioned or sentenced per 10,000",
    "minority_ethnic_share": "% minority ethnic",
}


def member_table(family: Family, characteristics: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return a group's members with their distance (and characteristics where given).

    A DfE group also shows each member's rank in the DfE's lists where that differs from its
    rank here (a neighbour dropped or merged) or the service covers several authorities.

    Parameters
    ----------
    family : Family
        The group.
    characteristics : pandas.DataFrame, optional
        The published characteristics by service; the service itself is shown first.
    """
    members = family.members
    shown = pd.DataFrame(
        {
            "Rank": members["rank"].astype(int).astype(str),
            "Service": members["member"],
            "Distance": members["distance"].map(lambda d: "–" if pd.isna(d) else f"{d:.2f}"),
        }
    )
    if family.method == "dfe_statistical_neighbours":
        several = members["authorities"].max() > 1
        if several or members["dfe_rank"].ne(members["rank"]).any():
            heading = "Best DfE rank (authorities naming it)" if several else "DfE rank"
            shown[heading] = [
                f"{r:.0f}" + (f" ({n:.0f} of {a:.0f})" if several else "")
                for r, n, a in zip(
                    members["dfe_rank"], members["named_by"], members["authorities"], strict=True
                )
            ]
    if characteristics is None or characteristics.empty:
        return shown
    own = pd.DataFrame({"Rank": ["–"], "Service": [family.yjs], "Distance": ["0.00"]})
    shown = pd.concat([own, shown], ignore_index=True).fillna("")
    for column, heading in HEADINGS.items():
        if column not in characteristics:
            continue
        values = characteristics[column].reindex(shown["Service"]).to_numpy()
        if column.startswith("share") or column == "minority_ethnic_share":
            shown[heading] = [("–" if pd.isna(v) else f"{100 * v:.1f}") for v in values]
        elif column == "children_10_17":
            shown[heading] = [("–" if pd.isna(v) else f"{v:,.0f}") for v in values]
        else:
            shown[heading] = [("–" if pd.isna(v) else f"{v:.1f}") for v in values]
    return shown


def as_text(table: pd.DataFrame, characteristics: pd.DataFrame, yjs: str) -> str:
    """Say a service's comparator groups for the terminal: the family first, then the checks.

    Each group is named with its method and source, then its members with their distance from
    the service on the published characteristics; each further group says how many members
    it shares with the family.
    """
    found = groups_of(table, yjs)
    if not found:
        return f"{yjs} has no comparator group: the inputs give none (see the build's notes)."
    lines = []
    family = found[0] if found[0].chosen else None
    for group in found:
        heading = "Family used in the report" if group.chosen else "Also computed, as a check"
        lines.append(f"{heading}: {group.description}.")
        lines.append(member_table(group, characteristics).to_string(index=False))
        if family is not None and group is not family:
            lines.append(
                f"It shares {overlap(group, family)} of its {len(group.members)} members with "
                f"the family used ({family.title})."
            )
        lines.append("")
    used = [c for c in HEADINGS if c in characteristics]
    if used:
        lines.append(
            "Distance: how far each service is from "
            f"{yjs} on {phrase(used)} ({len(used)} characteristics, each in standard deviations "
            f"across the {len(characteristics.dropna(subset=used))} services with all of them; "
            "root mean square, 0 is identical)."
        )
    return "\n".join(lines)
