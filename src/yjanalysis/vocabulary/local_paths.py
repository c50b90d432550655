r"""The path of a folder or file on a computer, in any text that is to be published.

A report's pages, notebooks and papers go to a board and often to the web; a path of the
analyst's computer in them (``C:\Users\jsmith\OneDrive - …\Southampton extract Dec24.xlsx``)
tells a reader whose computer, which account and what the files are called. The commentary is
refused where it is read (:mod:`yjanalysis.inputs.report_settings`), and the published folder is
searched again before it is published (:func:`yjanalysis.run.pipeline.check_nothing_local`),
for these shapes of a path of any computer as well as this one's own folders. Nothing here reads
a file.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote

#: A file's name after a folder's separator: a few words (at most six, as in ``Southampton
#: extract Dec24.xlsx`` or ``Jane Smith/extract.xlsx``) and an extension of two to five letters
#: or digits ending the name. A web address's ending is none (``…statistics.service.gov.uk``:
#: an extension followed by another, or a domain's ``.uk``, ``.com``, ``.org`` …), and the
#: words stop at a full stop, a comma or a colon, so that a sentence's later file
#: (``Staff/volunteers/mentors: see annex.pdf``) is not its slash phrase's.
FILE_NAME = (
    r"(?:[\w$~%+()-]|\.\d)+(?:[ /](?:[\w$~%+()-]|\.\d)+){0,5}"
    r"\.(?!(?i:uk|com|org|net|gov|edu|int|info|io|co|wales|cymru|eu|nhs|ac|sch|police|mil)\b)"
    r"[A-Za-z][A-Za-z0-9]{1,4}\b(?!\.\w)"
)
#: A path of a computer, in the shapes a user's files take on Windows, macOS and Linux:
#:
#: * a Windows drive (``C:\Users\…``, ``D:/Exports``), not part of a word or an address, and a
#:   long or device path's prefix (``\\?\C:\…``, ``\\.\…``; Markdown shows ``\\`` as one);
#: * a network share, with either slash (``\\server\share``, ``//server/share``), and a
#:   ``file:``, ``smb:``, ``nfs:``, ``afp:`` or ``cifs:`` address;
#: * an environment variable standing for a folder (``%USERPROFILE%\…``, ``$HOME/…``,
#:   ``${HOME}``, ``$env:USERPROFILE\…``);
#: * an absolute POSIX path of two or more parts (``/srv/yjs/jsmith/…``), after a space, a
#:   bracket, a quote or a tag, so that an address's path (``https://example.org/home/x``),
#:   ``and/or``, ``24/7``, ``1/2``, ``2023/24`` and dates are none; and a home folder or a
#:   folder where files are saved or mounted (``/Users/``, ``/tmp/``, ``~/…``) on its own.
LOCAL_PATH = re.compile(
    r"(?<![\w./\\:%+-])[A-Za-z]:[\\/](?=[\w .~$%'()&@#!-])"
    r"|(?<![\w\\/])(?:[\\/]{1,2}\?|[\\/]{2}\.)[\\/]"
    r"|(?<![\w\\/:])(?:\\\\|//)[\w.$-]*[\w$][\\/][\w.$ -]"
    r"|(?<![\w+.-])(?:file|smb|nfs|afp|cifs):/"
    r"|(?<![\w%])%[A-Za-z_][\w()]*%[\\/]"
    r"|(?-i:\$[A-Z_][A-Z0-9_]+[\\/])|\$\{\w+\}|\$env:\w+[\\/]"  # $x/y$ is arithmetic
    r"|(?<![^\s(\[{<>\"'`=*|])/[\w.$@~%+=!&#-]+/[\w.$@~%+=!&#'(-]"
    r"|(?<![\w.~/\\:%+-])(?:/(?:Users|home|tmp|mnt|media|Volumes|private|var|root|srv)/|~/)"
    r"|(?<=\w:)[A-Za-z]:\\\w"  # a drive after a label's colon: ``saved to:C:\Users``
    r"|(?<![\w./\\:%+-])[A-Za-z]:(?:\*\*?|__?|`)[\\/]\w"  # ``**C:**\Users``
    r"|(?<![\w./\\:%+-])[A-Za-z]:[ \t]*(?:<br\s*/?>)?[ \t]*\r?\n[ \t]*[\w.$ -]*\\\w"
    r"|(?<![\w\\])[\w.$-]+\\[\w.$ -]+\\\w"  # a folder's path without its drive
    r"|(?<![\w.])\.\.?/[\w.~$ -]|(?<![\w~])~[a-z_][\w.-]*/"  # ``../Desktop``, ``~jsmith/``
    # a path to a file (``exports/dec/cohort.xlsx``, ``Users/jsmith/Documents/YJS extract.xlsx``):
    # three or more parts of letters, the first with no dot (``gov.uk/guidance/…`` is an
    # address), the last a file's name (:data:`FILE_NAME`); ``home/school/college``,
    # ``Education/Training/Employment data on ….service.gov.uk``, ``and/or``, dates and a
    # project's own folders named as parameters (``data/raw/demo``) are none
    r"|(?<![\w./:@-])(?=[\w$~%+ /-]*?/" + FILE_NAME + r")"
    r"[\w$~%+-]*[A-Za-z][\w$~%+-]*/(?:[\w.$@~%+ -]*[A-Za-z][\w.$@~%+ -]*/)+"
    r"[\w.$@~%+-]*[A-Za-z]",
    re.IGNORECASE,
)


#: Web addresses' schemes: a word before ``:/`` that is none of these is a drive or a label
#: run into one (``C:/``, ``onH:/``, ``copy-C:/``); a ``file:`` address is a computer's.
WEB_SCHEMES = frozenset(
    "http https ftp ftps sftp ws wss webcal feed git ssh irc ircs news nntp rtsp rtsps".split()
)
#: The second word of a pair of prose (``Users/Carers Forum``, ``Documents/Evidence``): one
#: word of letters capitalised as the first is, in Title case or capitals (hyphenated words
#: too: ``Users/Non-Users``), ending the phrase: no further part, file extension, digit or
#: sign after it. A computer's folder after a user's folder is a user's name or a file, which
#: breaks one of these (``Users/jsmith``, ``Users/JSmith``, ``Desktop/cohort Dec24.xlsx``,
#: ``Users/Jsmith/Documents``, ``Documents/Notes.docx``, ``Users/J.Smith``).
PROSE_PAIR = r"[A-Z](?:[a-z]+|[A-Z]+)(?:-[A-Za-z][a-z]*|-[A-Z]+)*(?![\w$~%/\\-]|\.\w)"
#: The general rule, on the text as :func:`normalised`: rather than each shape a path was
#: pasted in, what no prose holds and every path does.
#:
#: * a backslash before a letter or a digit (``\Users``, ``Desktop\x``, ``onH:\YJS``):
#:   Markdown escapes only punctuation, so such a backslash is shown as written, and is a
#:   Windows separator; the word it is in is named;
#: * a word before a colon and a slash (``C:/``, ``saved to:C:/``, ``(copy-C:/``) unless the
#:   word is a web address's scheme (``https://`` stays: :func:`general_path`), and a letter,
#:   a colon, spaces and a backslash (``C: \Users``);
#: * a user's own folder, capitalised as a computer names it, before what a computer keeps in
#:   it and prose does not: ``Users/`` before a user's name, any word but a pair of prose
#:   words (:data:`PROSE_PAIR`: ``Users/Carers Forum`` is prose); ``Desktop``, ``Documents``,
#:   ``Downloads``, ``OneDrive`` and ``Pictures`` before a file's name (:data:`FILE_NAME`:
#:   ``Desktop/cohort Dec24.xlsx``), since before a word alone they are prose
#:   (``Desktop/laptop refresh``, ``OneDrive/SharePoint``, ``Downloads/visits``); ``home/``
#:   before a user's name and a file or a user's folder (``home/school/college`` is prose);
#:   and ``~`` before a separator.
#:
#: A web address (``https://…/Shared%20Documents/…``) is passed over whole: its path is a site's.
GENERAL_PATH = re.compile(
    r"[^\s<>\"'`()\[\]{}|*]*?\\[A-Za-z0-9]"
    r"|(?P<word>[A-Za-z][A-Za-z0-9+.-]*):[\\/]|(?<![A-Za-z])[A-Za-z]:[ \t]+\\"
    r"|(?<![\w./\\-])(?:Users[\\/](?!"
    + PROSE_PAIR
    + r")|(?:Desktop|Documents|Downloads|OneDrive|Pictures)[\\/](?="
    + FILE_NAME
    + r")|OneDrive - [^/\\\n]{1,60}[\\/])[\w~$%.-]"
    r"|(?<![\w./\\-])home/[\w.$-]+/(?=(?:Desktop|Documents|Downloads|OneDrive|Pictures)\b|"
    + FILE_NAME
    + r")[\w.$-]|(?<![\w.~])~[\\/][\w.$-]"
)
#: A web address, to the next space or tag (its path is the site's, however it reads).
WEB_ADDRESS = re.compile(r"\b(?:https?|ftps?)://[^\s<>\"']*", re.IGNORECASE)
#: Signs a keyboard, a code page or a font gives a backslash or a colon: NFKC folds the
#: full-width ones (``＼``, ``：``); the yen and won signs are the backslash of Japanese and
#: Korean code pages (``C:¥Users``), counted so before a letter only (``¥500`` is money).
YEN_BACKSLASH = re.compile(r"[¥₩](?=[A-Za-z])")
#: Look-alikes NFKC leaves: a colon's (``꞉`` U+A789, ``∶`` U+2236, ``˸`` U+02F8) and a
#: backslash's (``∖`` U+2216, ``⧵`` U+29F5, ``⧹`` U+29F9), which show as the separator.
LOOK_ALIKES = str.maketrans(
    {"\ua789": ":", "\u2236": ":", "\u02f8": ":", "\u2216": "\\", "\u29f5": "\\", "\u29f9": "\\"}
)

#: Markdown's escape of a punctuation character (``C\\:``, ``\\\\``): the page shows the
#: character alone, so ``C\\:\\\\Users`` is ``C:\\Users`` to a reader.
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
#: Folders only a computer has (a home, a temporary, mounted or system folder): a link's
#: target under one is a path, where any other beginning with one slash is a web address
#: without its site (``/guidance/case-management``), see :func:`site_relative`.
COMPUTER_FOLDER = re.compile(
    r"/(?:Users|home|tmp|mnt|media|Volumes|private|var|root|srv|etc|opt|usr)(?:/|$)", re.I
)


def as_shown(text: str) -> str:
    r"""Return ``text`` as a reader of the page sees it: escapes and character references undone.

    A path written ``C\:\\Users\\jsmith`` (Markdown's escapes) or ``C&#58;\Users`` (an HTML
    character reference) shows as ``C:\Users\jsmith``; the read of the commentary and the
    guard before publishing both look at the text so as well as written
    (:func:`shown_path`), so that neither lets through what the other refuses.

    Examples
    --------
    >>> print(as_shown(r"C\:\\Users\\jsmith and C&#58;\Users, 10\*2"))
    C:\Users\jsmith and C:\Users, 10*2
    """
    return MARKDOWN_ESCAPE.sub(r"\1", html.unescape(text))


def normalised(text: str) -> str:
    r"""Return ``text`` with the signs that stand for a separator folded, and percent-decoded.

    NFKC folds full-width colons and backslashes (``C：＼Users``) and a no-break space, and
    :data:`LOOK_ALIKES` the signs it leaves; a yen or won sign before a letter is a backslash
    (:data:`YEN_BACKSLASH`); ``%3A`` and ``%2F`` are
    decoded, so that ``file%3A///C%3A/Users`` is named as the path it is.

    Examples
    --------
    >>> print(normalised("C：＼Users¥jsmith, ¥500, file%3A///C%3A/x, 50%, https://a.org/b%20c"))
    C:\Users\jsmith, ¥500, file:///C:/x, 50%, https://a.org/b%20c
    >>> print(normalised("C\ua789\u2216Users"))
    C:\Users
    """
    text = YEN_BACKSLASH.sub(r"\\", unicodedata.normalize("NFKC", text).translate(LOOK_ALIKES))
    # A web address's own escapes stay (``Shared%20Documents`` is a SharePoint site's path).
    parts = WEB_ADDRESS.split(text)
    addresses = WEB_ADDRESS.findall(text)
    pairs = zip(parts, [*addresses, ""], strict=True)
    return "".join(unquote(part) + address for part, address in pairs)


def general_path(text: str) -> str | None:
    r"""Return the first path of a computer in ``text`` by the general rule, or ``None``.

    :data:`GENERAL_PATH` on the text as written; a word before ``:/`` that is a web address's
    scheme (:data:`WEB_SCHEMES`) is none.

    Examples
    --------
    >>> [general_path(t) for t in ("saved to:C:/Users/j/a.xlsx", "C: \\Users\\j\\b.xlsx",
    ...  "at \\Users\\j\\c.xlsx", "Desktop/cohort Dec24.xlsx", "~\\Documents\\d.xlsx",
    ...  "(copy-C:/Users/e.xlsx)", "onH:\\YJS\\x.xlsx")]  # doctest: +NORMALIZE_WHITESPACE
    ['C:/Users/j/a.xlsx', 'C: \\Users\\j\\b.xlsx', '\\Users\\j\\c.xlsx', 'Desktop/cohort',
     '~\\Documents\\d.xlsx', 'copy-C:/Users/e.xlsx', 'onH:\\YJS\\x.xlsx']
    >>> [general_path(t) for t in ("https://www.gov.uk/a/b", "1/4, KS3/KS4/KS5, 10:30, 3:1",
    ...  "and/or 24/7 2023/24 Sections 91/92", "home/school", "Children & Families/Early Help",
    ...  "the Users/Carers Forum", "Documents/Evidence")]
    [None, None, None, None, None, None, None]
    """
    # An address's own path is the site's: blanked, so that positions stay those of ``text``.
    masked = WEB_ADDRESS.sub(lambda m: " " * len(m[0]), text)
    for found in GENERAL_PATH.finditer(masked):
        if found["word"] and found["word"].lower() in WEB_SCHEMES:
            continue
        return _named(text, found[0], found.start(), found.end())
    return None


def shown_path(text: str) -> str | None:
    r"""Return the first path of a computer in ``text`` as written or as shown, or ``None``.

    The one test of the commentary where it is read and of the published files before they are
    published: :func:`local_path` of the text as written, then as a reader sees it
    (:func:`as_shown`).

    Examples
    --------
    >>> shown_path(r"checked against C\:\\Users\\jsmith\\escaped.xlsx")
    'C:\\Users\\jsmith\\escaped.xlsx'
    >>> shown_path("kept at C&#58;\\Users\\jsmith\\entity.xlsx")
    'C:\\Users\\jsmith\\entity.xlsx'
    >>> shown_path(r"a network share \\\\server\\share\\x.xlsx")
    '\\\\server\\share\\x.xlsx'
    """
    text = normalised(text)
    found = _shape(text)
    if found is None and ("\\" in text or "&" in text):
        found = _shape(normalised(as_shown(text)))
    if found is None:  # the general rule
        found = general_path(normalised(as_shown(text))) or general_path(text)
    return found


def site_relative(path: str) -> bool:
    r"""Say whether a path found could be a web address without its site, not only a path.

    ``/guidance/case-management-guidance`` is the path of a page of some web site as much as a
    folder's; ``/home/jsmith/x``, ``/tmp/chart.png``, ``C:\x``, ``file:///x`` and ``~/x``
    are a computer's only.

    Examples
    --------
    >>> [site_relative(p) for p in ("/guidance/youth-justice", "/home/jsmith/a", "//srv/a")]
    [True, False, False]
    """
    return path.startswith("/") and not path.startswith("//") and not COMPUTER_FOLDER.match(path)


def local_path(text: str) -> str | None:
    r"""Return the first path of a computer in ``text`` (to the next space), or ``None``.

    Examples
    --------
    >>> local_path(r"checked against C:\Users\jsmith\extract.xlsx before submission")
    'C:\\Users\\jsmith\\extract.xlsx'
    >>> local_path("![chart](/tmp/chart.png)"), local_path("see ~/Documents/notes")
    ('/tmp/chart.png', '~/Documents/notes')
    >>> local_path("checked against /srv/yjs/cohort.xlsx"), local_path(r"in %USERPROFILE%\x.docx")
    ('/srv/yjs/cohort.xlsx', '%USERPROFILE%\\x.docx')
    >>> local_path("https://example.org/home/page and/or 10/14, at 10:30/11:00"), local_path("")
    (None, None)
    >>> local_path("24/7, 1/2 of the 2023/24 cohort, on 10/12/2024")
    >>> [local_path(t) for t in ("saved to:C:\\Users\\j\\a.xlsx", "**C:**\\Users\\j",
    ...  "at C:\n  Users\\jsmith\\b.xlsx", "in ../../Desktop/x.xlsx", "see ~jsmith/c.xlsx",
    ...  "in Users/jsmith/Documents/d.xlsx")]  # doctest: +NORMALIZE_WHITESPACE
    ['C:\\Users\\j\\a.xlsx', 'C:**\\Users\\j', 'C:Users\\jsmith\\b.xlsx', '../../Desktop/x.xlsx',
     '~jsmith/c.xlsx', 'Users/jsmith/Documents/d.xlsx']
    >>> local_path("and/or, gov.uk/guidance/youth-justice, www.example.org/a/b, 10-14/15-17")
    """
    text = normalised(text)
    return _shape(text) or general_path(text)


def _shape(text: str) -> str | None:
    """Return the first path of :data:`LOCAL_PATH`'s shapes in ``text``, named, or ``None``."""
    found = LOCAL_PATH.search(text)
    return None if found is None else _named(text, found[0], found.start(), found.end())


def _named(text: str, found: str, start: int, end: int) -> str:
    r"""Name the path found: to the next space (or HTML tag), at most 60 characters.

    A path broken over a line or after a space (``C:`` at a line's end, ``C: \Users``) is
    named with the word after the break.
    """
    if not re.match(r"\w+:[ \t]*\\|[^\n]*\n", found):
        end = start
    rest = re.match(r"[^\s<>\"]*", text[end:])  # to a space, or an HTML tag
    shown = text[start:end] + (rest[0] if rest else "")
    # The punctuation after it is the sentence's or the Markdown's: ``(/tmp/chart.png).``
    shown = re.sub(r"\s*\n\s*", "", shown.rstrip(").,;:!?'\"]>*_`")) or found
    return shown if len(shown) <= 60 else shown[:57] + "..."


__all__ = [
    "COMPUTER_FOLDER",
    "GENERAL_PATH",
    "LOCAL_PATH",
    "LOOK_ALIKES",
    "MARKDOWN_ESCAPE",
    "as_shown",
    "general_path",
    "local_path",
    "normalised",
    "shown_path",
    "site_relative",
]
