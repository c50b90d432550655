"""The ids of a case-level extract, as they might be written in a service's own words.

A child's id written in the commentary or the report's settings (``One child (C0000074) was
sentenced …``, an author "case worker for C0000365") was published in the pages, notebooks,
PDF and Word: with the extract beside it, the id is the child. Two tests find one:

* :func:`id_shaped`: the shapes of ids ``docs/extract.md`` describes, without the extract (a
  letter or a few followed by six digits or more, as ``C0000074``, ``O00000240`` or
  ``C0000015X``; a GUID). An ONS code (``E06000045``) has that shape and is no one's id, so it
  is let through, as is a web address (a page's address may hold a GUID).
* :func:`words`: the words of a line that could be an extract's own id, to be looked up among
  its ids (:func:`yjanalysis.inputs.report_settings.refuse_extract_ids`). A word is looked up
  only if it has four characters or more and holds a letter and a digit, or six digits or more:
  an id written without padding (``15``, ``150``) cannot be told from a count, a year or a
  score, and refusing them would refuse every commentary that gives a number.
"""

from __future__ import annotations

import re

#: An id's shape: one to three letters then six digits or more (and a letter), or a GUID.
ID_SHAPE = re.compile(
    r"(?<![^\W_])(?:[A-Za-z]{1,3}\d{6,}[A-Za-z]?"
    r"|[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12})(?![^\W_])"
)
#: A nine-character ONS area code (E06000045), which has an id's shape but names a place.
ONS_CODE = re.compile(r"[EWSNK]\d{8}", re.IGNORECASE)
#: A web address, whose path may hold a GUID or a document's number.
WEB_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+", re.IGNORECASE)
#: A word: letters and digits, joined by the punctuation ids hold (C-0074, YJ/2231, a GUID).
WORD = re.compile(r"[^\W_]+(?:[-_./][^\W_]+)*")
PART = re.compile(r"[^\W_]+")


def id_shaped(line: str) -> bool:
    """Say whether a line holds a word shaped like a case-level extract's id.

    Examples
    --------
    >>> id_shaped("One child (C0000074) was sentenced in February.")
    True
    >>> id_shaped("Southampton (E06000045) saw 12 first time entrants in 2024.")
    False
    """
    text = WEB_ADDRESS.sub(" ", line)
    return any(not ONS_CODE.fullmatch(m[0]) for m in ID_SHAPE.finditer(text))


def _lookable(word: str) -> bool:
    """Say whether a word could be looked up as an id without matching a number or a word."""
    if word.isdigit():
        return len(word) >= 6
    return len(word) >= 4 and any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


def words(line: str) -> set[str]:
    """Return the words of a line that could be an id, in upper case.

    Each run of letters and digits joined by ``-``, ``_``, ``.`` or ``/`` is taken whole and in
    its parts (``C0000074/2024`` gives ``C0000074`` too), since an id may hold such a mark.

    Examples
    --------
    >>> sorted(words("Case yp1003/2024, seen 12 times in 2024."))
    ['YP1003', 'YP1003/2024']
    """
    found: set[str] = set()
    for match in WORD.finditer(line):
        word = match[0]
        parts = [(p.start(), p.end()) for p in PART.finditer(word)][:40]
        for i, (start, _) in enumerate(parts):
            for _, end in parts[i:]:
                if _lookable(piece := word[start:end]):
                    found.add(piece.upper())
    return found


__all__ = ["id_shaped", "words"]
