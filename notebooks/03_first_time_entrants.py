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
# # First time entrants
#
# Children entering the youth justice system for the first time, per 100,000 aged 10 to 17: the published calendar years against the areas the service is compared with (named below), and the service's own rolling 12-month figures.

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
sections.header(ctx, "First time entrants")

# %%
sections.headline(ctx, "fte_rate", heading="Latest figure")

# %%
sections.trend(ctx, "fte_rate", rolling=False, years=8, heading="Year by year")

# %%
sections.trend(ctx, "fte_rate", rolling=True, heading="Rolling 12 months")

# %%
sections.among_services(ctx, "fte_rate")

# %%
sections.commentary(ctx, "03_first_time_entrants")

# %% [markdown]
# ## Definitions and sources

# %%
sections.definitions(ctx, ["fte_rate"])

# %% [markdown]
# ## Data quality

# %%
sections.data_quality(ctx, ["fte_rate"])
