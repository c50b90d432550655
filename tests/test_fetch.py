"""Fetching public releases, against a local HTTP server serving fixture files."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import zipfile
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import run_in_process
from yjanalysis import sources
from yjanalysis.errors import InputError
from yjanalysis.fetch import fetch

CHILDREN = b"Financial_Year,YJS,Number_Children\n2023-24,Southampton,80\n2023-24,Portsmouth,70\n"


def zipped() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo(
            "Local_level_open_data_tables/Children_Table.csv", (2025, 1, 30, 0, 0, 0)
        )
        archive.writestr(info, CHILDREN)
    return buffer.getvalue()


ZIPPED = zipped()


class Handler(BaseHTTPRequestHandler):
    routes = {"/tables.zip": ZIPPED, "/children.csv": CHILDREN}

    def do_GET(self):
        if self.path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"Financial_Year,YJS,Number_Children\n")
            return
        body = self.routes.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_fetch_a_zip_with_checksum_and_provenance(server, tmp_path):
    got = fetch("yjb-local-tables", f"{server}/tables.zip", tmp_path, today=date(2026, 1, 30))
    folder = tmp_path / "yjb-local-tables" / "2026-01-30"
    assert got.path == folder / "tables.zip"
    assert got.sha256 == hashlib.sha256(ZIPPED).hexdigest()
    record = json.loads((folder / "fetched.json").read_text())
    assert record["url"] == f"{server}/tables.zip" and record["sha256"] == got.sha256
    table = folder / "tables" / "Local_level_open_data_tables" / "Children_Table.csv"
    assert table.is_file() and sources.read(table).attrs["kind"] == "yjb_children"
    assert not list(folder.rglob("*.part"))


def test_not_found_leaves_nothing(server, tmp_path):
    with pytest.raises(InputError, match=r"could not download x from .* Nothing was kept"):
        fetch("x", f"{server}/missing.zip", tmp_path)
    assert not list(tmp_path.rglob("*"))


def test_truncated_download_leaves_nothing(server, tmp_path):
    with pytest.raises(InputError) as caught:
        fetch("x", f"{server}/truncated", tmp_path, timeout=5)
    assert "Nothing was kept" in str(caught.value)
    assert not list(tmp_path.rglob("*"))


def test_unreachable_server(tmp_path):
    with pytest.raises(InputError, match="could not download"):
        fetch("x", "http://127.0.0.1:9/none.csv", tmp_path, timeout=5)
    assert not list(tmp_path.rglob("*"))


def test_fetch_command(server, tmp_path, capsys):
    code, err = run_in_process("fetch", "children", "--url", f"{server}/children.csv",
                               "--raw", str(tmp_path), capsys=capsys)  # fmt: skip
    assert code == 0, err
    assert "fetched" in err and list(tmp_path.glob("children/*/children.csv"))
    code, err = run_in_process("fetch", "nonsense", "--raw", str(tmp_path), capsys=capsys)
    assert code == 2 and "not a known release" in err
