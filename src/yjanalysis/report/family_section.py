"""What a report says about who a service is compared with: its family, region and nation.

The family is named by the kind of group it is (a YJB family, DfE statistical neighbours, or
the services nearest it on published figures), with its members, how it was found and how
far each member is from the service; the region and the nation are those the report compares
with (:func:`yjanalysis.report.page.roles`); a Welsh service's report says once which measures its
inputs cannot give for Wales and where Wales's figures are published. Every sentence is made
from the comparator groups table and the indicator table it describes, and is escaped text.
"""

from __future__ import annotations

import html

from yjanalysis import reference
from yjanalysis.methods.similar.characteristics import phrase
from yjanalysis.methods.similar.family import (
    Family,
    groups_of,
    member_table,
    overlap,
    recovered,
)
from yjanalysis.report import narrative, page, tables, wales
from yjanalysis.report.context import ReportContext

#: How the sentence at the top of each page names each kind of family.
PHRASES = {
    "yjb_family": "its YJB family of similar services",
    "dfe_statistical_neighbours": "its DfE statistical neighbours",
    "nearest_neighbours": "the services nearest it on published figures, chosen by this tool",
}

#: Why the report uses a computed group, by kind, when no YJB family was supplied.
WHY = {
    "dfe_statistical_neighbours": (
        "{yjs}'s YJB family was not available to this report. The DfE's statistical "
        "neighbours are a published, fair comparison, but not the YJB's own family; once the "
        "YJB family is supplied, it replaces them."
    ),
    "nearest_neighbours": (
        "{yjs}'s YJB family was not available to this report{dfe}. The services nearest on "
        "published figures that exist for England and Wales alike are a stated, reproducible "
        "comparison, but not the YJB's own family; once the YJB family is supplied, it replaces "
        "them."
    ),
}


#: What the YJB matches services on, as the seed report (Southampton, March 2024) says it.
YJB_MATCHES = (
    "The Youth Justice Board gives each service a family of 10 similar areas, found as the "
    "Department for Education finds statistical neighbours for children's services (areas "
    "alike in the social and economic make-up of their population), adapted for youth "
    "justice and taking in Wales."
)


def how_chosen(ctx: ReportContext) -> str:
    """Say in plain words how the family was chosen: what the YJB matches on, and the group used.

    For the paper's front page, once: a councillor asked how "its family" was found. Empty
    where the report has no family.
    """
    family = ctx.family
    if family is None or "family" not in page.roles(ctx):
        return ""
    members = list(family.members["member"]) if wales.is_welsh(ctx.yjs) else []
    limits = f" {welsh_family_limits(ctx.yjs, members)}" if members else ""
    if family.method == "yjb_family":
        return f"How the family was chosen: {YJB_MATCHES}{limits}"
    return (
        f"How the family was chosen: {YJB_MATCHES} {ctx.yjs}'s YJB family is not available "
        f"to this report, so its family here is {family.description}."
        f"{_checked(ctx, family)}{limits}"
    )


def _checked(ctx: ReportContext, family: Family) -> str:
    """Say how many members of the YJB's families among the inputs the same method finds."""
    found, total, checked = recovered(ctx.groups, family.method) if ctx.groups is not None else (
        0, 0, [])  # fmt: skip
    if not total:
        return " No YJB family available to this report can check the method."
    whose = ", ".join(f"{name}'s" for name in checked)
    if len(checked) > 3:  # the demo's 17 Welsh families and Southampton's: a count, not a list
        whose = f"{len(checked)} services'"
    several = len(checked) > 1
    return (
        f" It is not the YJB's judgement: checked against the YJB "
        f"{'families' if several else 'family'} available to this report ({whose}), the same "
        f"method finds {found} of {'their' if several else 'its'} {total} members."
    )


def welsh_family_limits(yjs: str, members: list[str]) -> str:
    """Say plainly what a Welsh service's mostly English family can and cannot tell a reader.

    A Welsh councillor read a family of nine English services and one Welsh one with no word
    of why, or of what it means for the comparison.
    """
    country = reference.register()["country"]
    welsh = [m for m in members if country.get(m) == "Wales"]
    if len(welsh) == len(members):
        return ""
    count = len(wales.welsh_services())
    ranked = narrative.ranked_in_family(yjs, {yjs: members})
    # "Mostly English" is said only of a family that is: Newport's (six Welsh of ten) was
    # called so beside its own list of members.
    why = (
        ""
        if ranked
        else f" Wales has {count} youth justice services, too few to find ten much like any one "
        "of them, so a Welsh service's family is mostly English services."
    )
    return (
        f"Its limits: of its {len(members)} services, {len(welsh)} "
        f"{'is' if len(welsh) == 1 else 'are'} Welsh.{why} Its English members work under "
        "English law and policy on schools, social care and policing, and some of their "
        "figures come from English sources with no Welsh counterpart here, so the family may "
        f"have no average where {yjs} has a figure. A difference from the family may therefore "
        "come from the two countries' systems as well as from the service's work; Wales's "
        f"figure is the comparison within {yjs}'s own system."
        + ("" if ranked else f" {narrative.UNRANKED}")
    )


def family_phrase(ctx: ReportContext) -> str:
    """Name the kind of family the report compares with (``its DfE statistical neighbours``)."""
    family = ctx.family
    return PHRASES[family.method] if family else "its family of similar services"


def _strong(label: str, text: str) -> str:
    return f"<p><strong>{html.escape(label)}</strong> {html.escape(text)}</p>"


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
    where = " (the command yjanalysis neighbours lists them)" if ctx.audience == "analyst" else ""
    return (
        "As a check, other ways of finding similar services were computed from the same "
        f"inputs{where}: of the {len(family.members)} services in the family, "
        + " and ".join(said)
        + "."
    )


def _used(ctx: ReportContext) -> list[str]:
    found = ctx.characteristics
    return [] if found is None else [c for c in found.columns if c != "years"]


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


def _region_and_nation(ctx: ReportContext) -> str:
    roles = page.roles(ctx)
    region, nation = roles.get("region"), roles.get("nation")
    said = []
    if region and region[1] == "Wales":
        services = wales.welsh_services()
        said.append(
            f"Wales, the country the service belongs to: its figures pool the {len(services)} "
            "Welsh youth justice services, or are as published for Wales."
        )
    elif region:
        said.append(
            f"The region is the {region[1]}: its figures are as published, or pooled from its "
            "services where the source gives services only."
        )
    if nation and nation[1] == "England and Wales":
        said.append(
            "England and Wales: the area the YJB publishes national youth justice figures for."
        )
    elif nation:
        said.append(
            f"The nation is {nation[1]}: its figures are as published, or pooled from all its "
            "services where the source gives services only."
        )
    return " ".join(said)


def show(ctx: ReportContext, heading: str | None = "Who the service is compared with") -> None:
    """Show who the service is compared with: the family and why, its members, the nation."""
    parts = [page.heading_html(heading)]
    family = ctx.family
    withheld = str(ctx.build.get("families_withheld") or "")
    if ctx.groups is None:
        parts.append(
            _strong(
                "Its family",
                "cannot be named: the processed table was built without its comparator groups "
                "(by an earlier version); rebuild it with yjanalysis build.",
            )
        )
    elif family is None and withheld:
        parts.append(
            _strong(
                "Its family:",
                f"none. The inputs give no YJB family for {ctx.yjs}. {withheld} The report "
                "compares it with its region and nation only.",
            )
        )
    elif family is None:
        parts.append(
            _strong(
                "Its family:",
                f"none. The inputs give no YJB family for {ctx.yjs} and not enough published "
                "figures to find similar services, so the report compares it with its region "
                "and nation only.",
            )
        )
    else:
        parts.append(
            _strong(
                "Its family",
                # What the build does (an eleventh reading: "averages their published rates"
                # beside pages saying "no figure: ... without counts to pool").
                f"is {family.description}. {_why(ctx, family)} A family figure is the one the "
                "YJB publishes for the family, or its members' counts pooled; where their "
                f"figures come without counts there is none. {ctx.yjs} itself is not in it.",
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
        # Named as every sentence names them ("Gwynedd Môn", an eleventh reading).
        members["Service"] = members["Service"].map(reference.in_words)
        parts.append(tables.html_table(members, f"{ctx.yjs}'s family: {family.title}"))
        others = [g for g in groups_of(ctx.groups, ctx.yjs) if not g.chosen]
        notes = [
            f"No distances are given. {withheld}" if withheld else _distance_note(ctx, family),
            _checks(ctx, family, others),
        ]
        parts.append(page.paragraph(" ".join(n for n in notes if n)))
    parts.append(page.paragraph(_region_and_nation(ctx)))
    gaps = wales.lait_gaps(ctx.table, ctx.yjs)
    if gaps:
        parts.append(
            _strong(
                "Measures not published for Wales in these inputs.",
                "DfE LAIT, the source here of the measures below, publishes English authorities "
                f"only, so this report has no figure for {ctx.yjs} for them. Wales's figures are "
                "published elsewhere; any you hold can be added as an indicator CSV, and the "
                "report then compares them like the others.",
            )
        )
        items = "".join(f"<li>{html.escape(f'The {what}: {where}.')}</li>" for what, where in gaps)
        parts.append(f"<ul>{items}</ul>")
    page.show(*parts)
