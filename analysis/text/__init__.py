"""Floor 3: every sentence and number a reader sees, built from decided results (``explain``,
``wording``, ``format``) and the public record of each claim (``records``)."""
