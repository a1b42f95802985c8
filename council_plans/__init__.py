"""council-plans: council PDFs → records → graph → a Datasette site.

The Python API mirrors the CLI: :func:`council_plans.build.build` is ``plans build``,
:func:`extractor.extract` is ``plans extract``.
"""

__version__ = "0.1.0"
