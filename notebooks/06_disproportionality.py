# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Ethnic disproportionality
#
# The ethnic make-up of the 10 to 17 population and of children at each stage of the youth justice system, with relative rate indices against White children: does disproportionality grow the higher up the system children go?

# %% tags=["parameters"]
yjs: str = "Southampton"  # the service, as named in the YJS register (aliases accepted)
period_end: str = "2024-12"  # the report's last month, YYYY-MM; later figures are ignored
raw: str = ""  # folder of inputs; "" means data/raw/demo (written if empty)
processed: str = ""  # folder of the built table; "" means data/processed
reports: str = ""  # folder of the reports published so far; "" means reports
audience: str = "board"  # "board" shows the story; "analyst" adds the tables behind it
comparators: str = ""  # family,region,national or fewer; "" means the report settings', else all
suppression_threshold: int = 5  # counts from 1 to this minus one are hidden

# %%
from yjanalysis.report import context, sections

ctx = context.load(
    yjs,
    period_end,
    audience=audience,
    raw=raw,
    processed=processed,
    reports=reports,
    suppression_threshold=suppression_threshold,
    comparators=comparators,
)

# %%
sections.header(ctx, "Ethnic disproportionality")

# %%
sections.disproportionality(ctx, heading="Each stage of the system")

# %%
sections.disproportionality(
    ctx, heading="White and ethnic minority children", breakdown="ethnicity_combined"
)

# %%
sections.headline(
    ctx,
    "cautioned_or_sentenced_rate",
    heading="Children cautioned or sentenced: the published figures",
)

# %%
sections.trend(ctx, "cautioned_or_sentenced_rate", rolling=False)

# %%
sections.among_services(ctx, "cautioned_or_sentenced_rate")

# %%
sections.commentary(ctx, "06_disproportionality")

# %% [markdown]
# ## Definitions and sources

# %%
sections.definitions(
    ctx,
    [
        "population_share_10_17",
        "out_of_court_share",
        "cautioned_or_sentenced_share",
        "court_share",
        "remand_share",
        "custody_share",
        "cautioned_or_sentenced_rate",
    ],
)

# %% [markdown]
# ## Data quality

# %%
sections.data_quality(
    ctx,
    [
        "population_share_10_17",
        "out_of_court_share",
        "cautioned_or_sentenced_share",
        "court_share",
        "remand_share",
        "custody_share",
        "cautioned_or_sentenced_rate",
    ],
)
