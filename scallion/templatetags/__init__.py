"""Tag libraries that ship with scallion, loaded by name: ``{% load static %}``, ``tz``..."""
