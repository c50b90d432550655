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
# # Education, training and employment
#
# Education, training or employment at the end of orders; the school results (Attainment 8 in England, the Capped 9 points score in Wales) and persistent absence of the youth justice cohort beside all pupils and other pupil groups; and 16 and 17 year olds not in education, employment or training.

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
sections.header(ctx, "Education, training and employment")

# %%
sections.headline(
    ctx, "ete_suitable", heading="Education, training or employment at the end of orders"
)

# %%
sections.trend(ctx, "ete_suitable", rolling=False)

# %%
sections.breakdown_chart(ctx, "ete_status_share", "ete_status", areas=[ctx.yjs])

# %%
sections.headline(ctx, "neet_post16_order_end")

# %%
sections.headline(ctx, "attainment8", "pupil_group", "Youth justice cohort", heading="Attainment 8")

# %%
sections.breakdown_chart(ctx, "attainment8", "pupil_group")

# %%
sections.headline(
    ctx, "persistent_absence", "pupil_group", "Youth justice cohort", heading="Persistent absence"
)

# %%
sections.breakdown_chart(ctx, "persistent_absence", "pupil_group")

# %%
sections.headline(
    ctx, "neet_16_17", heading="16 and 17 year olds not in education, employment or training"
)

# %%
sections.trend(ctx, "neet_16_17", rolling=False)

# %%
sections.commentary(ctx, "05_education_training_employment")

# %% [markdown]
# ## Definitions and sources

# %%
sections.definitions(
    ctx,
    [
        "ete_suitable",
        "ete_status_share",
        "neet_post16_order_end",
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
        "ete_suitable",
        "ete_status_share",
        "neet_post16_order_end",
        "attainment8",
        "persistent_absence",
        "neet_16_17",
    ],
)
