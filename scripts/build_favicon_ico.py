"""Regenerate docs/favicon.ico from docs/assets/images/favicon.svg.

Browsers ask for /favicon.ico on pages that name no icon (a PDF, a raw file,
an error page from the host). Shipping one keeps those requests from 404ing.
The icon holds 16, 32 and 48 px PNG images rendered by Debian's Chromium, so
it matches the SVG exactly. Run it after changing the SVG:

    .venv/bin/python scripts/build_favicon_ico.py
"""

from __future__ import annotations

import struct
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "docs" / "assets" / "images" / "favicon.svg"
TARGET = ROOT / "docs" / "favicon.ico"
SIZES = (16, 32, 48)


def render_pngs(svg: str) -> list[bytes]:
    images = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for size in SIZES:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(
                f"<style>html,body{{margin:0}}svg{{display:block;width:{size}px;height:{size}px}}</style>{svg}"
            )
            images.append(page.screenshot(omit_background=True))
            page.close()
        browser.close()
    return images


def ico(images: list[bytes]) -> bytes:
    """An ICO container of PNG images (supported by every current browser)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, data = b"", b""
    for size, png in zip(SIZES, images, strict=True):
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + entries + data


if __name__ == "__main__":
    TARGET.write_bytes(ico(render_pngs(SOURCE.read_text(encoding="utf-8"))))
    print(f"wrote {TARGET.relative_to(ROOT)}")
