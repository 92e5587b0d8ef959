"""QR codes for web pages and print: pure functions returning SVG, exposed to Jinja as filters.

Not a hook: hooks import it (the hooks folder is on sys.path while MkDocs loads a hook) and add `FILTERS` to a
Jinja environment, e.g. `env.filters.update(qr.FILTERS)`; templates then write
`{{ page.canonical_url | qr_svg("QR code of this page's address") }}` or `<img src="{{ url | qr_data_uri }}" alt="…">`.
"""

from __future__ import annotations

import functools
import html

import segno

# Helper functions


@functools.lru_cache(maxsize=256)
def qr_svg(url: str, label: str | None = None, *, scale: int = 4) -> str:
    """Inline SVG of a QR code for `url`; with a label it is an image with that accessible name."""
    svg = make(url).svg_inline(scale=scale, dark=DARK, light=LIGHT, svgclass="qr-code")
    if label is None:
        return svg.replace("<svg ", '<svg aria-hidden="true" ', 1)
    name = html.escape(label, quote=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{name}" ', 1)


@functools.lru_cache(maxsize=256)
def qr_data_uri(url: str, *, scale: int = 4) -> str:
    """The same QR code as an SVG data URI, for `<img src>` (give the img an alt text)."""
    return make(url).svg_data_uri(scale=scale, dark=DARK, light=LIGHT)


def make(url: str) -> segno.QRCode:
    """A QR code for a URL, never a Micro QR code (phones cannot read those), with medium error correction."""
    return segno.make(url, error="m", micro=False)


# Data

# Black on white whatever the colour scheme: phone cameras need the contrast and a light quiet zone.
DARK = "#000000"
LIGHT = "#ffffff"
FILTERS = {"qr_svg": qr_svg, "qr_data_uri": qr_data_uri}
