"""Content-Security-Policy: the check that fails on code in a page's content, and the policy <meta> with the hashes of
exactly the inline scripts and styles a finished page holds, each script matched against the theme's reviewed list
(REVIEWED_SCRIPTS). Pages are read with an HTML5 parser (tinyhtml5, WeasyPrint's), which sees what a browser sees.
hooks/csp.py wires this in.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from posixpath import normpath
from urllib.parse import urljoin, urlsplit

import tinyhtml5
from jinja2 import Environment, Template
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = get_plugin_logger("hooks/csp")

# Helper functions


def check_content(html: str, page: Page, files: Files) -> None:
    """Fail on the first thing in a page's content that could run code or load from elsewhere, naming file and line."""
    problem = first_problem(html, page, files)
    if problem is not None:
        tag, what = problem
        raise PluginError(
            f"Page '{page.file.src_uri}'{line_of(page, tag)}: {what}.\n"
            "  --> pages hold text, links, images and forms only (README, 'Security'); code belongs in a reviewed "
            "file in docs/assets/ loaded from the theme"
        )


@dataclass
class InlineCode:
    """Inline code found in one page: what the policy must allow by hash, and what it cannot allow at all."""

    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    style_attributes: list[str] = field(default_factory=list)
    event_handlers: list[str] = field(default_factory=list)
    script_sources: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)  # elements no page may hold, e.g. <meta http-equiv="refresh">

    @classmethod
    def of(cls, html: str) -> InlineCode:
        """Parse a page as a browser does, and collect its inline scripts and styles, style attributes, on*
        event-handler attributes and script addresses."""
        found = cls()
        for element in elements(html):
            tag, attributes = local_name(element.tag), {local_name(k): v for k, v in element.attrib.items()}
            if "style" in attributes:
                found.style_attributes.append(attributes["style"] or "")
            found.event_handlers.extend(f"<{tag} {name}>" for name in attributes if EVENT_HANDLER.fullmatch(name))
            if tag == "script" and "src" in attributes:
                found.script_sources.append(attributes["src"])
            elif tag == "script" and is_javascript(attributes.get("type")):
                found.scripts.append(element.text or "")
            elif tag == "style":
                found.styles.append(element.text or "")
            if tag in FORBIDDEN_ELEMENTS or (tag == "meta" and "http-equiv" in attributes):
                found.forbidden.append(f"<{tag}{' http-equiv' if tag == 'meta' else ''}>")
        return found


def elements(html: str) -> list:
    """Every element of an HTML document or fragment, parsed by the HTML5 rules browsers follow."""
    return [element for element in tinyhtml5.parse(html).iter() if isinstance(element.tag, str)]  # not comments


def local_name(name: str) -> str:
    """A tag or attribute name without its XML namespace: an SVG <script> runs like an HTML one."""
    return name.rpartition("}")[2].lower()


def first_problem(html: str, page: Page, files: Files) -> tuple[str, str] | None:
    """The first thing in a page's content that could run code or load from elsewhere, as (what to look for in
    the source, what is wrong), or None."""
    for element in elements(html):
        tag = local_name(element.tag)
        attributes = {local_name(name): value or "" for name, value in element.attrib.items()}
        handlers = [name for name in attributes if EVENT_HANDLER.fullmatch(name)]
        if handlers:
            return handlers[0], f"the inline event handler '{handlers[0]}' on <{tag}> would run code"
        if tag == "script" and "src" not in attributes:
            return "<script", "an inline <script> would run code in every reader's browser"
        if tag == "script" and not is_own_asset(attributes["src"], page, files):
            return attributes["src"], f"<script src=\"{attributes['src']}\"> loads code from outside the site's assets"
        if tag in FORBIDDEN_ELEMENTS:
            return f"<{tag}", f"<{tag}> is not allowed in content ({FORBIDDEN_ELEMENTS[tag]})"
        if tag == "meta" and "http-equiv" in attributes:
            equiv = attributes["http-equiv"]
            return "http-equiv", f"<meta http-equiv=\"{equiv}\"> can redirect or re-configure the page"
        for name in URL_ATTRIBUTES & attributes.keys():
            address = attributes[name].strip()
            if SCRIPT_URL.match(address):
                return address[:11], f"the {name}=\"{address[:40]}\" on <{tag}> would run code"
    return None


def is_own_asset(src: str, page: Page, files: Files) -> bool:
    """Whether a script address is a JavaScript file of this site (never another host, never a path outside it)."""
    address = urlsplit(src)
    if address.scheme or address.netloc or address.path.startswith("/"):
        return False
    path = normpath(urljoin(page.url, address.path))
    file = files.get_file_from_path(path)
    return file is not None and file.src_uri.endswith(".js") and not file.is_documentation_page()


def line_of(page: Page, needle: str) -> str:
    """', line N' for the first line of the page's file that holds `needle` (any case), or '' when the text came
    from elsewhere (an included snippet, a hook)."""
    try:
        source = page.file.content_string
    except (OSError, UnicodeDecodeError):
        return ""
    for number, line in enumerate(source.splitlines(), start=1):
        if needle.lower() in line.lower():
            return f", line {number}"
    return ""


def reviewed_scripts(env: Environment) -> list[re.Pattern[str]]:
    """Patterns of the inline scripts the theme writes, read from its templates; each template must still hold the
    exact scripts that were reviewed (an upgrade of the theme that changes one fails until it is reviewed again)."""
    patterns = []
    for name, fingerprint in REVIEWED_SCRIPTS.items():
        source, _, _ = env.loader.get_source(env, name)
        bodies = SCRIPT_IN_TEMPLATE.findall(source)
        digest = hashlib.sha256("\n".join(bodies).encode("utf-8")).hexdigest()[:16]
        if digest != fingerprint:
            raise PluginError(
                f"The inline script in the theme's template '{name}' is not the one reviewed ({digest}, reviewed "
                f"{fingerprint}).\n  --> read the new script; if it is safe, put '{digest}' for '{name}' in "
                "REVIEWED_SCRIPTS in hooks/handouts/security.py"
            )
        # A template expression inside a script prints a path or URL into a string literal: allow one that cannot
        # end the literal.
        patterns += [re.compile(TEMPLATE_VALUE.join(map(re.escape, EXPRESSION.split(body)))) for body in bodies]
    return patterns


def unreviewed(scripts: list[str]) -> list[str]:
    """The inline scripts that match none of the theme's reviewed scripts."""
    return [text for text in scripts if not any(pattern.fullmatch(text) for pattern in STATE.reviewed)]


@dataclass
class State:
    """What the hooks share: whether this is a preview, and the policy template kept from on_env (module state
    survives `mkdocs serve` rebuilds, so on_startup and on_env set both afresh)."""

    serving: bool = False
    template: Template | None = None
    reviewed: list[re.Pattern[str]] = field(default_factory=list)


def with_policy(html: str, *, where: str) -> str:
    """Return the page with the policy and referrer <meta> elements right after its character-set declaration."""
    code = InlineCode.of(html)
    if code.event_handlers:
        raise PluginError(
            f"Page '{where}' has inline event handlers ({', '.join(sorted(set(code.event_handlers)))}), which the "
            "Content-Security-Policy blocks.\n  --> attach the handler from a script file in docs/assets/ instead"
        )
    if code.forbidden:
        # Content was checked line by line; this catches what reached the page another way (a setting, a template).
        raise PluginError(
            f"Page '{where}' holds {code.forbidden[0]}, which no page may hold.\n"
            "  --> look for markup in a title or description, in mkdocs.yml's nav or settings, or in overrides/"
        )
    foreign = [src for src in code.script_sources if urlsplit(src).scheme or urlsplit(src).netloc]
    if foreign:
        raise PluginError(
            f"Page '{where}' loads a script from another site ({foreign[0]}).\n"
            "  --> serve every script from docs/assets/ (README, 'Security')"
        )
    strangers = [] if STATE.serving else unreviewed(code.scripts)
    if strangers:
        raise PluginError(
            f"Page '{where}' has an inline script that is not one of the theme's reviewed scripts: "
            f"{' '.join(strangers[0].split())[:80]!r}.\n"
            "  --> look for markup in a title in mkdocs.yml's nav or settings, or a template in overrides/; "
            "pages and titles are plain text (README, 'Security')"
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
# The theme's templates that write inline scripts, each with the fingerprint of the scripts as reviewed: the first
# 16 hex digits of the SHA-256 of their text (joined by newlines), as Material 9.8 writes them.
REVIEWED_SCRIPTS = {
    "partials/javascripts/base.html": "cbd97fa31ed6cc39",  # local storage helpers, scoped to the site
    "partials/javascripts/palette.html": "0eb10c249dbdb0be",  # the reader's colour scheme
    "partials/javascripts/content.html": "7e4a119ccef17977",  # the reader's chosen tabs, the linked tab
    "partials/javascripts/announce.html": "e441dbdde5a0501b",  # a dismissed announcement
    "partials/javascripts/outdated.html": "89ea7f58a216ee23",  # the outdated-version banner
}
SCRIPT_IN_TEMPLATE = re.compile(r"<script>(.*?)</script>", re.DOTALL)
EXPRESSION = re.compile(r"\{\{.*?\}\}")
TEMPLATE_VALUE = r"[^\"'`\\<>\n]*"
# Elements content may not hold, and why.
FORBIDDEN_ELEMENTS = {
    "iframe": "it embeds another page",
    "frame": "it embeds another page",
    "frameset": "it embeds other pages",
    "object": "it embeds a plug-in or another page",
    "embed": "it embeds a plug-in",
    "applet": "it embeds a plug-in",
    "portal": "it embeds another page",
    "base": "it changes where every link and script of the page points",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data"}  # xlink:href is read as href
SCRIPT_URL = re.compile(r"\s*(?:javascript|vbscript):", re.IGNORECASE)
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
