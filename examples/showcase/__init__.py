"""The showcase: a small app that uses every part of the request cycle.

Start it from the project folder with ``scallion runserver`` (from the repository
root: ``scallion runserver --pythonpath examples --settings showcase.settings``).
"""
