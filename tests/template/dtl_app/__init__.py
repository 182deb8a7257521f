"""An installed package with a tag library, for the Django-language tests."""
