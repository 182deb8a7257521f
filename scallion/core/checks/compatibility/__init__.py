"""Checks for settings whose meaning changed in a Django release (IDs like ``4_0.E001``).

A ported project carries settings written for an older Django; these name what
the newer rules expect.
"""
