"""Worker: the process an embedded backend runs its queries in, so they can be stopped.

Neither Oxigraph nor rdflib can cancel a running query, so the engine runs them in a child
process (``python -m graph.store.worker``) that holds the backend open and is killed when a
query overruns. Requests and replies are pickled over the child's stdin and stdout.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from graph.errors import KGError, QueryError, QueryTimeout, StoreError
from graph.store.base import BoundQuery, QueryResult
from graph.store.lifecycle import open_embedded

# A fresh worker must be ready within this long: an rdflib backend loads the whole graph.
WORKER_START_SECONDS = 300.0


@dataclass
class QueryWorker:
    """A child process holding an embedded backend open, answering one query at a time."""

    backend: str
    path: Path
    # Show the worker's stderr (library warnings, tracebacks) instead of discarding it.
    debug: bool = False
    process: subprocess.Popen[bytes] = field(init=False)
    inbox: Connection = field(init=False)
    outbox: Connection = field(init=False)

    def __post_init__(self) -> None:
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph.store.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None if self.debug else subprocess.DEVNULL,
            env=env,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.outbox = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.inbox = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        try:
            self._ask((self.backend, str(self.path)), WORKER_START_SECONDS, "opening the graph")
        except BaseException:
            self.stop()
            raise

    def run(self, query: BoundQuery, max_rows: int, timeout: float) -> QueryResult:
        result = self._ask((query, max_rows), timeout, "the query")
        assert isinstance(result, QueryResult)
        return result

    def _ask(self, request: tuple[object, ...], timeout: float, what: str) -> object:
        """Send a request and wait at most ``timeout`` seconds for the reply."""
        try:
            self.outbox.send(request)
            ready = self.inbox.poll(timeout)
            status, payload = self.inbox.recv() if ready else ("timeout", None)
        except (EOFError, OSError):
            code = self.process.poll()
            self.stop()
            raise QueryError(
                f"the query process stopped unexpectedly during {what} (exit "
                f"code {code}); it is restarted for the next query"
            ) from None
        if status == "timeout":
            self.stop()
            raise QueryTimeout(
                f"{what} ran longer than {timeout:g} s and was stopped; "
                "narrow it (LIMIT, more specific patterns) or raise the limit "
                "with --timeout or KG_QUERY_TIMEOUT"
            )
        if status == "error":
            raise payload if isinstance(payload, KGError) else QueryError(str(payload))
        return payload

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """Kill the process without touching the pipes another thread may be reading:
        that thread sees them close and reaps it."""
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                self.process.kill()

    def stop(self) -> None:
        """Kill the process (it may be deep in a query) and reap it."""
        with contextlib.suppress(OSError):
            self.outbox.close()
            self.inbox.close()
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)


def worker_main() -> None:
    """The worker process: open the backend, then answer (query, max_rows) requests.

    Requests and replies are pickled over stdin and stdout; anything a library prints goes
    to stderr so it cannot corrupt a reply. The worker exits when its parent closes the
    pipe, and a watchdog thread ends it if the parent dies while a query is running.
    """
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)
    parent = os.getppid()

    def watchdog() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watchdog, daemon=True).start()
    try:
        kind, path = inbox.recv()
        backend = open_embedded(kind, Path(path))
    except EOFError:
        return
    except Exception as exc:
        outbox.send(
            (
                "error",
                exc if isinstance(exc, KGError) else StoreError(f"cannot open the graph: {exc}"),
            )
        )
        return
    outbox.send(("ready", None))
    while True:
        try:
            query, max_rows = inbox.recv()
        except (EOFError, OSError):
            return
        started = time.perf_counter()
        try:
            result = backend.run(query, max_rows)
        except Exception as exc:
            outbox.send(("error", _engine_error(exc)))
        else:
            outbox.send(("ok", dataclasses.replace(result, seconds=time.perf_counter() - started)))


def _engine_error(exc: Exception) -> KGError:
    if isinstance(exc, KGError):
        return exc
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return QueryError(f"the query failed: {message}")


if __name__ == "__main__":
    worker_main()
