"""Methods: statistics, benchmarking, disclosure control and similar services, knowing no files.

* :mod:`~yjanalysis.methods.stats`: intervals, funnel limits, trend and change tests, control
  charts, each citing its source and tested against published values;
* :mod:`~yjanalysis.methods.benchmark`: a service against its comparators, ranks, quartiles,
  change, disproportionality;
* :mod:`~yjanalysis.methods.disclosure`: hiding small counts from a service's own records and
  the reader who solves for them;
* :mod:`~yjanalysis.methods.similar`: a comparator group for every service.

They take frames and numbers and return frames and numbers.

May import: :mod:`yjanalysis.vocabulary`, :mod:`yjanalysis.reference`, ``config``, ``errors``.
"""
