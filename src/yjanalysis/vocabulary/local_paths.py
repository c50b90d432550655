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

import re

#: A path of a computer, in the shapes a user's files take on Windows, macOS and Linux:
#:
#: * a Windows drive (``C:\Users\…``, ``D:/Exports``), not part of a word or an address;
#: * a Windows network share (``\\server\share\…``);
#: * a ``file:`` address (``file:///C:/…``, ``file://server/…``);
#: * a user's home folder (``/Users/jsmith``, ``/home/jsmith``, ``~/Documents``) and the system
#:   folders where files are saved or mounted (``/tmp/``, ``/mnt/``, ``/media/``, ``/Volumes/``,
#:   ``/private/``, ``/var/``, ``/root/``), each after a space, a bracket or a quote, so that
#:   ``https://example.org/home/`` and ``and/or`` are no path.
LOCAL_PATH = re.compile(
    r"(?<![\w./\\:%+-])[A-Za-z]:[\\/](?=[\w .~$%'()&@#!-])"
    r"|(?<![\w\\])\\\\[\w.$-]+\\[\w.$ -]"
    r"|(?<![\w+.-])file:/"
    r"|(?<![\w.~/\\:%+-])(?:/(?:Users|home|tmp|mnt|media|Volumes|private|var|root)/|~/)",
    re.IGNORECASE,
)


def local_path(text: str) -> str | None:
    r"""Return the first path of a computer in ``text`` (to the next space), or ``None``.

    Examples
    --------
    >>> local_path(r"checked against C:\Users\jsmith\extract.xlsx before submission")
    'C:\\Users\\jsmith\\extract.xlsx'
    >>> local_path("![chart](/tmp/chart.png)"), local_path("see ~/Documents/notes")
    ('/tmp/chart.png', '~/Documents/notes')
    >>> local_path("https://example.org/home/page and/or 10/14, at 10:30/11:00"), local_path("")
    (None, None)
    """
    found = LOCAL_PATH.search(text)
    if found is None:
        return None
    word = re.match(r"[^\s<>\"]+", text[found.start() :])  # to a space, or an HTML tag
    # The punctuation after it is the sentence's or the Markdown's: ``(/tmp/chart.png).``
    shown = (word[0] if word else found[0]).rstrip(").,;:!?'\"]>*_`") or found[0]
    return shown if len(shown) <= 60 else shown[:57] + "..."


__all__ = ["LOCAL_PATH", "local_path"]
