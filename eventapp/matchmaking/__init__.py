"""Command-line meeting scheduler: ``python -m eventapp.matchmaking PROBLEM.json``."""
