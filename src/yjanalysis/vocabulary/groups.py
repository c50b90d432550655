"""The groups a breakdown of a published table may hold, and how a cell is matched to one.

A group cell with no fixed list became a group of its own whatever it held: ``Bоys`` with a
Cyrillic о, ``Whitе`` with a Cyrillic е, a spreadsheet formula ``=HYPERLINK(…,"White")``; each
read as the real group on a page and silently moved that group's shares. Each breakdown below
has the groups the real published files use (the YJB Children table of the 2019/20 release:
age groups ``10 to 14`` and ``15 to 17``, ethnic groups Asian, Black, Mixed, Other, Unknown and
White, sexes Boys, Girls and Unknown; the Census ethnic groups are the same ONS 2021
high-level groups), and a cell is matched to one only after changes that cannot alter its
meaning: letter case, spaces (any Unicode space, such as a no-break space, is a space; runs of
them are one) and, for an age band, ``-`` or ``–`` for ``to``. Anything else is no group; the
reader refuses it, showing each character outside ASCII by its code point (:func:`shown`), so
that a look-alike letter is seen for what it is. Nothing here reads a file.
"""

from __future__ import annotations

import re
import unicodedata

#: Each breakdown's groups, as published; a reader's cell must be one of them.
GROUPS: dict[str, tuple[str, ...]] = {
    "age_group": ("10 to 14", "15 to 17"),
    "ethnicity": ("White", "Mixed", "Asian", "Black", "Other", "Unknown"),
    "ethnicity_combined": ("White", "Ethnic minority", "Unknown"),
    "sex": ("Girls", "Boys", "Unknown"),
}
#: An age band written with a dash instead of ``to`` (``10-14``, ``15 – 17``).
_DASHED_BAND = re.compile(r"^(\d{1,2}) ?[-\u2013] ?(\d{1,2})$")


def _key(text: str) -> str:
    """Return ``text`` with letter case and spacing made one (see the module's notes)."""
    spaced = " ".join(text.split()).casefold()
    return _DASHED_BAND.sub(r"\1 to \2", spaced)


def match(text: object, breakdown: str) -> str | None:
    r"""Return the group of ``breakdown`` that ``text`` is, as published, or ``None``.

    Examples
    --------
    >>> match(" boys ", "sex"), match("10\u00a0to 14", "age_group"), match("15-17", "age_group")
    ('Boys', '10 to 14', '15 to 17')
    >>> match("B\u043eys", "sex") is None, match('=HYPERLINK("x","White")', "ethnicity") is None
    (True, True)
    """
    if not isinstance(text, str):
        return None
    wanted = _key(text)
    return next((g for g in GROUPS[breakdown] if _key(g) == wanted), None)


def shown(text: str) -> str:
    r"""Return ``text`` for a message, each character outside printable ASCII by its code point.

    A Cyrillic о in ``Bоys`` looks like the Latin o; shown, it is seen for what it is.

    Examples
    --------
    >>> shown("B\u043eys")
    'B<U+043E cyrillic small letter o>ys'
    """
    return "".join(
        c
        if c.isascii() and c.isprintable()
        else f"<U+{ord(c):04X} {unicodedata.name(c, 'unnamed').lower()}>"
        for c in text
    )


__all__ = ["GROUPS", "match", "shown"]
