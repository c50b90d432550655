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
# # Serious youth violence
#
# Proven serious violence offences (violence against the person, robbery and drugs with a gravity score of 5 or more) per 10,000 children aged 10 to 17, against the areas the service is compared with (named below).

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
from yjanalysis.report import context, scrutiny, sections

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
sections.header(ctx, "Serious youth violence")

# %%
sections.headline(ctx, "syv_rate", heading="Latest figure")

# %%
scrutiny.outcome_lag(ctx, "syv_rate")

# %%
sections.trend(ctx, "syv_rate", rolling=True, heading="Rolling 12 months")

# %%
scrutiny.offence_types(ctx, heading="The offences behind the rate")

# %%
scrutiny.family_rank(ctx, "syv_rate", heading="In its family")

# %%
sections.among_services(ctx, "syv_rate")

# %%
sections.commentary(ctx, "04_serious_youth_violence")

# %% [markdown]
# ## Definitions and sources

# %%
sections.definitions(ctx, ["syv_rate"])

# %% [markdown]
# ## Data quality

# %%
sections.data_quality(ctx, ["syv_rate"])
