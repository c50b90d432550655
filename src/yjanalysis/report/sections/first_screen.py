"""The first screen of a page: the synthetic-data banner, who is compared, the service's words."""

from __future__ import annotations

import html

from yjanalysis import reference
from yjanalysis.report import blocks, family_section, narrative, page, tables, verdicts
from yjanalysis.report import commentary as service_words
from yjanalysis.report.context import ReportContext


def comparators_sentence(ctx: ReportContext) -> str:
    """Name the family's members, the region and the nation the report compares with."""
    members = narrative.family_members(page.families(ctx), ctx.yjs)
    roles = page.roles(ctx)
    parts = []
    if "family" in roles:
        # Each member as a sentence names it ("Gwynedd Môn", not the register's "Gwynedd Mon").
        listed = narrative.join([reference.in_words(m) for m in sorted(members)])
        named = f" ({len(members)} services: {listed})" if members else ""
        parts.append(f"{family_section.family_phrase(ctx)}{named}")
    if "region" in roles:
        parts.append(
            roles["region"][1] if ctx.country == "Wales" else f"the {roles['region'][1]} region"
        )
    if "nation" in roles:
        parts.append(roles["nation"][1])
    if ctx.country != "Wales" and any(c.area_type == "england_wales" for c in ctx.comparators):
        # Every section sets England and Wales beside the rest: the cover named it not.
        parts.append("England and Wales (the YJB's national figures)")
    text = f"{ctx.yjs} is compared with {narrative.join(parts)}." if parts else ""
    if "family" in roles and ctx.family is not None and ctx.family.method != "yjb_family":
        # A Welsh councillor read "its family" as the YJB's: say once that it is not.
        text += (
            f" They stand in for {ctx.yjs}'s YJB family, whose figures are not available to this "
            'report; "its family" in this report means them.'
        )
    if ctx.country == "Wales" and "nation" in roles:
        text += (
            " Wales is compared as the whole country the service belongs to, and England and "
            "Wales as the area the YJB publishes national youth justice figures for."
        )
    return text


@blocks.block
def header(ctx: ReportContext, title: str) -> None:
    """Show the report's first screen: the synthetic-data banner, service, period, comparators."""
    parts = [tables.STYLE]
    if ctx.synthetic:
        parts += [
            tables.SYNTHETIC_PRINT,
            '<p class="yj-banner" role="alert">Synthetic demo data: every figure on this page '
            "is made up by the yjanalysis demo generator. None of it describes a real service "
            "or child.</p>",
        ]
    marking = ctx.settings.classification if ctx.settings is not None else None
    if marking:  # the report's protective marking, on every page as on its cover
        parts.append(f'<p class="yj-marking">{html.escape(marking)}</p>')
    who = html.escape(page.board(ctx) if ctx.audience == "board" else "analysts")
    parts.append(
        f'<p class="yj-lead"><strong>{html.escape(ctx.yjs)} Youth Justice Service: '
        f"{html.escape(title)}.</strong> Figures to {ctx.period_end:%B %Y}, for {who}. "
        f"{html.escape(comparators_sentence(ctx))} {html.escape(verdicts.INTERVAL_RULE)}</p>"
    )
    page.show(*parts)


@blocks.block
def family(ctx: ReportContext, heading: str | None = "Who the service is compared with") -> None:
    """Show who the service is compared with: its family, how it was chosen, and the nation."""
    family_section.show(ctx, heading)


@blocks.block
def commentary(ctx: ReportContext, section: str, heading: str = "The service's commentary") -> None:
    """Show the service's own words on a section, marked as theirs (nothing where it has none).

    The words come from the service's commentary folder (see
    :mod:`yjanalysis.inputs.report_settings`) and are rendered safely by
    :mod:`yjanalysis.report.commentary`.
    """
    words = ctx.settings.words(section) if ctx.settings is not None else None
    page.show(service_words.block(words, ctx.yjs, heading))
