"""The errors a user may see, each carrying one plain sentence.

Every problem with an input is raised as :class:`InputError` (or a subclass) whose message is a
single sentence naming the file, the column or row, and what was expected. The command line
prints that sentence and exits with status 2; nothing else reaches the user as a traceback.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "InputError",
    "UnrecognisedFileError",
]


class InputError(Exception):
    """An input file (or a value in it) is not what the project expects.

    Parameters
    ----------
    message : str
        One sentence saying what was found and what was expected.
    path : str or Path, optional
        The file concerned; its name is put at the front of the message.
    """

    def __init__(self, message: str, path: str | Path | None = None):
        self.path = Path(path) if path is not None else None
        self.detail = message
        text = f"{self.path}: {message}" if self.path is not None else message
        super().__init__(text)


class UnrecognisedFileError(InputError):
    """A file whose columns match none of the formats the project reads."""
