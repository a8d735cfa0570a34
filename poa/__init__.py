"""poa: write, score and track Amazon plans of action.

The package is importable without the command line: the CLI in ``poa.cli`` is a thin layer
over ``poa.case.store``, ``poa.render`` and ``poa.export``.
"""

__version__ = "0.1.0"
