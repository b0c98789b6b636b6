"""Attribution: reporting cues, their sources and contents, source types and canonical ids, and continuations."""
