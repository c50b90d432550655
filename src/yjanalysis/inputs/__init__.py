"""Inputs: every file the project reads or fetches, recognised, checked and parsed at the border.

* :mod:`~yjanalysis.inputs.readers`: one reader per input format, recognised by its columns,
  validated, refusing a bad file with one sentence naming the file, row or column;
* :mod:`~yjanalysis.inputs.fetch`: downloads of the public releases, every server hostile;
* :mod:`~yjanalysis.inputs.report_settings`: a service's ``report.toml`` and commentary files;
* :mod:`~yjanalysis.inputs.demo`: the synthetic demo inputs, written in the real formats.

A reader returns frames in the shape of its file; turning them into rows of the indicator table
is :mod:`yjanalysis.table`'s job.

May import: :mod:`yjanalysis.vocabulary`, :mod:`yjanalysis.reference`, ``config``, ``locks``,
``errors``.
"""
