"""The till: offline-first point of sale for chain stores."""

__version__ = "0.1.0"
