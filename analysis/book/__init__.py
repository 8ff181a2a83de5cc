"""Floor 4: what goes on a page (claim blocks, tables, charts, what-if widgets) and what a
published book carries (ClaimReview, bibliography, release stamp, archive, run-to-run diff)."""
