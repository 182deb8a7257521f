"""Template backends: ``base.BaseEngine`` is the API, ``jinja2.Jinja2`` the default."""
