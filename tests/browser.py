"""A real headless browser for the tests: Debian's Chromium driven over the DevTools protocol.

No test framework's own browser download is needed: the tests start ``chromium`` (installed by
``.ci/run``) with remote debugging, open a page, and read what a reader's browser would: console
errors and exceptions, whether every image loaded and has alt text, the heading outline, the
page's language, and a screenshot; at a phone's width, the size of every piece of text shown and
whether any two labels of a chart overlap; and, printed as a browser's "Save as PDF" does, each
page's size and text (:func:`pdf_pages`).
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
import zlib
from pathlib import Path

import websocket

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-allow-origins=*",
]  # fmt: skip

CHECK = """(() => {
  const images = [...document.images].map(i => ({src: i.src.slice(0, 40), alt: i.alt,
      loaded: i.complete && i.naturalWidth > 0}));
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]);
  const external = [...document.querySelectorAll('script[src],link[href],img[src]')]
      .map(e => e.src || e.href).filter(u => /^https?:/.test(u));
  return JSON.stringify({lang: document.documentElement.lang, title: document.title,
      images, headings, external, text: document.body.innerText});
})()"""


LAYOUT = """(() => {
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const small = [];
  for (const t of document.querySelectorAll('svg text')) {
    if (!shown(t) || !t.textContent.trim()) continue;
    const m = t.getScreenCTM();
    const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    small.push({text: t.textContent.trim(), px, svg: true});
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, e = node.parentElement;
    if (!node.textContent.trim() || !e || e.closest('svg') || !shown(e)) continue;
    small.push({text: node.textContent.trim().slice(0, 40),
                px: parseFloat(getComputedStyle(e).fontSize), svg: false});
  }
  const overlaps = [];
  for (const svg of document.querySelectorAll('svg')) {
    if (!shown(svg)) continue;
    const boxes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
      .map(t => ({text: t.textContent.trim(), r: t.getBoundingClientRect()}));
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].r, b = boxes[j].r;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 2) overlaps.push([boxes[i].text, boxes[j].text,
                                         svg.getAttribute('aria-label').slice(0, 60)]);
    }
  }
  const titles = [...document.querySelectorAll('.yj-title')].map(t => t.textContent.trim());
  const wide = [...document.querySelectorAll('body *')].filter(e => shown(e) && !e.closest(
    '.yj-scroll') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(e => e.tagName + '.' + e.className);
  const headings = [...document.querySelectorAll('h1,h2,h3')].map(h => h.innerText.trim());
  return JSON.stringify({text: small, overlaps, titles, wide: wide.slice(0, 5), headings});
})()"""


class Browser:
    """One headless Chromium; ``open(url)`` returns what the page showed."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="chromium-")
        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-port=0",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        port_file = Path(self.profile) / "DevToolsActivePort"
        for _ in range(200):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.05)
        port = port_file.read_text().split()[0]
        import urllib.request

        targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json").read())
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method, **params):
        """Send a command and return its result, collecting events meanwhile."""
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})
            self._event(message)

    def _event(self, message):
        method = message.get("method", "")
        params = message.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.errors.append(str(params.get("args")))
        elif method == "Runtime.exceptionThrown":
            self.errors.append(str(params.get("exceptionDetails")))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            self.errors.append(params["entry"].get("text", ""))
        elif method == "Page.loadEventFired":
            self.loaded = True

    def width(self, pixels: int, mobile: bool | None = None) -> None:
        """Lay pages out at ``pixels`` CSS pixels wide (a phone below 600), as a device would."""
        mobile = pixels < 600 if mobile is None else mobile
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=pixels,
            height=844 if mobile else 900,
            deviceScaleFactor=1,
            mobile=mobile,
        )

    def evaluate(self, expression: str):
        """Run JavaScript in the page and return its (JSON-able) value."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def layout(self) -> dict:
        """Return what the open page shows: text sizes, overlapping chart labels, titles."""
        return json.loads(self.evaluate(LAYOUT))

    def pdf(self, target: Path) -> bytes:
        """Print the open page as a browser's "Save as PDF" does (page size from the CSS)."""
        printed = self.call("Page.printToPDF", preferCSSPageSize=True, printBackground=True)
        data = base64.b64decode(printed["data"])
        target.write_bytes(data)
        return data

    def open(self, url: str, screenshot: Path | None = None) -> dict:
        """Load a page and return its checks (see ``CHECK``) with ``errors``."""
        self.errors, self.loaded = [], False
        self.call("Page.navigate", url=url)
        deadline = time.time() + 60
        while not self.loaded and time.time() < deadline:
            self._event(json.loads(self.ws.recv()))
        time.sleep(0.2)
        result = self.call("Runtime.evaluate", expression=CHECK, returnByValue=True)
        found = json.loads(result["result"]["value"])
        found["errors"] = list(self.errors)
        if screenshot:
            shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
            screenshot.write_bytes(base64.b64decode(shot["data"]))
        return found

    def close(self):
        """Stop the browser."""
        try:
            self.ws.close()
        finally:
            self.process.terminate()
            self.process.wait(timeout=10)
            shutil.rmtree(self.profile, ignore_errors=True)


def _objects(data: bytes) -> dict[int, bytes]:
    """Each object's body, a stream's bytes taken by its /Length (compressed bytes can hold
    "endobj", which truncated a stream when objects were split on the word)."""
    found, pos = {}, 0
    header = re.compile(rb"(\d+) 0 obj")
    while (match := header.search(data, pos)) is not None:
        start, end = match.end(), data.find(b"endobj", match.end())
        opening = re.compile(rb"stream\r?\n").search(data, start)
        if opening is not None and opening.start() < end:
            length = re.search(rb"/Length (\d+)(?! \d+ R)", data[start : opening.start()])
            if length:
                end = data.find(b"endobj", opening.end() + int(length.group(1)))
        found[int(match.group(1))] = data[start:end]
        pos = end + len(b"endobj")
    return found


def _stream(body: bytes) -> bytes:
    opening = re.search(rb"stream\r?\n", body)
    length = re.search(rb"/Length (\d+)(?! \d+ R)", body[: opening.start()])
    if length:
        raw = body[opening.end() : opening.end() + int(length.group(1))]
    else:
        raw = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S).group(1)
    return zlib.decompress(raw) if b"/FlateDecode" in body[: opening.start()] else raw


def _to_unicode(cmap: bytes) -> dict[int, str]:
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        ranges = re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block)
        for first, last, text in ranges:
            for i, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                table[code] = chr(int(text, 16) + i)
    return table


def pdf_pages(data: bytes) -> list[dict]:
    """Read each page of a PDF that Chromium printed: its size in points and its text.

    Enough of PDF for Chromium's own output (Skia: one content stream per page, Type 0 fonts
    with a ToUnicode map, text shown by ``Tj`` and ``TJ``); text runs are joined with spaces.
    """
    objects = _objects(data)

    def leaves(number: int) -> list[int]:
        # The page tree: a long document's pages hang from several /Pages nodes, in order.
        node = objects[number]
        if not re.search(rb"/Type\s*/Pages\b", node):
            return [number]
        kids = re.search(rb"/Kids\s*\[(.*?)\]", node, re.S).group(1)
        return [leaf for ref in re.findall(rb"(\d+) 0 R", kids) for leaf in leaves(int(ref))]

    root = re.search(rb"/Type\s*/Catalog.*?/Pages (\d+) 0 R", data, re.S).group(1)
    pages = []
    for ref in leaves(int(root)):
        page = objects[ref]
        fonts = {}
        listed = re.search(rb"/Font <<(.*?)>>", page, re.S)
        for name, number in re.findall(rb"/(\w+) (\d+) 0 R", listed.group(1) if listed else b""):
            cmap = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(number)])
            fonts[name] = _to_unicode(_stream(objects[int(cmap.group(1))])) if cmap else {}
        body = _stream(objects[int(re.search(rb"/Contents (\d+) 0 R", page).group(1))])
        text, font = [], {}
        shows = rb"/(\w+) [\d.]+ Tf|<([0-9A-Fa-f]*)> Tj|\[(.*?)\] TJ|(BT)"
        for found in re.finditer(shows, body, re.S):
            if found.group(1):
                font = fonts.get(found.group(1), {})
            elif found.group(4):
                text.append(" ")
            else:
                runs = ([found.group(2)] if found.group(2) is not None
                        else re.findall(rb"<([0-9A-Fa-f]*)>", found.group(3)))  # fmt: skip
                for run in runs:
                    codes = [int(run[i : i + 4], 16) for i in range(0, len(run), 4)]
                    text.append("".join(font.get(c, "?") for c in codes))
        size = re.search(rb"/MediaBox \[([^\]]*)\]", page).group(1).split()
        pages.append({"size": (float(size[2]), float(size[3])),
                      "text": re.sub(r"\s+", " ", "".join(text)).strip()})  # fmt: skip
    return pages
