"""Fetching public releases, against a local HTTP server that behaves as a hostile one would."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import time
import zipfile
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import run_in_process
from yjanalysis.errors import InputError
from yjanalysis.inputs import readers
from yjanalysis.inputs.fetch import Limits, check_url, fetch, file_name

CHILDREN = b"Financial_Year,YJS,Number_Children\n2023-24,Southampton,80\n2023-24,Portsmouth,70\n"
LOCAL = {"127.0.0.1"}
TODAY = date(2026, 1, 30)


def zipped(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, body in entries.items():
            archive.writestr(zipfile.ZipInfo(name, (2025, 1, 30, 0, 0, 0)), body, compression)
    return buffer.getvalue()


def bad_crc() -> bytes:
    body = bytearray(zipped({"Children_Table.csv": CHILDREN}, zipfile.ZIP_STORED))
    at = body.index(b"2023-24,Southampton")
    body[at] = ord("3")  # the stored bytes no longer match the CRC in the headers
    return bytes(body)


ZIPPED = zipped({"Local_level_open_data_tables/Children_Table.csv": CHILDREN})
#: 64 MiB of zeros in a 64 KB archive: a ZIP bomb's ratio of about 1,000.
BOMB = zipped({"Children_Table.csv": bytes(64 << 20)})
STATIC = {
    "/tables.zip": ZIPPED,
    "/children.csv": CHILDREN,
    "/bomb.zip": BOMB,
    "/bad-crc.zip": bad_crc(),
    "/escape.zip": zipped({"../../escaped.csv": CHILDREN}),
    "/absolute.zip": zipped({"/tmp/absolute.csv": CHILDREN}),
    "/backslash.zip": zipped({"..\\..\\escaped.csv": CHILDREN}),
    "/crowded.zip": zipped({f"t/{i}.csv": CHILDREN for i in range(300)}),
    "/twice.zip": zipped({"a.csv": CHILDREN, "A.csv": CHILDREN}),
}


class Hostile(BaseHTTPRequestHandler):
    """Each path is one way a server can misbehave."""

    protocol_version = "HTTP/1.1"

    def send(self, body: bytes, **headers) -> None:
        self.send_response(200)
        headers.setdefault("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path in STATIC:
            return self.send(STATIC[path])
        if path == "/disposition-parent":
            return self.send(CHILDREN, Content_Disposition='attachment; filename="../../x.csv"')
        if path == "/disposition-absolute":
            return self.send(CHILDREN, Content_Disposition=f'attachment; filename="{ABSOLUTE}"')
        if path == "/endless":
            self.send_response(200)
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"0" * 65536)
            except OSError:
                return None
        if path == "/too-large":
            self.send_response(200)
            self.send_header("Content-Length", str(10 << 30))
            self.end_headers()
            return None
        if path in ("/trickle", "/trickle-headers"):
            try:
                if path == "/trickle-headers":
                    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.1)
                self.send_response(200)
                self.end_headers()
                while True:
                    self.wfile.write(b"0")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                return None
        if path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"Financial_Year,YJS,Number_Children\n")
            self.close_connection = True
            return None
        if path == "/truncated-chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"400\r\n" + b"Financial_Year,YJS,Number_Children\n")
            self.wfile.flush()
            self.close_connection = True
            return None
        if path == "/gzipped":
            return self.send(b"\x1f\x8b\x08\x00", Content_Encoding="gzip")
        if path == "/empty":
            return self.send(b"")
        if path.startswith("/redirect-"):
            targets = {
                "/redirect-file": "file:///etc/passwd",
                "/redirect-http": "http://example.org/children.csv",
                "/redirect-loop": "/redirect-loop",
                "/redirect-ok": "/children.csv",
            }
            self.send_response(302)
            self.send_header("Location", targets[path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        self.send_error(404)
        return None

    def log_message(self, *args):
        pass


ABSOLUTE = "/tmp/yjanalysis-test-absolute-name.csv"


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def get(server, path, raw, **options):
    options.setdefault("local_http_hosts", LOCAL)
    options.setdefault("today", TODAY)
    return fetch("release", f"{server}{path}", raw, **options)


def refused(server, path, raw, match, **options) -> str:
    """Fetch, expect one sentence matching ``match``, and find nothing left anywhere."""
    with pytest.raises(InputError, match=match) as caught:
        get(server, path, raw, **options)
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".")
    assert not list(raw.rglob("*")), list(raw.rglob("*"))
    return message


def test_fetch_a_zip_with_checksums_and_provenance(server, tmp_path):
    got = get(server, "/tables.zip", tmp_path)
    folder = tmp_path / "release" / "2026-01-30"
    assert got.path == folder / "tables.zip"
    assert got.sha256 == hashlib.sha256(ZIPPED).hexdigest()
    record = json.loads((folder / "fetched.json").read_text())
    assert record["url"] == f"{server}/tables.zip" and record["sha256"] == got.sha256
    table = folder / "tables" / "Local_level_open_data_tables" / "Children_Table.csv"
    assert table.is_file() and readers.read(table).attrs["kind"] == "yjb_children"
    assert record["unpacked"] == [
        {
            "file": "tables/Local_level_open_data_tables/Children_Table.csv",
            "sha256": hashlib.sha256(CHILDREN).hexdigest(),
            "bytes": len(CHILDREN),
        }
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["fetched.json", "tables", "tables.zip"]
    again = get(server, "/tables.zip", tmp_path)  # the same day again: replaced whole
    assert again.sha256 == got.sha256 and table.is_file()
    assert not [p for p in folder.rglob(".*")]


@pytest.mark.parametrize("path", ["/disposition-parent", "/disposition-absolute"])
def test_a_servers_file_name_is_never_a_path(server, tmp_path, path):
    raw = tmp_path / "raw"
    got = get(server, path, raw)
    assert got.path == raw / "release" / "2026-01-30" / path.strip("/")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        ["fetched.json", path.strip("/")]
    )
    assert not (tmp_path / "x.csv").exists()
    from pathlib import Path

    assert not Path(ABSOLUTE).exists()


def test_names_from_the_address_are_sanitised():
    assert file_name("https://h/a/..%2F..%2Fetc%2Fpasswd") == "passwd"
    assert file_name("https://h/%2E%2E") == "download"
    assert file_name("https://h/.hidden.csv") == "hidden.csv"
    assert file_name("https://h/C:%5Cwin%5Cx.csv") == "x.csv"
    assert file_name("https://h/fetched.json") == "download"
    assert len(file_name("https://h/" + "a" * 500 + ".csv")) <= 100


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/x.csv",
        "data:text/csv,a,b",
        "http://example.org/x.csv",
        "https://[::1/x.csv",
        "https://example.org:99999/x.csv",
        "https:///x.csv",
        "https://exa mple.org/x.csv",
        "not a url",
        "",
        "https://user:secret@example.org/x.csv",
    ],
)
def test_addresses_refused_before_any_request(tmp_path, url):
    with pytest.raises(InputError) as caught:
        fetch("release", url, tmp_path)
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".")
    assert "secret" not in message
    assert not list(tmp_path.iterdir())


def test_https_only_except_a_named_local_server():
    assert check_url("https://example.org/a.csv").scheme == "https"
    assert check_url("http://127.0.0.1:8000/a.csv", {"127.0.0.1"}).port == 8000
    with pytest.raises(InputError, match="not an https"):
        check_url("http://127.0.0.1:8000/a.csv")
    with pytest.raises(InputError, match="only from a test server on this machine"):
        fetch("release", "http://example.org/a.csv", ".", local_http_hosts={"example.org"})


def test_an_endless_response_is_cut_at_the_size_limit(server, tmp_path):
    started = time.monotonic()
    refused(server, "/endless", tmp_path, "grew past 1,048,576 bytes; nothing was kept",
            limits=Limits(bytes=1 << 20))  # fmt: skip
    assert time.monotonic() - started < 10


def test_a_declared_size_over_the_limit_is_refused_unread(server, tmp_path):
    refused(server, "/too-large", tmp_path, "10,737,418,240 bytes, more than")


@pytest.mark.parametrize("path", ["/trickle", "/trickle-headers"])
def test_a_slow_trickle_times_out(server, tmp_path, path):
    started = time.monotonic()
    refused(server, path, tmp_path, "took longer than 2 seconds; nothing was kept",
            limits=Limits(seconds=2, idle=1))  # fmt: skip
    assert time.monotonic() - started < 6


@pytest.mark.parametrize(
    ("path", "match"),
    [
        ("/truncated", "stopped after 35 of 100,000 bytes"),
        ("/truncated-chunked", "stopped after"),
        ("/missing.zip", "server answered 404"),
        ("/gzipped", "gzip-encoded"),
        ("/empty", "empty file"),
        ("/redirect-file", "redirected to 'file:///etc/passwd', which is not an https"),
        ("/redirect-http", "redirected to 'http://example.org/children.csv'"),
        ("/redirect-loop", "redirected more than 5 times"),
    ],
)
def test_a_bad_response_leaves_nothing(server, tmp_path, path, match):
    refused(server, path, tmp_path, match)


def test_a_redirect_within_the_rules_is_followed(server, tmp_path):
    got = get(server, "/redirect-ok", tmp_path)
    assert got.path.read_bytes() == CHILDREN
    record = json.loads((got.path.parent / "fetched.json").read_text())
    assert record["final_url"].endswith("/children.csv")


@pytest.mark.parametrize(
    ("path", "match"),
    [
        ("/bomb.zip", "would unpack 67,108,864 bytes from .*compression ratio of at most 100"),
        ("/bad-crc.zip", "is damaged \\(Bad CRC-32"),
        ("/escape.zip", "entry '../../escaped.csv' is not a plain relative path"),
        ("/absolute.zip", "entry '/tmp/absolute.csv' is not a plain relative path"),
        ("/backslash.zip", "is not a plain relative path"),
        ("/crowded.zip", "holds 300 entries; expected at most 200"),
        ("/twice.zip", "holds 'A.csv' twice"),
    ],
)
def test_a_hostile_archive_is_checked_before_unpacking(server, tmp_path, path, match):
    raw = tmp_path / "raw"
    message = refused(server, path, raw, match)
    assert "Nothing was kept" in message
    assert not (tmp_path / "escaped.csv").exists() and not list(tmp_path.rglob("*.csv"))


def test_the_total_unpacked_size_is_limited(server, tmp_path):
    refused(server, "/tables.zip", tmp_path, f"would unpack {len(CHILDREN)} bytes; expected at most 10 in all",
            limits=Limits(unpacked=10))  # fmt: skip


def test_what_a_killed_fetch_left_is_removed(server, tmp_path):
    folder = tmp_path / "release" / "2026-01-30"
    folder.mkdir(parents=True)
    (folder / ".children.csv.abc.part").write_bytes(b"half")
    (folder / ".tables.unpacking-xyz").mkdir()
    get(server, "/children.csv", tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == ["children.csv", "fetched.json"]


def test_unreachable_server(tmp_path):
    with pytest.raises(InputError, match=r"could not download release from .*nothing was kept"):
        fetch("release", "http://127.0.0.1:9/none.csv", tmp_path, local_http_hosts=LOCAL)
    assert not list(tmp_path.rglob("*"))


def one_sentence(err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err


def test_fetch_command(server, tmp_path, capsys):
    code, err = run_in_process("fetch", "children", "--url", f"{server}/children.csv",
                               "--allow-http", "127.0.0.1", "--raw", str(tmp_path),
                               capsys=capsys)  # fmt: skip
    assert code == 0, err
    assert "fetched" in err and list(tmp_path.glob("children/*/children.csv"))
    for args, match in [
        (("nonsense",), "not a known release"),
        (("children", "--url", "file:///etc/passwd"), "not an https:// address"),
        (("children", "--url", "https://[::1/x"), "not a valid address"),
        (("../up", "--url", "https://example.org/x.csv"), "cannot name a release"),
        (("a", "b", "--url", "https://example.org/x.csv"), "exactly one source name"),
        (("children", "--url", f"{server}/children.csv"), "not an https:// address"),
        (("children", "--url", "http://example.org/x", "--allow-http", "example.org"),
         "only from a test server"),
        (("children", "--url", f"{server}/endless", "--allow-http", "127.0.0.1",
          "--timeout", "0"), "--timeout"),
        (("children", "--url", f"{server}/bomb.zip", "--allow-http", "127.0.0.1"),
         "compression ratio"),
    ]:  # fmt: skip
        raw = tmp_path / "refused"
        code, err = run_in_process("fetch", *args, "--raw", str(raw), capsys=capsys)
        assert code == 2, (args, err)
        assert match in err, (args, err)
        one_sentence(err)
        assert not raw.exists() or not list(raw.rglob("*")), args


def test_fetch_refuses_a_raw_folder_that_is_a_file(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    code, err = run_in_process("fetch", "children", "--url", "https://example.org/x.csv",
                               "--raw", str(tmp_path / "file"), capsys=capsys)  # fmt: skip
    assert code == 2 and "is a file; expected a folder" in err
    one_sentence(err)


@pytest.fixture(scope="module")
def self_signed_server(tmp_path_factory):
    """An https server whose certificate no authority signed."""
    import shutil
    import ssl
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed (needed to make a test certificate)")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_an_unverifiable_certificate_is_refused(self_signed_server, tmp_path):
    with pytest.raises(InputError, match="its certificate could not be verified"):
        fetch("release", f"{self_signed_server}/children.csv", tmp_path, timeout=10)
    assert not list(tmp_path.rglob("*"))
