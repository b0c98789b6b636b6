"""Segmentation into argumentative units: the rule segmenter, and a stanza tokenizer trained on the corpus."""
