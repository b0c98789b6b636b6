"""The lexicons (TSV files), read by ``argmine.text.lexicon``."""
