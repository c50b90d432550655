"""The demo's YJB families file: a family for every Welsh service, as the YJB's own cover Wales.

The YJB gives every service in England and Wales a family of ten similar services, and its
families cross the border (Southampton's, from its March 2024 report, has Newport and
Wrexham). The project packages the one family it knows from a real report (Southampton's);
a service whose family no input gives is compared with a group this tool computes, which a
board paper leaves out (:func:`~yjanalysis.report.paper.contents.without_computed_family`).
Without a Welsh family the demo's Welsh reports (Newport's, Cardiff's) could set their service
beside no other Welsh service: a Newport councillor read a paper with no family at all.

So the demo writes a families file, in the shape a user's file has (``family``, ``member``,
``source``), for every current Welsh service. Its membership is synthetic, like every figure of
the demo, and made without the tool's own nearest-neighbour method (whose check against the
YJB's families would otherwise find itself):

* a real family's service first, where the service is a member of it (Newport and Wrexham are
  in Southampton's, so Southampton is in theirs): the real membership, where known, is kept;
* then the Welsh services nearest it in population aged 10 to 17, to :data:`WELSH_MEMBERS`;
* then the English services nearest it in population, to ten.

A Welsh service's family is thus at least half Welsh, so that its report ranks it in its family
(:func:`~yjanalysis.report.narrative.ranked_in_family`) as an English service's does. English
services have no family here: they keep the packaged one (Southampton) or one the build
computes, as a real service without a YJB family does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yjanalysis import reference

__all__ = ["SIZE", "SOURCE", "WELSH_MEMBERS", "welsh_families"]

#: Members of a YJB family.
SIZE = 10
#: Welsh members of a Welsh service's demo family (of :data:`SIZE`).
WELSH_MEMBERS = 6
#: What the file says each family is.
SOURCE = "synthetic demo family: made up, like every demo figure"


def welsh_families(population: pd.DataFrame) -> pd.DataFrame:
    """Return a family for every current Welsh service (``family``, ``member``, ``source``).

    Parameters
    ----------
    population : pandas.DataFrame
        The demo's YJB population table (``YJS`` and one column per year): its last year's
        10 to 17 population measures how near two services are.

    Returns
    -------
    pandas.DataFrame
        One row per family member, nearest first within each part (see the module).

    Examples
    --------
    >>> people = pd.DataFrame({"YJS": ["Newport", "Cardiff", "Southampton", "Bristol"],
    ...                        "2023": [15000, 30000, 21000, 40000]})
    >>> rows = welsh_families(people)
    >>> list(rows.loc[rows["family"] == "Newport", "member"])
    ['Southampton', 'Cardiff', 'Bristol']
    """
    table = reference.register()
    people = population.set_index("YJS")[population.columns[-1]].astype(float)
    current = table[table["current"]].index
    people = people[people.index.isin(current) & people.notna() & (people > 0)]
    country = table["country"]
    welsh = [yjs for yjs in people.index if country[yjs] == "Wales"]
    packaged = reference.packaged_families()
    rows = []
    for yjs in welsh:
        linked = sorted(set(packaged.loc[packaged["member"] == yjs, "family"]) & set(people.index))
        gap = (np.log(people) - np.log(people[yjs])).abs().drop(yjs).sort_values(kind="stable")
        others = [m for m in gap.index if m not in linked]
        near_welsh = [m for m in others if country[m] == "Wales"]
        near_english = [m for m in others if country[m] == "England"]
        members = linked + near_welsh[: WELSH_MEMBERS - sum(country[m] == "Wales" for m in linked)]
        members += near_english[: SIZE - len(members)]
        rows += [{"family": yjs, "member": m, "source": SOURCE} for m in members]
    return pd.DataFrame(rows, columns=["family", "member", "source"])
