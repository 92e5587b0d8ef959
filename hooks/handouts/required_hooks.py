"""The hooks the site cannot go without: a build that lists some of them but not all fails, naming what is missing.

Not a hook: the hooks below call `check` from their `on_config`, so removing any one of them from mkdocs.yml is
reported by the others instead of quietly building pages without dates, policy or citations.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError


def check(config: MkDocsConfig) -> None:
    """Fail when a hook the site depends on is missing from `hooks:` in mkdocs.yml."""
    listed = {PurePosixPath(str(name).replace("\\", "/")).name for name in config["hooks"]}
    missing = [name for name in REQUIRED if name not in listed]
    if missing:
        name = missing[0]
        raise PluginError(
            f"The hook 'hooks/{name}' is missing from 'hooks:' in '{config.config_file_path}': {REQUIRED[name]}.\n"
            f"  --> list '- hooks/{name}' under 'hooks:' again, in the order the comments there give"
        )


# Data

# Each required hook, and what the site would quietly lose without it.
REQUIRED = {
    "audience.py": "every page's audience, description and counterpart are checked there, and pages' front matter "
    "is read safely",
    "citations.py": "without it '[@key]' citations print as typed and the References page disappears",
    "forms.py": "without it worksheet forms print as code",
    "downloads.py": "the PDFs, and the settings under extra.downloads, come from it",
    "trust.py": "review dates, authorship, structured data (JSON-LD) and contact details on every page come from it",
    "languages.py": "this build's language, the language menu and our interface text in every template come from it",
    "csp.py": "the Content-Security-Policy, and the check that keeps script out of pages, come from it",
}
