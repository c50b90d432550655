"""The numbered notebooks: thin, paired, and right in what they show for any service."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jupytext
import nbformat
import papermill
import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: An English and a Welsh service with an extract in the demo, and a Welsh one without.
SERVICES = ["Southampton", "Newport", "Cardiff"]
SECTIONS = {
    "00_overview": ["Headline indicators", "Key performance indicators"],
    "01_reoffending": ["Proven reoffending rate"],
    "02_custody_and_remand": ["Custodial sentences"],
    "03_first_time_entrants": ["Latest figure"],
    "04_serious_youth_violence": ["Latest figure"],
    "05_education_training_employment": ["Education, training or employment at the end of orders",
                                         "Attainment 8", "Persistent absence"],
    "06_disproportionality": ["Each stage of the system"],
}  # fmt: skip
#: Parts shown only where the service has figures (a part with none says so once, or not at all).
WITH_FIGURES = {
    "01_reoffending": ["Reoffences per child and per reoffender", "Cohort size"],
    "02_custody_and_remand": ["Remands", "Recent quarters"],
    "03_first_time_entrants": ["Year by year", "Rolling 12 months"],
}


def test_seven_numbered_notebooks():
    assert [p.stem for p in NOTEBOOKS] == list(SECTIONS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_pair_in_sync_thin_and_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    twin = jupytext.read(path.with_suffix(".py"))
    assert [(c.cell_type, c.source) for c in notebook.cells] == [
        (c.cell_type, c.source) for c in twin.cells
    ], f"{path.name} and its .py twin differ: run jupytext --sync"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None
            assert not re.search(r"^\s*(def|class) ", cell.source, re.M), "notebooks define nothing"
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for name in ("yjs", "period_end", "raw", "processed", "audience", "comparators",
                 "suppression_threshold"):  # fmt: skip
        assert re.search(rf"^{name}: [^=]+ = .+  # \S", tagged[0].source, re.M), name
    for heading in ("Definitions and sources", "Data quality"):
        assert any(heading in c.source for c in notebook.cells if c.cell_type == "markdown")


def executed(demo_reports, service: str, name: str, audience: str = "board"):
    """A notebook as a refresh of the demo executed it (each report is published once a run)."""
    folder = demo_reports.folder(service, audience=audience) / "notebooks"
    return nbformat.read(folder / f"{name}.ipynb", as_version=4)


def run(path: Path, out: Path, **parameters) -> nbformat.NotebookNode:
    papermill.execute_notebook(str(path), str(out), parameters=parameters, progress_bar=False,
                               cwd=str(ROOT), kernel_name="python3")  # fmt: skip
    return nbformat.read(out, as_version=4)


def shown(notebook) -> tuple[str, list[str]]:
    """Return the text a reader sees and the alt text of every chart."""
    texts, alts = [], []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            texts.append(cell.source)
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", output
            data = output.get("data", {})
            html = data.get("text/html", "")
            alts += re.findall(r'<svg [^>]*aria-label="([^"]*)"', html)
            texts.append(re.sub(r"<svg\b.*?</svg>", "", html, flags=re.S)
                         + data.get("text/markdown", ""))  # fmt: skip
    return "\n".join(texts), alts


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_the_demo_for_three_services(path, service, demo_reports):
    text, alts = shown(executed(demo_reports, service, path.stem))
    assert "Synthetic demo data" in text.split("Definitions and sources")[0][:3000]
    for section in SECTIONS[path.stem]:
        assert section in text, section
    if service != "Cardiff":
        for section in WITH_FIGURES.get(path.stem, []):
            assert section in text, section
    assert all(len(a) > 20 for a in alts), "every chart has alt text"
    # No count from 1 to 4 computed from the extract is shown to a board.
    assert not re.search(r"\((?:about )?[1-4] (?:child|children|custodial|first|episode)", text)
    assert not re.search(r"\b[1-4] of \d", text)
    if service == "Cardiff":  # why a Welsh service without an extract lacks each figure
        reason = {"02_custody_and_remand": "computed from its own case-level records",
                  "04_serious_youth_violence": "computed from its own case-level records",
                  "06_disproportionality": "Relative rate index"}.get(
                      path.stem, "English authorities only")  # fmt: skip
        assert reason in text
        # Called English-only where a measure's source here is DfE LAIT, and only there: the
        # YJB's figures, populations and a service's own records cover Wales.
        lait = path.stem in ("00_overview", "01_reoffending", "03_first_time_entrants",
                             "05_education_training_employment")  # fmt: skip
        assert ("English authorities only" in text) == lait


def test_southampton_story_in_the_demo(demo_reports):
    text, alts = shown(executed(demo_reports, "Southampton", "02_custody_and_remand"))
    assert "rate of custodial sentences was" in text
    assert "larger than chance would explain" in text
    assert any(a.startswith("Line chart of the rate of custodial sentences") for a in alts)
    text, _ = shown(executed(demo_reports, "Southampton", "06_disproportionality"))
    assert "Relative rate index" in text or "relative rate indices" in text.lower()
    # Under the control across quarters most groups' counts are hidden: at the stages assessed
    # the page finds no difference beyond chance, and says so in the verdicts' words.
    assert "not differ from White children" in text
    # The groups assessed are named (a thirteenth reading: "no group's rate differs" beside
    # Black children over-represented read as a contradiction).
    assert "could an index be assessed: there, the rate of ethnic minority children" in text
    assert "At the other stages no index is assessed" in text


def test_analyst_audience_adds_the_tables(demo_reports):
    board, _ = shown(executed(demo_reports, "Southampton", "03_first_time_entrants"))
    analyst, _ = shown(executed(demo_reports, "Southampton", "03_first_time_entrants", "analyst"))
    assert "Comparisons behind the chart" in analyst and "Comparisons behind the chart" not in board


@pytest.mark.e2e
def test_plain_papermill_command_with_defaults(demo_build, tmp_path):
    """`papermill notebooks/NN.ipynb out.ipynb -p yjs Portsmouth`, from the project's root."""
    import subprocess
    import sys

    processed = demo_build.processed
    out = tmp_path / "out.ipynb"
    result = subprocess.run(
        [sys.executable, "-m", "papermill", "notebooks/04_serious_youth_violence.ipynb",
         str(out), "-p", "yjs", "Portsmouth", "-p", "processed", str(processed)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    text, _ = shown(nbformat.read(out, as_version=4))
    assert "Portsmouth" in text


def test_real_public_data(public, tmp_path):
    from yjanalysis.table.build import build

    processed = tmp_path / "processed"
    build(public, processed)
    for path in NOTEBOOKS:
        notebook = run(path, tmp_path / path.name, yjs="Southampton", period_end="2025-03",
                       raw=str(public), processed=str(processed))  # fmt: skip
        text, _ = shown(notebook)
        assert "Synthetic demo data" not in text
        assert "Definitions and sources" in text
    text, _ = shown(run(ROOT / "notebooks" / "06_disproportionality.ipynb", tmp_path / "6.ipynb",
                        yjs="Southampton", period_end="2020-03", raw=str(public),
                        processed=str(processed)))  # fmt: skip
    assert (
        "Among 154 services in 2019-20, allowing for how much services normally differ from one "
        "another, Southampton (66.1 per 10,000" in text
    )
    shutil.rmtree(processed)
