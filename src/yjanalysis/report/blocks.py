"""What a building block of a page returns: the page's pieces, and what they were made from.

Every building block of the notebooks (:mod:`yjanalysis.report.sections`,
:mod:`yjanalysis.report.scrutiny`) returns a :class:`Part`. Left as the last line of a notebook
cell, a part shows itself exactly as the page shows it; kept in a variable, it gives an analyst
what it is made of, for their own notebook or paper::

    part = sections.trend(ctx, "fte_rate", rolling=False)
    part.sentences      # the plain-English paragraphs, as on the page
    part.data           # the rows behind the chart (from the table, under disclosure control)
    part.figure         # the matplotlib figure, to restyle or save
    part                # shows it, as the page does

A block builds its part as it goes: whatever it shows (:func:`emit`), every paragraph it writes
(:func:`yjanalysis.report.page.paragraph`), every chart it draws
(:func:`yjanalysis.report.plots.show`) and the rows it draws from (:func:`record`) are added
to the part of the block being run. A block that uses another block's part shows it
(:func:`emit`) or takes its pieces; nothing is shown twice or lost. Outside any block,
:func:`emit` displays at once.
"""

from __future__ import annotations

import contextvars
import functools
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ParamSpec

import pandas as pd
from IPython.display import HTML, Markdown, display

__all__ = ["Chart", "Part", "block", "current", "emit", "record"]

_BUILDING: contextvars.ContextVar[tuple[Part, ...]] = contextvars.ContextVar(
    "yjanalysis_blocks", default=()
)


@dataclass(eq=False)
class Chart:
    """A chart as the page shows it: the figure, its title, source, caption and alt text."""

    figure: Any
    title: str
    alt: str
    caption: str | None = None
    source: str | None = None
    #: The rows the chart draws (those its source line was made from).
    data: pd.DataFrame | None = None


@dataclass(eq=False)
class Part:
    """One building block's output: what it shows, and what that was made from.

    Attributes
    ----------
    name : str
        The block that made it (``"trend"``, ``"headline"``).
    outputs : list
        What it shows, in order: IPython ``HTML`` or ``Markdown`` objects, as a notebook
        displays them (one output each).
    sentences : list of str
        Its plain-English paragraphs, as on the page.
    notes : list of str
        Its notes (what a chart's marks mean, why something is absent).
    charts : list of Chart
        Its charts, as drawn for a desktop, with their titles, sources and captions.
    frames : list of pandas.DataFrame
        The rows it shows or draws, from the report's table (already under disclosure
        control).
    """

    name: str
    outputs: list[Any] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    frames: list[pd.DataFrame] = field(default_factory=list)

    @property
    def data(self) -> pd.DataFrame | None:
        """The rows behind the part (the first recorded; ``None`` where it shows no figure)."""
        return self.frames[0] if self.frames else None

    @property
    def figures(self) -> list[Any]:
        """The part's charts' figures (matplotlib), in the order shown."""
        return [chart.figure for chart in self.charts]

    @property
    def figure(self) -> Any:
        """The part's chart (the first, where it draws several), or ``None``."""
        return self.figures[0] if self.figures else None

    @property
    def html(self) -> str:
        """Everything the part shows, as one piece of HTML."""
        return "".join(_as_html(o) for o in self.outputs)

    @property
    def empty(self) -> bool:
        """Whether the part shows nothing (a figure already explained as missing, say)."""
        return not self.outputs

    def _repr_html_(self) -> str:
        return self.html

    def _ipython_display_(self) -> None:
        for output in self.outputs:
            display(output)

    def __repr__(self) -> str:
        shape = "no data" if self.data is None else f"data of {len(self.data)} rows"
        return (
            f"<Part {self.name}: {len(self.sentences)} sentences, {len(self.figures)} "
            f"figures, {shape}>"
        )


def _as_html(output: Any) -> str:
    if isinstance(output, HTML):
        return output.data or ""
    if isinstance(output, Markdown):
        return f"<p>{html.escape(output.data or '')}</p>"
    return html.escape(str(output))


def current() -> Part | None:
    """Return the part of the block being run, or ``None`` outside any block."""
    stack = _BUILDING.get()
    return stack[-1] if stack else None


def emit(*outputs: Any) -> None:
    """Show outputs (IPython display objects, or parts): in the current part, or at once."""
    part = current()
    for output in outputs:
        if output is None:
            continue
        if isinstance(output, Part):
            if part is None:
                output._ipython_display_()
            else:
                part.outputs.extend(output.outputs)
                part.sentences.extend(output.sentences)
                part.notes.extend(output.notes)
                part.charts.extend(output.charts)
                part.frames.extend(output.frames)
        elif part is None:
            display(output)
        else:
            part.outputs.append(output)


def record(
    *,
    data: pd.DataFrame | None = None,
    sentence: str | None = None,
    note: str | None = None,
    chart: Chart | None = None,
) -> None:
    """Add what a part is made of to the part being built (nothing outside a block)."""
    part = current()
    if part is None:
        return
    if data is not None:
        part.frames.append(data)
    if sentence:
        part.sentences.append(sentence)
    if note:
        part.notes.append(note)
    if chart is not None:
        if chart.data is None and part.frames:
            # A chart names its source from its rows just before it is shown
            # (``plots.show(..., page.where_from(rows))``): those rows are its data.
            chart.data = part.frames[-1]
        part.charts.append(chart)


P = ParamSpec("P")


def block(func: Callable[P, None]) -> Callable[P, Part]:
    """Make a function that shows things into one that returns them as a :class:`Part`."""

    @functools.wraps(func)
    def build(*args: P.args, **kwargs: P.kwargs) -> Part:
        part = Part(func.__name__)
        token = _BUILDING.set((*_BUILDING.get(), part))
        try:
            func(*args, **kwargs)
        finally:
            _BUILDING.reset(token)
        return part

    return build
