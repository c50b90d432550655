"""The quarterly refresh: a whole, readable, safe report, checked as a reader's browser sees it."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest

from conftest import ROOT, copy_of, run_cli
from scan import local_names, scan
from yjanalysis.inputs import readers
from yjanalysis.methods import disclosure
from yjanalysis.run import kernels, pipeline

pytestmark = pytest.mark.e2e

ARTEFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def published(demo_reports, tmp_path_factory):
    """Southampton's demo report as published (a copy of it, its reports and processed folders:
    the tests here change them)."""
    where = tmp_path_factory.mktemp("published")
    out = where / "out"
    shutil.copytree(demo_reports.folder("Southampton").parent, out / "southampton")
    processed = copy_of(demo_reports.processed, where)
    return SimpleNamespace(folder=out / "southampton" / "2024-12"), out, processed


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_report_folder_is_complete(published):
    result, out, _ = published
    folder = out / "southampton" / "2024-12"
    assert result.folder == folder
    names = {p.name for p in folder.iterdir()}
    books = [p.stem for p in pipeline.notebooks()]
    assert {"index.html", "manifest.json", "notebooks"} <= names
    assert {f"{b}.html" for b in books} <= names
    assert sorted(p.stem for p in (folder / "notebooks").glob("*.ipynb")) == books
    assert not [p for p in (out / "southampton").iterdir() if p.name.startswith(".")]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["synthetic"] is True and manifest["period_end"] == "2024-12"
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"])
    assert manifest["parameters"] == {
        "yjs": "Southampton",
        "period_end": "2024-12",
        "audience": "board",
        "jobs": 2,
    }
    named = {i["source"]: i.get("file") for i in manifest["inputs"]}
    assert named["YJB local level open data: Children table"] == "synthetic_yjb_children_table.csv"
    assert named["Case-level extract: children"] is None  # the service's own: by format only
    assert {"bytes", "inputs_used"}.isdisjoint(manifest) and all(
        "bytes" not in i for i in manifest["inputs"]
    )
    assert {"pandas", "papermill", "nbconvert", "python"} <= set(manifest["versions"])
    code = manifest["code"]  # which code made it: the version alone does not tell
    assert code["version"] == manifest["versions"]["yjanalysis"]
    assert re.fullmatch("[0-9a-f]{64}", code["package_sha256"])
    assert re.fullmatch("[0-9a-f]{64}", code["notebooks_sha256"])
    if (ROOT / ".git").exists():  # this checkout: its commit, and whether the code was edited
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], text=True,
                              capture_output=True, check=True).stdout.strip()  # fmt: skip
        assert code["commit"] == head and isinstance(code["uncommitted_changes"], bool)
    assert [n["notebook"] for n in manifest["notebooks"]] == books
    assert all(n["seconds"] > 0 for n in manifest["notebooks"])


def test_a_report_records_what_it_showed_of_the_services_own_figures(published):
    """``own-figures.csv``: each own figure the report could show, shown or hidden, no hidden count."""
    folder = published[0].folder
    record = pd.read_csv(folder / "own-figures.csv", dtype=str, keep_default_na=False)
    assert list(record.columns) == disclosure.RECORD_COLUMNS
    assert set(record["area"]) == {"Southampton"} and set(record["shown"]) == {"True", "False"}
    hidden = record[record["shown"] == "False"]
    assert (hidden[["numerator", "denominator"]] == "").all().all()
    assert record["period_end"].max() <= "2024-12-31"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["own_figures"] == {
        "file": "own-figures.csv",
        "shown": int((record["shown"] == "True").sum()),
        "hidden": len(hidden),
    }


def test_a_later_report_keeps_what_an_earlier_one_published(published, demo_dir, tmp_path):
    """A refresh reads the records of the service's reports in its output folder."""
    _, out, processed = published
    later = tmp_path / "out"
    shutil.copytree(out, later)
    result = pipeline.refresh("Southampton", "2024-09", raw=demo_dir, out=later,
                              processed=processed)  # fmt: skip
    manifest = json.loads((result.folder / "manifest.json").read_text())
    assert manifest["earlier_reports_kept"] == {"with_record": ["2024-12"], "without_record": []}
    records = {
        month: pd.read_csv(later / "southampton" / month / "own-figures.csv", dtype=str,
                           keep_default_na=False).set_index(disclosure.earlier.KEY)["shown"]
        for month in ("2024-09", "2024-12")
    }  # fmt: skip
    common = records["2024-09"].index
    assert len(common) and records["2024-09"].equals(records["2024-12"].loc[common])


def test_nothing_about_the_analysts_computer_is_published(published, demo_dir, demo_reports):
    result, out, processed = published
    manifest = json.loads((result.folder / "manifest.json").read_text())
    names = local_names(demo_dir, manifest)
    assert {"synthetic_extract_children.csv", "README.md"} <= names
    folders = [demo_dir, out, processed, demo_reports.out, demo_reports.processed, ROOT]
    assert scan(result.folder, [*folders, Path.home()], names) == []
    for book in (result.folder / "notebooks").glob("*.ipynb"):
        notebook = nbformat.read(book, as_version=4)
        assert notebook.metadata.papermill.input_path == book.name
        assert set(notebook.metadata.papermill.parameters) == {"yjs", "period_end", "audience"}


def test_pages_have_no_code_embed_their_images_and_stay_small(published):
    folder = published[0].folder
    for page in folder.glob("*.html"):
        text = page.read_text()
        assert page.stat().st_size < 2_000_000, page.name
        assert "sections.headline" not in text and "context.load" not in text, page.name
        assert not re.search(r'(src|href)="https?://', text), page.name
        if page.name not in ("index.html", "00_overview.html"):  # the overview is a table
            assert "<svg" in text, page.name  # charts are inline SVG


def test_in_a_real_browser(published):
    from browser import CHROMIUM, Browser

    if not CHROMIUM:
        pytest.skip("chromium is not installed (.ci/run installs Debian's chromium)")
    folder = published[0].folder
    ARTEFACTS.mkdir(exist_ok=True)
    browser = Browser()
    try:
        for page in sorted(folder.glob("*.html")):
            shot = ARTEFACTS / "index.png" if page.name == "index.html" else None
            found = browser.open(page.as_uri(), screenshot=shot)
            assert found["errors"] == [], (page.name, found["errors"])
            assert found["lang"] == "en", page.name
            assert found["title"], page.name
            assert all(i["loaded"] for i in found["images"]), page.name
            assert all(len(i["alt"]) > 20 for i in found["images"]), page.name
            levels = found["headings"]
            assert levels and levels[0] == 1, page.name
            assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), page.name
            assert not found["external"], page.name
            if page.name == "index.html":
                assert found["text"].lstrip().startswith("Synthetic demo data")
            else:
                assert "Synthetic demo data" in found["text"][:2000]
    finally:
        browser.close()
    assert (ARTEFACTS / "index.png").stat().st_size > 10_000


def test_no_child_and_no_suppressed_count_on_any_page(published, demo_dir):
    folder = published[0].folder
    children = readers.read(demo_dir / "extract" / "southampton" / "synthetic_extract_children.csv")
    offences = readers.read(demo_dir / "extract" / "southampton" / "synthetic_extract_offences.csv")
    ids = set(children["child_id"]) | set(offences["offence_id"])
    for page in folder.glob("*.html"):
        text = re.sub(r'src="data:[^"]*"', "", page.read_text())
        words = set(re.findall(r"\b[COR]\d{7,8}\b", text))
        assert not words & ids, page.name
        assert not re.search(
            r"\((?:about )?[1-4] (?:child|children|custodial|first|episode|reo)", text
        )
        assert not re.search(r"\b[1-4] of \d", text), page.name
        for date in set(children["date_of_birth"].dt.strftime("%Y-%m-%d")):
            assert date not in text, page.name


def test_same_inputs_give_the_same_report(published, demo_dir, tmp_path):
    first, _, processed = published
    again = pipeline.refresh("Southampton", "2024-12", raw=demo_dir, out=tmp_path,
                             processed=processed)  # fmt: skip
    one, two = digest(first.folder), digest(again.folder)
    pages = [k for k in one if k.endswith(".html")]
    assert pages and all(one[k] == two[k] for k in pages)
    for name in (p.stem for p in pipeline.notebooks()):
        a = nbformat.read(first.folder / "notebooks" / f"{name}.ipynb", as_version=4)
        b = nbformat.read(again.folder / "notebooks" / f"{name}.ipynb", as_version=4)
        assert [c.get("outputs") for c in a.cells] == [c.get("outputs") for c in b.cells]


def test_a_kernel_writes_the_index_page_and_the_paper(published, demo_dir, tmp_path, monkeypatch):
    """Issue 29: the board paper (about 4 s of processor time) and the index page were written
    by the refreshing process, which a batch cannot share between cores; a kernel of the pool
    writes them now, the same bytes. (Before, the refresh below failed: it called these.)"""
    from yjanalysis.report import index_page, paper

    def not_here(*args, **kwargs):
        raise AssertionError("written by the refreshing process")

    monkeypatch.setattr(index_page, "render", not_here)
    monkeypatch.setattr(paper, "write", not_here)
    first, _, processed = published
    again = pipeline.refresh("Southampton", "2024-12", raw=demo_dir, out=tmp_path,
                             processed=processed, build_first=False)  # fmt: skip
    one, two = digest(first.folder), digest(again.folder)
    written = [k for k in one if k == "index.html" or k.split("/")[0] in pipeline.PAPER_FILES]
    assert len(written) > 4 and all(one[k] == two[k] for k in written)
    manifest = json.loads((again.folder / "manifest.json").read_text())
    assert manifest["paper"] == sorted(pipeline.PAPER_FILES)


def failing_notebooks(tmp_path: Path, only: bool = False) -> Path:
    """The notebooks (or only the third) with a cell in the third that raises."""
    folder = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder)
    if only:
        for book in folder.glob("*"):
            if not book.name.startswith("03_"):
                book.unlink()
    book = nbformat.read(folder / "03_first_time_entrants.ipynb", as_version=4)
    book.cells.insert(6, nbformat.v4.new_code_cell('raise ValueError("the extract is stale")'))
    nbformat.write(book, folder / "03_first_time_entrants.ipynb")
    return folder


def test_a_failing_notebook_leaves_the_last_good_report(published, demo_dir, tmp_path):
    first, out, processed = published
    before = digest(first.folder)
    with pytest.raises(pipeline.RefreshError) as caught:
        pipeline.refresh("Southampton", "2024-12", raw=demo_dir, out=out, processed=processed,
                         notebook_folder=failing_notebooks(tmp_path))  # fmt: skip
    message = str(caught.value)
    cells = len(nbformat.read(ROOT / "notebooks" / "03_first_time_entrants.ipynb", 4).cells)
    # The position in the notebook as the analyst opens it, not the reused kernel's count.
    assert f"notebook 03_first_time_entrants failed in cell 7 of {cells + 1} (`raise" in message
    assert "ValueError: the extract is stale" in message
    assert f"the last good report ({first.folder}) is unchanged" in message
    assert digest(first.folder) == before
    kept = processed / "failed" / "southampton" / "2024-12" / "03_first_time_entrants.ipynb"
    assert str(kept) in message
    assert kept.is_file() and "the extract is stale" in kept.read_text()
    # Nothing of the failed run in the published folders.
    assert sorted(p.name for p in (out / "southampton").iterdir()) == ["2024-12"]


def test_a_failure_with_no_earlier_report_says_so(demo_dir, tmp_path, published):
    _, _, processed = published
    with pytest.raises(pipeline.RefreshError) as caught:
        pipeline.refresh("Southampton", "2024-12", raw=demo_dir, out=tmp_path / "out",
                         processed=processed, notebook_folder=failing_notebooks(tmp_path, True),
                         jobs=1, build_first=False)  # fmt: skip
    message = str(caught.value)
    assert "no report for Southampton, 2024-12 was published (there was none before)" in message
    assert "unchanged" not in message
    assert not (tmp_path / "out" / "southampton").exists()


def test_an_interrupted_refresh_leaves_no_half_report(demo_dir, tmp_path, published):
    _, _, processed = published
    calls = []

    def interrupt(name, state):
        calls.append(state)
        if state == "done":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pipeline.refresh("Portsmouth", "2024-12", raw=demo_dir, out=tmp_path, processed=processed,
                         jobs=1, progress=interrupt, build_first=False)  # fmt: skip
    assert not (tmp_path / "portsmouth").exists()  # no report, no staging, no empty folder


def test_refresh_command(demo_dir, tmp_path):
    result = run_cli("refresh", "--yjs", "Newport", "--period-end", "2024-12", "--raw",
                     str(demo_dir), "--out", str(tmp_path / "out"), "--processed",
                     str(tmp_path / "processed"))  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "out" / "newport" / "2024-12" / "index.html").is_file()
    assert "[1/1] Newport: published" in result.stderr


def test_refresh_on_real_inputs(public, tmp_path):
    """Hampshire is also a PCC area's name: its report must be the service's."""
    result = pipeline.refresh("Hampshire", "2020-03", raw=public, out=tmp_path / "out",
                              processed=tmp_path / "processed")  # fmt: skip
    manifest = json.loads((result.folder / "manifest.json").read_text())
    assert manifest["synthetic"] is False
    assert {i.get("file") for i in manifest["inputs"]} >= {
        "yjb_local_children_table_2013-14_to_2019-20_by_yot.csv"
    }
    names = local_names(public, manifest)
    assert scan(result.folder, [public, tmp_path, ROOT, Path.home()], names) == []
    index = (result.folder / "index.html").read_text()
    assert "Synthetic demo data" not in index
    assert "Hampshire Youth Justice Service: performance report to March 2020" in index


def test_a_build_note_on_the_data_quality_page_names_a_file_not_its_folder(demo_dir, tmp_path):
    raw = tmp_path / "inputs"
    shutil.copytree(demo_dir, raw)
    shutil.copy(raw / "synthetic_ons_population_mid2023.csv", raw / "ons_population_estimates.csv")
    books = tmp_path / "notebooks"
    books.mkdir()
    shutil.copy(ROOT / "notebooks" / "00_overview.ipynb", books)
    result = pipeline.refresh("Southampton", "2024-12", raw=raw, out=tmp_path / "out",
                              processed=tmp_path / "processed", jobs=1,
                              notebook_folder=books)  # fmt: skip
    page = (result.folder / "00_overview.html").read_text()
    assert "ons_population_estimates.csv gives no year" in page
    assert scan(result.folder, [raw, tmp_path, ROOT, Path.home()], set()) == []


def test_a_kernel_that_dies_fails_its_notebook_and_the_next_refresh_gets_a_new_one(
    demo_dir, tmp_path, published
):
    _, _, processed = published
    books = tmp_path / "notebooks"
    books.mkdir()
    book = nbformat.read(ROOT / "notebooks" / "00_overview.ipynb", as_version=4)
    book.cells.insert(3, nbformat.v4.new_code_cell(
        'import os, signal\nif yjs == "Portsmouth":\n    os.kill(os.getpid(), signal.SIGKILL)'
    ))  # fmt: skip
    nbformat.write(book, books / "00_overview.ipynb")
    pool = pipeline.KernelPool(1, cwd=tmp_path)
    try:
        with pytest.raises(pipeline.RefreshError, match=r"notebook 00_overview failed in .*Dead"):
            pipeline.refresh("Portsmouth", "2024-12", raw=demo_dir, out=tmp_path / "out",
                             processed=processed, jobs=1, notebook_folder=books,
                             build_first=False, pool=pool)  # fmt: skip
        again = pipeline.refresh("Newport", "2024-12", raw=demo_dir, out=tmp_path / "out",
                                 processed=processed, jobs=1, notebook_folder=books,
                                 build_first=False, pool=pool)  # fmt: skip
        assert (again.folder / "00_overview.html").is_file()
    finally:
        pool.close()


def test_a_kernel_is_renewed_after_its_share_of_notebooks(monkeypatch, tmp_path):
    monkeypatch.setattr(kernels, "KERNEL_USES", 2)
    pool = kernels.KernelPool(1, cwd=tmp_path)
    try:
        taken = []
        for _ in range(3):
            taken.append(pool.acquire())
            pool.release(taken[-1])
        assert taken[0] is taken[1] and taken[2] is not taken[0]
        assert taken[2].is_alive() and not taken[0].is_alive() and pool.all == [taken[2]]
    finally:
        pool.close()


def test_a_first_refresh_starts_the_longest_notebooks_first():
    """With no time kept yet, the package's notebooks start by their usual times, not numbers."""
    books = pipeline.notebooks()
    assert set(pipeline.USUAL_SECONDS) == {p.stem for p in books}
    order = [p.stem for p in pipeline.start_order(books, {})]
    assert order[:2] == ["06_disproportionality", "01_reoffending"]
    kept = {"00_overview": 99.0}  # a time kept from the last refresh comes before the usual
    assert pipeline.start_order(books, kept)[0].stem == "00_overview"


def test_services_created_in_2023_refresh_from_an_absolute_folder_with_the_full_lait(
    public, tmp_path
):
    """Issue 24: Cumberland was refused (not in the register), and a build from an absolute
    folder with the full LAIT file put "<folder>/dfe_lait_bds_long_0.parquet: 595,680 rows …"
    on five pages of every report, so that the refresh refused to publish any."""
    lait = public.parent / "lait_full" / "dfe_lait_bds_long_0.parquet"
    if not lait.is_file():
        pytest.skip(f"the full LAIT bulk file is not at {lait}")
    raw = (tmp_path / "inputs").resolve()
    raw.mkdir()
    for path in public.iterdir():
        if path.name != "dfe_lait_extract_yj_ks4_absence.csv":  # the full file holds its rows
            (raw / path.name).symlink_to(path)
    (raw / lait.name).symlink_to(lait)
    out = tmp_path / "out"
    result = run_cli("refresh", "--yjs", "Cumberland", "--yjs", "Westmorland and Furness",
                     "--period-end", "2025-03", "--raw", str(raw), "--out", str(out),
                     "--processed", str(tmp_path / "processed"))  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    for yjs, folder in (("Cumberland", "cumberland"),
                        ("Westmorland and Furness", "westmorland-and-furness")):  # fmt: skip
        report = out / folder / "2025-03"
        index = (report / "index.html").read_text()
        assert f"{yjs} Youth Justice Service: performance report to March 2025" in index
        assert scan(report, [raw, public, lait.parent, tmp_path, ROOT, Path.home()], set()) == []
        pages = " ".join(p.read_text() for p in report.glob("*.html"))
        assert "595,680 rows" not in pages  # rows no figure comes from: the analyst's note
    overview = (out / "cumberland" / "2025-03" / "00_overview.html").read_text()
    assert "184" in (out / "cumberland" / "2025-03" / "03_first_time_entrants.html").read_text()
    assert "Westmorland and Furness" in overview  # its first DfE statistical neighbour


def test_a_folder_just_below_the_root_is_never_published(tmp_path):
    """Issue 30: the scan skipped paths of two or fewer parts, so ``/raw`` reached 7 pages.

    It is matched as a whole path: ``data/raw`` in a sentence is no leak of ``/raw``.
    """
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>Inputs in data/raw and /rawness; raw/x.</p>")
    pipeline.check_nothing_local(site, [Path("/raw"), Path("/")])  # nothing shown
    (site / "notes.html").write_text("<p>see /raw/extract/children.csv</p>")
    with pytest.raises(
        pipeline.RefreshError, match=r"notes\.html would show the local folder /raw"
    ):
        pipeline.check_nothing_local(site, [Path("/raw")])


@pytest.mark.parametrize(
    "shown",
    ["C:\\Users\\jsmith\\OneDrive\\extract.xlsx", "file:///C:/Users/jsmith/plan.docx",
     "\\\\council-fs01\\yot$\\notes.docx", "/Users/jsmith/board.md", "/home/analyst/x.csv",
     "~/Documents/board.md", "/tmp/adv/chart.png", "/srv/yjs/jsmith/cohort.xlsx",
     "//sccfs01/YJS$/Performance/x.xlsx", "smb://sccfs01/YJS/x.xlsx",
     "%USERPROFILE%\\Documents\\x.docx", "$HOME/notes.md", "\\\\?\\C:\\Users\\jsmith\\x.xlsx",
     "\\?\\C:\\Users\\jsmith\\x.xlsx"],
)  # fmt: skip
def test_a_path_of_any_computer_is_never_published(tmp_path, shown):
    """Failed before: the last guard looked only for this computer's folders, so a Windows path
    pasted into commentary reached the pages, notebooks and paper.docx. Any computer's path is
    refused too (a Word file's text is read from inside it, as a reader's search would)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>https://example.org/home/x and/or 10/14 at 10:30</p>")
    pipeline.check_nothing_local(site, [Path("/raw")])  # nothing shown
    (site / "01_reoffending.html").write_text(f"<p>checked against {shown} first</p>")
    with pytest.raises(pipeline.RefreshError, match=r"01_reoffending\.html would show the path"):
        pipeline.check_nothing_local(site, [Path("/raw")])


def test_a_word_file_s_own_part_names_are_no_path(tmp_path):
    """A Word file or workbook names its own parts (``PartName="/word/document.xml"``): they are
    its structure, not a path of a computer; a link out of it to a folder is still one."""
    import docx

    site = tmp_path / "site"
    site.mkdir()
    paper = docx.Document()
    paper.add_paragraph("The figures, 2023/24, and/or 24/7.")
    paper.save(site / "paper.docx")
    pipeline.check_nothing_local(site, [Path("/raw")])  # nothing shown
    paper.add_paragraph("Checked against /srv/yjs/jsmith/cohort.xlsx.")
    paper.save(site / "paper.docx")
    with pytest.raises(pipeline.RefreshError, match=r"paper\.docx would show the path /srv/yjs"):
        pipeline.check_nothing_local(site, [Path("/raw")])


def test_build_notes_name_no_folder(tmp_path):
    """Issue 30: a note that names a whole path shows only the file's name on the pages."""
    from yjanalysis.table.build import _without_folders

    used = [Path("/raw/extract/children.csv"), Path("/raw/lait.csv")]
    notes = ["/raw/extract/children.csv: row 3 left out.", "in /raw/extract only"]
    assert _without_folders(notes, used) == [
        "children.csv: row 3 left out.",
        "in the inputs folder only",
    ]


def test_the_manifest_lists_only_this_services_extract(tmp_path):
    """Issue 30: each manifest listed the checksums of every service's extract files."""
    import pandas as pd

    files = {}
    for service in ("southampton", "portsmouth"):
        folder = tmp_path / "extract" / service
        folder.mkdir(parents=True)
        files[service] = folder / "children.csv"
        files[service].write_text("child_id\n1\n")
    record = {  # as build.json keeps them: each with the checksum of the bytes the build read
        "used": [
            {"file": str(p), "format": "Case-level extract: children", "sha256": f"{p.parent.name}"}
            for p in files.values()
        ]
    }
    table = pd.DataFrame(
        {
            "area": ["Southampton", "Portsmouth"],
            "source": [f"local extract: {p.parent}" for p in files.values()],
            "period": ["2024", "2024"],
            "period_end": pd.to_datetime(["2024-12-31"] * 2),
        }
    )
    listed = pipeline._inputs(record, table, "Southampton")
    assert [e["sha256"] for e in listed] == ["southampton"]


def test_a_killed_refreshs_kernel_keys_are_removed_by_the_next(tmp_path):
    """Issue 30: SIGKILL left kernel connection files, with their keys, in the temp folder."""
    dead = subprocess.Popen(["true"])
    dead.wait()
    first = kernels.connection_folder(tmp_path)
    stale = first.parent / str(dead.pid)
    stale.mkdir()
    (stale / "kernel-1.json").write_text('{"key": "secret"}')
    mine = kernels.connection_folder(tmp_path)
    assert mine == first and mine.is_dir()  # this process's folder stays
    assert not stale.exists()
    assert oct(mine.parent.stat().st_mode & 0o777) == "0o700"
