"""A service's own case-level data: the extract put together, and indicators computed from it.

:mod:`~yjanalysis.table.caselevel.extract` joins and checks the tables of an extract;
:mod:`~yjanalysis.table.caselevel.counting` counts events into reporting periods;
:mod:`~yjanalysis.table.caselevel.indicators` computes the YJB and Ministry of Justice indicators
from it as rows of the indicator table, with :mod:`~yjanalysis.table.caselevel.custody_today`
for children in custody at each month's end, remand outcomes and serious violence by offence.
The synthetic extract of the demo and the benchmarks is :mod:`yjanalysis.inputs.demo.caselevel`.
"""
