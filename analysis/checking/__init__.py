"""Floor 2: the checking engine. Loads ``data/``, resolves parameters and scenarios, draws the
Monte Carlo, runs the three checks of each claim and decides its verdict (without words)."""
