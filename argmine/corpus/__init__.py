"""Annotated corpora: JSONL records and their validation, markup, standoff records, splits, datasets."""
