"""The service's own words on a page: rendered safely and marked as the service's.

Commentary and the asks of the panel are written by the service (see
:mod:`yjanalysis.inputs.report_settings`), not generated from the figures, and a board paper
travels: its text must not be able to run a script, fetch anything, or send a reader to a
``javascript:`` address, whoever wrote it. So:

* Markdown is rendered by markdown-it-py (CommonMark) with raw HTML switched off: an HTML tag in
  the text is shown as the text it is;
* a link is kept only to an ``http``, ``https`` or ``mailto`` address, or to another page of
  the report; any other (``javascript:``, ``data:``, ``file:``, a scheme hidden by entities or
  case) is left as the text it was written as;
* an image is never fetched: it is shown as ``[image not shown: its description]``;
* headings are demoted under the section's own, so the page keeps one outline;
* the result passes through nh3's allow-list (the ammonia sanitiser) as a second guard (only
  the tags CommonMark makes, only ``href`` and ``title`` on links, each link marked
  ``rel="nofollow noopener noreferrer"``, only the schemes above);
* plain text (``.txt``) is escaped and split into paragraphs;
* characters that show nothing or hide text (direction marks, soft hyphens, tag characters,
  fillers: :func:`yjanalysis.vocabulary.characters.hidden_characters`, the one rule) are taken
  out, before and after Markdown (which decodes ``&#x202E;``). A commentary file holding one is
  refused where it is read (:mod:`yjanalysis.inputs.report_settings`), naming its line: this is
  the second guard, for text that did not come through it.

Every piece is wrapped in a box labelled as the service's words (styled ``.yj-commentary`` in the
report's stylesheet), so a reader never mistakes it for a sentence the project generated from
the rows.
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt

from yjanalysis.inputs.report_settings import Commentary
from yjanalysis.vocabulary.characters import strip_hidden

#: Tags CommonMark output may use once headings are demoted (no images, no raw HTML).
TAGS = frozenset(
    {"p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a",
     "h3", "h4"}
)  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
#: Every link kept: it may not tell the page it leads to where it came from.
LINK_REL = "nofollow noopener noreferrer"
PROTOCOLS = frozenset({"http", "https", "mailto"})
#: A link to another page of the report (``02_custody_and_remand.html#Remands``) or an anchor.
REPORT_PAGE = re.compile(r"^(?:[0-9]{2}_[a-z_]+\.html|index\.html)?(?:#[A-Za-z0-9_-]+)?$")

#: What the box around the service's words says it is.
LABEL = "In {yjs} Youth Justice Service's own words"
NOTE = "written by the service, not generated from the figures"


def safe_link(url: str) -> bool:
    """Say whether a link may be kept: web and mail addresses, and pages of the report.

    Examples
    --------
    >>> [safe_link(u) for u in ("https://example.org", "mailto:a@b.org", "JavaScript:alert(1)",
    ...                         "data:text/html,x", "02_custody_and_remand.html", "//evil")]
    [True, True, False, False, True, False]
    """
    text = strip_hidden(html.unescape(str(url))).strip()
    if not text:
        return False
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", text)
    if scheme:
        return scheme.group(1).lower() in PROTOCOLS and not re.search(r"[\s<>\"']", text)
    return bool(REPORT_PAGE.match(text))


class _SafeMarkdown(MarkdownIt):
    """CommonMark that keeps a link only where :func:`safe_link` allows it."""

    def validateLink(self, url: str) -> bool:
        return safe_link(url)


def _markdown() -> MarkdownIt:
    md = _SafeMarkdown("commonmark", {"html": False, "linkify": False, "typographer": False})

    def image(self, tokens, idx, options, env):
        words = self.renderInlineAsText(tokens[idx].children or [], options, env)
        return html.escape(f"[image not shown: {words or 'no description'}]")

    md.add_render_rule("image", image)
    return md


_MD = _markdown()


def render(text: str, markdown: bool = True) -> str:
    """Return the service's text as safe HTML (see the module's notes).

    Parameters
    ----------
    text : str
        The text as written.
    markdown : bool
        Markdown (``True``) or plain text.

    Examples
    --------
    >>> render("Hello <script>alert(1)</script> [x](javascript:alert(1))")
    '<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))</p>'
    >>> render("![pixel](https://example.org/p.png)")
    '<p>[image not shown: pixel]</p>'
    >>> render("said: &#x202E;1202 hcraM")  # a direction mark written as an entity
    '<p>said: 1202 hcraM</p>'
    """
    text = strip_hidden(text.replace("\r\n", "\n").replace("\r", "\n"))
    if markdown:
        tokens = _MD.parse(text)
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = "h3" if token.tag in ("h1", "h2") else "h4"
        out = _MD.renderer.render(tokens, _MD.options, {})
    else:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        out = "".join(
            "<p>" + "<br>".join(html.escape(line) for line in p.splitlines()) + "</p>"
            for p in paragraphs
        )
    clean = nh3.clean(
        out,
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        url_schemes=set(PROTOCOLS),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # Again after parsing: Markdown decodes "&#x202E;" into the very character taken out above.
    return strip_hidden(clean).strip()


def block(words: Commentary | None, yjs: str, heading: str | None = None) -> str:
    """Return the service's words in a box that says whose they are (or nothing).

    Parameters
    ----------
    words : Commentary or None
        The commentary (nothing is returned without it: no empty box).
    yjs : str
        The service, named on the box.
    heading : str, optional
        A heading above the box.
    """
    if words is None:
        return ""
    label = LABEL.format(yjs=yjs)
    top = f'<h2 id="service-commentary">{html.escape(heading)}</h2>' if heading else ""
    return (
        f'{top}<aside class="yj-commentary" aria-label="{html.escape(label)}">'
        f'<p class="yj-commentary-label"><strong>{html.escape(label)}</strong> '
        f"({html.escape(NOTE)})</p>"
        f"{render(words.text, words.markdown)}</aside>"
    )


__all__ = ["LABEL", "block", "render", "safe_link"]
