"""One inputs folder for real data, as an analyst starts it on a fresh clone: init, fetch, refresh."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import ROOT, run_in_process
from yjanalysis import config


def test_init_makes_the_inputs_folder_where_missing(tmp_path, capsys):
    inputs = tmp_path / "new" / "inputs"
    code, err = run_in_process("init", "--yjs", "Southampton", "--raw", str(inputs), capsys=capsys)
    assert code == 0, err
    assert sorted(p.name for p in inputs.iterdir()) == sorted(config.INPUT_FOLDERS)
    assert (inputs / "report" / "southampton" / "report.toml").is_file()
    assert f"made {inputs}  (your inputs folder" in err
    # Run again: nothing made, nothing changed, and the settings are not overwritten.
    before = (inputs / "report" / "southampton" / "report.toml").read_text()
    code, err = run_in_process("init", "--yjs", "Southampton", "--raw", str(inputs), capsys=capsys)
    assert "made" not in err
    assert (inputs / "report" / "southampton" / "report.toml").read_text() == before


def test_init_refuses_a_file_where_the_folder_should_be(tmp_path, capsys):
    (tmp_path / "inputs").write_text("x")
    code, err = run_in_process("init", "--yjs", "Southampton", "--raw", str(tmp_path / "inputs"),
                               capsys=capsys)  # fmt: skip
    assert code == 2 and "is a file; expected a folder" in err


def test_a_refresh_of_a_new_inputs_folder_says_what_to_put_in_it(tmp_path, capsys):
    inputs = tmp_path / "inputs"
    run_in_process("init", "--yjs", "Southampton", "--raw", str(inputs), capsys=capsys)
    code, err = run_in_process("refresh", "--yjs", "Southampton", "--period-end", "2024-12",
                               "--raw", str(inputs), "--out", str(tmp_path / "out"),
                               "--processed", str(tmp_path / "processed"), capsys=capsys)  # fmt: skip
    assert code == 2, err
    assert "holds no file the project reads" in err and f"yjanalysis fetch --raw {inputs}" in err
    assert not (tmp_path / "out").exists() and not (tmp_path / "processed").exists()
    code, err = run_in_process("refresh", "--yjs", "Southampton", "--raw",
                               str(tmp_path / "missing"), capsys=capsys)  # fmt: skip
    assert code == 2 and "does not exist" in err and "yjanalysis fetch --raw" in err


#: The real public files, each under the source `fetch` files it as.
REAL = {
    "yjb-local-tables": "yjb_local_children_table_2013-14_to_2019-20_by_yot.csv",
    "yjb-population": "yjb_yot_population_10to17_2013-2019.csv",
    "ons-population": "ons_mye_mid2019_sya_uk_areas.csv",
    "dfe-lait": "dfe_lait_extract_yj_ks4_absence.csv",
    "dfe-statistical-neighbours": "dfe_lait_sn_may_2025.csv",
    "hmi-inspections": "hmi_probation_yjs_inspection_ratings.csv",
}


@pytest.mark.realdata
@pytest.mark.e2e
@pytest.mark.slow
def test_from_an_empty_folder_to_a_report_on_the_real_files(public, tmp_path, capsys):
    """init, fetch (from a local server holding the real releases) and refresh, as documented."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(public))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}"
    inputs = tmp_path / "inputs"
    try:
        code, err = run_in_process("init", "--yjs", "Hampshire", "--raw", str(inputs),
                                   capsys=capsys)  # fmt: skip
        assert code == 0, err
        for source, name in REAL.items():
            code, err = run_in_process("fetch", source, "--url", f"{server}/{name}", "--raw",
                                       str(inputs), "--allow-http", "127.0.0.1",
                                       capsys=capsys)  # fmt: skip
            assert code == 0, err
    finally:
        httpd.shutdown()
        httpd.server_close()
    books = tmp_path / "notebooks"
    books.mkdir()
    shutil.copy(ROOT / "notebooks" / "00_overview.ipynb", books)
    code, err = run_in_process("refresh", "--yjs", "Hampshire", "--period-end", "2020-03",
                               "--raw", str(inputs), "--out", str(tmp_path / "out"),
                               "--processed", str(tmp_path / "processed"), "--notebooks",
                               str(books), "--jobs", "1", capsys=capsys)  # fmt: skip
    assert code == 0, err
    index = (tmp_path / "out" / "hampshire" / "2020-03" / "index.html").read_text()
    assert "Synthetic demo data" not in index
    assert "Hampshire Youth Justice Service: performance report to March 2020" in index
