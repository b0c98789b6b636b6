"""Arabic text handling shared by every component: normalisation with its offset map, tokens, lexicon matching."""
