"""An installed-app-like package holding templates/ and static/ for the tests."""
