"""Debian's Chromium as the tests and the bench start it: one flag list for both (imported, not run)."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Headless Debian Chromium as root (no sandbox), and nothing that reaches the internet: without these flags it
# phones home (updates, sync, field trials) even in headless mode.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--metrics-recording-only",
]
