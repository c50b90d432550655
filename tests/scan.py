"""Scan a published report for anything about the analyst's computer or raw folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

from yjanalysis.run import publish

#: An absolute path: a POSIX path under a usual top folder, a Windows drive, a file URL.
ABSOLUTE = re.compile(
    r"(?<![\w.:/-])/(?:tmp|home|root|work|usr|opt|var|mnt|srv|etc|media|Users|private|data)/"
    r"|\b[A-Za-z]:\\\\?[\w.-]|file://"
)
EMBEDDED = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")


def readable_text(path: Path) -> str:
    """A published file's text, without embedded images (base64 can spell anything)."""
    text = publish.readable_text(path)  # Word and workbooks from inside, a PDF's properties
    if path.suffix == ".ipynb":
        notebook = json.loads(text)
        for cell in notebook.get("cells", []):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                for kind in [k for k in data if k.startswith("image/")]:
                    del data[kind]
        text = json.dumps(notebook, ensure_ascii=False)
    return EMBEDDED.sub("", text)


def local_names(raw: Path, manifest: dict) -> set[str]:
    """Names of files in the raw folder that a reader has no need of (all but public releases)."""
    public = {i["file"] for i in manifest["inputs"] if "file" in i}
    return {p.name for p in Path(raw).rglob("*") if p.is_file()} - public


def scan(folder: Path, local_folders: list[Path], names: set[str]) -> list[tuple[str, str]]:
    """Return (file, what) for each absolute path, local folder or raw file name found."""
    found = []
    needles = {str(Path(p).resolve()) for p in local_folders} | {str(p) for p in local_folders}
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        text = readable_text(path)
        where = str(path.relative_to(folder))
        found += [(where, m.group(0)) for m in ABSOLUTE.finditer(text)]
        found += [(where, n) for n in sorted(needles) if n in text]
        found += [(where, n) for n in sorted(names) if n in text]
    return found
