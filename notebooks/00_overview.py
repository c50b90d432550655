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
# # Overview
#
# Every headline indicator on one page: the latest figure, the figures of the areas it is compared with (named below), whether each difference is larger than chance would explain, and the direction of travel.

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
sections.header(ctx, "Overview")

# %%
sections.overview(ctx, heading="Headline indicators")

# %%
sections.family(ctx, heading="Who the service is compared with")

# %%
sections.key_performance_indicators(ctx, heading="Key performance indicators from April 2023")

# %%
sections.commentary(ctx, "00_overview")

# %% [markdown]
# ## Definitions and sources

# %%
sections.definitions(
    ctx,
    [
        "fte_rate",
        "reoffending_binary",
        "custody_rate",
        "cautioned_or_sentenced_rate",
        "syv_rate",
        "ete_suitable",
        "attainment8",
        "persistent_absence",
        "neet_16_17",
    ],
)

# %% [markdown]
# ## Data quality

# %%
sections.data_quality(
    ctx,
    [
        "fte_rate",
        "reoffending_binary",
        "custody_rate",
        "cautioned_or_sentenced_rate",
        "syv_rate",
        "ete_suitable",
        "attainment8",
        "persistent_absence",
        "neet_16_17",
    ],
)
