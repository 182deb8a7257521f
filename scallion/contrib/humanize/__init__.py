"""Filters that make numbers and dates read naturally: ``{% load humanize %}``.

Add ``"scallion.contrib.humanize"`` to ``INSTALLED_APPS`` (or keep Django's
name after the rename) to load ``intcomma``, ``intword``, ``apnumber``,
``ordinal``, ``naturalday`` and ``naturaltime`` in templates.
"""
