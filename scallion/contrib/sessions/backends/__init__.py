"""Session engines; each module defines a ``SessionStore`` class."""
