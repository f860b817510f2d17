"""The command line: ``python -m dashboard indicators|evaluate|check|brief|hash-password``."""

from dashboard.cli.main import main

__all__ = ["main"]
