"""Optional components built on the core: sessions and messages (Django's contrib)."""
