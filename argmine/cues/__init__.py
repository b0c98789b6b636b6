"""Hedge and booster cues: the lexicon with its rules, and a learned filter over its candidates."""
