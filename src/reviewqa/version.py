"""The version of reviewqa (recorded in every index manifest)."""

__version__ = "0.1.0"
