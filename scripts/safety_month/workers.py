"""One function call in a forked process, for work that can run beside the build process.

A forked child shares the parent's memory as it was at the fork, so large arguments (a
search index of tens of MB) are not copied or pickled; only the result comes back, through a
pipe. Forking is safe only while the process has no other thread (a thread may hold a lock
the child would inherit held, as under `mkdocs serve`); `may_fork()` tells.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading


def may_fork() -> bool:
    """True when this process can fork safely: fork exists here and no other thread runs."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


class Forked:
    """fn(*args) running in a forked process; result() waits for it."""

    def __init__(self, what: str, fn, *args):
        self.what = what
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)

        def run():
            try:
                outcome = (True, fn(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
                outcome = (False, exc if _picklable(exc) else RuntimeError(f"{type(exc).__name__}: {exc}"))
            send.send(outcome)
            send.close()

        self._process = context.Process(target=run, daemon=True)  # ends with the build
        self._process.start()
        send.close()

    def result(self):
        """What fn returned (an exception it raised is raised here)."""
        try:
            ok, value = self._receive.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(f"the process {self.what} ended without a result "
                               f"(exit code {self._process.exitcode})") from None
        finally:
            self._receive.close()
        self._process.join()
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the process (its result is not wanted any more)."""
        self._process.terminate()
        self._process.join()
        self._receive.close()


def start(what: str, fn, *args) -> Forked | None:
    """fn(*args) in a forked process, or None when this process must not fork (run it here)."""
    return Forked(what, fn, *args) if may_fork() else None


def _picklable(exc: BaseException) -> bool:
    try:
        pickle.dumps(exc)
    except Exception:  # noqa: BLE001
        return False
    return True
