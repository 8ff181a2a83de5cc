"""Floor 5: the build. Executes the notebooks in warm kernels with a cache keyed on what each
page read, runs Jupyter Book and publishes the book atomically."""
