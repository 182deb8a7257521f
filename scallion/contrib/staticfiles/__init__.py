"""Static files: finders over source folders, ``collect`` to ``STATIC_ROOT``, ``static()``.

In DEBUG the development server serves files straight from the source folders
(``handlers.StaticFilesHandler``, or ``ASGIStaticFilesHandler`` under ASGI); in
production ``collect`` copies them to ``STATIC_ROOT`` with content-hashed names
and a manifest, and ``scallion.middleware.staticfiles.StaticFilesMiddleware``
serves them.
"""
