"""The handouts package: what the hooks in hooks/ call.

Hooks are thin wiring listed under `hooks:` in mkdocs.yml; the logic lives here, importable because MkDocs (>= 1.6)
puts the hooks folder on sys.path. `content` reads each rendered page once into a typed model that every output
renders with its own rules: the PDFs (`print_document`, `print_plan`, `pdf`), the decks (`deck_spec`, `deck_plan`,
`deck`) and narration (`narration`). Each generated file is an `editions.Edition` in this build's registry, made
through the one cache protocol of `cache`.
"""
