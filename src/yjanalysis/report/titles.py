"""What a report and its pages are called: in the browser's tab and on every printed sheet.

A board member who prints a section, or files sheets from two services' reports together, has
only the sheet in hand: each one says whose report it is, to which month, and which page of how
many (page-margin boxes of CSS, drawn by the browser when it prints).
"""

from __future__ import annotations

import datetime as dt


def report_title(yjs: str, month: str) -> str:
    """Return a report's title.

    Parameters
    ----------
    yjs : str
        The service, as named in the register.
    month : str
        The report's last month, ``YYYY-MM``.

    Examples
    --------
    >>> report_title("Newport", "2024-12")
    'Newport Youth Justice Service: performance report to December 2024'
    """
    ends = dt.datetime.strptime(month, "%Y-%m")
    return f"{yjs} Youth Justice Service: performance report to {ends:%B %Y}"


def page_title(section: str, report: str) -> str:
    """Return a section page's title: the section, then the report it belongs to.

    Examples
    --------
    >>> page_title("Reoffending", report_title("Newport", "2024-12"))
    'Reoffending – Newport Youth Justice Service: performance report to December 2024'
    """
    return f"{section} – {report}"


def _css_string(text: str) -> str:
    # Quotes, backslashes, control characters and "<" (which could close the style element)
    # are written as CSS escapes; the rest as it is.
    escaped = "".join(
        f"\\{ord(c):X} " if c in '"\\<>&' or ord(c) < 32 or ord(c) == 127 else c for c in text
    )
    return f'"{escaped}"'


def printed_sheets(title: str) -> str:
    r"""Return the style that puts ``title`` and "Page N of M" at the foot of every printed sheet.

    Examples
    --------
    >>> r'@bottom-left {content: "A \22 quoted\22  title";' in printed_sheets('A "quoted" title')
    True
    """
    foot = "font: 8pt Arial, sans-serif; color: #505a5f"
    return (
        "<style>\n@page {\n"
        f"  @bottom-left {{content: {_css_string(title)}; {foot}}}\n"
        f'  @bottom-right {{content: "Page " counter(page) " of " counter(pages); {foot};\n'
        "    white-space: nowrap}\n"
        "}\n</style>"
    )
