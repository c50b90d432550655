"""The table: the build that turns every input into the one tidy indicator table.

* :mod:`~yjanalysis.table.build`: reads every input, composes the rest, writes
  ``indicators.parquet`` (and keeps one already built from the same inputs and code);
* :mod:`~yjanalysis.table.population`, :mod:`~yjanalysis.table.published`: published files
  into rows (populations, YJB counts, LAIT figures);
* :mod:`~yjanalysis.table.caselevel`: indicators computed from a service's own records;
* :mod:`~yjanalysis.table.cohort_scores`: a service's cohort's school scores held to the
  published scores of its pupils;
* :mod:`~yjanalysis.table.aggregates`, :mod:`~yjanalysis.table.intervals`: comparators pooled
  from members, and every row's interval.

May import: :mod:`yjanalysis.inputs`, :mod:`yjanalysis.methods`, :mod:`yjanalysis.vocabulary`,
:mod:`yjanalysis.reference`, ``config``, ``locks``, ``errors``.
"""
