"""Content-Security-Policy: a strict policy in a <meta> on every page, and content that cannot run code.

Pages are contributed, so their HTML is untrusted. As soon as Markdown has made it, this hook fails the build, naming
the file and line, on anything that runs code or changes where the page loads from: inline scripts, event handlers,
`javascript:` links, frames and plug-ins, `<base>`, `<meta http-equiv>`, and scripts from anywhere but the site's own
assets. The finished page may then hold only the inline scripts the theme writes, each one matched against the
reviewed list (REVIEWED_SCRIPTS in handouts/security.py, which holds the logic), and the policy allows exactly those,
by hash.
"""

from __future__ import annotations

from handouts import required_hooks, security
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

# Hooks


def on_config(config: MkDocsConfig) -> None:
    """Fail early when a hook the site depends on has been taken out of mkdocs.yml."""
    required_hooks.check(config)


def on_startup(*, command: str, dirty: bool) -> None:
    """Note whether this is `mkdocs serve`, which injects a live-reload script into every page after the build."""
    security.STATE.serving = command == "serve"
    if security.STATE.serving:
        log.info("Preview: the Content-Security-Policy allows inline scripts for live reload; builds stay strict.")


def on_env(env: Environment, /, *, config: MkDocsConfig, files: Files) -> None:
    """Keep the template for the policy <meta> elements, and the reviewed inline scripts, from the theme."""
    security.STATE.template = env.get_template(security.TEMPLATE)
    security.STATE.reviewed = security.reviewed_scripts(env)


@event_priority(100)
def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    """Fail on code in a page's content, first of all hooks, so only what its Markdown made is judged."""
    security.check_content(html, page, files)


@event_priority(-100)
def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
    """Put the policy into a content page, last of all hooks, so the hashes match the page as served."""
    return security.with_policy(output, where=page.file.src_uri)


@event_priority(-100)
def on_post_template(output: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
    """Put the policy into the theme's stand-alone pages (404.html); leave sitemap.xml and others alone."""
    if not template_name.endswith(".html"):
        return None
    return security.with_policy(output, where=template_name)
