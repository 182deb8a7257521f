"""``clearsessions``."""
