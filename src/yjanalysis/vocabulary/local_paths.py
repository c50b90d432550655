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
    # a path from a user's folder (``Users/jsmith/Documents/…``) or to a file
    # (``exports/dec/cohort.xlsx``): three or more parts of letters, the first with no dot
    # (``gov.uk/guidance/…`` is an address); ``and/or``, dates and a project's own folders
    # named as parameters (``data/raw/demo``) are none
    r"|(?<![\w./:@-])(?=[\w$~%+ ./-]*(?:\b(?:Users|home|Documents|Desktop|Downloads|OneDrive)/"
    r"|\.[a-z]{2,5}\b))[\w$~%+-]*[A-Za-z][\w$~%+-]*/(?:[\w.$@~%+ -]*[A-Za-z][\w.$@~%+ -]*/)+"
    r"[\w.$@~%+-]*[A-Za-z]",
    re.IGNORECASE,
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
    found = local_path(text)
    if found is None and ("\\" in text or "&" in text):
        found = local_path(as_shown(text))
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
    ['C:\\Users\\j\\a.xlsx', 'C:**\\Users\\j', 'C', '../../Desktop/x.xlsx',
     '~jsmith/c.xlsx', 'Users/jsmith/Documents/d.xlsx']
    >>> local_path("and/or, gov.uk/guidance/youth-justice, www.example.org/a/b, 10-14/15-17")
    """
    found = LOCAL_PATH.search(text)
    if found is None:
        return None
    word = re.match(r"[^\s<>\"]+", text[found.start() :])  # to a space, or an HTML tag
    # The punctuation after it is the sentence's or the Markdown's: ``(/tmp/chart.png).``
    shown = (word[0] if word else found[0]).rstrip(").,;:!?'\"]>*_`") or found[0]
    return shown if len(shown) <= 60 else shown[:57] + "..."


__all__ = [
    "COMPUTER_FOLDER",
    "LOCAL_PATH",
    "MARKDOWN_ESCAPE",
    "as_shown",
    "local_path",
    "shown_path",
    "site_relative",
]
