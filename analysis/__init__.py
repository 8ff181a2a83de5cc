"""Recomputes the checkable claims of two German documents on AI (see README.md).

The package is five rooms on five floors; each imports only from the floors below::

    pipeline/   the build: notebooks, cache, Jupyter Book
    book/       what goes on a page
    text/       every sentence and number a reader sees
    checking/   data, parameters, Monte Carlo, checks, verdicts, the run
    models/     the domain formulas

``analysis/README.md`` says where a new claim family, sentence, page or build step goes.
"""
