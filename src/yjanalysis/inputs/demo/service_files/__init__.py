"""The demo's report around the figures: settings, commentary, inspections, the family's violence.

Like every demo input these are synthetic, and say so:

* ``southampton/`` (beside this module): the demo service's ``report.toml`` and commentary, as
  ``yjanalysis init`` would start them and a service would fill them in, exercising every part
  (the cover, the asks, Markdown and plain-text commentary for every section). Each file says
  it is made up, and the settings carry ``synthetic = true``, which the cover repeats. The
  asks and the account of visits for the report to September 2024 are in
  ``commentary/2024-09/`` (both services), so that each quarter the demo offers has words
  naming no month after its end; the other quarters' reports are refused, as their words
  name December 2024;
* ``newport/``: the same for the demo's Welsh service, in Welsh terms (a scrutiny committee,
  the Well-being of Future Generations (Wales) Act 2015 and the Welsh Language Standards in its
  impact assessments, Welsh bodies); the figures its commentary quotes are those its pages show.
  Its settings name the report to September 2024 as the last one (``last_report``), so its
  report to December 2024 gives the changes since that report's figures; the report to
  September 2024 names its own, June's (``last_reports``). Each report goes to its own meeting
  (``meeting_dates``: the report to September 2024 to one in December 2024);
* :func:`inspections`: ratings in the format of the inspectorate scrape, with its quirks (a
  footnote in an overall rating cell, blank standards, standard 3.4 under the name of its date,
  resettlement rated only from 2021) and one of Cumberland, a service since April 2023;
  report addresses are left blank, so that no made-up rating links to a real report;
* :func:`serious_violence`: per-service serious violence figures by financial year in the
  indicator CSV's shape, as an analyst would copy them from the YJB's serious youth violence
  toolkit, so that a service can be ranked in its family; a service with synthetic records is
  counted from them. English services only, so that the demo's Welsh report (Newport) still
  shows a service without the figure and says why.

Each has its own seeded generator, so adding them changes no other demo file.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from yjanalysis.inputs.report_settings import FOLDER, slug
from yjanalysis.vocabulary import periods

#: Services whose settings and commentary the demo ships.
SERVICES = ("Southampton", "Newport")
#: The standards columns of the inspectorate scrape, in its order.
STANDARD_COLUMNS = [
    "staff", "partnerships_and_services", "information_and_facilities", "assessment",
    "planning", "reviewing", "implementation_and_delivery",
    "resettlement_policy_and_provision", "governance_and_leadership",
    "outofcourt_disposal_policy_and_provision", "policy_and_provision", "joint_working",
    "court_assessment", "outofcourt_assessment", "court_planning", "outofcourt_planning",
    "court_implementation_and_delivery", "outofcourt_implementation_and_delivery",
]  # fmt: skip
G, OUT, RI, IN = "Good", "Outstanding", "Requires improvement", "Inadequate"
#: Made-up inspections: name as the inspectorate writes it, published, overall, score, ratings.
#: Each is a row as the scrape gives one for its date: one column for each standard's name (so
#: the ratings cannot add up to the score: Assessment to Reviewing are rated in domains 2 and 3),
#: standard 3.4 under one name (``joint_working`` in 2019, ``policy_and_provision`` as
#: Plymouth's report heads it), resettlement rated only from 2021 and never in the score. The
#: two reports the demo's papers show hold Assessment to Implementation and delivery for court
#: and out-of-court work apart (``court_assessment``, ``outofcourt_assessment``), as a file an
#: analyst keeps from the reports may: their 12 standards add up to the score (an eleventh
#: reader met 10 rows for 12 scored standards, "the ratings shown cannot add up to the score").
INSPECTIONS = [
    ("Southampton", "2019-07-02", "Good", 61.11,
     dict(staff=G, partnerships_and_services=G, information_and_facilities=OUT, assessment=G,
          planning=G, reviewing=RI, implementation_and_delivery=OUT, governance_and_leadership=G,
          joint_working=RI)),
    ("Southampton", "2023-11-14", "Good", 58.33,  # 21 points of 36
     dict(staff=G, partnerships_and_services=G, information_and_facilities=G,
          court_assessment=IN, court_planning=G, court_implementation_and_delivery=G,
          outofcourt_assessment=G, outofcourt_planning=RI,
          outofcourt_implementation_and_delivery=RI, reviewing=G,
          resettlement_policy_and_provision=G, governance_and_leadership=G,
          outofcourt_disposal_policy_and_provision=OUT)),
    ("Newport", "2024-07-11", "Good", 52.78,  # 19 points of 36
     dict(staff=G, partnerships_and_services=G, information_and_facilities=RI,
          court_assessment=G, court_planning=OUT, court_implementation_and_delivery=OUT,
          outofcourt_assessment=RI, outofcourt_planning=RI,
          outofcourt_implementation_and_delivery=RI, reviewing=IN,
          resettlement_policy_and_provision=G, governance_and_leadership=G,
          outofcourt_disposal_policy_and_provision=RI)),
    ("Portsmouth", "2022-06-21",
     "1 The resettlement standard does not contribute to the overall rating for the YOT.", 61.11,
     dict(staff=G, partnerships_and_services=G, assessment=G, planning=G, reviewing=OUT,
          implementation_and_delivery=G, resettlement_policy_and_provision=G,
          governance_and_leadership=G, outofcourt_disposal_policy_and_provision=G)),
    ("Bristol", "2023-02-07", "Requires Improvement", 44.44,
     dict(staff=G, partnerships_and_services=G, information_and_facilities=G, assessment=IN,
          planning=IN, reviewing=G, implementation_and_delivery=G,
          resettlement_policy_and_provision=G, governance_and_leadership=RI,
          outofcourt_disposal_policy_and_provision=RI)),
    ("Plymouth", "2022-02-04", "Good", 66.67,
     dict(staff=G, partnerships_and_services=G, information_and_facilities=G, assessment=G,
          reviewing=OUT, implementation_and_delivery=G, governance_and_leadership=G,
          policy_and_provision=G)),
    ("Cumberland", "2024-10-29", "Requires Improvement", 33.33,
     dict(staff=G, partnerships_and_services=RI, information_and_facilities=G, assessment=IN,
          planning=IN, reviewing=IN, implementation_and_delivery=G,
          resettlement_policy_and_provision=RI, governance_and_leadership=RI,
          outofcourt_disposal_policy_and_provision=RI)),
]  # fmt: skip


def inspections() -> pd.DataFrame:
    """Return made-up inspection ratings in the inspectorate scrape's format."""
    rows = []
    for name, day, overall, score, ratings in INSPECTIONS:
        rows.append(
            {
                "la_name": name,
                "la_ref": slug(name) + "yjs",
                "score_%": score,
                "overall_rating": overall,
                "publication_date": pd.Timestamp(day).strftime("%d/%m/%y"),
                "report_url": "",
                **{column: ratings.get(column, "") for column in STANDARD_COLUMNS},
            }
        )
    return pd.DataFrame(rows)


#: The offence groups of serious violence (with a gravity score of 5 or more).
SERIOUS_VIOLENCE = ("Violence against the person", "Robbery", "Drugs")


def serious_violence(
    population: pd.DataFrame,
    focus: str,
    seed: int,
    own: dict[str, pd.DataFrame] | None = None,
    last: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Return made-up serious violence figures for every service, financial years 2019-20 on.

    Parameters
    ----------
    population : pandas.DataFrame
        The demo's YJB population table (``YJS`` and one column per year).
    focus : str
        The demo service, given a rate like the report behind the project's.
    seed : int
        Seed of this table's own generator.
    own : dict, optional
        Proven offences of the services with synthetic records
        (:func:`~yjanalysis.inputs.demo.caselevel.formal_outcomes`): their figures are counted
        from them (by outcome date, as the toolkit counts the records services submit).
    last : pandas.Timestamp, optional
        The last day of the latest year published (default: March 2024).
    """
    from yjanalysis import reference

    own = own or {}
    last = last if last is not None else pd.Timestamp("2024-03-31")
    rng = np.random.default_rng(seed + 16)
    english = reference.register()["country"].eq("England")
    population = population[population["YJS"].map(english).fillna(False).astype(bool)]
    levels = pd.Series(rng.lognormal(np.log(6.0), 0.35, len(population)), index=population["YJS"])
    levels[focus] = 16.0
    rows = []
    for year in range(2019, 2024):
        label, start, end = periods.financial_year(year)
        for yjs, level in levels.items():
            people = float(population.loc[population["YJS"] == yjs, str(year)].iloc[0])
            offences = int(rng.poisson(level * people / 10_000))  # drawn for every service
            if end > last:
                continue
            if yjs in own:
                proven = own[yjs]
                offences = int(
                    (
                        proven["offence_group"].isin(SERIOUS_VIOLENCE)
                        & proven["gravity_score"].ge(5)
                        & proven["outcome_date"].between(start, end)
                    ).sum()
                )
            rows.append(
                {
                    "area_type": "yjs",
                    "area": yjs,
                    "indicator": "syv_rate",
                    "period": label,
                    "numerator": offences,
                    "denominator": people,
                    "value": round(offences / people * 10_000, 3),
                    "source": "synthetic YJB serious youth violence toolkit",
                    "status": "published",
                }
            )
    return pd.DataFrame(rows)


def write_settings(out: Path) -> list[Path]:
    """Copy the demo services' report settings and commentary to ``out/report/<service>/``."""
    written = []
    packaged = resources.files("yjanalysis.inputs.demo.service_files")
    for yjs in SERVICES:
        source = Path(str(packaged.joinpath(slug(yjs))))
        target = Path(out) / FOLDER / slug(yjs)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target)
        written.extend(sorted(p for p in target.rglob("*") if p.is_file()))
    return written


__all__ = ["inspections", "serious_violence", "write_settings"]
