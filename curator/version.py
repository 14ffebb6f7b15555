"""curator's version (its own module, so that `curator/__init__.py` may re-export the API without an import circle)."""

__version__ = "0.1.0"
