"""Languages: the settings of every edition, translation records and the safety comparison (hooks/languages.py)."""
