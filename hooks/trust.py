"""Trust: review dates and authorship on every content page, and schema.org structured data describing it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import required_hooks
import theme_templates
from handouts.review_dates import ReviewDates
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime

log = get_plugin_logger(__name__)

# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    """Check the editorial defaults once, and fix today's date for the whole build (SOURCE_DATE_EPOCH sets it)."""
    STATE.editorial = load_editorial(config)
    required_hooks.check(config)
    STATE.today = get_build_datetime().date()
    return None


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Validate the page's review dates and authorship; report a review that is overdue without failing."""
    review = Review.from_page(page, editorial=STATE.editorial, today=STATE.today)
    page.meta["last_reviewed"] = review.last_reviewed
    page.meta["next_review"] = review.next_review
    page.meta["review"] = review
    if review.overdue:
        # INFO, not WARNING: `--strict` turns warnings into a failed build, and an overdue review must not stop
        # an otherwise good site from deploying. The page itself shows readers a notice (review-notice.html).
        log.info(
            f"{OVERDUE_PREFIX}: '{page.file.src_uri}' was due for review on {review.next_review.isoformat()} "
            f"(last reviewed {review.last_reviewed.isoformat()}); it now shows readers a review notice."
        )
    return None


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Replace the contact marker with the feedback routes named in mkdocs.yml (e-mail and issue tracker)."""
    if CONTACT_MARKER not in html:
        return None
    routes = theme_templates.get_template(config, CONTACT_TEMPLATE).render(
        email=config.extra["publisher"]["email"], issues_url=issues_url(config)
    )
    return html.replace(CONTACT_MARKER, routes.strip())


def on_page_context(context: dict, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict | None:
    """Describe the page as a schema.org MedicalWebPage, once every hook has added its references."""
    review = page.meta.get("review")
    if isinstance(review, Review):
        page.meta["json_ld"] = medical_web_page(page, config, review)
    return None


# Helper functions


class Names(c.BaseConfigOption[list[str]]):
    """One name or a list of names: people, or a team such as the editorial team."""

    def run_validation(self, value: object) -> list[str]:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise c.ValidationError(f"expected a name or a list of names, got {value!r}")
        return [name.strip() for name in names]


class EditorialConfig(base.Config):
    """`extra.editorial` in mkdocs.yml: who writes and reviews the pages that do not name anyone."""

    authors = Names()
    reviewers = Names()


class AuthorshipConfig(base.Config):
    """The optional front-matter keys naming who wrote and reviewed a page."""

    authors = c.Optional(Names())
    reviewers = c.Optional(Names())


@dataclass(frozen=True)
class Review:
    """When a page was last checked, when it is next due, who wrote and reviewed it, and whether it is overdue."""

    last_reviewed: datetime.date
    next_review: datetime.date
    authors: tuple[str, ...]
    reviewers: tuple[str, ...]
    overdue: bool

    @classmethod
    def from_page(cls, page: Page, *, editorial: EditorialConfig, today: datetime.date) -> Review:
        """Read and check the page's front matter, filling authorship from the editorial defaults."""
        dates = ReviewDates.from_meta(page.meta, page=describe(page))
        meta = AuthorshipConfig()
        meta.load_dict({key: page.meta.get(key) for key in AUTHORSHIP_KEYS})
        failed, _ = meta.validate()
        if failed:
            key, error = failed[0]
            raise PluginError(
                f"Page {describe(page)} has a problem with '{key}' in its front matter: {error}.\n"
                f"  --> {HINTS[key]}"
            )
        return cls(
            last_reviewed=dates.last_reviewed,
            next_review=dates.next_review,
            authors=tuple(meta.authors or editorial.authors),
            reviewers=tuple(meta.reviewers or editorial.reviewers),
            overdue=dates.next_review < today,
        )

    @property
    def last_reviewed_text(self) -> str:
        return long_date(self.last_reviewed)

    @property
    def next_review_text(self) -> str:
        return long_date(self.next_review)


@dataclass
class State:
    """What the hooks share during one build (reset in on_config, as `mkdocs serve` keeps the module)."""

    editorial: EditorialConfig | None = None
    today: datetime.date = datetime.date.min


def describe(page: Page) -> str:
    """The page as an error names it: its file, and the hook that wrote it when it is generated."""
    generated = f" (generated by {page.file.generated_by})" if page.file.generated_by else ""
    return f"'{page.file.src_uri}'{generated}"


def load_editorial(config: MkDocsConfig) -> EditorialConfig:
    """Validate `extra.editorial`, or fail naming mkdocs.yml."""
    editorial = EditorialConfig(config_file_path=config.config_file_path)
    data = config.extra.get("editorial")
    editorial.load_dict(data if isinstance(data, dict) else {})
    failed, _ = editorial.validate()
    if failed:
        key, error = failed[0]
        raise PluginError(
            f"Couldn't read 'extra.editorial.{key}' in '{config.config_file_path}': {error}.\n"
            "  --> give the team that writes and reviews pages, e.g. 'authors: [Open Therapy Handouts editorial team]'"
        )
    return editorial


def issues_url(config: MkDocsConfig) -> str | None:
    """Where readers open an issue: the repository's new-issue page, or None without a repository."""
    return f"{config.repo_url.rstrip('/')}/issues/new" if config.repo_url else None


def long_date(day: datetime.date) -> str:
    """A date as readers in every English-speaking country read it unambiguously: 26 November 2026."""
    return f"{day.day} {day:%B %Y}"


def medical_web_page(page: Page, config: MkDocsConfig, review: Review) -> dict:
    """The page as schema.org data: who it is for, who wrote and checked it, when, under what licence, citing what."""
    publisher = config.extra["publisher"]
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.meta.get("title") or page.title,
        "description": " ".join(str(page.meta.get("description", "")).split()),
        "url": page.canonical_url,
        "inLanguage": config.theme["language"],
        "audience": AUDIENCES.get(page.meta.get("audience"), AUDIENCES["everyone"]),
        "about": ABOUT,
        "lastReviewed": review.last_reviewed.isoformat(),
        "author": [organisation(name) for name in review.authors],
        "reviewedBy": [organisation(name) for name in review.reviewers],
        "publisher": {**organisation(publisher["name"]), "url": config.site_url},
        "license": config.extra["licence"]["content"]["url"],
        "isPartOf": {"@type": "WebSite", "name": config.site_name, "url": config.site_url},
    }
    citations = [citation(reference) for reference in page.meta.get("references") or [] if isinstance(reference, dict)]
    if citations:
        data["citation"] = citations
    return {key: value for key, value in data.items() if value}


def organisation(name: str) -> dict:
    """An author or reviewer: the site names teams, never invented individuals."""
    return {"@type": "Organization", "name": name}


def citation(reference: dict) -> dict:
    """One cited work from the citation hook's page.meta['references'] ({id, text, html, doi_url, url})."""
    work = {"@type": "CreativeWork", "name": " ".join(str(reference.get("text", "")).split())}
    link = reference.get("doi_url") or reference.get("url")
    if link:
        work["url"] = link
    return work


# Data

STATE = State()
OVERDUE_PREFIX = "REVIEW OVERDUE"
CONTACT_MARKER = "<!-- contact -->"
CONTACT_TEMPLATE = "partials/contact.html"
AUTHORSHIP_KEYS = ("authors", "reviewers")
HINTS = {
    "authors": "write 'authors:' as a name or a list of names, or leave it out for extra.editorial in mkdocs.yml",
    "reviewers": "write 'reviewers:' as a name or a list of names, or leave it out for extra.editorial in mkdocs.yml",
}
# Who each audience is, in schema.org terms; pages for everyone address both.
PATIENT = {"@type": "Patient"}
CLINICIAN = {"@type": "MedicalAudience", "audienceType": "Clinician"}
AUDIENCES = {"client": PATIENT, "professional": CLINICIAN, "everyone": [PATIENT, CLINICIAN]}
ABOUT = {"@type": "MedicalTherapy", "name": "Imagery rescripting", "alternateName": "ImRs"}
