"""Download the public releases from their official addresses, with checksums and provenance.

Each release is written to ``data/raw/<source>/<YYYY-MM-DD>/``: the file is downloaded to a
``.part`` name and renamed only when complete (so a failed download never leaves a file that
looks whole), its SHA-256 is computed, and ``fetched.json`` in the same folder records the
address, the time, the size and the checksum. A ZIP (the YJB's local level tables) is unpacked
beside itself. A network failure stops with one sentence and leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from yjanalysis.errors import InputError

#: Official addresses of the public releases the project reads.
RELEASES = {
    "yjb-local-tables-2023-24": (
        "https://assets.publishing.service.gov.uk/media/679a05a01c041dcc469daea9/"
        "Local_level_open_data_tables.zip"
    ),
    "yjb-local-tables-2024-25": (
        "https://assets.publishing.service.gov.uk/media/6984756b7da3dc19896c7dc4/"
        "Local_level_open_data_tables.zip"
    ),
    "ons-population-nomis": (
        "https://www.nomisweb.co.uk/api/v01/dataset/NM_2002_1.data.csv?"
        "geography=TYPE424&date=latest&gender=0&c_age=111,112,113,114,115,116,117,118"
        "&measures=20100&select=date_name,geography_name,geography_code,gender_name,"
        "c_age_name,measures_name,obs_value"
    ),
}
CHUNK = 1 << 16


@dataclass
class Fetched:
    """One downloaded release."""

    source: str
    url: str
    path: Path
    sha256: str
    bytes: int
    unpacked: list[Path]


def _name(url: str, response) -> str:
    disposition = response.headers.get("Content-Disposition", "")
    if "filename=" in disposition:
        return disposition.split("filename=")[-1].strip('"; ')
    tail = url.split("?")[0].rstrip("/").split("/")[-1]
    if "nomisweb" in url:
        return "nomis_population.csv"
    return tail or "download"


def fetch(
    source: str, url: str, raw: Path, timeout: float = 60, today: date | None = None
) -> Fetched:
    """Download one release into ``raw/<source>/<date>/``.

    Parameters
    ----------
    source : str
        A short name for the release (the folder's name).
    url : str
        Its address.
    raw : Path
        The raw data folder.
    timeout : float
        Seconds to wait for the server.
    today : date, optional
        The folder's date (default: today).

    Raises
    ------
    InputError
        When the download fails: nothing is left behind.
    """
    folder = Path(raw) / source / (today or date.today()).isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    part = None
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            name = _name(url, response)
            target = folder / name
            part = folder / (name + ".part")
            size = 0
            with part.open("wb") as handle:
                while chunk := response.read(CHUNK):
                    handle.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
            expected = response.headers.get("Content-Length")
            if expected is not None and int(expected) != size:
                raise InputError(
                    f"the download from {url} stopped after {size:,} of {int(expected):,} "
                    "bytes; expected the whole file. Nothing was kept; try again."
                )
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
        if part is not None and part.exists():
            part.unlink()
        _remove_if_empty(folder)
        reason = getattr(error, "reason", None) or error
        raise InputError(
            f"could not download {source} from {url} ({reason}); expected the address to be "
            "reachable. Nothing was kept."
        ) from None
    except InputError:
        if part is not None and part.exists():
            part.unlink()
        _remove_if_empty(folder)
        raise
    part.replace(target)
    unpacked = _unpack(target) if zipfile.is_zipfile(target) else []
    record = {
        "source": source,
        "url": url,
        "fetched": datetime.now(UTC).isoformat(timespec="seconds"),
        "file": target.name,
        "bytes": size,
        "sha256": digest.hexdigest(),
        "unpacked": [str(p.relative_to(folder)) for p in unpacked],
    }
    (folder / "fetched.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    return Fetched(source, url, target, digest.hexdigest(), size, unpacked)


def _unpack(path: Path) -> list[Path]:
    out = path.parent / path.stem
    staging = path.parent / (path.stem + ".unpacking")
    if staging.exists():
        shutil.rmtree(staging)
    with zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            if member.is_dir() or Path(member.filename).is_absolute() or ".." in member.filename:
                continue
            archive.extract(member, staging)
    if out.exists():
        shutil.rmtree(out)
    staging.rename(out)
    return sorted(p for p in out.rglob("*") if p.is_file())


def _remove_if_empty(folder: Path) -> None:
    for level in (folder, folder.parent):
        try:
            level.rmdir()
        except OSError:
            return
