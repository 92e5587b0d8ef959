"""Trust: review dates and authorship on every content page, and schema.org structured data describing it.

The page info (handouts/page_info.py) reads and checks each page's review dates and authorship; this hook reports
overdue reviews, fills the contact marker and describes each page as a schema.org MedicalWebPage (handouts/trust.py).
The HTML is in overrides/partials/contact.html and json-ld.html.
"""

from __future__ import annotations

from handouts import required_hooks, trust
from handouts.page_info import page_info
from handouts.settings import site_settings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    """Check the editorial defaults once, before any page names its authors."""
    site_settings(config)
    required_hooks.check(config)
    return None


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Report a review that is overdue without failing (the page info has checked the dates and authorship)."""
    message = trust.overdue_message(page)
    if message:
        # INFO, not WARNING: `--strict` turns warnings into a failed build, and an overdue review must not stop
        # an otherwise good site from deploying. The page itself shows readers a notice (review-notice.html).
        log.info(message)
    return None


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Replace the contact marker with the feedback routes named in mkdocs.yml (e-mail and issue tracker)."""
    if trust.CONTACT_MARKER not in html:
        return None
    return trust.add_contact(html, config)


def on_page_context(context: dict, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict | None:
    """Describe the page as a schema.org MedicalWebPage (partials/json-ld.html), once every hook has added its
    references."""
    context["json_ld"] = trust.medical_web_page(page, config, page_info(page))
    return context
