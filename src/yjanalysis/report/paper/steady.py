"""Office files that are the same bytes for the same paper.

A Word document and a workbook are ZIP archives whose members carry the time they were written,
and whose properties carry a creation and a change time: two refreshes of the same inputs would
give different files, and a council could not tell whether a paper had changed. Every member
is given one date and the properties one time, the report's last day.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

__all__ = ["steady_zip"]


def steady_zip(data: bytes, day: date) -> bytes:
    """Return an Office file's bytes with every date set to ``day``.

    Examples
    --------
    >>> one = io.BytesIO()
    >>> core = "<dcterms:modified>2031-01-02T03:04:05Z</dcterms:modified>"
    >>> with zipfile.ZipFile(one, "w") as z:
    ...     z.writestr("docProps/core.xml", core)
    >>> fixed = steady_zip(one.getvalue(), date(2024, 12, 31))
    >>> zipfile.ZipFile(io.BytesIO(fixed)).read("docProps/core.xml")
    b'<dcterms:modified>2024-12-31T00:00:00Z</dcterms:modified>'
    """
    stamp = f"{day:%Y-%m-%d}T00:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    lambda m: m.group(1) + stamp.encode() + m.group(2),
                    body,
                )
            member = zipfile.ZipInfo(
                info.filename, date_time=(day.year, day.month, day.day, 0, 0, 0)
            )
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, body)
    return out.getvalue()
