"""Template loaders: where a Django-language engine finds a template's source.

``filesystem`` reads the engine's ``DIRS``, ``app_directories`` each installed
package's ``templates/`` folder, ``locmem`` a dict (for tests), and
``cached`` wraps others and keeps each compiled template.
"""
