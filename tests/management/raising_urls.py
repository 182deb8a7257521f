"""A URLconf whose import fails, for the command error tests."""

raise RuntimeError("boom while importing the URLconf")
