"""Where per-document tasks run: in this process, in a local process pool, or on a Dask cluster.

Each executor takes the same :class:`~extractor.tasks.Task` list and yields one
:class:`~extractor.tasks.Result` per task, in completion order, never raising for a document: a
timeout, a worker that ran out of memory or died, or a bug becomes that document's failure and the
batch goes on.

- ``process`` (the default): a `pebble <https://pypi.org/project/Pebble/>`_ process pool. Pebble
  gives per-task timeouts that kill and replace the worker running the task, which the standard
  library's pool cannot do; each worker caps its own address space (``RLIMIT_AS``) and builds its
  toolkit once.
- ``dask``: an existing ``dask.distributed`` cluster (``--scheduler tcp://HOST:PORT``). Workers must
  have bcf-extract installed and see the input paths (a shared filesystem). A document over the time
  limit is recorded as failed and the worker running it is restarted by its nanny (the only way to
  stop a thread); memory is guarded by the cluster's own worker memory limit.
- ``inline``: one document after another in this process, without limits (``extract``, debugging).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import queue
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from dataclasses import dataclass
from typing import Any

from .errors import ExtractorError
from .tasks import Failure, Result, Task, init_worker, memory_failure, run_task

EXECUTORS = ("process", "dask", "inline")


@dataclass(frozen=True)
class ExecutorSettings:
    kind: str = "process"
    workers: int = 1
    doc_timeout: float | None = None
    doc_memory_mb: int | None = None
    scheduler: str | None = None
    rules_dir: str | None = None
    max_tasks_per_worker: int = 0  # recycle a worker after this many documents (0: never)


def execute(tasks: list[Task], settings: ExecutorSettings, toolkit=None) -> Iterator[Result]:
    """Run every task; yield each result as it completes.

    Raises:
        ExtractorError: the executor itself cannot start (no such scheduler, Dask not installed).
    """
    if not tasks:
        return iter(())
    if settings.kind == "inline":
        return (run_task(task, toolkit) for task in tasks)
    if settings.kind == "process":
        return _run_pool(tasks, settings)
    if settings.kind == "dask":
        return _run_dask(tasks, settings)
    raise ExtractorError(f"unknown executor {settings.kind!r} (choose from {', '.join(EXECUTORS)})")


# --------------------------------------------------------------------------- local process pool


def pool_context() -> multiprocessing.context.BaseContext:
    """A fork server where there is one: workers are forked from a clean process that has imported
    the pipeline and built the default toolkit once (``extractor._forkserver``), rather than forking
    this threaded parent or importing and compiling everything again in each worker."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["extractor._forkserver"])
        return context
    return multiprocessing.get_context("spawn")


def _run_pool(tasks: list[Task], settings: ExecutorSettings) -> Iterator[Result]:
    from pebble import ProcessExpired, ProcessPool

    pool = ProcessPool(
        max_workers=max(1, min(settings.workers, len(tasks))),
        max_tasks=settings.max_tasks_per_worker,
        initializer=init_worker,
        initargs=(settings.rules_dir, settings.doc_memory_mb),
        context=pool_context(),
    )
    try:
        futures: dict[Any, Task] = {
            pool.schedule(run_task, (task,), timeout=settings.doc_timeout): task for task in tasks
        }
        for future in as_completed(futures):
            task = futures[future]
            try:
                yield future.result()
            except FutureTimeout:
                yield _timeout_result(task, settings.doc_timeout)
            except ProcessExpired as exc:
                yield _died_result(task, exc.exitcode, settings.doc_memory_mb)
            except MemoryError:
                yield Result(
                    task.doc_id,
                    task.path,
                    failure=memory_failure(task.path, task.doc_id, settings.doc_memory_mb),
                )
            except Exception as exc:  # noqa: BLE001 - e.g. a result too large to send back
                yield _internal_result(task, exc)
        pool.close()
    finally:
        pool.stop()  # on an interrupt or an early exit: stop workers now rather than finish the queue
        pool.join()


def _timeout_result(task: Task, limit: float | None) -> Result:
    message = f"{task.path}: took longer than {limit:g}s and was stopped (raise --doc-timeout)"
    return Result(task.doc_id, task.path, failure=Failure(task.path, task.doc_id, message, "Timeout"))


def _died_result(task: Task, exitcode: int | None, memory_mb: int | None) -> Result:
    hint = f"; it may need more memory than --doc-memory {memory_mb}" if memory_mb else ""
    message = f"{task.path}: the worker reading it died (exit code {exitcode}){hint}"
    return Result(task.doc_id, task.path, failure=Failure(task.path, task.doc_id, message, "WorkerDied"))


def _internal_result(task: Task, exc: BaseException) -> Result:
    message = f"{task.path}: internal error ({type(exc).__name__}: {exc}); please report it with the file"
    return Result(task.doc_id, task.path, failure=Failure(task.path, task.doc_id, message, "InternalError"))


# --------------------------------------------------------------------------- Dask


def _run_dask(tasks: list[Task], settings: ExecutorSettings) -> Iterator[Result]:
    try:
        from distributed import Client
    except ImportError:
        raise ExtractorError("--executor dask needs Dask: pip install 'bcf-extract[dask]'") from None
    if not settings.scheduler:
        raise ExtractorError("--executor dask needs --scheduler tcp://HOST:PORT")
    try:
        client = Client(settings.scheduler, set_as_default=False)  # waits distributed.comm.timeouts.connect
    except (OSError, TimeoutError) as exc:
        raise ExtractorError(f"cannot reach the Dask scheduler at {settings.scheduler} ({exc})") from None
    cwd = os.getcwd()
    finished: queue.Queue = queue.Queue()  # futures as they complete, in the order they did
    with client:
        # At most one task per worker thread in flight: a task's age is then its run time (the time
        # limit is measured from submission), and the scheduler's queue stays short.
        window = max(1, sum(client.nthreads().values()))
        pending = list(reversed(tasks))
        running: dict = {}
        try:
            while pending or running:
                while pending and len(running) < window:
                    task = pending.pop()
                    task = dataclasses.replace(task, cwd=task.cwd or cwd)
                    key = f"bcf-extract-{task.doc_id}-{uuid.uuid4().hex[:8]}"
                    submitted = client.submit(run_task, task, key=key, pure=False, retries=0)
                    running[submitted] = (task, time.monotonic())
                    submitted.add_done_callback(finished.put)
                try:
                    done = finished.get(timeout=1.0)
                except queue.Empty:
                    done = None
                if done is not None and done in running:
                    task, _started = running.pop(done)
                    yield _dask_outcome(done, task)
                if settings.doc_timeout:
                    yield from _expire(client, running, settings.doc_timeout)
        finally:
            for future in running:
                future.cancel()


def _dask_outcome(future, task: Task) -> Result:
    try:
        return future.result()
    except MemoryError:
        return Result(task.doc_id, task.path, failure=memory_failure(task.path, task.doc_id))
    except Exception as exc:  # noqa: BLE001 - KilledWorker, a lost connection, a pickling error
        if type(exc).__name__ == "KilledWorker":
            return _died_result(task, None, None)
        return _internal_result(task, exc)


def _expire(client, running: dict, limit: float) -> Iterator[Result]:
    now = time.monotonic()
    late = [future for future, (_task, started) in running.items() if now - started > limit]
    if not late:
        return
    processing = client.processing()
    for future in late:
        task, _started = running.pop(future)
        workers = [address for address, keys in processing.items() if future.key in keys]
        future.cancel()
        if workers:
            try:  # a thread cannot be stopped: restart the worker process that runs it
                client.restart_workers(workers, raise_for_error=False)
            except Exception:  # noqa: BLE001, S110 - best effort; the document is failed either way
                pass
        yield _timeout_result(task, limit)
