"""Running actions at the same moment, each in its own thread and database connection.

For the PostgreSQL concurrency tests: the threads need committed data, so those tests run
outside a wrapping transaction (``django_db(transaction=True)``).
"""

import threading
from collections.abc import Callable

from django.db import connection


def race(
    *actions: Callable[[], object],
    refused: type[Exception] | tuple[type[Exception], ...],
    describe: Callable[[Exception], str] = str,
    timeout: float = 60,
) -> list[str]:
    """Start every action together; return "done", "refused: …" or "crashed: …" for each.

    ``refused`` names the domain errors that count as a clean refusal, and ``describe`` how
    to report one. Anything else is recorded as a crash and re-raised in its thread.
    """
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action):
        try:
            barrier.wait()
            action()
            outcomes.append("done")
        except refused as error:
            outcomes.append(f"refused: {describe(error)}")
        except Exception as error:
            outcomes.append(f"crashed: {error!r}")
            raise
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting"
    return outcomes
