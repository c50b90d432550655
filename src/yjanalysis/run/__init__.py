"""Running the report: a refresh's arguments, the kernels, publishing, many services at once.

* :mod:`~yjanalysis.run.arguments`: a refresh's arguments checked once, before any work;
* :mod:`~yjanalysis.run.pipeline`: the refresh (build once, run the notebooks, export, publish);
* :mod:`~yjanalysis.run.kernels`: the Jupyter kernels that run the notebooks, kept warm;
* :mod:`~yjanalysis.run.publish`: a report folder appearing whole or not at all;
* :mod:`~yjanalysis.run.batch`: many services, each recorded as it finishes.

May import everything below it: :mod:`yjanalysis.report` and what it may import.
"""
