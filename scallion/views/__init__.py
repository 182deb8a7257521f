"""Views: generic helpers and decorators for view functions."""
