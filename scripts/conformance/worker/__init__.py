"""The part of the conformance runner that runs inside a test venv, one process per package.

Kept free of imports from the orchestrator so that it runs on the venv's Python with
nothing but the framework under test installed.
"""
