"""What a report says about who a service is compared with: its family, region and nation.

The family is named by the kind of group it is (a YJB family, DfE statistical neighbours, or
the services most like it on published figures), with its members, how each was found and
how far each is from the service; the nation is England or Wales; a Welsh service's report
says once which measures its inputs cannot give for Wales and where Wales's figures are.
Every sentence is made from the comparator groups table and the indicator table it describes.
"""

from __future__ import annotations

import html

from IPython.display import HTML, Markdown, display

from yjanalysis import reference, tables, wales
from yjanalysis.context import ReportContext
from yjanalysis.similar.characteristics import phrase
from yjanalysis.similar.family import Family, groups_of, member_table, overlap

#: How the sentence at the top of each page names each kind of family.
SHORT_NAMES = {
    "yjb_family": "its YJB family ({n} services, listed on the overview page)",
    "dfe_statistical_neighbours": (
        "its DfE statistical neighbours ({n} services, listed on the overview page)"
    ),
    "nearest_neighbours": (
        "the {n} services most like it on published figures (listed on the overview page)"
    ),
}

#: Why the report uses a computed group, by kind, when no YJB family was supplied.
WHY = {
    "dfe_statistical_neighbours": (
        "{yjs}'s YJB family was not among the inputs. The DfE's statistical neighbours are a "
        "published, fair comparison, but not the YJB's own family; once the YJB family is "
        "added to the inputs, it replaces them."
    ),
    "nearest_neighbours": (
        "{yjs}'s YJB family was not among the inputs{dfe}. The services nearest on published "
        "figures that exist for England and Wales alike are a stated, reproducible comparison, "
        "but not the YJB's own family; once the YJB family is added to the inputs, it "
        "replaces them."
    ),
}


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def comparators_sentence(ctx: ReportContext) -> str:
    """Say in one sentence what the page compares the service with.

    Examples
    --------
    A Welsh service without a family in its inputs names Wales as the nation::

        Compared with Wales (the nation) and England and Wales.
    """
    named = []
    for comparator in ctx.comparators:
        if comparator.area_type == "family":
            family = ctx.family
            if family is None:
                continue
            short = SHORT_NAMES[family.method].format(n=len(family.members))
            named.append(short)
        elif comparator.area_type == "region":
            named.append(f"the {comparator.area} region")
        elif comparator.area_type == "country":
            named.append(f"{comparator.area} (the nation)")
        else:
            named.append(comparator.area)
    if not named:
        return ""
    joined = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return f"Compared with {joined}."


def _why(ctx: ReportContext, family: Family) -> str:
    if family.method == "yjb_family":
        return (
            "The YJB family is the group of services the Youth Justice Board compares "
            f"{ctx.yjs} with."
        )
    if wales.is_welsh(ctx.yjs):
        dfe = ", and the DfE's statistical neighbours cover English authorities only"
    else:
        dfe = ", and neither were the DfE's statistical neighbours"
    return WHY[family.method].format(yjs=ctx.yjs, dfe=dfe)


def _checks(ctx: ReportContext, family: Family, others: list[Family]) -> str:
    if not others:
        return ""
    said = [
        f"{overlap(family, other)} are among its {len(other.members)} {other.title}"
        for other in others
    ]
    where = " (`yjanalysis neighbours` lists them)" if ctx.audience == "analyst" else ""
    return (
        "As a check, other ways of finding similar services were computed from the same "
        f"inputs{where}: of the {len(family.members)} services in the family, "
        + " and ".join(said)
        + "."
    )


def _distance_note(ctx: ReportContext, family: Family) -> str:
    used = [c for c in (family.basis or _used(ctx)) if c]
    if not used:
        return ""
    if ctx.audience != "analyst":
        return (
            f"Distance says how different each service is from {ctx.yjs} on {phrase(used)}: 0 "
            "would be identical, and 1 is a typical difference between two services."
        )
    return (
        f"Distance says how far each service is from {ctx.yjs} on {phrase(used)}: each is "
        "measured in standard deviations across all services and the gaps are averaged (as a "
        "root mean square), so 0 means identical and 1 means a typical gap of one standard "
        "deviation."
    )


def _used(ctx: ReportContext) -> list[str]:
    found = ctx.characteristics
    return [] if found is None else [c for c in found.columns if c != "years"]


def _nation(ctx: ReportContext) -> str:
    if ctx.country == "Wales":
        services = wales.welsh_services()
        return (
            f"**The nation** is Wales: its figures pool the {len(services)} Welsh youth justice "
            "services, or are as published for Wales. England and Wales is shown beside it; "
            "Wales is also its YJB region, so there is no separate regional figure."
        )
    region = reference.register().loc[ctx.yjs, "region"]
    return (
        f"**The nation** is England, and **the region** the {region}: their figures are as "
        "published, or pooled from all their services where the source gives services only. "
        "England and Wales is shown beside them."
    )


def show(ctx: ReportContext) -> None:
    """Show who the service is compared with: the family and why, its members, the nation."""
    found = groups_of(ctx.groups, ctx.yjs) if ctx.groups is not None else []
    family = ctx.family
    if ctx.groups is None:
        display(
            Markdown(
                "**Its family** cannot be named: the processed table was built without its "
                "comparator groups (by an earlier version); rebuild it with `yjanalysis build`."
            )
        )
    elif family is None:
        display(
            Markdown(
                f"**Its family**: none. The inputs give no YJB family for {ctx.yjs} and not "
                "enough published figures to find similar services, so the report compares "
                "it with its region and nation only."
            )
        )
    else:
        display(
            Markdown(
                f"**Its family** is {family.description}. {_why(ctx, family)} A family figure "
                f"pools its members' counts, or averages their published rates where only "
                f"rates exist; {ctx.yjs} itself is not in it."
            )
        )
        members = member_table(family, ctx.characteristics if ctx.audience == "analyst" else None)
        if family.method == "yjb_family":
            members = members.drop(columns="Rank")
        members.insert(
            members.columns.get_loc("Service") + 1,
            "Nation",
            members["Service"].map(reference.register()["country"]),
        )
        display(HTML(tables.html_table(members, f"{ctx.yjs}'s family: {family.title}")))
        notes = [
            _distance_note(ctx, family),
            _checks(ctx, family, [g for g in found if not g.chosen]),
        ]
        display(Markdown(" ".join(n for n in notes if n)))
    display(Markdown(_nation(ctx)))
    gaps = wales.lait_gaps(ctx.table, ctx.yjs)
    if gaps:
        lines = [
            "**Measures not published for Wales in these inputs.** DfE LAIT, the source here of "
            "the measures below, publishes English authorities only, so this report has no figure "
            f"for {ctx.yjs} for them. Wales's figures are published elsewhere; any you hold can "
            "be added as an indicator CSV, and the report then compares them like the others.",
            "",
            *(f"- The {_escape(what)}: {_escape(where)}." for what, where in gaps),
        ]
        display(Markdown("\n".join(lines)))
