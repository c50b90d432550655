"""A real headless browser for the tests: Debian's Chromium driven over the DevTools protocol.

No test framework's own browser download is needed: the tests start ``chromium`` (installed by
``.ci/run``) with remote debugging, open a page, and read what a reader's browser would: console
errors and exceptions, whether every image loaded and has alt text, the heading outline, the
page's language, and a screenshot.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import time
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

    def pdf(self, target: Path) -> bytes:
        """Print the open page as a browser's "Save as PDF" does (page size from the CSS)."""
        printed = self.call(
            "Page.printToPDF", preferCSSPageSize=True, printBackground=True
        )
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
