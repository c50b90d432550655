"""Every headline indicator in one table, and the sentence that sums it up."""

from __future__ import annotations

import html

import pandas as pd

from yjanalysis.methods import benchmark, disclosure
from yjanalysis.report import blocks, narrative, page, tables, verdicts, wales
from yjanalysis.report.context import ReportContext
from yjanalysis.report.sections.common import _period, lag_of
from yjanalysis.report.sections.latest import later_change, to_follow
from yjanalysis.report.sections.listed import (
    headline_figures,
)
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator


def _years_before(own: pd.Series, before: pd.Series) -> str:
    """Say how many years back a change's baseline is, where it is not the year before.

    "▲ up from 0.50 in Jun 2022" stood under "Since the year before" for a figure of June
    2024 (June 2023's was hidden): the cell says the comparison it makes.

    Examples
    --------
    >>> row = lambda end: pd.Series({"period_end": pd.Timestamp(end)})
    >>> _years_before(row("2024-06-30"), row("2022-06-30"))
    ' (2 years before)'
    >>> _years_before(row("2024-06-30"), row("2023-06-30"))
    ''
    """
    years = round((own["period_end"] - before["period_end"]).days / 365.25)
    return f" ({years} years before)" if years >= 2 else ""


def _follow_instead(ctx: ReportContext, spec, indicator, period, breakdown, group) -> str:
    """Flag a headline change whose section says to follow a later figure, with that figure's.

    Newport's serious violence: "▲ up from 11.9 in Sep 2023, beyond chance" rested on months
    its section says are out of line, and told readers to follow 2024's 17.9 (a tenth
    reading). Empty where the section follows the headline's figure.
    """
    later = to_follow(ctx, indicator, period, breakdown, group)
    ahead = later_change(ctx, indicator, period, breakdown, group) if later is not None else None
    if later is None or ahead is None:
        return ""
    change = ahead[1]
    moved = {"up": "up from", "down": "down from", "no change": "the same as"}[change["direction"]]
    judged = {True: "beyond chance", False: verdicts.COULD_BE_CHANCE, None: ""}[
        change["beyond_chance"]
    ]
    return (
        f"; to follow: {spec.format(later['value'], unit=False)} in "
        f"{narrative.row_period(later, short=True)}, {moved} "
        f"{spec.format(change['previous_value'], unit=False)}" + (f", {judged}" if judged else "")
    )


def _marker(against: pd.Series) -> str:
    """Return the headline table's marker of a comparison, with what the sources could explain."""
    return verdicts.marker(
        against["verdict"],
        str(against.get("sources") or ""),
        verdicts.side(against.get("value"), against.get("comparator_value")),
    )


def overview_rows(ctx: ReportContext) -> tuple[pd.DataFrame, list[tuple[str, str, str]]]:
    """Return the headline table (one row per indicator) and the real differences found.

    Columns are named after the areas they hold (``South East``, ``England``; ``Wales`` and
    ``England and Wales`` for a Welsh service). ``Why`` says why a headline has no figure,
    ``Lag`` how far its period ends before the report's, ``Judged`` how many verdicts it gives
    against other areas (family, region, nation) and ``Changes judged`` whether its change
    since the year before is tested (1) or not (0): the two are counted apart.

    Returns
    -------
    tuple
        The table as shown, and ``(verdict, comparator label, indicator name)`` for each
        headline that is better or worse than its family, region or nation.
    """
    roles = page.roles(ctx)
    # The family and its size only: its figure is the YJB's published one for some measures and
    # its services' counts added up for others (the paper's key says which of each);
    # "counts pooled" over every column was untrue of the published ones (a ninth reading).
    size = len(narrative.family_members(page.families(ctx), ctx.yjs))
    family_col = f"Family ({size} services)"
    region_col = roles.get("region", ("", "Region"))[1]
    nation_col = roles.get("nation", ("", page.nation(ctx)))[1]
    rows, summary = [], []
    said_of_region = False
    for indicator, breakdown, group in headline_figures(ctx):
        spec = catalogue_indicator(indicator)
        period = _period(ctx, indicator, breakdown, group)
        name = spec.short_title + ("" if group == "all" else f" ({group.lower()})")
        if group == "all" and any(
            i == indicator and g != "all" for i, _, g in headline_figures(ctx)
        ):
            # Beside the youth justice cohort's row, the total is said to be all pupils'
            # (Southampton's "Attainment 8" row read as the cohort's or no one's).
            other = next(b for i, b, g in headline_figures(ctx) if i == indicator and g != "all")
            name += f" ({narrative.group_phrase(other, 'all')})"
        empty = {
            family_col: "–",
            region_col: "–",
            nation_col: "–",
            "Against the family": "–",
            f"Against {region_col}": "–",
            f"Against {nation_col}": "–",
            "Since the year before": "–",
            "Lag": "",
            "Judged": 0,
            "Changes judged": 0,
        }
        if period is None:
            why = narrative._missing_reason(ctx.table, ctx.yjs, indicator, breakdown, group)
            rows.append(
                {
                    "Indicator": name,
                    "Period": "–",
                    ctx.yjs: "no figure",
                    "Unit": spec.unit,
                    **empty,
                    "Why": why,
                }
            )
            continue
        own = benchmark.figure(ctx.table, ctx.yjs, indicator, period, breakdown, group)
        found = ctx.compare(indicator, period, breakdown, group)
        # Looked up by role below; a role the service lacks (None) is never found.
        by_area: dict[tuple[str, str] | None, pd.Series] = {
            (r["comparator_type"], r["comparator"]): r for _, r in found.iterrows()
        }
        family = by_area.get(roles.get("family"))
        region = by_area.get(roles.get("region"))
        national = by_area.get(roles.get("nation"))

        def value(row, spec=spec):
            if row is None:
                return "–"
            # A figure pooled over fewer services than its column names says how many (a
            # family figure of 8 of its 10 services read as the whole family's).
            fewer = narrative.services_behind(row["comparator_method"])
            shown = spec.format(row["comparator_value"], unit=False)
            return f"{shown} ({fewer} services)" if fewer else shown

        if own["status"] == "suppressed":
            shown = disclosure.MARKER
        else:
            shown = spec.format(own["value"], unit=False)
            if pd.notna(own["numerator"]) and spec.unit != "children":
                # A count estimated from a rate and a population is said to be one.
                method = own.get("method")
                about = "about " if pd.notna(method) and "estimated" in str(method) else ""
                shown += f" ({about}{own['numerator']:,.0f})"
        change = benchmark.change_from_shown(
            ctx.table, ctx.yjs, indicator, period, breakdown, group
        )
        follow = ""
        if own["status"] == "suppressed" or not change:
            travel = "–"
        else:
            travel = {"up": "▲ up", "down": "▼ down", "no change": "● same"}[change["direction"]]
            # The baseline named, so that the tiles and the summary's changes since the last
            # report (another baseline) never read as contradicting each other.
            before = benchmark.figure(
                ctx.table, ctx.yjs, indicator, change["previous_period"], breakdown, group
            )
            if before is not None:
                word = "as" if change["direction"] == "no change" else "from"
                travel += (
                    f" {word} {spec.format(change['previous_value'], unit=False)} in "
                    f"{narrative.row_period(before, short=True)}{_years_before(own, before)}"
                )
            travel += {True: ", beyond chance", False: f", {verdicts.COULD_BE_CHANCE}", None: ""}[
                change["beyond_chance"]
            ]
            follow = _follow_instead(ctx, spec, indicator, period, breakdown, group)
            travel += follow
        # How many tests the row's verdicts rest on: each comparator judged, and apart from
        # them, the change (one count of both read as that many comparisons), and the change of
        # a figure to follow, tested too (a board member counted one more than the paper said).
        judged = sum(
            against is not None and against["difference"] != "not assessed"
            for against in (family, region, national)
        )
        changes_judged = int(travel != "–" and change["beyond_chance"] is not None)
        if follow.endswith(("beyond chance", verdicts.COULD_BE_CHANCE)):
            changes_judged += 1
        rows.append(
            {
                "Indicator": name,
                "Period": narrative.row_period(own),
                ctx.yjs: shown,
                "Unit": spec.unit,
                family_col: value(family),
                region_col: value(region),
                nation_col: value(national),
                "Against the family": _marker(family) if family is not None else "–",
                f"Against {region_col}": _marker(region) if region is not None else "–",
                f"Against {nation_col}": _marker(national) if national is not None else "–",
                "Since the year before": travel,
                "Lag": lag_of(ctx, own, indicator, period, breakdown, group),
                "Why": "",
                "Judged": judged,
                "Changes judged": changes_judged,
            }
        )
        said_of_region = said_of_region or (
            region is not None and region["verdict"] in ("better", "worse")
        )
        for against in (family, region, national):
            if against is not None and against["verdict"] in ("better", "worse"):
                # A difference beyond chance that the allowance for two sources does not
                # clear is listed too, saying how much of it the sources could explain (it had
                # been left out as "could be chance or how the two sources count").
                clause = verdicts.sources_clause(str(against.get("sources") or ""))
                label = f"{against['label']} ({clause})" if clause else against["label"]
                summary.append((against["verdict"], label, spec.short_title.lower()))
    frame = pd.DataFrame(rows)
    # Every verdict the front page gives is in the table: the region's column is kept where a
    # verdict against the region is listed, and always for a Welsh service, whose region is
    # Wales (the front page once said "worse than the South East region" above a table with
    # no South East verdict).
    if not (said_of_region or wales.is_welsh(ctx.yjs)):
        frame = frame.drop(columns=[f"Against {region_col}"])
    return frame, summary


def summary_sentence(
    summary: list[tuple[str, str, str]], frame: pd.DataFrame | None = None, yjs: str = ""
) -> str:
    """Say in one or two sentences which headlines differ beyond chance, and how many exist.

    Parameters
    ----------
    summary : list
        ``(verdict, comparator label, indicator name)`` from :func:`overview_rows`.
    frame : pandas.DataFrame, optional
        The headline table, to say how many headlines have a figure at all.
    yjs : str
        The service (names the column of figures in ``frame``).
    """
    count = ""
    if frame is not None and yjs in frame:
        have = int((frame[yjs] != "no figure").sum())
        verb = "exists" if have == 1 else "exist"
        count = f"{have} of the {len(frame)} headline figures {verb} for {yjs}. "
        if have == 0:
            return count + "None can be compared with other areas."
    if not summary:
        subject = "It does not differ" if count.startswith("1 of") else "None of them differs"
        return count + (
            f"{subject} from the family, the region or the nation {verdicts.BY_MORE} against "
            "their figures, as far as the figures allow a judgement."
        )
    labels: dict[tuple[str, str], list[str]] = {}
    for verdict, label, name in summary:
        labels.setdefault((verdict, name), []).append(label)
    grouped: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for (verdict, name), against in labels.items():
        grouped.setdefault((verdict, tuple(against)), []).append(name)
    said = [
        f"{verdict} than {narrative.join_qualified(list(against))}: {narrative.join(names)}"
        for verdict in ("worse", "better")
        for (kind, against), names in grouped.items()
        if kind == verdict
    ]
    return (
        count
        + f"{narrative.capital(verdicts.BY_MORE)}, against each area's figure, "
        + "; ".join(said)
        + f". Every other comparison {verdicts.COULD_BE_CHANCE}, or {verdicts.CANNOT_BE_JUDGED} "
        "from the published figures."
    )


@blocks.block
def overview(ctx: ReportContext, heading: str | None = "Headline indicators") -> None:
    """Show the table of headline indicators and a short summary in plain English."""
    frame, summary = overview_rows(ctx)
    caption = (
        f"Headline indicators for {ctx.yjs}: the latest figure of each to {ctx.period_end:%B %Y} "
        "(counts in brackets), in its own unit"
    )
    shown = frame.drop(columns=["Lag", "Why", "Judged", "Changes judged"])
    # The verdicts beside the service's figure, before the comparators' figures: a phone shows
    # the first few columns of a wide table, and a verdict scrolled out of sight is not read.
    verdict = [c for c in shown.columns if c.startswith(("Against", "Since"))]
    first = ["Indicator", "Period", ctx.yjs, *verdict]
    shown = shown[first + [c for c in shown.columns if c not in first]]
    missing = frame[frame[ctx.yjs] == "no figure"]
    parts = [
        page.heading_html(heading),
        page.paragraph(summary_sentence(summary, frame, ctx.yjs)),
        tables.html_table(shown, caption),
    ]
    many = narrative.many_comparisons(
        int(frame["Judged"].sum()), int(frame["Changes judged"].sum())
    )
    if many:  # where the verdicts are listed, how many of them chance alone would give
        parts.insert(2, page.paragraph(many))
    if len(missing):
        parts.append(
            "<ul>"
            + "".join(
                f"<li>{html.escape(r['Indicator'])}: no figure, because {html.escape(r['Why'])}."
                "</li>"
                for _, r in missing.iterrows()
            )
            + "</ul>"
        )
    parts.append(
        page.paragraph(
            f"{verdicts.MARKERS['better']} and {verdicts.MARKERS['worse']} mean the 95% "
            "interval of the service's figure excludes the comparator's; "
            f"{verdicts.MARKERS['similar']} means it does not; "
            f"{verdicts.marker('worse', 'part')} means it excludes it, but not by more than "
            "the service's own records and a publication, counting the same children another "
            "way or at another time, can differ; "
            f"{verdicts.MARKERS['higher']} or {verdicts.marker('not assessed', untested='lower')} "
            f"means the figure is higher or lower, with {verdicts.NO_TEST}; "
            f"{verdicts.MARKERS['not assessed']} means no counts are published for the figure, "
            f"or there is no figure. [c] marks a figure {disclosure.why_hidden(ctx.threshold)}."
        )
    )
    page.show(*parts)
