"""Languages: the settings of every edition, translation records, the safety comparison and this build's edition
(hooks/languages.py)."""
