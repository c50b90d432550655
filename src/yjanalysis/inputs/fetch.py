"""Download the public inputs from their official addresses, treating every server as hostile.

Each input is written to ``<inputs>/public/<source>/`` (the inputs folder that ``init``,
``build`` and ``refresh`` read too) with ``fetched.json`` beside it (the address, without its
query, which may be a signed link's credential (:func:`without_query`), the time, the size and
the SHA-256 of the file and of everything unpacked from it); a later fetch of the same
source replaces the folder whole. The connection goes through the system's proxy and trusts its
certificates (:mod:`yjanalysis.inputs.network`). What a server sends is never trusted:

- only ``https://`` addresses are fetched (``http://`` only from a test server on this machine
  named with ``local_http_hosts``), after every redirect as well as before the first;
- the file's name comes from the address's last segment (from the address it was redirected
  to where the first has no extension), reduced to letters, digits, ``.``,
  ``_`` and ``-`` (a ``Content-Disposition`` header is ignored: a server's names are never
  paths), and a name Windows keeps for a device (``con.csv``, ``NUL``) becomes
  ``download.csv``;
- a download is stopped when it grows past :attr:`Limits.bytes`, when the whole exchange takes
  longer than :attr:`Limits.seconds` (a server trickling bytes cannot hold it open), or when
  the server is silent for :attr:`Limits.idle`;
- it is written into a hidden folder beside the source's (its length checked against
  ``Content-Length``) and put in place only when whole, so an interrupted download never
  leaves a file that looks whole (and a later fetch of the source removes what a killed one
  left); one fetch of a source at a time (a second waits), and a fetch removes only its own
  source's leftovers, so two fetches never delete each other's partial files;
- a ZIP is checked before anything is unpacked (entry names, their number, each entry's and the
  whole archive's compression ratio, the total size) and unpacked in that hidden folder, every
  CRC checked; a known source's archive holding a table of another kind beside its own is
  refused.

Every failure is one sentence (:class:`~yjanalysis.errors.InputError`) and leaves nothing
behind.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import ipaddress
import itertools
import json
import os
import re
import shutil
import socket
import ssl
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from typing import BinaryIO
from urllib.parse import SplitResult, unquote, urljoin, urlsplit, urlunsplit

import httpcore

from yjanalysis import __version__, config, locks
from yjanalysis.errors import InputError
from yjanalysis.inputs import network
from yjanalysis.inputs.releases import RELEASES, Release

MIB = 1 << 20
CHUNK = 1 << 16
RECORD = "fetched.json"
SOURCE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Limits:
    """What a download may take; beyond any of these it is stopped and nothing is kept.

    Attributes
    ----------
    bytes : int
        The largest download (the real releases are a few MB).
    seconds : float
        The whole exchange, from connecting to the last byte.
    idle : float
        The longest silence from the server.
    entries : int
        The most entries an archive may hold.
    unpacked : int
        The largest total size of an archive's contents.
    ratio : float
        The largest compression ratio of an entry, and of the archive, above 1 MiB unpacked
        (spreadsheets and CSV compress 3 to 20 times; a ZIP bomb a thousand).
    redirects : int
        The most redirects followed.
    """

    bytes: int = 256 * MIB
    seconds: float = 600.0
    idle: float = 60.0
    entries: int = 200
    unpacked: int = 512 * MIB
    ratio: float = 100.0
    redirects: int = 5


@dataclass
class Fetched:
    """One downloaded input."""

    source: str
    url: str
    path: Path
    sha256: str
    bytes: int
    unpacked: list[Path]


def check_source(source: str) -> str:
    """Return ``source`` if it can name a folder, or refuse it.

    Examples
    --------
    >>> check_source("yjb-local-tables-2024-25")
    'yjb-local-tables-2024-25'
    """
    if not SOURCE_NAME.fullmatch(source or "") or ".." in source:
        raise InputError(
            f"'{source}' cannot name a release; expected lower-case letters, digits, '.', '_' "
            "or '-' (up to 80), such as yjb-local-tables-2024-25."
        )
    return source


def check_local_hosts(hosts) -> frozenset[str]:
    """Return the hosts ``http://`` may be used with, refusing any that is not this machine."""
    hosts = frozenset(h.strip("[]").lower() for h in hosts or ())
    for host in sorted(hosts):
        if not is_loopback(host):
            raise InputError(
                f"plain http is allowed only from a test server on this machine; '{host}' is "
                "not localhost or a loopback address such as 127.0.0.1."
            )
    return hosts


def check_url(url: str, local_http_hosts=frozenset()) -> SplitResult:
    """Parse an address, refusing anything but https (or http from a named local server).

    Parameters
    ----------
    url : str
        The address.
    local_http_hosts : collection of str
        Loopback host names plain ``http://`` is allowed from (a test server).

    Returns
    -------
    urllib.parse.SplitResult
        The parsed address.

    Raises
    ------
    InputError
        For a malformed address, another scheme (``file:``, ``ftp:``, ``data:``), a user name
        or password in it, or ``http:`` from anywhere else.

    Examples
    --------
    >>> check_url("https://example.org/a.csv").hostname
    'example.org'
    >>> check_url("file:///etc/passwd")
    Traceback (most recent call last):
    ...
    yjanalysis.errors.InputError: 'file:///etc/passwd' is not an https:// address; expected \
https://host/path (http:// only from a test server on this machine).
    """
    text = str(url)
    parts, problem = _address(text, local_http_hosts)
    if problem == MALFORMED:
        raise InputError(f"'{_redacted(text)}' {problem}; expected https://host/path.")
    if problem == NOT_HTTPS:
        raise InputError(
            f"'{_redacted(text)}' {problem}; expected https://host/path (http:// only "
            "from a test server on this machine)."
        )
    if problem == CREDENTIALS:
        raise InputError(
            f"the address for {parts.hostname} {problem}; expected a public address with neither."
        )
    return parts


#: What can be wrong with an address, as :func:`check_url` and a refused redirect say it.
MALFORMED = "is not a valid address"
NOT_HTTPS = "is not an https:// address"
CREDENTIALS = "carries a user name or password"


def _address(text: str, local_http_hosts) -> tuple[SplitResult, str | None]:
    """Parse an address; return it with what is wrong with it (``None`` when nothing is)."""
    if not text or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text):
        return urlsplit(""), MALFORMED
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018  (raises ValueError for a port out of range)
    except ValueError:
        return urlsplit(""), MALFORMED
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme in ("http", "https") and not host:
        return parts, MALFORMED
    if not (scheme == "https" or (scheme == "http" and host in local_http_hosts)):
        return parts, NOT_HTTPS
    if parts.username is not None or parts.password is not None:
        return parts, CREDENTIALS
    return parts, None


def file_name(url: str, fallback: str = "download") -> str:
    """Return a safe file name from the last segment of an address's path.

    Examples
    --------
    >>> file_name("https://example.org/media/Local%20level%20tables.zip")
    'Local_level_tables.zip'
    >>> file_name("https://example.org/a/..%2F..%2Fx")
    'x'
    >>> file_name("https://example.org/")
    'download'
    >>> file_name("https://example.org/fetched.json.zip")  # unpacked beside the record
    'download.zip'
    >>> [file_name(f"https://example.org/{n}") for n in ("con.csv", "NUL", "COM1.xlsx")]
    ['download.csv', 'download', 'download.xlsx']

    A name Windows cannot hold (a device name, :func:`windows_cannot_hold`, as for an archive's
    entries) is renamed rather than refused: the name is only the address's hint (the address
    itself is kept in ``fetched.json``), and on Windows ``con.csv`` opens the console, not a
    file, so the download would fail or its bytes vanish.
    """
    return safe_name(unquote(urlsplit(url).path), fallback)


#: The longest name a fetched file is given (a longer one is cut, keeping its extension).
LONGEST_NAME = 100


def safe_name(text: str, fallback: str = "download") -> str:
    r"""Return a safe file name from the last segment of a path (see :func:`file_name`).

    A name longer than :data:`LONGEST_NAME` is cut before its extension, which says what the
    file is: a 304-character ``aaa….csv`` cut at 100 lost its ``.csv`` and was refused as no
    table.

    Examples
    --------
    >>> name = safe_name("/" + "a" * 300 + ".csv")
    >>> len(name), name[-6:]
    (100, 'aa.csv')
    >>> safe_name('..\\..\\ratings 2024.csv')
    'ratings_2024.csv'
    """
    tail = text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", tail)
    name = re.sub(r"_*\._*", ".", name).strip("._-")
    if len(name) > LONGEST_NAME:
        suffix = Path(name).suffix if len(Path(name).suffix) <= 10 else ""
        name = name[: LONGEST_NAME - len(suffix)].strip("._-") + suffix
    if not name or name.lower() == RECORD:  # any case: Windows and macOS fold it
        return fallback
    stem, suffix = Path(name).stem, Path(name).suffix
    if stem.lower() == RECORD:  # a ZIP unpacks into a folder named by its stem (failed before)
        return fallback + suffix
    if windows_cannot_hold(name):  # a device name with any extension (failed before)
        return fallback + name[len(name.split(".")[0]) :]
    return name


def fetch(
    source: str,
    url: str,
    raw: Path,
    timeout: float | None = None,
    limits: Limits | None = None,
    local_http_hosts=(),
    waiting: Callable[[], None] | None = None,
) -> Fetched:
    """Download one input into ``raw/public/<source>/``, unpacking a ZIP beside itself.

    Parameters
    ----------
    source : str
        A short name for the input (its folder's name).
    url : str
        Its address: ``https://`` only.
    raw : Path
        The inputs folder (made where missing).
    timeout : float, optional
        Seconds the whole download may take (default :attr:`Limits.seconds`).
    limits : Limits, optional
        Sizes, times and archive limits.
    local_http_hosts : collection of str
        Loopback host names plain ``http://`` is allowed from (a test server).
    waiting : callable, optional
        Called before waiting for another fetch of the same source to finish.

    Raises
    ------
    InputError
        When the address, the proxy, the server or the file is not acceptable: one sentence,
        and nothing is left behind.
    """
    source = check_source(source)
    hosts = check_local_hosts(local_http_hosts)
    check_url(url, hosts)
    limits = limits or Limits()
    if timeout is not None:
        limits = Limits(**{**limits.__dict__, "seconds": float(timeout)})
    public = config.public_folder(Path(raw))
    final = public / source
    release = RELEASES.get(source)
    name = release.file if release is not None and url == release.url else file_name(url)
    with locks.held(final, waiting=waiting):
        created = [p for p in (Path(raw), public) if not p.exists()]
        staging = _staging(public, source)
        try:
            part = staging / f".{name}.part"
            with part.open("wb") as handle:
                got = _download(url, handle, source, limits, hosts)
            said = _shown_with_final(url, got["url"])
            if not Path(name).suffix:  # a bare address: name the file by what came back
                name = _answer_name(name, got, part)
            is_zip = zipfile.is_zipfile(part)
            _check_format(part, name, is_zip, said)
            if is_zip and not Path(name).suffix:  # an address with no extension gave a ZIP
                name = f"{name}.zip"
            # A workbook is a ZIP too, but it is read whole, sheet by sheet, not unpacked.
            is_zip = is_zip and Path(name).suffix.lower() not in WORKBOOK_PART
            target = staging / name
            unpacked: list[Path] = []
            if is_zip:
                stem = Path(name).stem
                unpacked = [Path(stem) / p for p in _unpack(part, staging / stem, said, limits)]
            os.replace(part, target)
            if release is not None:
                files = [staging / p for p in unpacked] if is_zip else [target]
                _check_kind(release, files, said, staging / Path(name).stem if is_zip else None)
            record = {
                "source": source,
                "url": without_query(url),
                "final_url": without_query(got["url"]),
                "fetched": datetime.now(UTC).isoformat(timespec="seconds"),
                "file": name,
                "bytes": got["bytes"],
                "sha256": got["sha256"],
                "unpacked": [
                    {"file": p.as_posix(), "sha256": _sha256(staging / p),
                     "bytes": (staging / p).stat().st_size}
                    for p in unpacked
                ],
            }  # fmt: skip
            _write_atomically(staging / RECORD, json.dumps(record, indent=2))
            _swap_in(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            for level in reversed(created):
                _remove_if_empty(level)
            raise
    return Fetched(source, url, final / name, got["sha256"], got["bytes"],
                   [final / p for p in unpacked])  # fmt: skip


#: What the first bytes of a file of each kind are (ZIP-based spreadsheets are ZIPs).
ZIP_KINDS = frozenset({".zip", ".xlsx", ".xlsm", ".xlsb", ".ods"})
#: How a web page begins, after any blank lines, byte order mark, XML declaration or comments.
WEB_PAGE = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)",
    re.IGNORECASE | re.DOTALL,
)
#: What a spreadsheet's ZIP must hold to be one (a ZIP of anything else is not a workbook).
WORKBOOK_PART = {".xlsx": "[Content_Types].xml", ".xlsm": "[Content_Types].xml",
                 ".xlsb": "xl/workbook.bin", ".ods": "mimetype"}  # fmt: skip
#: The first bytes of an old Excel workbook (an OLE2 compound file).
OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
#: How much of a text answer is read to find its header and a first row.
TEXT_HEAD = 64 * 1024
#: Column separators the readers accept.
SEPARATORS = (",", ";", "\t", "|")
#: A line of markup: a tag, a comment or a declaration (no table's line begins so).
MARKUP_LINE = re.compile(r"^\s*<[a-zA-Z!?/]")


def _text_head(head: bytes) -> str:
    """Decode a file's first bytes as text: UTF-16 by its byte order mark, else UTF-8."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="replace")
    return head.decode("utf-8-sig", errors="replace")


def _check_format(part: Path, name: str, is_zip: bool, url: str) -> None:
    """Refuse an answer that is not a file of the kind expected: a web page instead of a CSV.

    A web filter, a proxy's sign-in or a publisher's error page answers 200 with a page of
    HTML; kept, it would replace a good copy with a file no reader can use.
    """
    suffix = Path(name).suffix.lower()
    with part.open("rb") as stream:
        head = stream.read(TEXT_HEAD)
    end = head.rfind(b"\n") + 1 if len(head) == TEXT_HEAD else 0
    text = _text_head(head[:end] if end else head)  # whole lines only
    if suffix not in (".html", ".htm") and WEB_PAGE.match(text):
        raise InputError(
            f"the answer from {_shown(url)} is a web page (HTML), not the file {name} expected "
            "(a web filter, a proxy's sign-in or an error page answers this way); the earlier "
            "copy, if any, was kept."
        )
    if suffix in (".csv", ".tsv", ".txt") and not is_zip:
        _check_table_text(text, name, url)
    wanted = {".parquet": head.startswith(b"PAR1"), ".xls": head.startswith(OLE2)}
    wanted |= dict.fromkeys(ZIP_KINDS, is_zip)
    if not wanted.get(suffix, True):
        raise InputError(
            f"the answer from {_shown(url)} is not a {suffix} file (its first bytes are not "
            f"those of one), so it is not {name}; the earlier copy, if any, was kept."
        )
    if suffix in WORKBOOK_PART:
        with zipfile.ZipFile(part) as archive:
            if WORKBOOK_PART[suffix] not in archive.namelist():
                raise InputError(
                    f"the answer from {_shown(url)} is a ZIP but not a {suffix} workbook (it "
                    f"holds no {WORKBOOK_PART[suffix]}), so it is not {name}; the earlier copy, "
                    "if any, was kept."
                )


def _check_kind(release: Release, files: list[Path], url: str, root: Path | None = None) -> None:
    """Refuse an answer that is another input than its source: a families file as the ratings.

    Each source is one kind of table (:attr:`Release.kind`), told by the readers' own search
    for a header (:func:`yjanalysis.inputs.readers.kinds`); an archive must hold it in one of
    its files. ``fetch hmi-inspections --url`` given a families file (``family,member``) put it
    in place of the ratings, and the build then used it as the service's family (failed
    before). An archive may hold files of no kind this project reads, but none of another
    kind: the build reads every table in the inputs folder, so ``extra/ratings.csv`` beside
    the Children table was taken as the inspection ratings, and ``notes/family.csv`` as the
    service's family (failed before). Only the kind is checked here; the build checks the rows.
    """
    from yjanalysis.inputs import readers
    from yjanalysis.inputs.readers.files import READABLE_SUFFIXES

    wanted = next(f for f in readers.FORMATS if f.KIND == release.kind).TITLE
    found: dict[str, str] = {}
    other: dict[str, str] = {}  # an archive's entries of another kind, with what they are
    problem = ""
    for path in files:
        if path.suffix.lower() not in READABLE_SUFFIXES:
            problem = problem or f"{path.name} is not a table file this project reads"
            continue
        try:
            kinds = readers.kinds(path)
        except InputError as error:
            problem = problem or f"{path.name} could not be read: {error.detail.rstrip('.')}"
            continue
        entry = path.relative_to(root).as_posix() if root is not None else path.name
        if root is not None and kinds and release.kind not in kinds:
            other.setdefault(f"'{entry}'", " and ".join(sorted(kinds.values())))
        elif release.kind in kinds and len(kinds) > 1:
            # A workbook of its kind with a sheet of another: the build reads every sheet.
            for sheet, of in readers.sheet_kinds(path).items():
                if release.kind not in of:
                    where = f"sheet '{sheet}' of '{entry}'" if sheet else f"'{entry}'"
                    other.setdefault(where, " and ".join(sorted(of.values())))
        found |= kinds
    if release.kind in found and other:
        entry, what = next(iter(other.items()))
        holder = "archive" if root is not None else "file"
        raise InputError(
            f"the {holder} from {_shown(url)} holds {entry}, a table of {what}, beside the "
            f"{wanted} that {release.name} is; expected only tables of its kind (the build "
            "would read it as that input). The earlier copy, if any, was kept."
        )
    if release.kind in found:
        return
    if found:
        what = "a table of " + " and ".join(sorted(found.values()))
    elif problem:
        what = f"no table this project reads ({problem})"
    else:
        what = "no table this project reads (no header row matches one)"
    raise InputError(
        f"the answer from {_shown(url)} is {what}, not the {wanted} that {release.name} is; "
        "the earlier copy, if any, was kept."
    )


def _check_table_text(text: str, name: str, url: str) -> None:
    """Refuse an answer named as a table of text whose first line is no table's header.

    A rate limit's JSON, a filter's one-line notice or other markup answers 200 too; a table
    does not open with markup or JSON, and its header (after any title lines a publisher puts
    above it, so within its first ten lines) has a column separator.
    """
    lines = text.lstrip().splitlines()[:10]
    first = lines[0] if lines else ""
    problem = None
    if first.startswith(("<", "{", "[")):
        problem = "it begins as markup or JSON, not a table's header"
    elif not any(sep in line for line in lines for sep in SEPARATORS):
        problem = "no line of its first ten has a column separator"
    elif any(MARKUP_LINE.match(line) for line in text.splitlines()):
        problem = "a line of it is markup"
    elif not _header_and_row(text):
        problem = "no header is followed by a row of as many fields"
    if problem:
        raise InputError(
            f"the answer from {_shown(url)} is not the table {name} expected ({problem}: "
            f"'{first[:60]}'); the earlier copy, if any, was kept."
        )


def _header_and_row(text: str) -> bool:
    """Say whether some line of ``text`` is followed by one with as many fields, two or more.

    A table's header is followed by its first row, field for field; a notice ("Access
    denied; contact your IT administrator") is one line, and title lines above a header
    (which publishers add) are passed over. Only complete lines are given.
    """
    for separator in SEPARATORS:
        rows = [r for r in csv.reader(text.splitlines(), delimiter=separator) if any(r)]
        if any(len(a) == len(b) >= 2 for a, b in itertools.pairwise(rows[:31])):
            return True
    return False


def _staging(public: Path, source: str) -> Path:
    """Make the hidden folder a download is written to, first removing what a killed one left.

    Called with the source's lock held: only this source's leftovers are removed, so a fetch of
    another source at the same time keeps its own.
    """
    for _ in range(3):  # a fetch that failed may remove an empty parent just made
        try:
            public.mkdir(parents=True, exist_ok=True)
            _remove_leftovers(public, source)
            return Path(tempfile.mkdtemp(prefix=f".{source}.fetching-", dir=public))
        except FileNotFoundError:
            continue
    raise InputError("kept disappearing while this fetch made it; try again.", public)


def _download(url: str, handle: BinaryIO, source: str, limits: Limits, hosts) -> dict:
    """Write the body at ``url`` to ``handle`` within the limits; follow a few redirects."""
    deadline = time.monotonic() + limits.seconds
    start = url
    tls = network.trusted_certificates()
    for hop in range(limits.redirects + 1):
        if hop:  # the first address was checked where it entered
            parts, problem = _address(url, hosts)
            if problem:  # said as it is, the address's user name and password left out
                reason = f"it redirected to '{_shown(url)}', which {problem}"
                raise _failed(source, start, reason) from None
        else:
            parts = check_url(url, hosts)
        pool, proxy = network.connection_pool(parts, deadline, tls)
        waits = {"connect": limits.idle, "read": limits.idle, "write": limits.idle,
                 "pool": limits.idle}  # fmt: skip
        headers = [(b"User-Agent", f"yjanalysis/{__version__}".encode()),
                   (b"Accept-Encoding", b"identity")]  # fmt: skip
        try:
            with (
                pool,
                pool.stream("GET", url, headers=headers, extensions={"timeout": waits}) as (
                    response
                ),
            ):
                fields = {
                    k.decode("latin-1").lower(): v.decode("latin-1") for k, v in response.headers
                }
                if response.status in REDIRECTS:
                    location = fields.get("location")
                    if not location:
                        raise _failed(
                            source, start, f"the server redirected ({response.status}) to nowhere"
                        )
                    url = urljoin(url, location.strip())
                    continue
                if response.status != 200:
                    phrase = response.extensions.get("reason_phrase", b"").decode("latin-1")
                    raise _failed(
                        source, start, f"the server answered {response.status} {phrase}".strip()
                    )
                return _read_body(response, fields, handle, source, start, url, limits, deadline)
        except InputError:
            raise
        except httpcore.TimeoutException:
            if time.monotonic() >= deadline - 0.05:
                raise _too_slow(source, start, limits) from None
            raise _failed(source, start, "the server stopped sending") from None
        except httpcore.ProxyError as error:
            said = str(error).strip() or "no reason given"
            shown = proxy.shown if proxy else "set"
            reason = f"the proxy {shown} refused to connect to it ({said})"
            raise _failed(source, start, reason) from None
        except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol,
                OSError, ssl.SSLError, ValueError) as error:  # fmt: skip
            raise _failed(source, start, _reason(error, proxy)) from None
    raise _failed(source, start, f"the server redirected more than {limits.redirects} times")


def _read_body(response, fields, handle, source, start, url, limits, deadline) -> dict:
    encoding = (fields.get("content-encoding") or "identity").strip().lower()
    if encoding != "identity":
        raise _failed(source, start, f"the server sent it {encoding}-encoded, not as the file")
    declared = _content_length(fields.get("content-length"))
    if declared is not None and declared > limits.bytes:
        raise _failed(source, start, f"it is {declared:,} bytes, more than {limits.bytes:,}")
    digest = hashlib.sha256()
    size = 0
    try:
        for chunk in response.iter_stream():
            size += len(chunk)
            if size > limits.bytes:
                raise _failed(source, start, f"it grew past {limits.bytes:,} bytes")
            if time.monotonic() > deadline:
                raise _too_slow(source, start, limits)
            handle.write(chunk)
            digest.update(chunk)
    except (httpcore.RemoteProtocolError, httpcore.ReadError) as error:
        if declared is not None:
            raise _failed(
                source, start, f"it stopped after {size:,} of {declared:,} bytes"
            ) from None
        raise _failed(
            source, start, f"it stopped after {size:,} bytes ({_reason(error)})"
        ) from None
    if declared is not None and size != declared:
        raise _failed(source, start, f"it stopped after {size:,} of {declared:,} bytes")
    if size == 0:
        raise _failed(source, start, "the server sent an empty file")
    handle.flush()
    os.fsync(handle.fileno())
    disposition = fields.get("content-disposition", "")
    return {"url": url, "bytes": size, "sha256": digest.hexdigest(), "disposition": disposition}


#: Extensions a fetched file may be named with: the tables the readers read, and a ZIP.
NAMED_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".ods", ".xlsx", ".xlsm", ".xlsb", ".xls",
                            ".parquet", ".zip"})  # fmt: skip


def _answer_name(bare: str, got: dict, part: Path) -> str:
    """Name the file from a bare address by what came back, its extension one a reader reads.

    A bare address often redirects to a named file (``/Local_level_open_data_tables.zip``):
    its name is kept, unless the server names the file in ``Content-Disposition``, as a
    browser takes it (``/download.php?file=ratings.csv``). Otherwise the name is given the
    extension of what the file is by its first bytes (``.zip``, ``.parquet``, ``.xls``, else
    ``.csv``): the readers then check it as that, and a file that is none is refused by them.
    """
    message = Message()
    message["content-disposition"] = got.get("disposition", "")
    given = safe_name(message.get_filename() or "", bare)
    for name in (given, file_name(got["url"], bare)):
        if Path(name).suffix.lower() in NAMED_SUFFIXES:
            return name
    with part.open("rb") as stream:
        head = stream.read(8)
    kind = (".zip" if zipfile.is_zipfile(part) else ".parquet" if head.startswith(b"PAR1")
            else ".xls" if head.startswith(OLE2) else ".csv")  # fmt: skip
    return Path(file_name(got["url"], bare)).stem + kind


def _content_length(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        length = int(value.strip())
    except ValueError:
        return None
    return length if length >= 0 else None


def _reason(error: BaseException, proxy: network.Proxy | None = None) -> str:
    """Say in words why a connection failed, from the first cause that tells."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return f"its certificate could not be verified ({seen.verify_message})"
        if isinstance(seen, socket.gaierror):
            where = f"the proxy {proxy.shown}" if proxy else "the host name"
            return f"{where} could not be found"
        if isinstance(seen, ConnectionRefusedError):
            return (
                f"the proxy {proxy.shown} refused the connection"
                if proxy
                else ("the server refused the connection")
            )
        if isinstance(seen, ConnectionError):
            return "the server closed the connection before the end"
        seen = seen.__cause__ or seen.__context__
    text = str(getattr(error, "strerror", None) or error) or type(error).__name__
    return text.rstrip(".")


def _failed(source: str, url: str, reason: str) -> InputError:
    return InputError(
        f"could not download {source} from {_shown(url)}: {reason}; nothing was kept."
    )


def _too_slow(source: str, url: str, limits: Limits) -> InputError:
    return _failed(source, url, f"it took longer than {limits.seconds:g} seconds")


def without_query(url: str) -> str:
    """Return an address without its query and fragment, as ``fetched.json`` keeps it.

    A download link often redirects to a signed address whose query is a credential
    (``X-Amz-Signature``, ``X-Goog-Signature``, Azure's ``sig``, CloudFront's ``Signature``
    and ``Key-Pair-Id``, a ``token``, an ``access_token``): no list of such names is complete,
    so the whole query is left out rather than the parameters known. The path names the file;
    its SHA-256 pins what was fetched.

    >>> without_query("https://bucket.example.org/x.csv?X-Amz-Signature=abc#top")
    'https://bucket.example.org/x.csv'
    """
    return urlunsplit(urlsplit(url)._replace(query="", fragment=""))


def _redacted(url: str) -> str:
    """Return an address with any user name and password, query and fragment left out.

    A left-out query or fragment is marked ``?…`` (see :func:`without_query`).

    >>> _redacted("https://analyst:S3cret@example.org/x.csv")
    'https://…@example.org/x.csv'
    >>> _redacted("https://example.org/x.csv?sig=S3cret")
    'https://example.org/x.csv?…'
    """
    url = re.sub(r"[?#].*", "?…", url, flags=re.DOTALL)
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", r"\1…@", url)


def _shown(url: str) -> str:
    first, _, final = url.partition(REDIRECTED)
    if final:  # each address shortened on its own
        return f"{_shown(first)}{REDIRECTED}{_shown(final[:-1])})"
    url = _redacted(url)
    return url if len(url) <= 120 else url[:117] + "..."


#: How a message names the address a download was redirected to.
REDIRECTED = " (redirected to "


def _shown_with_final(url: str, final: str) -> str:
    """Return the address asked for, and the one answered from where a redirect moved it.

    >>> _shown_with_final("https://a.org/x", "https://b.org/x.csv")
    'https://a.org/x (redirected to https://b.org/x.csv)'
    """
    return url if final == url else f"{url}{REDIRECTED}{final})"


#: Device names Windows reserves in any folder, with any extension (its superscript digits
#: count as digits, and the console's own names are reserved too).
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{d}{n}" for d in ("COM", "LPT") for n in [*"0123456789", "\u00b9", "\u00b2", "\u00b3"]}
)
#: Characters no Windows file name may hold (and the control characters, 0 to 31).
WINDOWS_RESERVED_CHARACTERS = frozenset('<>:"/\\|?*')


def windows_cannot_hold(part: str) -> bool:
    """Say whether Windows cannot create a file or folder named ``part``.

    A reserved character or a control character, a trailing space or dot (Windows drops it,
    and the name becomes another's), or a reserved device name with any extension and any
    spaces or dots before it (``nul .csv`` and ``COM\u00b9.csv`` open the device).

    Examples
    --------
    >>> [windows_cannot_hold(n) for n in ("Children|Table?.csv", "nul .csv", "conin$.txt")]
    [True, True, True]
    >>> windows_cannot_hold("Children_Table.csv")
    False
    """
    if any(c in WINDOWS_RESERVED_CHARACTERS or ord(c) < 32 for c in part):
        return True
    if part != part.rstrip(" ."):
        return True
    return part.split(".")[0].rstrip(" ").upper() in WINDOWS_RESERVED


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if not name or "\x00" in name or "\\" in name or ":" in name or name.startswith("/"):
        return "is not a plain relative path"
    parts = name.rstrip("/").split("/")
    if any(p in ("", ".", "..") or any(ord(c) < 32 for c in p) for p in parts):
        return "is not a plain relative path"
    if len(name) > 240:
        return "is longer than 240 characters"
    # Folders allow 255 bytes a name: 100 characters of Chinese or Welsh accents can be more.
    if any(len(p.encode("utf-8")) > 255 for p in parts):
        return "has a part longer than 255 bytes, which no folder can hold"
    # Names Windows cannot hold: unpacked there they fail, open a device or name another file.
    if any(windows_cannot_hold(part) for part in parts):
        return (
            "is a name Windows cannot hold (a reserved name or character, or a trailing space "
            "or dot)"
        )
    if (info.external_attr >> 16) & 0o170000 == 0o120000:
        return "is a symbolic link"
    if info.flag_bits & 0x1:
        return "is encrypted"
    return None


def check_archive(archive: zipfile.ZipFile, packed: int, limits: Limits) -> list[zipfile.ZipInfo]:
    """Return an archive's files if it is safe to unpack; otherwise say why not.

    Parameters
    ----------
    archive : zipfile.ZipFile
        The open archive.
    packed : int
        Its size in bytes.
    limits : Limits
        Entries, total size and ratios allowed.

    Raises
    ------
    InputError
        For an entry that is not a plain relative path (absolute, ``..``, a drive, a
        backslash), a link, an encrypted entry, two entries of one name, too many entries,
        too large a total, or too high a compression ratio.
    """
    entries = archive.infolist()
    if len(entries) > limits.entries:
        raise InputError(f"holds {len(entries):,} entries; expected at most {limits.entries}.")
    seen: set[str] = set()
    total = 0
    for info in entries:
        problem = _member_problem(info)
        if problem:
            raise InputError(f"entry '{info.filename[:120]}' {problem}; expected plain files.")
        # Any case, and any Unicode form: Windows and macOS fold case, macOS composes "é".
        key = unicodedata.normalize("NFC", info.filename.rstrip("/")).casefold()
        if key in seen:
            raise InputError(f"holds '{info.filename}' twice; expected each name once.")
        seen.add(key)
        total += info.file_size
        if info.file_size > MIB and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise InputError(
                f"entry '{info.filename}' would unpack {info.file_size:,} bytes from "
                f"{info.compress_size:,}; expected a compression ratio of at most "
                f"{limits.ratio:g}."
            )
    # A file named like a folder of another entry ('data' and 'data/x.csv') cannot be both.
    files = {i.filename.rstrip("/").lower() for i in entries if not i.is_dir()}
    for info in entries:
        parts = info.filename.rstrip("/").lower().split("/")
        clash = next(
            ("/".join(parts[:n]) for n in range(1, len(parts)) if "/".join(parts[:n]) in files),
            None,
        )
        if clash is not None:
            raise InputError(
                f"holds '{clash}' both as a file and as the folder of '{info.filename[:120]}'; "
                "expected each name once."
            )
    if total > limits.unpacked:
        raise InputError(
            f"would unpack {total:,} bytes; expected at most {limits.unpacked:,} in all."
        )
    if total > MIB and total > limits.ratio * max(packed, 1):
        raise InputError(
            f"would unpack {total:,} bytes from {packed:,}; expected a compression ratio of at "
            f"most {limits.ratio:g}."
        )
    return [info for info in entries if not info.is_dir()]


def _unpack(path: Path, staging: Path, url: str, limits: Limits) -> list[Path]:
    """Unpack a checked archive into ``staging``; return the files' paths relative to it."""
    try:
        with zipfile.ZipFile(path) as archive:
            files = check_archive(archive, path.stat().st_size, limits)
            written = []
            for info in files:
                target = staging.joinpath(*info.filename.split("/"))
                target.parent.mkdir(parents=True, exist_ok=True)
                size = 0
                with archive.open(info) as source, target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        size += len(chunk)
                        if size > info.file_size:
                            raise InputError(
                                f"entry '{info.filename}' holds more than the "
                                f"{info.file_size:,} bytes it declares; expected an honest "
                                "archive."
                            )
                        out.write(chunk)
                written.append(Path(*info.filename.split("/")))
    except InputError as error:
        raise InputError(f"the archive from {_shown(url)} was not unpacked: {error.detail} "
                         "Nothing was kept.") from None  # fmt: skip
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise InputError(
            f"the archive from {_shown(url)} is damaged ({str(error).rstrip('.')}); expected a "
            "whole ZIP file. Nothing was kept."
        ) from None
    except OSError as error:  # a full disk, or a name this system's folders refuse
        raise InputError(
            f"the archive from {_shown(url)} could not be unpacked ({error.strerror or error}); "
            "expected room on the disk and names the folder can hold. Nothing was kept."
        ) from None
    return sorted(written)


def _swap_in(staging: Path, final: Path) -> None:
    """Put a freshly fetched folder in place of an earlier one (renamed aside, then removed)."""
    try:
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
            old.rmdir()
            final.rename(old)
            try:
                staging.rename(final)
            except BaseException:
                old.rename(final)  # the earlier copy stays, whole
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(final)
    except OSError as error:
        raise InputError(
            f"could not be replaced ({(error.strerror or str(error)).lower()}): is a file in it "
            "open in another program? Close it and fetch again; the earlier copy is unchanged.",
            final,
        ) from None


def _remove_leftovers(public: Path, source: str) -> None:
    """Remove what a killed fetch of ``source`` left: its hidden download and old folders."""
    for leftover in public.glob(f".{source}.*"):
        if re.fullmatch(rf"\.{re.escape(source)}\.(fetching|old)-[^/\\]+", leftover.name):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(MIB):
            digest.update(chunk)
    return digest.hexdigest()


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def is_loopback(host: str) -> bool:
    """Say whether a host name or address is this machine.

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("example.org")
    (True, False)
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
