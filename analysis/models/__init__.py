"""Floor 1: the domain formulas, pure functions of numbers with their units and sources in their
docstrings. Imports nothing from the other rooms."""
