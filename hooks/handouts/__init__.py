"""The handouts package: what the hooks in hooks/ call.

Hooks are thin wiring listed under `hooks:` in mkdocs.yml; the logic they share lives here, importable because
MkDocs (>= 1.6) puts the hooks folder on sys.path. `content` reads each rendered page once into a typed model that
every output (decks now; PDFs and narration later) renders with its own rules.
"""
