"""A small two-language site in a temporary folder: English and a language the project does not have (French),
made from the real theme, hooks and settings plus a config entry and translated files only."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import yaml

from conftest import ROOT, Build, load_config, run_build

CODE = "fr"

ENGLISH = {
    "index.md": """---
title: Home
description: The home page of a small test site, long enough to be a useful description of it.
audience: everyone
last_reviewed: 2026-11-26
next_review: 2027-11-26
---

# Home

Welcome. Read [the client guide](client/index.md) or [about us](about.md).
""",
    "about.md": """---
title: About
description: About the small test site, long enough to be a useful description of this page.
audience: everyone
last_reviewed: 2026-11-26
next_review: 2027-11-26
---

# About

Who we are.
""",
    "client/index.md": """---
title: A plain guide
description: A plain guide for clients in a small test site, long enough to be a useful description.
audience: client
last_reviewed: 2026-11-26
next_review: 2027-11-26
---

# A plain guide

This page is in English. Changing a memory can help [@arntz2012].

!!! note "Content note"
    This part talks about hard memories.

!!! tip "Pause here"
    Take a breath.

<!-- help-lines-short -->

```form
name: check-in
legend: How are you?
fields:
  - name: feeling
    label: How do you feel?
    type: text
```

Back to [home](../index.md), or read [about us](../about.md).
""",
}

TRANSLATED = {
    "index.md": """---
title: Accueil
description: La page d'accueil d'un petit site d'essai, assez longue pour bien le décrire ici.
audience: everyone
last_reviewed: 2026-11-26
next_review: 2027-11-26
translation:
  source: index.md
  source_sha256: {index.md}
  translated: 2026-12-03
  translated_by: Test team
  reviewed_by: []
---

# Accueil

Bienvenue. Lisez [le guide](client/index.md) ou [qui sommes-nous](about.md).
""",
    "client/index.md": """---
title: Un guide simple
description: Un guide simple pour les clients d'un petit site d'essai, assez long pour le décrire.
audience: client
last_reviewed: 2026-11-26
next_review: 2027-11-26
translation:
  source: client/index.md
  source_sha256: {client/index.md}
  translated: 2026-12-03
  translated_by: Test team
  reviewed_by: []
---

# Un guide simple

Cette page est en français. Les grenouillages changent un souvenir [@arntz2012].

!!! note "Avertissement"
    Cette partie parle de souvenirs difficiles.

!!! tip "Faites une pause"
    Respirez.

<!-- help-lines-short -->

```form
name: check-in
legend: Comment allez-vous ?
fields:
  - name: feeling
    label: Comment vous sentez-vous ?
    type: text
```

Retour à [l'accueil](../index.md), ou lisez [qui sommes-nous](../about.md).
""",
}
# A word that appears in one translated page only, for the search test.
UNIQUE_WORD = "grenouillages"


def make_language_site(root: Path, *, translated: dict[str, str] | None = None, catalogue_skip: str = "") -> Path:
    """Write the site into `root`: English pages, then French as a config entry plus translated files. Returns the
    French mkdocs.yml. `translated` replaces translated pages; `catalogue_skip` leaves one help-line string out."""
    for folder in ("overrides", "hooks", "includes", "bibliography", "data"):
        shutil.copytree(ROOT / folder, root / folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    docs = root / "docs"
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets", dirs_exist_ok=True)
    write_pages(docs, ENGLISH)
    shutil.copy(ROOT / "docs" / "client" / ".meta.yml", docs / "client" / ".meta.yml")
    references = json.loads((ROOT / "bibliography" / "references.json").read_text(encoding="utf-8"))
    cited = [entry for entry in references if entry["id"] == "arntz2012"]
    (root / "bibliography" / "references.json").write_text(json.dumps(cited), encoding="utf-8")
    config = load_config()
    config["nav"] = ["index.md", {"Clients": ["client/index.md"]}, "about.md"]
    config["extra"]["languages"] = [{"code": "en", "name": "English"}, {"code": CODE, "name": "Français"}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")

    # The new language: its mkdocs.yml (Spanish's, with the language changed), its pages and its help-line text.
    folder = root / "languages" / CODE
    text = (ROOT / "languages" / "es" / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("language: es", f"language: {CODE}").replace("lang: es", f"lang: {CODE}")
    text = text[: text.index("\nnav:")] + "\nnav:\n  - index.md\n  - Clients:\n      - client/index.md\n"
    folder.mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(text, encoding="utf-8")
    hashes = {name: hashlib.sha256((docs / name).read_bytes()).hexdigest() for name in ENGLISH}
    pages = {**TRANSLATED, **(translated or {})}
    write_pages(folder / "docs", {name: page.replace("{" + name + "}", hashes[name]) for name, page in pages.items()})
    meta = yaml.safe_load((ROOT / "docs" / "client" / ".meta.yml").read_text(encoding="utf-8"))
    meta["tags"] = ["Clients et familles"]
    (folder / "docs" / "client" / ".meta.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    catalogue = {text: f"{text} (fr)" for text in help_line_strings() if text != catalogue_skip}
    (folder / "help-lines.yml").write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    return folder / "mkdocs.yml"


def write_pages(docs: Path, pages: dict[str, str]) -> None:
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")


def help_line_strings() -> list[str]:
    """Every text of data/help-lines.yml that a language translates: countries, areas, opening times, who for."""
    data = yaml.safe_load((ROOT / "data" / "help-lines.yml").read_text(encoding="utf-8"))
    found = []
    for country in data["countries"]:
        found.append(country["name"])
        for line in country["lines"]:
            found += [line[key] for key in ("area", "open", "who") if line.get(key)]
    return found


def build_language_site(root: Path, **env: str) -> tuple[Build, Build]:
    """Build English into site/ and French into site/fr/, as `make site` does."""
    english = run_build(root / "mkdocs.yml", root / "site", **env)
    french = run_build(root / "languages" / CODE / "mkdocs.yml", root / "site" / CODE, **env)
    return english, french
