"""The ids of a case-level extract, as they might be written in a service's own words.

A child's id written in the commentary or the report's settings (``One child (C0000074) was
sentenced …``, an author "case worker for C0000365") was published in the pages, notebooks,
PDF and Word: with the extract beside it, the id is the child. Two tests find one:

* :func:`id_shaped`: the shapes of the raw folder's extracts' ids (:func:`shapes`, recorded
  by the build), or, with none, the shapes ``docs/extract.md`` describes (a letter or a few
  followed by six digits or more, as ``C0000074``, ``O00000240`` or ``C0000015X``; a GUID).
  An ONS code (``E06000045``) has that shape and is no one's id, so it is let through, as is
  a web address (a page's address may hold a GUID).
* :func:`words`: the words of a line that could be an extract's own id, to be looked up among
  its ids (:func:`yjanalysis.inputs.report_settings.refuse_extract_ids`). A word is looked up
  only if it has four characters or more and holds a letter and a digit, or six digits or more:
  an id written without padding (``15``, ``150``) cannot be told from a count, a year or a
  score, and refusing them would refuse every commentary that gives a number.

Both read a line as written, as the page shows it (:func:`as_shown`) and as a reader reads it
(:func:`as_read`): ``C0000&#48;74`` (an HTML character reference), ``C0000*0*74`` (Markdown
emphasis), ``C0000<!-- -->074`` (an HTML comment, which the page escapes and shows),
``Ｃ０００００７４`` (fullwidth forms, from an IME or a pasted PDF), ``C0000 074``,
``C-0000074`` and ``c0000o74`` (a letter o for a zero) are ``C0000074`` to a reader, and
were published so; so is ``%430000074`` in a link's address to a browser (:func:`decoded`).
An extract's id is looked for as the extract writes it and without its letters
(:func:`spellings`): "case 0000074" names the child ``C0000074`` to anyone holding the
extract.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from urllib.parse import unquote

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


#: HTML's comments and tags, which hide nothing from a reader of the id either side of them.
HTML_MARK = re.compile(r"<!--.*?(?:-->|$)|</?[A-Za-z][^<>]*>")
#: A space or dash inside a run of digits (``0000 074``, ``0000-074``), or a dash between an
#: id's letters and its digits (``C-0000074``): a reader reads the run as one. Two digits or
#: more come before a gap closed, and a year's range (``2023-24``, ``FY2023-24``) is none, so
#: that ``Q3 2023-24`` stays a quarter and a year.
GAP = re.compile(
    r"(?<=\d\d)(?<!(?<!\d)(?:19|20)\d\d)[ \u00a0\u2009\u202f\-\u2010-\u2013](?=\d)"
    r"|(?<=[A-Za-z])[-\u2010-\u2013](?=\d)"
)
#: A letter o among digits (``c0000o74``), which a reader reads as the zero it stands for.
O_FOR_ZERO = re.compile(r"(?<=\d)[oO]+(?=\d)")
#: A lower-case l, a capital I or a bar among digits (``C00000l2``, ``C00000I2``), which a
#: reader reads as the one it stands for (adversary round 17 published both).
L_FOR_ONE = re.compile(r"(?<=\d)[lI|]+(?=\d)")


def as_read(line: str) -> str:
    """Return a line as a reader reads an id in it: folded, unmarked and its gaps closed.

    Unicode's compatibility forms are folded (NFKC: ``Ｃ０７４`` is ``C074``), characters that
    show nothing (a word joiner, a soft hyphen) and HTML's comments and tags taken out, the
    line read as the page shows it (:func:`as_shown`), then a space or dash inside a run of
    digits or after an id's letters closed up, a letter o among digits read as a zero and an
    l, I or bar among them as a one (:data:`GAP`, :data:`O_FOR_ZERO`, :data:`L_FOR_ONE`). A
    line read so is only searched for ids, never shown.

    Examples
    --------
    >>> as_read("C0000<!-- -->074, Ｃ０００００７４, C0000 074, C-0000074, c0000o74")
    'C0000074, C0000074, C0000074, C0000074, c0000074'
    >>> as_read("C00000l2, C00000I2, C00000|2 and Il2")
    'C0000012, C0000012, C0000012 and Il2'
    >>> as_read("In FY2023-24, 12 children; Q3 2023-24, 10 12 and 2024 25.")
    'In FY2023-24, 12 children; Q3 2023-24, 1012 and 2024 25.'
    """
    text = unicodedata.normalize("NFKC", line)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = as_shown(HTML_MARK.sub("", text))
    text = O_FOR_ZERO.sub(lambda m: "0" * len(m[0]), GAP.sub("", text))
    return L_FOR_ONE.sub(lambda m: "1" * len(m[0]), text)


def decoded(line: str) -> str:
    """Return a line with its percent-encoding undone, as a browser reads a link's address.

    ``id=%430000074`` is ``id=C0000074`` to a browser and to anyone who pastes the address;
    an address encoded twice (``%2543``) is undone twice.

    Examples
    --------
    >>> decoded("https://cms.example.org/yp?id=%430000074 and %25430000075; 100% of them")
    'https://cms.example.org/yp?id=C0000074 and C0000075; 100% of them'
    """
    for _ in range(3):
        undone = unquote(line)
        if undone == line:
            break
        line = undone
    return line


def forms(line: str) -> list[str]:
    """Return a line as written, as shown and as read, percent-encoding undone or not.

    See :func:`as_shown`, :func:`as_read` and :func:`decoded`.
    """
    found = [line]
    for form in (as_shown(line), as_read(line), decoded(line), as_read(decoded(line))):
        if form not in found:
            found.append(form)
    return found


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


#: A word an id's shape is looked for in: letters then digits (and a letter), or a GUID.
CANDIDATE = re.compile(
    r"(?<![^\W_])(?:([A-Za-z]{1,3})(\d+)([A-Za-z]?)"
    r"|[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12})(?![^\W_])"
)
#: The shape of a GUID among :func:`shapes`.
GUID_SHAPE = "guid"


def shape(word: str) -> str | None:
    """Return an id's shape: its letters, its count of digits and of letters after, or a GUID.

    The shape names no child: ``C0000074`` and ``C0000075`` are both ``C:7:0``.

    Examples
    --------
    >>> shape("C0000074"), shape("o00000240"), shape("C0000015X"), shape("YP1003")
    ('C:7:0', 'O:8:0', 'C:7:1', 'YP:4:0')
    >>> shape("0f8fa3c2-1b7e-4c55-9a0b-3c4d5e6f7a8b"), shape("12345"), shape("C-0074")
    ('guid', None, None)
    """
    found = CANDIDATE.fullmatch(word)
    if found is None:
        return None
    if found[1] is None:
        return GUID_SHAPE
    return f"{found[1].upper()}:{len(found[2])}:{len(found[3])}"


def shapes(ids: Iterable[object]) -> list[str]:
    """Return the shapes of an extract's ids (:func:`shape`), sorted; ids of no shape give none.

    Examples
    --------
    >>> shapes(["C0000001", "C0000365", "c0000002", "O00000240", "YP-1", None])
    ['C:7:0', 'O:8:0']
    """
    return sorted({s for i in ids if isinstance(i, str) and (s := shape(i.strip()))})


def id_shaped(line: str, known: Collection[str] | None = None) -> bool:
    """Say whether a line holds a word shaped like a case-level extract's id.

    ``known`` are the shapes of the ids of the extracts in the raw folder (:func:`shapes`): a
    word is of an id's shape if its letters and its counts of digits are one of theirs, so that
    a reference of another shape passes (an Ofsted URN ``SC045678`` beside ids ``C0000074``).
    Without them (``None``, or no extract), the shapes ``docs/extract.md`` describes.

    Examples
    --------
    >>> id_shaped("One child (C0000074) was sentenced in February.")
    True
    >>> id_shaped("Southampton (E06000045) saw 12 first time entrants in 2024.")
    False
    >>> id_shaped("One child (C0000&#48;74) was sentenced; another (C0000*0*75).")
    True
    >>> id_shaped("One child (Ｃ０００００７４), another (C0000<!-- -->075).")
    True
    >>> id_shaped("A children's home (Ofsted URN SC045678).")
    True
    >>> id_shaped("A children's home (Ofsted URN SC045678).", ["C:7:0", "O:8:0"])
    False
    >>> id_shaped("One child (c-0000 074).", ["C:7:0", "O:8:0"])
    True
    """
    for text in forms(line):
        text = WEB_ADDRESS.sub(" ", text)
        found = (
            [m for m in CANDIDATE.finditer(text) if shape(m[0]) in known]
            if known
            else ID_SHAPE.finditer(text)
        )
        if any(not ONS_CODE.fullmatch(m[0]) for m in found):
            return True
    return False


def shaped_word(line: str, known: Collection[str] | None = None) -> int | None:
    """Return the number (from 1) of the word of a line where an id's shape ends, or ``None``.

    Words are counted as a reader counts them, between spaces of the line as written; an id
    written across two (``C0000 074``) is named by its last. The number names the word
    without repeating it (:func:`yjanalysis.inputs.report_settings._refuse_id_shapes`).

    Examples
    --------
    >>> shaped_word("Two children moved to a home (Ofsted URN SC045678) rated Good.")
    9
    >>> shaped_word("One child (C0000 074) was sentenced.") is None
    False
    >>> shaped_word("No id here, 2023-24.") is None
    True
    """
    if not id_shaped(line, known):
        return None
    split = line.split()
    low, high = 1, len(split)
    while low < high:  # the fewest words whose text holds the shape
        middle = (low + high) // 2
        if id_shaped(" ".join(split[:middle]), known):
            high = middle
        else:
            low = middle + 1
    return low


def _lookable(word: str) -> bool:
    """Say whether a word could be looked up as an id without matching a number or a word."""
    if word.isdigit():
        return len(word) >= 6
    return len(word) >= 4 and any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


def spellings(ids: Iterable[object]) -> set[str]:
    """Return an extract's ids as the extract writes them and as a person would drop a letter.

    Each id in upper case, and, where it has letters before its digits, the id without them
    and its run of digits (``C0000074`` is written ``case 0000074``; ``C0000015X`` also
    ``0000015X`` and ``0000015``), where what is left could be looked up without matching a
    number (:func:`words`: six digits or more, or four characters with a letter and a digit).
    A run of digits is matched whole and with its zeros, so that a year, a count or a phone
    number of another length is never an id's.

    Examples
    --------
    >>> sorted(spellings(["C0000074", "yp1003", "C0000015X", "C12", None]))
    ['0000015', '0000015X', '0000074', 'C0000015X', 'C0000074', 'C12', 'YP1003']
    """
    found: set[str] = set()
    for value in ids:
        if not isinstance(value, str) or not value.strip():
            continue
        written = value.strip().upper()
        found.add(written)
        letters = re.match(r"[A-Z]+(?=\d)", written)
        if letters is None:
            continue
        for left in (written[letters.end() :], *re.findall(r"\d+", written)):
            if _lookable(left):
                found.add(left)
    return found


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
    >>> sorted(w for w in words("Case ｙｐ１００５, YP-1006 and yp10o7.") if w.isascii())
    ['YP-1006', 'YP1005', 'YP1006', 'YP1007', 'YP10O7']
    """
    found: set[str] = set()
    for match in (m for text in forms(line) for m in WORD.finditer(text)):
        word = match[0]
        parts = [(p.start(), p.end()) for p in PART.finditer(word)][:40]
        for i, (start, _) in enumerate(parts):
            for _, end in parts[i:]:
                if _lookable(piece := word[start:end]):
                    found.add(piece.upper())
    return found


__all__ = [
    "as_read",
    "as_shown",
    "decoded",
    "forms",
    "id_shaped",
    "shape",
    "shaped_word",
    "shapes",
    "spellings",
    "words",
]
