"""What a kernel of the refresh imports as it starts, and what it leaves to the notebooks that need it."""

from __future__ import annotations

import subprocess
import sys

from yjanalysis.run import kernels


def test_a_kernels_warm_imports_leave_pandera_to_the_readers():
    """Issue 29: every kernel imported pandera (about half a second) through the report's
    settings, which need only the readers' file locks; only the readers' checks use it. (Failed
    before: the warm imports, and the index page and paper's job, imported it.)"""
    code = "\n".join(
        [
            kernels.WARM_IMPORTS[0],
            "import yjanalysis.run.front, yjanalysis.report.index_page, yjanalysis.report.paper",
            "import sys",
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pandera'))",
        ]
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_readers_still_know_every_format():
    """The formats are imported when first asked for (pandera with them), all of them."""
    from yjanalysis.inputs import readers

    kinds = {getattr(fmt, "KIND", None) for fmt in readers.FORMATS}
    assert {"lait", "yjb_children", "yjb_population", "yjs_families"} <= kinds
    assert readers.recognise(["financial_year", "yot", "number_children"]).KIND == "yjb_children"
