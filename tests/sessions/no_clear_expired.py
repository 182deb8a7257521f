"""A session engine whose store cannot clear expired sessions."""

from scallion.contrib.sessions.backends.base import SessionBase


class SessionStore(SessionBase):
    pass
