"""A service's own case-level data: the extract put together, and indicators computed from it.

:mod:`~yjanalysis.caselevel.extract` joins and checks the tables of an extract;
:mod:`~yjanalysis.caselevel.indicators` computes the YJB and Ministry of Justice indicators
from it as rows of the indicator table; :mod:`~yjanalysis.caselevel.synthetic` writes a
synthetic extract for the demo and the benchmarks.
"""
