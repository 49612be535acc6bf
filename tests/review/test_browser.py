"""The review's HTML in a real browser: headless Chromium renders the file, and the
test reads what a reader sees (the rendered DOM, the console, the screenshot's pixels).

Skipped, with the reason, where Debian's ``chromium`` is not installed (``.ci/run``
installs it)."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

import irm
from irm.io.drafts import read_draft
from irm.review import render_review, review_draft

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                                          "(apt-get install chromium)")
#: the <mark> background of the report's style
HIGHLIGHT = (0xFF, 0xD8, 0x4D)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=True)


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB(A) scanlines of an 8-bit, non-interlaced PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks, header = 8, [], None
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        data = png[at + 8:at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", data)
        elif kind == b"IDAT":
            chunks.append(data)
        at += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour in (2, 6)
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * step
    lines, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            a = line[x - step] if x >= step else 0
            b = previous[x]
            c = previous[x - step] if x >= step else 0
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        lines.append(bytes(line))
        previous = line
    return width, step, lines


class _Seen(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.text = [], set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.ids.update(v for k, v in attrs if k == "id")

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    draft = folder / "draft.json"
    draft.write_text(json.dumps({"member": "Valdoria", "year": 2025, "commitments": [
        {"title": "Open budget data portal <img src=x onerror=alert(1)>",
         "text": "The Ministry of Finance will publish the approved state budget as open "
                 "data on a new open budget portal. <script>alert('x')</script>",
         "milestones": ["Publish the budget data by June 2026 (Ministry of Finance)"]}]}),
        encoding="utf-8")
    review = review_draft(read_draft(draft), irm.read_ogp_csv(irm.sample_path()))
    path = folder / "review.html"
    path.write_text(render_review(review), encoding="utf-8")
    return folder, path


def test_chromium_renders_every_section_and_runs_no_script(report):
    folder, path = report
    done = _chromium(folder, "--enable-logging=stderr", "--v=0", "--dump-dom", path.as_uri())
    seen = _Seen()
    seen.feed(done.stdout)
    assert {"about", "profile", "commitments", "DRAFT-001"} <= seen.ids
    assert "script" not in seen.tags and "img" not in seen.tags  # the text stayed text
    shown = " ".join(seen.text)
    assert "Plan profile" in shown and "Similar commitments elsewhere" in shown
    assert "<script>alert('x')</script>" in shown
    assert "mark" in seen.tags
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line]
    assert not console, console


def test_the_screenshot_shows_highlighted_spans(report):
    folder, path = report
    shot = folder / "page.png"
    _chromium(folder, f"--screenshot={shot}", "--window-size=1280,8000",
              "--force-device-scale-factor=0.5", path.as_uri())
    width, step, lines = _pixels(shot.read_bytes())
    target = bytes(HIGHLIGHT)
    marked = sum(line[x:x + 3] == target for line in lines for x in range(0, width * step, step))
    assert marked > 200, f"only {marked} pixels of the highlight colour on the page"
    page = sum(line[x:x + 3] != b"\xff\xff\xff" for line in lines[:200]
               for x in range(0, width * step, step * 4))
    assert page > 100  # text was drawn at the top: the page is not blank
