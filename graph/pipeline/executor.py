"""Where per-document extraction runs: this process, a pool of local processes, or Dask.

Extraction is a pure function of a document (:func:`extract_batch`: documents in, their
extractions out), so it can run anywhere the package is installed. A build of many
documents sends batches of them to ``jobs`` worker processes, each loading the spaCy
pipeline once, or to a Dask cluster when a scheduler address is given; results come back
in document order. At most a few batches per worker are in flight at any time, so memory
stays bounded however large the corpus is. Small builds stay in this process: starting a
worker (importing spaCy, loading the model) costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from graph.errors import InputError
from graph.model import Document, Extraction
from graph.pipeline.extract.extractor import extract_documents
from graph.pipeline.nlp import load_pipeline

# Characters of text per task: large enough for nlp.pipe to batch well, small enough that
# the workers stay evenly loaded to the end of the corpus.
BATCH_CHARS = 60_000
# Below this much text, worker start-up (about 3 s each) costs more than it saves.
PARALLEL_MIN_CHARS = 150_000
IN_FLIGHT_PER_WORKER = 2


def extract_batch(documents: list[Document], max_chars: int, batch_size: int) -> list[Extraction]:
    """Extract a batch of documents: the unit of work sent to a worker or a cluster."""
    nlp = load_pipeline()
    return list(extract_documents(documents, nlp, max_chars=max_chars, batch_size=batch_size))


def batches(documents: Iterable[Document], size: int = BATCH_CHARS) -> Iterator[list[Document]]:
    """Consecutive documents grouped into batches of about ``size`` characters."""
    batch: list[Document] = []
    chars = 0
    for document in documents:
        batch.append(document)
        chars += len(document.text)
        if chars >= size:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def extract_all(
    documents: list[Document],
    *,
    max_chars: int,
    batch_size: int,
    jobs: int = 1,
    scheduler: str | None = None,
) -> Iterator[Extraction]:
    """The extraction of every document, in order, computed where the settings say."""
    if scheduler:
        yield from _dask(documents, scheduler, max_chars, batch_size)
    elif jobs > 1 and sum(len(d.text) for d in documents) >= PARALLEL_MIN_CHARS:
        yield from _processes(documents, jobs, max_chars, batch_size)
    else:
        yield from extract_documents(
            documents, load_pipeline(), max_chars=max_chars, batch_size=batch_size
        )


def _processes(
    documents: list[Document], jobs: int, max_chars: int, batch_size: int
) -> Iterator[Extraction]:
    # spawn, not fork: a fork of a threaded parent (the Streamlit server) can deadlock.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield from _ordered(
            lambda batch: pool.submit(extract_batch, batch, max_chars, batch_size),
            batches(documents),
            jobs * IN_FLIGHT_PER_WORKER,
        )


def _dask(
    documents: list[Document], scheduler: str, max_chars: int, batch_size: int
) -> Iterator[Extraction]:
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            "a Dask scheduler was given, but dask.distributed is not "
            "installed: pip install 'newskg[dask]'"
        ) from None
    try:
        client = Client(scheduler, timeout="10s", set_as_default=False)
    except OSError as exc:
        raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        workers = max(1, sum(client.nthreads().values()))
        yield from _ordered(
            lambda batch: client.submit(extract_batch, batch, max_chars, batch_size, pure=False),
            batches(documents),
            workers * IN_FLIGHT_PER_WORKER,
        )


def _ordered(submit: Any, work: Iterator[list[Document]], window: int) -> Iterator[Extraction]:
    """Submit batches with at most ``window`` in flight; yield results in order."""
    pending: deque[Future[list[Extraction]]] = deque()
    for batch in work:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()
