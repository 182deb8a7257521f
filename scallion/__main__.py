"""``python -m scallion`` and the ``scallion`` console script."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """Run ``scallion <argv>`` (default: the process's arguments) and exit with its code."""
    from scallion.core.management import ManagementUtility

    arguments = sys.argv[1:] if argv is None else argv
    sys.exit(ManagementUtility(["scallion", *arguments]).execute())


if __name__ == "__main__":
    main()
