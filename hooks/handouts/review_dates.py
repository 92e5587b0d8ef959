"""Review dates: when a page was last checked and when it is next due, read from its front matter in one way.

YAML reads `last_reviewed: 2026-11-26` as a date but `last_reviewed: '2026-11-26'` as text; both mean the same day,
so every reader of review dates (the page info, the References page, the editions' dates) goes through
`ReviewDates.from_meta`, which accepts either and fails naming the file for anything else.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError

# Records


class ReviewDate(c.BaseConfigOption[datetime.date]):
    """A calendar date written YYYY-MM-DD: YAML reads it as a date, or it may be quoted as a string."""

    def run_validation(self, value: object) -> datetime.date:
        if value is None:
            raise c.ValidationError("missing")
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date | str):
            raise c.ValidationError(f"'{value}' is not a date written YYYY-MM-DD")
        if isinstance(value, datetime.date):
            return value
        if not ISO_DATE.fullmatch(value.strip()):
            raise c.ValidationError(f"'{value}' is not a date written YYYY-MM-DD")
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise c.ValidationError(f"'{value}' is not a real date") from None


class ReviewDatesConfig(base.Config):
    """The two front-matter keys every content page must have."""

    last_reviewed = ReviewDate()
    next_review = ReviewDate()


@dataclass(frozen=True)
class ReviewDates:
    """A page's last review and next review, as dates, the next one after the last."""

    last_reviewed: datetime.date
    next_review: datetime.date

    @classmethod
    def from_meta(cls, meta: dict, *, page: str) -> ReviewDates:
        """Read the dates from front matter (quoted or not), or fail naming the page (`page` as errors name it,
        e.g. "'client/a.md'") and the key."""
        dates = ReviewDatesConfig()
        dates.load_dict({key: meta.get(key) for key in KEYS})
        failed, _ = dates.validate()
        if failed:
            key, error = failed[0]
            raise PluginError(
                f"Page {page} has a problem with '{key}' in its front matter: {error}.\n  --> {HINTS[key]}"
            )
        if dates.next_review <= dates.last_reviewed:
            raise PluginError(
                f"Page {page} has next_review {dates.next_review} on or before last_reviewed "
                f"{dates.last_reviewed}.\n  --> {HINTS['next_review']}"
            )
        return cls(dates.last_reviewed, dates.next_review)


# Data

KEYS = ("last_reviewed", "next_review")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
HINTS = {
    "last_reviewed": "add 'last_reviewed: YYYY-MM-DD' (the day the page was last checked) to its front matter",
    "next_review": "add 'next_review: YYYY-MM-DD', after last_reviewed (usually a year later), to its front matter",
}
