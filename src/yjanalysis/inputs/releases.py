"""Every public input the report uses: where it is published, and where ``fetch`` gets it.

``docs/data.md`` says the same for people (each input, its publisher's page, its release
calendar, what it feeds); a test keeps the two in step. An address that names one release
(the YJB's tables) changes when the next is published: ``yjanalysis fetch SOURCE --url ADDRESS``
fetches another without a new version of the package.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Release:
    """A public input and where it comes from.

    Attributes
    ----------
    name : str
        The source's name: ``yjanalysis fetch NAME`` and its folder under ``public/``.
    title : str
        What it is, in the publisher's words.
    url : str
        The file's address (``https://`` only).
    file : str
        The name it is saved under.
    page : str
        The publisher's page about it, for people.
    feeds : str
        What the report takes from it.
    kind : str
        The format of the table the answer must hold (a reader's ``KIND``; for an archive, one
        of its files): ``fetch`` refuses another, keeping the earlier copy.
    """

    name: str
    title: str
    url: str
    file: str
    page: str
    feeds: str
    kind: str


#: What ``yjanalysis fetch`` downloads by default, in this order.
RELEASES: dict[str, Release] = {
    r.name: r
    for r in [
        Release(
            "yjb-local-tables",
            "YJB, Youth justice statistics: local level open data (2024 to 2025 release)",
            "https://assets.publishing.service.gov.uk/media/6984756b7da3dc19896c7dc4/"
            "Local_level_open_data_tables.zip",
            "Local_level_open_data_tables.zip",
            "https://www.gov.uk/government/collections/youth-justice-statistics",
            "children cautioned or sentenced by service, ethnic group, age and sex",
            "yjb_children",
        ),
        Release(
            "yjb-population",
            "YJB, 10 to 17 population of each YOT footprint, 2013 to 2019 (MoJ analytical "
            "services' repository YJB_nir020)",
            "https://raw.githubusercontent.com/moj-analytical-services/YJB_nir020/"
            "8cc47d31c5e7cf8a9ef283d2d699d9e96c9dcee7/YOT_Pop.csv",
            "YOT_Pop.csv",
            "https://github.com/moj-analytical-services/YJB_nir020",
            "the denominators the YJB used for its rates to 2019-20",
            "yjb_population",
        ),
        Release(
            "ons-population",
            "ONS, mid-year population estimates by single year of age (Nomis dataset "
            "NM_2002_1), ages 10 to 17, local authority districts, the latest seven years",
            "https://www.nomisweb.co.uk/api/v01/dataset/NM_2002_1.data.csv?"
            "geography=TYPE424&date=latestMINUS6,latestMINUS5,latestMINUS4,latestMINUS3,"
            "latestMINUS2,latestMINUS1,latest&gender=0&c_age=111,112,113,114,115,116,117,118"
            "&measures=20100&select=date_name,geography_name,geography_code,gender_name,"
            "c_age_name,measures_name,obs_value",
            "nomis_population.csv",
            "https://www.nomisweb.co.uk/datasets/pestsyoala",
            "10 to 17 populations of every service and comparator, for every rate",
            "ons_population",
        ),
        Release(
            "dfe-lait",
            "DfE, Local Authority Interactive Tool (LAIT): the bulk data store",
            "https://raw.githubusercontent.com/dfe-analytical-services/"
            "local-authority-interactive-tool/HEAD/01_data/02_prod/bds_long_0.parquet",
            "bds_long_0.parquet",
            "https://www.gov.uk/government/publications/local-authority-interactive-tool-lait",
            "first time entrants, proven reoffending, Attainment 8 by pupil group, persistent "
            "absence, 16-17 NEET",
            "lait",
        ),
        Release(
            "dfe-statistical-neighbours",
            "DfE, children's services statistical neighbours (May 2025), as LAIT uses them",
            "https://raw.githubusercontent.com/dfe-analytical-services/"
            "local-authority-interactive-tool/HEAD/01_data/02_prod/sn_may_2025.xlsx",
            "sn_may_2025.xlsx",
            "https://www.gov.uk/government/publications/local-authority-interactive-tool-lait",
            "the family of an English service that has no YJB family given",
            "dfe_statistical_neighbours",
        ),
        Release(
            "hmi-inspections",
            "HM Inspectorate of Probation, youth justice inspection ratings (data-to-insight's "
            "scrape of the published reports)",
            "https://raw.githubusercontent.com/data-to-insight/"
            "hmi-probation-youth-justice-scrape/HEAD/hmi_youth_justice_inspection_ratings.csv",
            "hmi_youth_justice_inspection_ratings.csv",
            "https://www.justiceinspectorates.gov.uk/hmiprobation/",
            "the service's latest inspection on the front page",
            "hmi_inspections",
        ),
    ]
}

__all__ = ["RELEASES", "Release"]
