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

Both read a line as written and as the page shows it (:func:`as_shown`): ``C0000&#48;74`` (an
HTML character reference) and ``C0000*0*74`` (Markdown emphasis) are ``C0000074`` to a reader,
and were published so.
"""

from __future__ import annotations

import re

from yjanalysis.vocabulary import local_paths

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
#: Markdown's marks that show nothing and join the text either side on the page: emphasis
#: (``*``; ``_`` inside a word is no emphasis and shows), a code span's backticks, a link's
#: brackets and its target (``[C0000](https://x)074`` shows ``C0000074``). One escaped
#: (``\*``) shows, and stays.
MARKUP = re.compile(r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)|(?<!\\)[*`\[\]]")


def as_shown(line: str) -> str:
    r"""Return a line as a reader of the page sees it: Markdown's marks and references undone.

    Emphasis, code spans and links are taken out (:data:`MARKUP`), then escapes and HTML
    character references undone (:func:`yjanalysis.vocabulary.local_paths.as_shown`, as the
    check of local paths does). A plain-text file shows a reference as written; it is read so
    too, which can refuse only a line that spells an id.

    Examples
    --------
    >>> as_shown("One child (C0000&#48;74), C0000*0*74, C0000`0`74 and [C0000](https://x)074.")
    'One child (C0000074), C0000074, C0000074 and C0000074.'
    >>> as_shown(r"5\*2 = 10, KS4_2023_24")
    '5*2 = 10, KS4_2023_24'
    """
    return local_paths.as_shown(MARKUP.sub("", line))


def id_shaped(line: str) -> bool:
    """Say whether a line holds a word shaped like a case-level extract's id.

    Examples
    --------
    >>> id_shaped("One child (C0000074) was sentenced in February.")
    True
    >>> id_shaped("Southampton (E06000045) saw 12 first time entrants in 2024.")
    False
    >>> id_shaped("One child (C0000&#48;74) was sentenced; another (C0000*0*75).")
    True
    """
    return any(
        not ONS_CODE.fullmatch(m[0])
        for text in (line, as_shown(line))
        for m in ID_SHAPE.finditer(WEB_ADDRESS.sub(" ", text))
    )


def _lookable(word: str) -> bool:
    """Say whether a word could be looked up as an id without matching a number or a word."""
    if word.isdigit():
        return len(word) >= 6
    return len(word) >= 4 and any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


def words(line: str) -> set[str]:
    """Return the words of a line that could be an id, in upper case, as written and as shown.

    Each run of letters and digits joined by ``-``, ``_``, ``.`` or ``/`` is taken whole and in
    its parts (``C0000074/2024`` gives ``C0000074`` too), since an id may hold such a mark.

    Examples
    --------
    >>> sorted(words("Case yp1003/2024, seen 12 times in 2024."))
    ['YP1003', 'YP1003/2024']
    >>> sorted(words("Case yp10*0*3 and yp100&#52;."))
    ['YP10', 'YP100', 'YP1003', 'YP1004']
    """
    found: set[str] = set()
    shown = as_shown(line)
    for match in [*WORD.finditer(line), *(WORD.finditer(shown) if shown != line else ())]:
        word = match[0]
        parts = [(p.start(), p.end()) for p in PART.finditer(word)][:40]
        for i, (start, _) in enumerate(parts):
            for _, end in parts[i:]:
                if _lookable(piece := word[start:end]):
                    found.add(piece.upper())
    return found


__all__ = ["as_shown", "id_shaped", "words"]
