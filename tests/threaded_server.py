"""The embedded server (waitress) on a free loopback port, in a thread of the test process.

Stopping it from the test's thread while its loop waits in ``select`` races: the
sockets close under the loop and it fails with ``EBADF``. The server is closed
from inside its own loop instead (waitress runs a trigger's callbacks there),
and the loop then ends because nothing is left to watch.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from scallion.core.servers.basehttp import create_server


@contextmanager
def serving(app: Any, threads: int = 2) -> Iterator[str]:
    """Serve ``app`` while the block runs; yields its base URL."""
    server = create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.trigger.pull_trigger(server.close)
        thread.join(timeout=10)
        if thread.is_alive():  # the loop did not get to the callback: close from here
            server.close()
            thread.join(timeout=10)
