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
# # Custody and remand
#
# Custodial sentences per 1,000 children aged 10 to 17 over rolling 12 months, against the areas the service is compared with (named below), with remands; small numbers are judged with intervals rather than by eye.

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
sections.header(ctx, "Custody and remand")

# %%
sections.headline(ctx, "custody_rate", heading="Custodial sentences")

# %%
sections.trend(ctx, "custody_rate", rolling=True, heading="Rolling 12 months")

# %%
sections.counts_table(
    ctx, ["custody_rate", "children_remanded"], last=3, yearly=True, heading="Three years"
)

# %%
scrutiny.custody_today(ctx, heading="Children in custody now")

# %%
sections.headline(ctx, "children_remanded", heading="Remands")

# %%
scrutiny.remand_then_custody(ctx, heading="Remanded, then sentenced to custody")

# %%
sections.counts_table(
    ctx,
    ["custody_rate", "children_remanded", "remand_episodes", "remand_to_custody"],
    heading="Recent quarters",
)

# %%
sections.among_services(ctx, "custody_rate")

# %%
sections.commentary(ctx, "02_custody_and_remand")

# %% [markdown]
# ## Definitions and sources

# %%
sections.definitions(
    ctx,
    [
        "custody_rate",
        "children_in_custody",
        "children_remanded",
        "remand_episodes",
        "remand_to_custody",
    ],
)

# %% [markdown]
# ## Data quality

# %%
sections.data_quality(
    ctx,
    [
        "custody_rate",
        "children_in_custody",
        "children_remanded",
        "remand_episodes",
        "remand_to_custody",
    ],
)
