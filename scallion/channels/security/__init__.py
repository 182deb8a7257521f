"""Checks on connections before a consumer sees them."""
