"""Sessions: ``request.session``, stored by a pluggable ``SESSION_ENGINE``.

Engines: ``scallion.contrib.sessions.backends.signed_cookies`` (the default;
stateless), ``...backends.redis`` (redis-py) and ``...backends.file``.
See docs/sessions.md.
"""
