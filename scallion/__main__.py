"""``python -m scallion`` and the ``scallion`` console script."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    from scallion.core.management import execute_from_command_line

    sys.exit(execute_from_command_line(argv))


if __name__ == "__main__":
    main()
