"""The report: what the notebooks call to show a section, and the pages around them.

* :mod:`~yjanalysis.report.context`: one service's report, loaded once per notebook (the table
  under disclosure control, the settings, the comparators);
* :mod:`~yjanalysis.report.sections`: the building blocks of the notebooks, each returning what
  it shows (data, figure, sentences) and showing itself in a notebook;
* :mod:`~yjanalysis.report.narrative`, :mod:`~yjanalysis.report.caveats`: the sentences;
* :mod:`~yjanalysis.report.plots`, :mod:`~yjanalysis.report.tables`,
  :mod:`~yjanalysis.report.page`, :mod:`~yjanalysis.report.series`: charts, tables and page
  parts;
* :mod:`~yjanalysis.report.front_page`, :mod:`~yjanalysis.report.index_page`,
  :mod:`~yjanalysis.report.titles`: the cover, the summary, the index page, page titles.

May import: :mod:`yjanalysis.table`, :mod:`yjanalysis.methods`, :mod:`yjanalysis.inputs`,
:mod:`yjanalysis.vocabulary`, :mod:`yjanalysis.reference`, ``config``, ``errors``.
"""
