"""The showcase: a small app that uses every part of the request cycle.

Start it from the repository root with
``scallion runserver --pythonpath examples --settings showcase.settings``.
"""
