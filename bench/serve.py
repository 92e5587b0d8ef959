"""A tiny static server for the bench: folders mounted under URL prefixes, gzip as GitHub Pages sends it."""

from __future__ import annotations

import gzip
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

# Helper functions


@contextmanager
def serving(mounts: dict[str, Path]) -> Iterator[str]:
    """Serve each folder below its URL prefix ({'/imagery-rescripting/': site}) on a free port; yield the origin."""
    handler = partial(GzipHandler, mounts=mounts)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def gzip_size(data: bytes) -> int:
    """Bytes after gzip at the level most web servers use (deterministic: no timestamp)."""
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


class GzipHandler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD of files below the mounts, with `Content-Encoding: gzip` for text when the client accepts it."""

    def __init__(self, *args: object, mounts: dict[str, Path], **kwargs: object) -> None:
        self.mounts = mounts
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self.respond(send_body=True)

    def do_HEAD(self) -> None:
        self.respond(send_body=False)

    def respond(self, *, send_body: bool) -> None:
        """Send the file the path names (a folder means its index.html), or 404."""
        target = self.resolve(self.path.split("?", 1)[0].split("#", 1)[0])
        if target is None:
            self.send_error(404)
            return
        body = target.read_bytes()
        content_type = CONTENT_TYPES.get(target.suffix, "application/octet-stream")
        compress = target.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            body = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        if compress:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def resolve(self, path: str) -> Path | None:
        """The file for a URL path, never outside its mounted folder."""
        for prefix, folder in sorted(self.mounts.items(), key=lambda item: -len(item[0])):
            if not path.startswith(prefix):
                continue
            target = (folder / path[len(prefix) :]).resolve()
            if target.is_dir():
                target = target / "index.html"
            if target.is_file() and target.is_relative_to(folder.resolve()):
                return target
            return None
        return None

    def log_message(self, format: str, *args: object) -> None:
        pass


# Data

GZIP_LEVEL = 6
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
