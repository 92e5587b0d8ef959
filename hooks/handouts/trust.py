"""Trust: the notice of an overdue review, the feedback routes of the contact marker, and each page as schema.org
structured data (for hooks/trust.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from handouts import templates
from handouts.page_info import PageInfo, page_info
from handouts.settings import site_settings

if TYPE_CHECKING:
    from handouts.bibliography import Reference

# Helper functions


def overdue_message(page: Page) -> str | None:
    """What the build reports about a page whose review is overdue, or None (the page info has checked the dates)."""
    info = page_info(page)
    if not info.overdue:
        return None
    dates = info.review_dates
    return (
        f"{OVERDUE_PREFIX}: '{page.file.src_uri}' was due for review on {dates.next_review.isoformat()} "
        f"(last reviewed {dates.last_reviewed.isoformat()}); it now shows readers a review notice."
    )


def add_contact(html: str, config: MkDocsConfig) -> str:
    """A page's HTML with the contact marker replaced by the feedback routes named in mkdocs.yml."""
    routes = templates.get_template(config, CONTACT_TEMPLATE).render(
        email=site_settings(config).publisher.email, issues_url=issues_url(config)
    )
    return html.replace(CONTACT_MARKER, routes.strip())


def issues_url(config: MkDocsConfig) -> str | None:
    """Where readers open an issue: the repository's new-issue page, or None without a repository."""
    return f"{config.repo_url.rstrip('/')}/issues/new" if config.repo_url else None


def medical_web_page(page: Page, config: MkDocsConfig, info: PageInfo) -> dict:
    """The page as schema.org data: who it is for, who wrote and checked it, when, under what licence, citing what."""
    settings = site_settings(config)
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": info.title or page.title,
        "description": " ".join(info.description.split()),
        "url": page.canonical_url,
        "inLanguage": config.theme["language"],
        "audience": AUDIENCES.get(info.audience, AUDIENCES["everyone"]),
        "about": ABOUT,
        "lastReviewed": info.review_dates.last_reviewed.isoformat(),
        "author": [organisation(name) for name in info.authors],
        "reviewedBy": [organisation(name) for name in info.reviewers],
        "publisher": {**organisation(settings.publisher.name), "url": config.site_url},
        "license": settings.licence.content.url,
        "isPartOf": {"@type": "WebSite", "name": config.site_name, "url": config.site_url},
    }
    citations = [citation(reference) for reference in info.references]
    if citations:
        data["citation"] = citations
    return {key: value for key, value in data.items() if value}


def organisation(name: str) -> dict:
    """An author or reviewer: the site names teams, never invented individuals."""
    return {"@type": "Organization", "name": name}


def citation(reference: Reference) -> dict:
    """One cited work of the page: its address when it has one (a DOI names the work exactly, and the page already
    prints the full reference, so repeating it would only add weight to every page), else its reference as text."""
    link = reference.doi_url or reference.url
    if link:
        return {"@type": "CreativeWork", "@id": link, "url": link}
    return {"@type": "CreativeWork", "name": " ".join(reference.text.split())}


# Data

OVERDUE_PREFIX = "REVIEW OVERDUE"
CONTACT_MARKER = "<!-- contact -->"
CONTACT_TEMPLATE = "partials/contact.html"
# Who each audience is, in schema.org terms; pages for everyone address both.
PATIENT = {"@type": "Patient"}
CLINICIAN = {"@type": "MedicalAudience", "audienceType": "Clinician"}
AUDIENCES = {"client": PATIENT, "professional": CLINICIAN, "everyone": [PATIENT, CLINICIAN]}
ABOUT = {"@type": "MedicalTherapy", "name": "Imagery rescripting", "alternateName": "ImRs"}
