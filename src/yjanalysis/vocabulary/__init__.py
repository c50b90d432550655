"""The words every layer shares: the indicator catalogue, periods, the table's schema.

What an indicator is (title, unit, multiplier, polarity, definition), how a period is labelled
and bounded, which columns the tidy indicator table has, which LAIT measures the project reads
and how ethnic groups combine. Nothing here reads an input or knows a service.

May import: :mod:`yjanalysis.errors` only.
"""
