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
# # Reoffending
#
# Proven reoffending by the Ministry of Justice method: the share of children in a cohort who reoffend within a year (the reoffending rate), reoffences per child and reoffences per reoffender, from the service's own records and as published, against the areas it is compared with (named below).

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
sections.header(ctx, "Reoffending")

# %%
sections.headline(ctx, "reoffending_binary", heading="Proven reoffending rate")

# %%
sections.trend(ctx, "reoffending_binary", rolling=True, heading="Rolling 12 months of cohorts")

# %%
sections.trend(ctx, "reoffending_binary", rolling=False, heading="Year by year")

# %%
sections.headline(
    ctx, "reoffending_binary", "age_group", "10 to 14", heading="Published rates by age group"
)

# %%
sections.headline(ctx, "reoffending_binary", "age_group", "15 to 17")

# %%
sections.measures_compared(ctx, "reoffending_binary", heading="How these reoffending rates relate")

# %%
sections.headline(ctx, "reoffending_frequency", heading="Reoffences per child and per reoffender")

# %%
sections.headline(ctx, "reoffences_per_reoffender")

# %%
sections.cohort_size(ctx, heading="Cohort size and reoffending rate")

# %%
sections.among_services(ctx, "reoffending_binary")

# %%
sections.commentary(ctx, "01_reoffending")

# %% [markdown]
# ## Definitions and sources

# %%
sections.definitions(
    ctx, ["reoffending_binary", "reoffending_frequency", "reoffences_per_reoffender"]
)

# %% [markdown]
# ## Data quality

# %%
sections.data_quality(
    ctx, ["reoffending_binary", "reoffending_frequency", "reoffences_per_reoffender"]
)
