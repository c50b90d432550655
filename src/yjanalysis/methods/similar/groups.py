"""Each service's comparator group: its YJB family where supplied, otherwise one computed.

A service's family is, in this order:

1. its **YJB family** where one is supplied (packaged with the project, or a ``family,member``
   file among the inputs), named as such;
2. for an English service, when the DfE statistical neighbours file is among the inputs, its
   **DfE statistical neighbours** mapped to services
   (:mod:`yjanalysis.methods.similar.statistical_neighbours`), if at least :data:`MIN_MEMBERS` map;
3. otherwise the **services nearest it on published characteristics**
   (:mod:`yjanalysis.methods.similar.nearest`), which Welsh services always get.

Every group that can be computed is kept, so that each is a check on the others; ``chosen``
marks the one the report uses. Each member carries its distance from the service on the
published characteristics, whichever group it is in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from yjanalysis import reference
from yjanalysis.methods.similar.characteristics import characteristics
from yjanalysis.methods.similar.nearest import distances, nearest_neighbours
from yjanalysis.methods.similar.statistical_neighbours import dfe_groups
from yjanalysis.vocabulary.input_names import frame_name

#: Group kinds, most preferred first.
METHODS = ("yjb_family", "dfe_statistical_neighbours", "nearest_neighbours")
#: The fewest members a computed group may have to be used as a family.
MIN_MEMBERS = 5
#: Files the build writes beside the indicator table.
GROUPS_FILE = "comparator_groups.parquet"
CHARACTERISTICS_FILE = "service_characteristics.parquet"
COLUMNS = [
    "yjs", "method", "chosen", "rank", "member", "distance", "dfe_rank", "named_by",
    "authorities", "source", "basis",
]  # fmt: skip


@dataclass
class ComparatorGroups:
    """Every comparator group of every current service.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per service, method and member (:data:`COLUMNS`).
    characteristics : pandas.DataFrame
        The published characteristics behind the distances, one row per service.
    notes : list of str
        What the build should say about them.
    withheld : str
        Why no nearest-neighbour group and no distance was computed (an input gives a
        characteristic for part of the nation only), or empty.
    """

    table: pd.DataFrame
    characteristics: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    withheld: str = ""

    def families(self) -> dict[str, list[str]]:
        """Return each service's chosen members, closest first."""
        return families(self.table)

    def files(self) -> dict[str, pd.DataFrame]:
        """Return the frames to write beside the indicator table, by file name."""
        return {
            GROUPS_FILE: self.table,
            CHARACTERISTICS_FILE: self.characteristics.rename_axis("yjs").reset_index(),
        }


def _supplied(frames: dict[str, list[pd.DataFrame]]) -> pd.DataFrame:
    """Return supplied YJB families as rows, each with the file or report it came from."""
    given = frames.get("yjs_families", [])
    extra = pd.concat(given, ignore_index=True) if given else None
    if extra is not None:
        extra.attrs["path"] = ", ".join(f.attrs["path"] for f in given)
    found = reference.families(extra)
    sources = {}
    packaged = reference.packaged_families()
    for name, source in zip(packaged["family"], packaged["source"], strict=True):
        sources[reference.canonical_name(name)] = source
    for frame in given:
        for name in reference.canonical_names(frame["family"]).dropna().unique():
            sources[name] = frame_name(frame)
    rows = [
        {"yjs": yjs, "rank": rank, "member": member, "source": sources.get(yjs, "")}
        for yjs, members in found.items()
        for rank, member in enumerate(members, start=1)
    ]
    return pd.DataFrame(rows, columns=["yjs", "rank", "member", "source"])


def comparator_groups(
    frames: dict[str, list[pd.DataFrame]], people: pd.DataFrame, by: pd.Timestamp | None = None
) -> ComparatorGroups:
    """Compute every current service's comparator groups from the inputs read.

    Parameters
    ----------
    frames : dict
        Frames read from the inputs, by format (as :func:`yjanalysis.table.build.read_inputs`
        gives them): families files, DfE statistical neighbours, Children tables and ONS
        estimates are used.
    people : pandas.DataFrame
        The 10 to 17 populations of :func:`yjanalysis.table.population.populations`.
    by : pandas.Timestamp, optional
        The last day of the report's period: the groups are found on no ONS estimate dated
        after it (:func:`~yjanalysis.methods.similar.characteristics.age_structure`).

    Returns
    -------
    ComparatorGroups
        The groups, the characteristics behind them and notes.

    Raises
    ------
    InputError
        If a families file names a service that is not in the register, or the ONS estimates
        are all dated after ``by``.
    """
    found = characteristics(
        frames.get("yjb_children", []), frames.get("ons_population", []), people, by
    )
    withheld = _withheld(found.attrs.get("incomplete", "")) or _undated(found.attrs.get("undated"))
    # Distances on fewer characteristics than the whole release gives would differ unsaid.
    apart = pd.DataFrame(dtype=float) if withheld else distances(found)
    parts = [_supplied(frames).assign(method="yjb_family", basis="")]
    for sn in frames.get("dfe_statistical_neighbours", []):
        parts.append(
            dfe_groups(sn).assign(
                method="dfe_statistical_neighbours",
                source=frame_name(sn, "DfE statistical neighbours"),
                basis="",
            )
        )
    used = [c for c in found.columns if c != "years"]
    if len(used) >= 2 and not withheld:
        parts.append(
            nearest_neighbours(found).assign(
                method="nearest_neighbours", source=found.attrs["basis"], basis=",".join(used)
            )
        )
    table = pd.concat([p for p in parts if len(p)], ignore_index=True).reindex(columns=COLUMNS)
    # Two DfE releases would merge into one group: the build refuses them (table.build).
    table = table.drop_duplicates(["yjs", "method", "member"])
    pairs = apart.rename_axis(index="yjs", columns="member").stack().rename("distance")
    table = table.drop(columns="distance").merge(
        pairs.reset_index(), on=["yjs", "member"], how="left"
    )[COLUMNS]
    sizes = table.groupby(["yjs", "method"])["member"].size()
    chosen: dict[str, str] = {}
    for (yjs, method), size in sorted(sizes.items(), key=lambda i: METHODS.index(i[0][1])):
        if yjs not in chosen and (method == "yjb_family" or size >= MIN_MEMBERS):
            chosen[yjs] = method
    table["chosen"] = table["method"].eq(table["yjs"].map(chosen))
    table = table.sort_values(
        ["yjs", "method", "rank"], key=lambda c: c.map(METHODS.index) if c.name == "method" else c
    ).reset_index(drop=True)
    notes = _notes(found, chosen) + ([withheld] if withheld else [])
    return ComparatorGroups(table, found, notes, withheld)


def _withheld(incomplete: str) -> str:
    """Say why the nearest-neighbour groups are withheld, or return empty if they are not.

    A partial input is a legitimate one (a region's population file), so it is not refused;
    but groups chosen without its characteristics would be other services than those the
    whole release gives, changing every family figure with nothing on the page saying why.
    """
    if not incomplete:
        return ""
    return (
        "No services nearest each on published figures were found, nor any distance between "
        f"services: {incomplete}; expected the whole release, since groups chosen without "
        "those characteristics would differ from the groups the whole release gives."
    )


def _undated(undated: tuple[str, str] | None) -> str:
    """Say why the nearest-neighbour groups are withheld for a report before every ONS estimate.

    Only a report that needs them is refused (:func:`yjanalysis.run.pipeline.check_family_dated`):
    a service with a YJB family is reported on in full, its page saying why no distance is
    given. The file is named without its folder, since the sentence is published.

    Examples
    --------
    >>> said = _undated(("holds the ONS population estimates of mid-2025, after the report's "
    ...  "period (to 31 December 2024), and the inputs hold none earlier; expected …", "/x/o.csv"))
    >>> said.split(": ")[1][:60], said.endswith("uses no source dated after its period.")
    ('o.csv holds the ONS population estimates of mid-2025, after ', True)
    """
    if not undated:
        return ""
    sentence, file = undated
    said = sentence.split("; expected")[0]
    return (
        "No services nearest each on published figures were found, nor any distance between "
        f"services: {Path(file).name or 'the inputs'} {said}, as a report uses no source dated "
        "after its period."
    )


def _listed(names: list[str], most: int = 5) -> str:
    return ", ".join(names[:most]) + (" …" if len(names) > most else "")


def _notes(found: pd.DataFrame, chosen: dict[str, str]) -> list[str]:
    words = {
        "yjb_family": ("uses its YJB family as supplied", "use their YJB family as supplied"),
        "dfe_statistical_neighbours": (
            "uses its DfE statistical neighbours mapped to services",
            "use their DfE statistical neighbours mapped to services",
        ),
        "nearest_neighbours": (
            "uses the services nearest it on published characteristics",
            "use the services nearest them on published characteristics",
        ),
    }
    said = []
    for method in METHODS:
        services = sorted(yjs for yjs, m in chosen.items() if m == method)
        if len(services) == 1:
            said.append(f"{services[0]} {words[method][0]}")
        elif services:
            said.append(f"{len(services)} services {words[method][1]}")
    notes = [f"Families: {'; '.join(said)}."] if said else []
    current = sorted(reference.register().query("current")["yjs"])
    without = [yjs for yjs in current if yjs not in chosen]
    if without:
        notes.append(
            f"No comparator group for {len(without)} services ({_listed(without)}): the inputs "
            "give neither a YJB family, DfE statistical neighbours nor "
            + (
                "the whole of a characteristic to find similar services (below)."
                if found.attrs.get("incomplete")
                else "enough published characteristics to find similar services."
            )
        )
    used = found.drop(columns="years", errors="ignore")
    if used.shape[1] >= 2 and not found.attrs.get("incomplete"):
        incomplete = sorted(used.index[used.isna().any(axis=1)])
        if incomplete:
            notes.append(
                f"{len(incomplete)} services lack a published characteristic and are left out of "
                f"the nearest-neighbour groups: {_listed(incomplete)}."
            )
        if found.attrs.get("left_out"):
            notes.append(
                "The nearest-neighbour groups leave out characteristics no input gives: "
                f"{', '.join(found.attrs['left_out'])}."
            )
    return notes


def families(table: pd.DataFrame) -> dict[str, list[str]]:
    """Return each service's chosen members, closest first, from a groups table."""
    rows = table[table["chosen"]].sort_values(["yjs", "rank"])
    return {yjs: list(group["member"]) for yjs, group in rows.groupby("yjs", sort=True)}


def load(processed: Path) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Return the groups and characteristics a build wrote to ``processed``, or ``None``."""
    groups, found = Path(processed) / GROUPS_FILE, Path(processed) / CHARACTERISTICS_FILE
    if not groups.is_file():
        return None
    characteristics_table = (
        pd.read_parquet(found).set_index("yjs") if found.is_file() else pd.DataFrame()
    )
    return pd.read_parquet(groups), characteristics_table
