"""Characters that show nothing or hide text: one rule for every text the project reads.

A right-to-left override makes a sentence read on a page otherwise than in its file; a zero
width space after ``Boys`` in a published table makes a group of its own, silently moving the
shares of the real ``Boys``; tag characters spell words no reader sees. The commentary and the
cover's settings (:mod:`yjanalysis.inputs.report_settings`) and every text cell a reader takes a
value from (:func:`yjanalysis.inputs.readers.checks.columns`) are refused if they hold one, by
:func:`hidden_characters`. Nothing here reads a file.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

#: Characters that set the direction of the text around them (Unicode's ``Bidi_Control``): a
#: right-to-left override makes a sentence read on the page otherwise than in the file.
DIRECTION_MARKS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: Characters that show nothing (Unicode's ``Default_Ignorable_Code_Point``, from its
#: DerivedCoreProperties.txt, which Python's ``unicodedata`` does not give): soft hyphens, joiners,
#: variation selectors, the Hangul fillers, the tag characters (U+E0000 block) that spell hidden
#: ASCII. With them, the Braille blank U+2800, which prints as a space but is no space to
#: ``str.strip``. Format (Cf), control, private-use, surrogate and unassigned characters are
#: found by their category in :func:`hidden_characters`.
SHOWS_NOTHING = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
#: Categories of characters never written as text: format (Cf), control (Cc), private use (Co),
#: surrogate (Cs) and unassigned (Cn, by this Python's Unicode version).
HIDDEN_CATEGORIES = {"Cf": "a format character", "Cc": "a control character",
                     "Co": "a private-use character", "Cs": "a surrogate",
                     "Cn": "a character Unicode does not assign"}  # fmt: skip
#: The invisible characters real text needs, kept where they do their work, between two
#: characters outside ASCII: the zero width joiner and non-joiner (U+200D, U+200C) join emoji
#: into one (a family, a flag of a profession) and are part of the spelling of Persian, Urdu
#: and the Indic scripts; the variation selectors U+FE0E and U+FE0F choose how the emoji before
#: them looks. Between ASCII letters (``Offi\u200dcial``) or at an end none does anything but
#: hide, so there they are refused.
JOINERS = "\u200c\u200d\ufe0e\ufe0f"
BYTE_ORDER_MARK = "\ufeff"


#: Characters a terminal acts on rather than shows (C0 and C1 controls, DEL: an escape
#: sequence clears the screen or sets the window's title, a line break starts a line the tool
#: did not write) and the marks that set the direction of the text.
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: As :data:`CONTROLS`, but a line break: the tool's own output of several lines.
CONTROLS_BUT_LINES = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str, lines: bool = False) -> str:
    r"""Return ``text`` with every control character escaped, as the tool prints a name.

    A file's name may hold an escape sequence, a bell or a line break (``notes\x1b[2J…``):
    printed raw, it rewrites the analyst's terminal or forges a line of the build's log. Each
    is shown as Python writes it (``\x1b``, ``\n``). The one place for it: the command line
    prints every name, and every line, through it. ``lines`` keeps line breaks, for the
    tool's own output of several lines (a table), whose names are escaped before.

    Examples
    --------
    >>> print(printable("notes\x1b[2J\x1b]0;pwned\x07\nfake line.txt"))
    notes\x1b[2J\x1b]0;pwned\x07\nfake line.txt
    >>> print(printable("two\nlines\x1b", lines=True))
    two
    lines\x1b
    >>> printable("Southampton’s extract Dec24.xlsx")
    'Southampton’s extract Dec24.xlsx'
    """
    found = CONTROLS_BUT_LINES if lines else CONTROLS
    return found.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


def _joins(text: str, at: int) -> bool:
    """Say whether the joiner or selector at ``at`` does its work (see :data:`JOINERS`)."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    if before.isascii() or before.isspace() or before == text[at]:
        return False
    return text[at] in "\ufe0e\ufe0f" or not (after.isascii() or after.isspace())


def hidden_characters(text: str) -> Iterator[int]:
    r"""Yield the position of each character of ``text`` that shows nothing or hides text.

    One rule for the cover's settings and the commentary (and the pages' second guard in
    :mod:`yjanalysis.report.commentary`) and for every text cell a reader takes a value from:
    format characters (Unicode category Cf: direction marks, soft hyphen, word joiner,
    byte-order mark, the tag characters, interlinear annotation marks), control characters but
    tab and line ends, private-use, surrogate and unassigned characters, and the characters
    that show nothing (:data:`SHOWS_NOTHING`: the Hangul fillers, the Braille blank, variation
    selectors). The joiners real text needs are kept where they join (:data:`JOINERS`).

    Examples
    --------
    >>> list(hidden_characters("Offi\u00adcial \U000e0041")), list(hidden_characters("caf\u00e9"))
    ([4, 10], [])
    >>> list(hidden_characters("\U0001f469\u200d\U0001f4bb and Off\u200dicial"))
    [11]
    """
    for at, char in enumerate(text):
        if char in "\t\n\r" or (char.isascii() and char.isprintable()):
            continue
        category = unicodedata.category(char)
        if category not in HIDDEN_CATEGORIES and not SHOWS_NOTHING.match(char):
            continue
        if char in JOINERS and _joins(text, at):
            continue
        yield at


def describe_character(char: str) -> str:
    r"""Name a character for a message: its code point and Unicode name.

    Examples
    --------
    >>> describe_character("\u3164"), describe_character("\ue000")
    ('U+3164 (hangul filler)', 'U+E000 (a private-use character)')
    """
    name = unicodedata.name(char, "").lower()
    if not name:
        name = HIDDEN_CATEGORIES.get(unicodedata.category(char), "no name")
    return f"U+{ord(char):04X} ({name})"


def script(char: str) -> str | None:
    r"""Name the script or form of a character, for telling look-alikes apart; None if common.

    A letter's script is the first word of its Unicode name (``LATIN``, ``CYRILLIC``,
    ``GREEK``), and so is any character outside ASCII's (``FULLWIDTH`` for a fullwidth digit,
    ``HYPHEN`` for U+2010): each is another character than the ASCII one it looks like. ASCII's
    digits, punctuation and spaces belong to every script (None). Python's ``unicodedata`` has
    no Script property; the name's first word stands for it, which is enough to tell a Cyrillic
    ``С`` from a Latin ``C``.

    Examples
    --------
    >>> script("C"), script("\u0421"), script("7"), script("\uff13"), script("\u00e9")
    ('LATIN', 'CYRILLIC', None, 'FULLWIDTH', 'LATIN')
    """
    if char.isascii():
        return "LATIN" if char.isalpha() else None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else describe_character(char)


def look_alikes(text: str) -> list[int]:
    r"""Return the positions of the letters of ``text`` in another script than most of its own.

    ``S\u043euthampton`` with a Cyrillic ``о`` reads as ``Southampton`` but is no name the
    register knows: the message that refuses it says which character it is, since none can be
    seen. The text's script is the one most of its letters are written in (Latin on a tie);
    digits, punctuation and spaces belong to every script (:func:`script`).

    Examples
    --------
    >>> look_alikes("S\u043euthampton"), look_alikes("Southampton"), look_alikes("Caf\u00e9")
    ([1], [], [])
    """
    scripts = [script(c) if c.isalpha() or not c.isascii() else None for c in text]
    counts = Counter(s for s in scripts if s is not None)
    if len(counts) < 2:
        return []
    main = max(counts, key=lambda name: (counts[name], name == "LATIN"))
    return [at for at, name in enumerate(scripts) if name not in (None, main)]


def describe_look_alikes(text: str) -> str:
    r"""Say, for a message, which look-alike characters ``text`` holds; ``""`` if none.

    Examples
    --------
    >>> describe_look_alikes("S\u043euthampton")  # doctest: +ELLIPSIS
    ' (it holds U+043E (cyrillic small letter o) at position 2, a letter of another script ...'
    >>> describe_look_alikes("Southampton")
    ''
    """
    odd = look_alikes(text)
    if not odd:
        return ""
    which = " and ".join(f"{describe_character(text[at])} at position {at + 1}" for at in odd)
    return (
        f" (it holds {which}, a letter of another script than the rest of the name, which "
        "looks the same but is another character)"
    )


def hides(text: str) -> bool:
    """Say whether ``text`` holds a character :func:`hidden_characters` finds."""
    return next(hidden_characters(text), None) is not None


def strip_hidden(text: str) -> str:
    """Return ``text`` without the characters :func:`hidden_characters` finds."""
    drop = set(hidden_characters(text))
    return "".join(c for i, c in enumerate(text) if i not in drop) if drop else text


__all__ = [
    "BYTE_ORDER_MARK",
    "DIRECTION_MARKS",
    "HIDDEN_CATEGORIES",
    "JOINERS",
    "SHOWS_NOTHING",
    "describe_character",
    "describe_look_alikes",
    "hidden_characters",
    "hides",
    "look_alikes",
    "script",
    "strip_hidden",
]
