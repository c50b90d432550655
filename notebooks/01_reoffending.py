# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Reoffending
#
# Proven reoffending by the Ministry of Justice method: the binary rate, the frequency rate and reoffences per reoffender, by cohort and year, against the family and the nation.

# %% tags=["parameters"]
yjs: str = "Southampton"  # the service, as named in the YJS register (aliases accepted)
period_end: str = "2024-12"  # the report's last month, YYYY-MM; later figures are ignored
raw: str = ""  # folder of inputs; "" means data/raw/demo (written if empty)
processed: str = ""  # folder of the built table; "" means data/processed
audience: str = "board"  # "board" shows the story; "analyst" adds the tables behind it
comparators: str = "family,region,national"  # comparators to show, comma-separated
suppression_threshold: int = 5  # counts from 1 to this minus one are hidden

# %%
from yjanalysis import context, sections

ctx = context.load(
    yjs,
    period_end,
    audience=audience,
    raw=raw,
    processed=processed,
    suppression_threshold=suppression_threshold,
    comparators=comparators,
)

# %%
sections.header(ctx, "Reoffending")

# %% [markdown]
# ## Binary rate

# %%
sections.headline(ctx, "reoffending_binary")

# %%
sections.trend(ctx, "reoffending_binary", rolling=False)

# %% [markdown]
# ## Published rates by age group

# %%
sections.headline(ctx, "reoffending_binary", "age_group", "15 to 17")

# %%
sections.headline(ctx, "reoffending_binary", "age_group", "10 to 14")

# %% [markdown]
# ## Frequency and reoffences per reoffender

# %%
sections.headline(ctx, "reoffending_frequency")

# %%
sections.headline(ctx, "reoffences_per_reoffender")

# %% [markdown]
# ## A smaller cohort, more complex children

# %%
sections.cohort_size(ctx)

# %% [markdown]
# ## Among all services

# %%
sections.funnel(ctx, "reoffending_binary")

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
