"""The front page's own parts: the cover, the summary and asks, and the inspection context.

A board or scrutiny panel opens a paper at its cover (who it is for, when it is discussed,
who wrote it and how to reach them, its classification, the period it covers and how far each
source lags) and reads the summary first: what is worse and better than comparators beyond
chance, what changed most since the last report, and what the service asks of the panel. Each
function returns HTML for :mod:`yjanalysis.report.index_page`, with every value from an input
escaped; a part with nothing to say returns nothing (no empty boxes), except the inspection context,
which says in one sentence why there is none.
"""

from __future__ import annotations

import copy
import html
import math
import re
from pathlib import Path

import pandas as pd

from yjanalysis.inputs.readers import hmi_inspections
from yjanalysis.inputs.report_settings import SUMMARY
from yjanalysis.methods import benchmark
from yjanalysis.report import commentary, narrative, page, sections, verdicts, wales
from yjanalysis.report.context import ReportContext
from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator

esc = html.escape

#: The front page's own style (added to the report's stylesheet on the index page).
CSS = """
dl.yj-cover {display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em;
  border: 1px solid #b1b4b6; padding: 0.6em 0.9em; margin: 0.8em 0; max-width: 46em}
dl.yj-cover dt {font-weight: bold}
dl.yj-cover dd {margin: 0}
@media (max-width: 600px) {dl.yj-cover {grid-template-columns: 1fr} dl.yj-cover dd
  {margin-bottom: 0.4em}}
ol.yj-summary li {margin: 0.25em 0}
table.yj-standards td, table.yj-standards th {padding: 0.15em 0.8em 0.15em 0}
"""


def _months_between(later: pd.Timestamp, earlier: pd.Timestamp) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


#: The day each census counted (Census 2021: 21 March 2021, its first results June 2022).
CENSUS_DAYS = {"Census 2021": pd.Timestamp("2021-03-21")}


def lags_line(ctx: ReportContext) -> str:
    """Say in one line how recent each input's figures are, against the report's period.

    ``The service's own records end December 2024; published figures end 0 to 9 months
    earlier: synthetic YJB quarterly data summary, December 2024; …``.
    """
    table = ctx.table.dropna(subset=["source", "period_end"])
    # The family's members too: their figures are ranked beside the service's (serious youth
    # violence from the YJB's toolkit, for Newport, whose own and comparators' figures come
    # from other sources: the toolkit was missing from this line, failed before).
    # Not where the report compares with no family (a board paper leaves out one the tool
    # computed): its members' sources are then no source of the report's.
    members = (
        narrative.family_members(page.families(ctx), ctx.yjs) if "family" in page.roles(ctx) else []
    )
    ranked = table["area_type"].eq("yjs") & table["area"].isin(members)
    table = table[ctx.shown_areas(table) | ranked]
    if table.empty:
        return ""
    latest = table.groupby(table["source"].map(page.file_name))["period_end"].max()
    # A census counts on one day, not over the calendar year its label names.
    for name, census in _censuses(latest).items():
        latest[name] = CENSUS_DAYS[census]
    latest = latest.rename(index=ctx.publications).groupby(level=0).max()
    beyond = _beyond_the_end(ctx, members)
    own = latest.get("the service's own case-level records")
    published = latest.drop("the service's own case-level records", errors="ignore")
    estimate = _population_estimate(ctx)
    if estimate is not None:
        published[estimate[0]] = estimate[1]
    parts = []
    if own is not None:
        parts.append(f"the service's own records end {own:%B %Y}")
    if len(published):
        lags = {name: _months_between(ctx.period_end, end) for name, end in published.items()}
        low, high = min(lags.values()), max(lags.values())
        span = f"{low} months" if low == high else f"{low} to {high} months"
        one_day = _censuses(published)
        listed = "; ".join(
            f"{name}, taken {end.day} {end:%B %Y}"
            if name in one_day
            else f"{name}, mid-{end.year}"
            if estimate is not None and name == estimate[0]
            else f"{name}, {beyond[name]:%B %Y} (its figures after {ctx.period_end:%B %Y} "
            "are left out)"
            if name in beyond
            else f"{name}, {end:%B %Y}"
            for name, end in sorted(published.items(), key=lambda item: item[1], reverse=True)
        )
        parts.append(f"published figures end {span} earlier: {listed}")
    return narrative.capital("; ".join(parts)) + "."


def _beyond_the_end(ctx: ReportContext, members: list[str]) -> pd.Series:
    """Return the last day each source's file gives figures for, where it is after the report's.

    A source is named by how recent its file is, not by the latest period the report keeps: a
    file of national figures with every period a year on (England's 2023 labelled 2024, its
    latest period ending nine months after the report's) was named the report's month's
    release (failed before).
    """
    later = ctx.after_end
    if later is None or later.empty:
        return pd.Series(dtype="datetime64[ns]")
    ranked = later["area_type"].eq("yjs") & later["area"].isin(members)
    later = later[ctx.shown_areas(later) | ranked].dropna(subset=["source"])
    found = later.groupby(later["source"].map(page.file_name))["period_end"].max()
    return found.rename(index=ctx.publications).groupby(level=0).max()


def _population_estimate(ctx: ReportContext) -> tuple[str, pd.Timestamp] | None:
    """Return the latest ONS population estimate the paper uses, and its day (30 June).

    Rates per head divide by it and a computed family is found on it ("ONS population
    estimates, mid-2023"), so the cover says how recent it is beside every other source (it
    was missing from the cover's line): the year of each ONS file the build used, by its name,
    and of the estimate the service's family cites. A file of a mid-year after the report's
    period is not cited: no rate of the period divides by it
    (:func:`yjanalysis.table.caselevel.counting.population_years`).
    """
    # Imported here: the reader brings pandera, which a kernel's warm imports leave to the
    # readers (the cover needs only a file name's year).
    from yjanalysis.inputs.readers import ons_population

    years = []
    for used in ctx.build.get("used", []):
        if "ONS" in str(used.get("format", "")) and "population" in str(used.get("format", "")):
            name = str(used["file"]).replace("\\", "/").split("/")[-1]
            year = ons_population.year_from_name(Path(name))
            if year is not None and pd.Timestamp(int(year), 6, 30) <= ctx.period_end:
                years.append(int(year))
    groups = ctx.groups
    if groups is not None and len(groups) and "source" in groups:
        chosen = groups[groups["yjs"].eq(ctx.yjs) & groups["chosen"].astype(bool)]
        cited = chosen["source"].astype(str).str.extract(r"ONS population estimates, mid-(\d{4})")
        years.extend(int(y) for y in cited[0].dropna())
    if not years:
        return None
    name = ("synthetic " if ctx.synthetic else "") + "ONS population estimates"
    return name, pd.Timestamp(max(years), 6, 30)


def _censuses(published: pd.Series) -> dict[str, str]:
    """Return the sources of ``published`` that are a census, each with its census's name."""
    return {name: c for name in published.index for c in CENSUS_DAYS if c in name}


def cover(ctx: ReportContext) -> str:
    """Return the cover: board, meeting, author, contact, classification, period and lags."""
    settings = ctx.settings
    rows = []
    if settings is not None:
        if settings.board:
            rows.append(("Report to", settings.board))
        day = settings.meeting(ctx.period_end)
        if day:
            rows.append(("Meeting", f"{day:%A} {day.day} {day:%B %Y}"))
        if settings.report_of:
            rows.append(("Report of", settings.report_of))
        if settings.author:
            rows.append(("Author", settings.author))
        if settings.contact:
            rows.append(("Contact", settings.contact))
        if settings.classification:
            rows.append(("Classification", settings.classification))
        if settings.last_report is not None and settings.last_report < ctx.period_end:
            rows.append(("Previous report", f"figures to {settings.last_report:%B %Y}"))
    rows.append(("Period covered", f"figures to {ctx.period_end:%B %Y}"))
    lags = lags_line(ctx)
    if lags:
        rows.append(("How recent", lags))
    cells = "".join(f"<dt>{esc(a)}</dt><dd>{esc(b)}</dd>" for a, b in rows)
    made_up = (
        '<p class="yj-note">The cover details are made up for the demo, like every figure.</p>'
        if settings is not None and settings.synthetic
        else ""
    )
    return f'<dl class="yj-cover" aria-label="Cover">{cells}</dl>{made_up}'


def _among(ctx: ReportContext, name: str, brief: bool = False) -> str:
    """Say where a headline stands among all services, where that tells another story.

    The section's page says it beside the same figure (the headline and its funnel plot), so
    the front page ranks nothing the section does not also say. The paper's summary gives one
    verdict, against the areas' figures (``brief``: nothing here); its section says the place
    among services plainly after it (a tenth reading found two verdicts in one item).
    """
    if brief:
        return ""
    for indicator, _, group in sections.headline_figures(ctx):
        if group == "all" and catalogue_indicator(indicator).short_title.lower() == name:
            found = sections.placing(ctx, indicator)
            if isinstance(found, str):
                return ""
            # The web pages are pages apart and say it on each.
            return sections.reconciled(ctx, indicator, found)
    return ""


def _follow_too(ctx: ReportContext, name: str) -> str:
    """Say the later figure a headline's section says to follow, beside the headline's own.

    Newport's summary said serious youth violence was worse than Wales on 22.5, for the 12
    months to September 2024, while its section said to follow 2024's 17.9 (a tenth reading):
    the item gives both. Empty where the section follows the headline's figure.
    """
    for indicator, breakdown, group in sections.headline_figures(ctx):
        spec = catalogue_indicator(indicator)
        if group != "all" or spec.short_title.lower() != name:
            continue
        period = sections.headline_period(ctx, indicator, breakdown, group)
        later = sections.to_follow(ctx, indicator, period, breakdown, group)
        own = benchmark.figure(ctx.table, ctx.yjs, indicator, period, breakdown, group)
        if later is None or own is None:
            return ""
        # In plain words (a board member could not parse "its section says to follow ...,
        # without months out of line with the years either side"); the section gives the rule.
        return (
            f", at {spec.format(own['value'], unit=False)}; the figure to follow is the "
            f"{narrative.row_period(later)}'s, {spec.format(later['value'], unit=False)}, as "
            f"the {narrative.row_period(own)} takes in unusual months (its section says which)"
        )
    return ""


def _own_caveat(ctx: ReportContext, name: str) -> str:
    """Say, as the section does, that the service's headline figure counts differently.

    Where the service's figure comes from its own records and its comparators' from
    publications that count the same children another way (the Police National Computer's
    history: :func:`~yjanalysis.report.sections.latest.own_against_published`), the front page
    carries the section's caveat, so that it never sets the two side by side without it.
    """
    for indicator, breakdown, group in sections.headline_figures(ctx):
        if group != "all" or catalogue_indicator(indicator).short_title.lower() != name:
            continue
        period = sections.headline_period(ctx, indicator, breakdown, group)
        own = benchmark.figure(ctx.table, ctx.yjs, indicator, period, breakdown, group)
        if own is None or period is None:
            return ""
        return sections.own_against_published(own, indicator, ctx.yjs)
    return ""


def _differences(
    frame: pd.DataFrame,
    summary: list[tuple[str, str, str]],
    ctx: ReportContext | None = None,
    brief: bool = False,
) -> list[str]:
    """Worse, then better, beyond chance: the figure, and the comparators it differs from."""
    against: dict[tuple[str, str], list[str]] = {}
    for verdict, label, name in summary:
        against.setdefault((verdict, name), []).append(label)
    # A total beside its group's row is labelled "(all pupils)"; the verdicts name the measure.
    labels = frame["Indicator"].str.lower().str.replace(r" \(all [a-z ]+\)$", "", regex=True)
    periods = dict(zip(labels, frame["Period"], strict=True))
    items: list[str] = []
    said_before: set[str] = set()
    for verdict in ("worse", "better"):
        found = [(name, labels) for (v, name), labels in against.items() if v == verdict]
        found.sort(key=lambda item: -len(item[1]))  # more comparators first
        for name, labels in found:
            when = periods.get(name, "")
            among = _among(ctx, name, brief) if ctx is not None else ""
            caveat = _own_caveat(ctx, name) if ctx is not None else ""
            if caveat in said_before:
                # The paper says a long sentence once: the second measure with the same pair of
                # sources lost its allowance altogether (Newport's serious youth violence).
                apart = re.search(r"up to \d+% apart", caveat)
                caveat = (
                    f"Its figure too is from its own records and theirs from publications, "
                    f"{apart.group(0) if apart else 'counted apart'}."
                )
            elif caveat:
                said_before.add(caveat)
            if brief:
                # The paper says the method once, in its reading rule and the summary's first
                # sentence (the allowance with its reasons): each item had said "by more than
                # chance would explain against their figures", and the two sources' caveat came
                # three times on one page (a ninth reading). The item says whose records.
                whose = f", {ctx.yjs}'s own records" if caveat and ctx is not None else ""
                follow = _follow_too(ctx, name) if ctx is not None else ""
                items.append(
                    f"{narrative.capital(name)} ({when}{whose}): {verdict} than "
                    f"{narrative.join_qualified(labels)}{follow}."
                )
                continue
            # Where the service is not unusual among all services, a plain sentence after the
            # verdict says so and which comparison the recommendations rest on.
            items.append(
                f"{narrative.capital(name)} ({when}): {verdict} than "
                f"{narrative.join_qualified(labels)}, "
                f"{verdicts.BY_MORE} against their figures"
                + (_follow_too(ctx, name) if ctx is not None else "")
                + "."
                + (f" {among}" if among else "")
                + (f" {caveat}" if caveat else "")
            )
    return items


def _changes(ctx: ReportContext) -> tuple[list[str], str, str]:
    """Return the headline figures' largest changes (since the last report, where named).

    Since the year before, only the changes beyond chance, as the heading says; a note says
    the others are in the sections.
    """
    since = ctx.settings.last_report if ctx.settings is not None else None
    if since is not None and since >= ctx.period_end:
        since = None  # the settings are refused where they are read; a context made by hand
    found = []
    for indicator, breakdown, group in sections.headline_figures(ctx):
        spec = catalogue_indicator(indicator)
        ahead = None
        if since is not None:
            change = benchmark.change_since(ctx.table, ctx.yjs, indicator, since, breakdown, group)
        else:
            # The headline figure's own change (what its row of the headline table shows), and
            # where the service's own records give a later figure, that figure's own change as
            # a second clause: the section states both, so the two never disagree.
            period = sections.headline_period(ctx, indicator, breakdown, group)
            if period is None:
                continue
            change = sections.stated_change(ctx, indicator, period, breakdown, group)
            ahead = sections.later_change(ctx, indicator, period, breakdown, group)
        if not change or change["direction"] == "no change" or not change["previous_value"]:
            continue
        name = spec.short_title + ("" if group == "all" else f" ({group.lower()})")
        size = abs(math.log(change["value"] / change["previous_value"])) if change["value"] else 9
        rows = [
            benchmark.figure(ctx.table, ctx.yjs, indicator, change[p], breakdown, group)
            for p in ("period", "previous_period")
        ]
        if ahead is not None:
            after = _later_change_clause(ctx, spec, *ahead, breakdown, group)
            # Two changes over overlapping years say why they can differ (Newport's serious
            # violence: beyond chance to September, could be chance over the calendar year).
            previous = benchmark.figure(
                ctx.table, ctx.yjs, indicator, ahead[1]["previous_period"], breakdown, group
            )
            apart = (
                sections.overlap_sentence(rows[0], ahead[0], previous, rows[1])
                if rows[0] is not None
                else ""
            )
            after += f" {apart}" if apart else ""
        else:
            # The section's headline says a later figure of the service's beside it (own
            # records running ahead of the publications): so does the front page.
            later = sections.later_figure(ctx, indicator, change["period"], breakdown, group)
            shown = (
                later is not None and later["status"] != "suppressed" and pd.notna(later["value"])
            )
            # A clause of the item, not the section's sentence: the paper says a sentence
            # once, where first said, so the section's own went and the Custody section lacked
            # the figure the summary gave, 0.59 per 1,000 for 2024 (failed before).
            clause = sections.later_sentence(ctx, later, breakdown, group) if shown else ""
            after = f"; {clause[:1].lower()}{clause[1:]}" if clause else ""
        found.append((change["beyond_chance"] is True, size, name, spec, change, rows, after))
    found.sort(key=lambda item: (not item[0], -item[1]))
    others = ""
    if since is None:
        # Under a heading of changes beyond chance, only those: "The largest changes" listed
        # changes that "could be chance" or could not be judged (failed before). The rest are
        # in each section and the headline table.
        kept = [item for item in found if item[0]]
        if len(kept) < len(found):
            words = (
                f"Every other headline figure's change since the year before "
                f"{verdicts.COULD_BE_CHANCE} or was not tested"
                if kept
                else f"No headline figure's change since the year before is "
                f"{verdicts.BEYOND_CHANCE}"
            )
            others = f"{words}; each is in its section."
        found = kept
    # As many as the sections give the last report's figure for (the same order).
    said = [
        _change_item(ctx, beyond, *rest) for beyond, _, *rest in found[: sections.CHANGES_LISTED]
    ]
    # A source and a test the items share are said once above them, not in each (three items
    # each said "(both from the service's own case-level records), not tested, as the two
    # periods overlap").
    shared = {(origin, chance) for _, origin, chance, _ in said}
    once = len(said) > 1 and len(shared) == 1 and all(after == "." for *_, after in said)
    items = [
        f"{moved}." if once else f"{moved} ({origin}), {chance}{after}"
        for moved, origin, chance, after in said
    ]
    heading = (
        f"Changed since the last report (figures to {since:%B %Y})"
        if since is not None
        else f"Changes since the year before {verdicts.BEYOND_CHANCE}"
    )
    note = ""
    if since is not None:
        listed = found[: sections.CHANGES_LISTED]
        note = (
            f"{_comparisons_as_before(ctx, since, listed)} These compare each figure with the "
            "last report's; the headline figures below compare it with the year before, so the "
            "two can point different ways."
        ).strip()
    if once:
        origin, chance = shared.pop()
        note = f"{note} Each item's figures: {origin}; {chance}.".strip()
    note = f"{note} {others}".strip()
    return items, heading, note


def _comparisons_as_before(ctx: ReportContext, since: pd.Timestamp, found: list) -> str:
    """Say that no compared figure is later than the last report's, and what changed since.

    Where no figure the headline table compares covers a period after the last report's end,
    the table's comparisons are as they were. Newport's December table gave every compared
    row the figure and verdict of September's (the same publications fed both) while its own
    records fell, and nothing said so (an eleventh reading). Empty where a compared figure is
    later, or nothing is compared.
    """
    ends = []
    for indicator, breakdown, group in sections.headline_figures(ctx):
        period = sections.headline_period(ctx, indicator, breakdown, group)
        if period is None:
            continue
        compared = ctx.compare(indicator, period, breakdown, group)
        own = benchmark.figure(ctx.table, ctx.yjs, indicator, period, breakdown, group)
        if own is not None and len(compared) and compared["comparator_value"].notna().any():
            ends.append(own["period_end"])
    if not ends or max(ends) > since:
        return ""
    moved: dict[str, list[str]] = {}
    for item in found:
        change, rows = item[4], item[5]
        if (
            rows[0] is not None
            and bool(rows[0]["own_records"])
            and change["direction"] in ("up", "down")
        ):
            # Which way is better, said of each ("lower figures for post-16 children with no
            # education ... and suitable education ..." filed a good and a bad change alike).
            # "Better" or "worse" only of a change beyond chance, as the paper's rule says; an
            # untested half-point fall in a share was called "worse".
            polarity = item[3].polarity
            good = {"lower_is_better": "down", "higher_is_better": "up"}.get(polarity)
            if good is None:
                way = ""
            elif change["beyond_chance"] is not True:
                way = f" ({'lower' if good == 'down' else 'higher'} is better)"
            else:
                way = " (better)" if change["direction"] == good else " (worse)"
            name = item[2][:1].lower() + item[2][1:] + way
            moved.setdefault(str(change["direction"]), []).append(name)
    # Lower or higher, not "fell": the items below say whether a change is tested.
    words = {"down": "lower", "up": "higher"}
    shown = narrative.join(
        [f"{words[way]} figures for {narrative.join(names)}" for way, names in moved.items()]
    )
    records = f"; the service's own records give {shown} since then (listed below)" if shown else ""
    return (
        f"No published figure the headline table compares covers a period after "
        f"{since:%B %Y}, where the last report's figures end{records}."
    )


def _change_item(
    ctx: ReportContext, beyond: bool, name: str, spec, change: dict, rows, after: str
) -> tuple[str, str, str, str]:
    """One change's words: (what moved, its source, its test, what follows the test).

    The item reads ``f"{moved} ({origin}), {chance}{after}"``; ``after`` is ``"."``, or a
    later figure's sentence after it, or its own change as a second clause (``"; …"``).
    """
    row, earlier = rows
    now, before = spec.format(change["value"]), spec.format(change["previous_value"])
    word = "up" if change["direction"] == "up" else "down"
    overlap = bool(change["reason"] and "overlap" in change["reason"])
    chance = verdicts.change_words(change["beyond_chance"], overlap)
    better = {"lower_is_better": "down", "higher_is_better": "up"}.get(spec.polarity)
    judged = ""
    if beyond and better:
        judged = ": better" if word == better else ": worse"
    both = {page.source_of(r, ctx.publications) for r in (row, earlier)}
    origin = f"both from {both.pop()}" if len(both) == 1 else " and ".join(sorted(both))
    if now == before:  # moved in a decimal not shown, as the section says it
        moved = (
            f"about the same, {before} in the {narrative.row_period(earlier)} and {now} in "
            f"the {narrative.row_period(row)}"
        )
    elif change["beyond_chance"] is None:
        # Untested (overlapping periods, or no counts): no rise or fall is claimed, as the
        # section claims none ("down from 58.7% to 58.2%" was said untested: failed before).
        moved = (
            f"{now} in the {narrative.row_period(row)}, against {before} in the "
            f"{narrative.row_period(earlier)}"
        )
    else:
        moved = (
            f"{word} from {before} in the {narrative.row_period(earlier)} to {now} in the "
            f"{narrative.row_period(row)}"
        )
    if not after.startswith(";"):  # a later figure's own change is a second clause
        after = "." + (f" {after}" if after else "")
    return f"{name}: {moved}", origin, f"{chance}{judged}", after


def _later_change_clause(
    ctx: ReportContext, spec, later: pd.Series, change: dict, breakdown: str, group: str
) -> str:
    """Say a later figure's own change as a second clause: ``; the service's own records …``.

    ``; the service's own records for the calendar year 2024 give 203 per 100,000 aged 10–17,
    down from 251 in the calendar year 2023, a change that could be chance.``
    """
    origin = (
        "the service's own records"
        if bool(later["own_records"])
        else page.source_name(later["source"], ctx.publications)
    )
    earlier = benchmark.figure(
        ctx.table, ctx.yjs, later["indicator"], change["previous_period"], breakdown, group
    )
    now, before = spec.format(change["value"]), spec.format(change["previous_value"], unit=False)
    then = f" in the {narrative.row_period(earlier)}" if earlier is not None else ""
    if now.split()[0] == before or change["direction"] == "no change":
        moved = f"about the same as {before}{then}"
    elif change["beyond_chance"] is None:
        moved = f"against {before}{then}"
    else:
        moved = f"{'up' if change['direction'] == 'up' else 'down'} from {before}{then}"
    overlap = bool(change["reason"] and "overlap" in change["reason"])
    chance = verdicts.change_words(change["beyond_chance"], overlap)
    if change["beyond_chance"] is False:
        chance = f"a change that {chance}"
    verb = "give" if bool(later["own_records"]) else "gives"
    return f"; {origin} for the {narrative.row_period(later)} {verb} {now}, {moved}, {chance}."


#: What the inspectorate's standards of casework look at, in a reader's words ("Assessment:
#: Inadequate" alone did not say whose work, of what).
WORK = {
    "Assessment": " (how well staff assess each child's needs, risks and strengths)",
    "Planning": " (how well staff plan the work with each child)",
    "Implementation and delivery": " (how well that plan is carried out)",
    "Reviewing": " (how well each child's progress is reviewed)",
    "Joint working": " (how well the service works with the police on out-of-court disposals)",
    "Out-of-court disposal policy and provision": (
        " (the service's arrangements for children dealt with out of court)"
    ),
    "Resettlement policy and provision": (" (for children leaving custody; not in the score)"),
}
#: Why a scraped row's ratings cannot add up to its score (the reader's notes say more): "but
#: listed once" left a tenth reader asking why the table did not list both.
ONE_RATING_EACH = (
    "{names} {are} rated twice, for court and out-of-court work, but the ratings file gives one "
    "rating of each, so the ratings shown cannot add up to the score."
)


def _missing_headlines(frame: pd.DataFrame, ctx: ReportContext) -> str:
    """Name the headline figures a service has no figure for, why, and where Wales's are.

    A Welsh councillor read "8 of the 10 headline figures exist" and could not tell which two
    were missing, nor where the Welsh figures that would fill them are published.
    """
    missing = frame[frame[ctx.yjs] == "no figure"]
    if missing.empty:
        return ""
    titles = {catalogue_indicator(i).short_title: i for i, _, _ in sections.headline_figures(ctx)}
    said = []
    for _, row in missing.iterrows():
        text = f"{row['Indicator']}, because {row['Why']}"
        indicator = titles.get(str(row["Indicator"]))
        if indicator in wales.WELSH_SOURCES and wales.MISSING_REASON in str(row["Why"]):
            text += f" (Wales's figures are published in {wales.WELSH_SOURCES[indicator]})"
        said.append(text)
    return ": none for " + "; nor for ".join(said)


def missing_headlines(frame: pd.DataFrame, ctx: ReportContext) -> str:
    """Say how many headline figures exist for the service, and which do not, and why.

    Where Wales publishes a missing figure, it says where; empty where every headline has one.
    """
    have = int((frame[ctx.yjs] != "no figure").sum())
    if have == len(frame):
        return ""
    return (
        f"{have} of the {len(frame)} headline figures exist for {ctx.yjs}"
        f"{_missing_headlines(frame, ctx)}."
    )


#: Where the paper's summary sends a reader for the headline figures a service has none of.
MISSING_SAID_AT_THE_END = "About the figures, at the end, says which are missing and why"


def findings(found: list[tuple[str, str, str]], yjs: str) -> str:
    """Say in one sentence which headline figures are worse, and which better, than comparators.

    Parameters
    ----------
    found : list of (verdict, comparator, measure)
        Each difference beyond chance, as :func:`~yjanalysis.report.sections.overview_rows`
        gives it.
    yjs : str
        The service.

    Examples
    --------
    >>> found = [("worse", "Wales", "custodial sentences"), ("better", "Wales", "reoffending")]
    >>> print(findings(found, "Newport"))  # doctest: +NORMALIZE_WHITESPACE
    Against its comparators' figures, Newport is worse, by more than chance would explain, on
    custodial sentences, and better on reoffending.
    """
    said = {}
    for verdict in ("worse", "better"):
        names = [name for v, _, name in found if v == verdict]
        # In the list's order: a difference from more comparators first.
        said[verdict] = sorted(dict.fromkeys(names), key=lambda n: -names.count(n))
    parts = [f"{verdict} on {narrative.join(names)}" for verdict, names in said.items() if names]
    if not parts:
        return ""
    first, *rest = parts
    verdict, on = first.split(" on ", 1)
    tail = "".join(f", and {part}" for part in rest)
    return (
        f"Against its comparators' figures, {yjs} is {verdict}, {verdicts.BY_MORE}, on {on}{tail}."
    )


def summary(
    ctx: ReportContext,
    frame: pd.DataFrame,
    found: list[tuple[str, str, str]],
    paper: bool = False,
    shown: int | None = None,
) -> str:
    """Return the summary: differences beyond chance, the largest changes, then the asks.

    The first two parts are generated from the headline figures, in order of importance
    (worse before better, a difference from more comparators first; a change beyond chance
    before the largest others). The asks are the service's own words (``summary.md``). For
    the ``paper``, a sentence its section gives in full is pointed to, not repeated, and the
    changes are left to :func:`changes` after the asks: a board paper puts its asks on its
    first two pages (a ninth reader found them on the third). ``shown`` is how many headline
    figures the paper's table gives: its summary counts those, the rows beside it.
    """
    parts = ['<h2 id="summary">Summary</h2>']
    differences = _differences(frame, found, ctx, brief=paper)
    if differences:
        # The findings first, then what the report lacks: Newport's summary opened with two
        # headline figures it has no figure for, in ninety words, before any finding.
        # The paper's summary says how many in one sentence; the list of what is missing and
        # where Wales publishes it is under About the figures (a tenth reader found it the
        # longest sentence of Newport's front page, about 110 words).
        have = int((frame[ctx.yjs] != "no figure").sum())
        missing = missing_headlines(frame, ctx)
        if paper and shown is not None and shown < len(frame):
            # "9 of the 11 headline figures exist" beside a table of 8 rows: the paper counts
            # the rows its table gives, and says where the others are accounted for.
            missing = (
                f"The headline table gives {shown} of the {len(frame)} headline figures "
                "(About the figures, at the end, says which are left out and why)."
            )
        elif paper and missing:
            missing = (
                f"{have} of the {len(frame)} headline figures exist for {ctx.yjs} "
                f"({MISSING_SAID_AT_THE_END})."
            )
        missing = f" {missing}" if missing else ""
        parts.append(
            f"<p>{esc(findings(found, ctx.yjs))} In order of importance (worse before better, "
            "and a difference from more comparators first), the list below gives each; every "
            f"other comparison {verdicts.COULD_BE_CHANCE}, or "
            f"{verdicts.CANNOT_BE_JUDGED}.{esc(missing)}</p>"
        )
    else:
        parts.append(f"<p>{esc(sections.summary_sentence(found, frame, ctx.yjs))}</p>")
    many = (
        narrative.many_comparisons(int(frame["Judged"].sum()), int(frame["Changes judged"].sum()))
        if "Judged" in frame
        else ""
    )
    # Where the verdicts are listed, how many of them chance alone would give; the paper says
    # it with its method, after the summary (its summary holds verdicts and asks only).
    if many and not paper:
        parts.append(f"<p>{esc(many)}</p>")
    # Over-representation by ethnic group, the seed's point and Newport's strongest finding,
    # had been said only in the last section. The paper's section gives the shares, once.
    over = sections.over_represented(ctx, brief=paper)
    if over:
        parts.append(f"<p>{esc(over)}</p>")
    # A group more likely than White children to reach court, remand or custody: the seed's
    # point (disproportion grows towards custody), Newport's unsaid in an eleventh reading.
    higher = sections.higher_stages(ctx)
    if higher:
        parts.append(f"<p>{esc(higher)}</p>")
    if differences:
        parts.append("<h3>Better or worse than comparators</h3>")
        parts.append('<ol class="yj-summary">' + "".join(
            f"<li>{esc(item)}</li>" for item in differences) + "</ol>")  # fmt: skip
    if not paper:
        parts.append(changes(ctx))
    words = ctx.settings.words(SUMMARY) if ctx.settings is not None else None
    if words is not None:
        parts.append(f"<h3>What the service asks of {esc(page.board(ctx))}</h3>")
        parts.append(commentary.block(words, ctx.yjs))
    return "".join(parts)


#: What a verdict of no difference says of chance.
BY = verdicts.BY_MORE


def as_at(ctx: ReportContext, end: pd.Timestamp) -> ReportContext:
    """Return the context as a report to ``end`` would have it: its table cut at that month.

    The figures are this report's (under this report's control), so that a verdict that
    changed did so for its periods alone.
    """
    then = copy.copy(ctx)
    vars(then).pop(page.STATE, None)
    last = pd.Timestamp(end) + pd.offsets.MonthEnd(0)
    then.table = ctx.table[ctx.table["period_end"].isna() | (ctx.table["period_end"] <= last)]
    then.period_end = last
    return then


def verdicts_changed(ctx: ReportContext) -> list[str]:
    """Say each headline verdict against comparators that differs from the last report's.

    A board member reading the September and December papers side by side met verdicts that
    came and went with no word of why: a measure worse than the region in September and not
    in December. The last report's verdicts are found as it would have found them, from this
    report's figures cut at its end (:func:`as_at`), so that a change is one of period: its
    headline figure is of a later period than the last report's. Empty where no last report
    is named before this one, or nothing changed.
    """
    since = ctx.settings.last_report if ctx.settings is not None else None
    if since is None or since >= ctx.period_end:
        return []
    frame_now, now = sections.overview_rows(ctx)
    frame_then, then = sections.overview_rows(as_at(ctx, since))
    period_now = dict(zip(frame_now["Indicator"], frame_now["Period"], strict=True))
    period_then = dict(zip(frame_then["Indicator"], frame_then["Period"], strict=True))
    label_of = {name.lower(): name for name in period_now}

    def by_name(found: list[tuple[str, str, str]]) -> dict[str, dict[str, list[str]]]:
        out: dict[str, dict[str, list[str]]] = {}
        for verdict, label, name in found:
            out.setdefault(name, {}).setdefault(verdict, []).append(label)
        return out

    def said(verdicts_of: dict[str, list[str]]) -> str:
        parts = [f"{v} than {narrative.join_qualified(ls)}" for v, ls in verdicts_of.items()]
        return (
            narrative.join(parts) if parts else f"neither better nor worse than any comparator {BY}"
        )

    before, after = by_name(then), by_name(now)
    items = []
    for name in [n for n in after if n not in before] + list(before):
        if before.get(name) == after.get(name):
            continue
        row = label_of.get(name.lower(), name)
        was, now_is = period_then.get(row, ""), period_now.get(row, "")
        because = (
            f"because this report's figure is of the {now_is}, the last report's of the {was}"
            if was != now_is
            else "as the comparators' figures for the same period are now published"
        )
        items.append(
            f"{narrative.capital(name)}: in the {since:%B %Y} report it was "
            f"{said(before.get(name, {}))}; now it is {said(after.get(name, {}))}, {because}."
        )
    return items


def followed_since(ctx: ReportContext) -> list[str]:
    """Say each headline whose figure to follow is new since the last report, and why.

    Newport's September paper gave serious youth violence as 22.5, risen beyond chance; its
    December paper followed 2024's 17.9 with no sentence owning the change (a thirteenth
    reader: "any member who read September will ask this first"). The last report's figure is
    found as it would have been (:func:`as_at`). Empty where no last report is named.
    """
    since = ctx.settings.last_report if ctx.settings is not None else None
    if since is None or since >= ctx.period_end:
        return []
    then = as_at(ctx, since)
    items = []
    for indicator, breakdown, group in sections.headline_figures(ctx):
        period = sections.headline_period(ctx, indicator, breakdown, group)
        months = sections.unusual_months(ctx, indicator, period, breakdown, group)
        later = sections.to_follow(ctx, indicator, period, breakdown, group) if months else None
        was_at = sections.headline_period(then, indicator, breakdown, group)
        if later is None or was_at is None:
            continue
        if sections.to_follow(then, indicator, was_at, breakdown, group) is not None:
            continue  # followed a later figure then too
        spec = catalogue_indicator(indicator)
        was = benchmark.figure(then.table, then.yjs, indicator, was_at, breakdown, group)
        if was is None or pd.isna(was["value"]):
            continue
        change = sections.stated_change(then, indicator, was_at, breakdown, group)
        how = ""
        if change and change["direction"] in ("up", "down") and change["previous_value"]:
            beyond = change["beyond_chance"] is True
            how = (
                f", {'up' if change['direction'] == 'up' else 'down'} from "
                f"{spec.format(change['previous_value'], unit=False)}"
                + (f", a change {verdicts.BEYOND_CHANCE}" if beyond else "")
            )
        name = spec.short_title + ("" if group == "all" else f" ({group.lower()})")
        items.append(
            f"{name}: the {since:%B %Y} report gave {spec.format(was['value'], unit=False)} for "
            f"the {narrative.row_period(was)}{how}. This report follows the "
            f"{narrative.row_period(later)}'s {spec.format(later['value'], unit=False)}: "
            f"{months}, counted in the first and not the second, proved out of line with the "
            "same months a year before and a year after, so the later figure, without them, is "
            "the one to follow."
        )
    return items


def changes(ctx: ReportContext) -> str:
    """Return the summary's part on the headline figures' changes (empty where none)."""
    found, heading, note = _changes(ctx)
    parts = []
    if found or note:
        parts.append(f"<h3>{esc(heading)}</h3>")
        if note:
            parts.append(f'<p class="yj-note">{esc(note)}</p>')
    turned = verdicts_changed(ctx)
    if turned:
        parts.append(_listed("Verdicts against comparators that changed since the last report:",
                             turned))  # fmt: skip
    if found:
        parts.append('<ol class="yj-summary">' + "".join(
            f"<li>{esc(item)}</li>" for item in found) + "</ol>")  # fmt: skip
    # After the figures the note lists ("listed below"), not between them.
    followed = followed_since(ctx)
    if followed:
        parts.append(_listed("Figures to follow that changed since the last report:", followed))
    return "".join(parts)


def _listed(said: str, items: list[str]) -> str:
    """Return a lead-in line and its bulleted items, as the summary's HTML."""
    return f"<p>{esc(said)}</p>" + '<ul class="yj-summary">' + "".join(
        f"<li>{esc(item)}</li>" for item in items) + "</ul>"  # fmt: skip


def inspection(ctx: ReportContext) -> str:
    """Return the inspection context: the latest HM Inspectorate of Probation rating."""
    parts = ['<h2 id="inspection">Inspection</h2>']
    row = hmi_inspections.latest(ctx.inspections, ctx.yjs)
    if row is None:
        have_file = any(u.get("format") == hmi_inspections.TITLE for u in ctx.build.get("used", []))
        why = (
            f"The HM Inspectorate of Probation ratings available to this report hold no "
            f"inspection of {ctx.yjs} published by {ctx.period_end:%B %Y}."
            if have_file
            else "No HM Inspectorate of Probation ratings are available to this report."
        )
        return parts[0] + f'<p class="yj-note">{esc(why)}</p>' + _inspections_after(ctx)
    day = row["published"]
    when = f"{day.day} {day:%B %Y}"
    age = _months_between(ctx.period_end, day)
    if pd.notna(row["overall_rating"]):
        text = (
            f"HM Inspectorate of Probation rated {ctx.yjs}'s youth justice service "
            f"{row['overall_rating']} overall in its inspection report published on {when}"
        )
        if pd.notna(row.get("score")):
            points = hmi_inspections.points(row["score"])
            # Say what the numbers are: "21 of the 36 points of its standards" read to a board
            # member as a count of something.
            text += (
                f", with an inspection score of {points} out of a possible 36 "
                f"({float(row['score']):.1f}% of the highest possible score): the "
                "inspectorate rates each of its 12 standards "
                "from 0 (Inadequate) to 3 (Outstanding) and adds them up"
            )
        text += "."
    elif pd.notna(row.get("rating_withheld")):
        text = (
            f"HM Inspectorate of Probation published an inspection of {ctx.yjs} on {when}; in "
            f"the ratings file {row['rating_withheld']} (see the inspectorate's report)."
        )
    else:
        text = (
            f"HM Inspectorate of Probation published an inspection of {ctx.yjs} on {when}; the "
            "ratings file does not give its overall rating in a form that can be read, so none "
            "is shown."
        )
    if age >= 36:
        text += f" The inspection is {age // 12} years old."
    parts.append(f"<p>{esc(text)}</p>")
    given = {t: hmi_inspections.ratings(row, t) for t in hmi_inspections.STANDARDS}
    given = {t: rated for t, rated in given.items() if rated}
    if given:
        # Each standard the score counts is listed once (3.4 under the name its inspection used),
        # a rating missing said to be; resettlement only where rated, as it is not counted. A
        # standard rated for court and out-of-court work apart is listed with both ratings (one
        # merged rating hid an Inadequate out-of-court assessment behind a Good one).
        shown = [t for t in hmi_inspections.STANDARDS if t in hmi_inspections.SCORED or t in given]
        names = {t: hmi_inspections.title(row, t) for t in shown}
        body = "".join(
            f"<tr><td>{esc(names[t] + (WORK.get(names[t], '') if n == 0 else ''))}"
            f"{esc(', ' + work if work else '')}</td><td>{esc(rating)}</td></tr>"
            for t in shown
            for n, (work, rating) in enumerate(given.get(t, [("", "no rating here")]))
        )
        parts.append(
            '<table class="yj-standards"><caption>The inspectorate\'s standards and the rating '
            "each was given</caption>"
            "<thead><tr><th>Standard</th><th>Rating</th></tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )
    blank = sum(t not in given for t in hmi_inspections.SCORED)
    notes = []
    if blank:
        them = "it" if blank == 1 else "them"
        notes.append(
            f"{blank} of these standards {'has' if blank == 1 else 'have'} no rating here: the "
            f"inspection did not rate {them}, or the ratings file does not hold {them}; none is "
            "guessed."
        )
    once = [t for t in hmi_inspections.RATED_TWICE if len(given.get(t, [])) == 1]
    if once and pd.notna(row.get("score")):
        notes.append(
            ONE_RATING_EACH.format(
                names=narrative.capital(narrative.join([t.lower() for t in once])),
                are="is" if len(once) == 1 else "are",
            )
        )
    if notes:
        parts.append(f'<p class="yj-note">{esc(" ".join(notes))}</p>')
    earlier = ctx.inspections[ctx.inspections["published"] < day]
    if len(earlier):
        before = earlier.iloc[-1]
        rating = before["overall_rating"] if pd.notna(before["overall_rating"]) else "not read"
        if pd.notna(before.get("rating_withheld")):
            rating = "not shown: its rating and score disagree"
        parts.append(
            f"<p>The inspection before was published on {before['published'].day} "
            f"{before['published']:%B %Y} (overall: {esc(str(rating))}).</p>"
        )
    source = "HM Inspectorate of Probation inspection reports, as gathered in the ratings file"
    # A demo's ratings are made up, and its source line says so as every other one does (the
    # line named the inspectorate's reports alone, as if a real publication: failed before).
    files = [
        str(u.get("file", "")).replace("\\", "/").split("/")[-1]
        for u in ctx.build.get("used", [])
        if u.get("format") == hmi_inspections.TITLE
    ]
    if any(f.startswith("synthetic") for f in files):
        source = (
            "synthetic HM Inspectorate of Probation inspection ratings, made up by the "
            "yjanalysis demo generator"
        )
    if pd.notna(row.get("report_url")) and str(row["report_url"]).startswith(hmi_inspections.SITE):
        source += (
            f' (<a href="{esc(str(row["report_url"]), quote=True)}" '
            'rel="nofollow noopener noreferrer">the report</a>)'
        )
    parts.append(f'<p class="yj-note">Source: {source}.</p>')
    return "".join(parts) + _inspections_after(ctx)


def _inspections_after(ctx: ReportContext) -> str:
    """Say that the ratings file holds an inspection published after the report's period.

    The page shows the latest inspection published by the end of its period, as a report of
    that period should. Failed before (adversary 16, C36): Southampton's inspection of November
    2023 typed as published in November 2025 (after the report's period, before today) was left
    out without a word, and the page presented its inspection of 2019 as the current one.
    """
    after = ctx.inspections_after
    if after is None or after.empty:
        return ""
    days = [f"{day.day} {day:%B %Y}" for day in after["published"]]
    some = "an inspection" if len(days) == 1 else f"{len(days)} inspections"
    text = (
        f"The ratings file also holds {some} of {ctx.yjs} published on "
        f"{narrative.join(days)}, after this report's period (to {ctx.period_end:%B %Y}), left "
        "out here: this report shows the latest inspection published by then. If that date is "
        "mistyped, correct it in the ratings file."
    )
    return f'<p class="yj-note">{esc(text)}</p>'


__all__ = ["CSS", "cover", "inspection", "lags_line", "summary"]
