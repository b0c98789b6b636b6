"""Evidence-to-claim support links: the structural rules, and a learned pair scorer."""
