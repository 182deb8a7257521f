"""The sessions app's management commands."""
