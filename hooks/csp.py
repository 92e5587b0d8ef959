"""Content-Security-Policy: a strict policy in a <meta> on every page, allowing exactly the inline code it holds.

The theme writes a few small inline scripts into every page. Rather than allowing inline script in general, this
hook hashes each one as served, after every other hook has finished with the page, and allows those hashes only.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from jinja2 import Template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

# Hooks


def on_startup(*, command: str, dirty: bool) -> None:
    """Note whether this is `mkdocs serve`, which injects a live-reload script into every page after the build."""
    STATE.serving = command == "serve"
    if STATE.serving:
        log.info("Preview: the Content-Security-Policy allows inline scripts for live reload; builds stay strict.")


def on_env(env, /, *, config: MkDocsConfig, files: Files):
    """Keep the template for the policy <meta> elements from the theme's own environment."""
    STATE.template = env.get_template(TEMPLATE)
    return None


@event_priority(-100)
def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
    """Put the policy into a content page, last of all hooks, so the hashes match the page as served."""
    return with_policy(output, where=page.file.src_uri)


@event_priority(-100)
def on_post_template(output: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
    """Put the policy into the theme's stand-alone pages (404.html); leave sitemap.xml and others alone."""
    if not template_name.endswith(".html"):
        return None
    return with_policy(output, where=template_name)


# Helper functions


@dataclass
class InlineCode:
    """Inline code found in one page: what the policy must allow by hash, and what it cannot allow at all."""

    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    style_attributes: list[str] = field(default_factory=list)
    event_handlers: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, html: str) -> InlineCode:
        """Parse a page with the standard library's HTML parser, which keeps script text exactly as written."""
        finder = InlineCodeFinder()
        finder.feed(html)
        finder.close()
        return finder.found


class InlineCodeFinder(HTMLParser):
    """Collect inline scripts, <style> elements, style attributes and on* event-handler attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = InlineCode()
        self.open: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "style" in attributes:
            self.found.style_attributes.append(attributes["style"] or "")
        self.found.event_handlers.extend(f"<{tag} {name}>" for name, _ in attrs if EVENT_HANDLER.fullmatch(name))
        if tag == "script" and "src" not in attributes and is_javascript(attributes.get("type")):
            self.open = ("script", [])
        elif tag == "style":
            self.open = ("style", [])

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.open[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self.open is None or tag != self.open[0]:
            return
        text = "".join(self.open[1])
        (self.found.scripts if tag == "script" else self.found.styles).append(text)
        self.open = None


@dataclass
class State:
    """What the hooks share: whether this is a preview, and the policy template kept from on_env (module state
    survives `mkdocs serve` rebuilds, so on_startup and on_env set both afresh)."""

    serving: bool = False
    template: Template | None = None


def with_policy(html: str, *, where: str) -> str:
    """Return the page with the policy and referrer <meta> elements right after its character-set declaration."""
    code = InlineCode.of(html)
    if code.event_handlers:
        raise PluginError(
            f"Page '{where}' has inline event handlers ({', '.join(sorted(set(code.event_handlers)))}), which the "
            "Content-Security-Policy blocks.\n  --> attach the handler from a script file in docs/assets/ instead"
        )
    if STATE.template is None:
        raise PluginError(f"Couldn't find the template '{TEMPLATE}' for the Content-Security-Policy of '{where}'.")
    meta = STATE.template.render(policy=policy(code)).strip()
    anchor = CHARSET.search(html) or HEAD.search(html)
    if anchor is None:
        log.warning(f"Page '{where}' has no <head>, so it cannot carry a Content-Security-Policy.")
        return html
    return f"{html[: anchor.end()]}\n{meta}{html[anchor.end() :]}"


def policy(code: InlineCode) -> str:
    """The policy text: same-origin everything, plus the hashes of exactly this page's inline code."""
    directives = {name: list(sources) for name, sources in BASE_POLICY.items()}
    if STATE.serving:
        # The live-reload script differs on every request, so no hash can allow it; previews only, never a build.
        directives["script-src"].append("'unsafe-inline'")
    else:
        directives["script-src"] += [source_hash(text) for text in unique(code.scripts)]
    directives["style-src"] += [source_hash(text) for text in unique(code.styles)]
    if code.style_attributes:
        # Hashes cover style="..." attributes only with 'unsafe-hashes' (CSP Level 3); nothing else is loosened.
        directives["style-src"] += ["'unsafe-hashes'", *(source_hash(text) for text in unique(code.style_attributes))]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def source_hash(text: str) -> str:
    """A CSP hash source for inline text, computed over its UTF-8 bytes as the browser does."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def is_javascript(script_type: str | None) -> bool:
    """Whether a <script> runs: no type, a JavaScript MIME type or a module; JSON and JSON-LD are data, not code."""
    return script_type is None or script_type.strip().lower() in JAVASCRIPT_TYPES


def unique(texts: list[str]) -> list[str]:
    """The texts in first-seen order, without repeats."""
    return list(dict.fromkeys(texts))


# Data

STATE = State()
TEMPLATE = "partials/csp.html"
CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"on[a-z]+")
JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
# The policy every page gets before its own hashes are added. `frame-ancestors`, `report-uri` and `sandbox` are
# ignored in a <meta> policy (browsers log an error): set them as HTTP headers where the host allows (README).
BASE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'none'"],
}
