"""A first run that talks: what newsbot is doing while it loads models, reads, fetches, chunks,
embeds and evaluates — as progress bars on a terminal, as log lines (or nothing) elsewhere.

Library code (``index.indexer``, ``bot.evaluation``) reports progress through a ``Stages``
callable: ``stage(description, total)`` returns ``advance(n)``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

Stages = Callable[[str, int], Callable[[int], None]]
log = logging.getLogger("newsbot.progress")


@contextmanager
def loading_models(console: Console | None = None, gauge=None) -> Iterator[None]:
    """"loading models…" while the block runs (a spinner on a terminal), then how long it took:
    printed on a terminal, logged otherwise, and set on ``gauge`` (a metric)."""
    talk = console is not None and console.is_terminal
    started = time.perf_counter()
    with console.status("loading models…") if talk else nullcontext():
        yield
    seconds = time.perf_counter() - started
    if gauge is not None:
        gauge.set(seconds)
    if talk:
        console.print(f"models loaded in {seconds:.1f} s", highlight=False)
    else:
        log.info("models loaded in %.1f s", seconds)


def warm_up(service, console: Console | None = None) -> None:
    """Load the models and open the index now, saying so (see ``loading_models``): before the first
    question, so its asker does not wait, and threads answering at once do not race to build them."""
    from index.language import detect_language

    with loading_models(console, service.metrics.models_load_seconds):
        detect_language("Which language is this question written in, and who wrote it?")  # loads its model
        embeddings = getattr(service, "embeddings", None)
        if embeddings is not None:
            embeddings.embed_query("warm-up")
        retriever, catalogue = getattr(service, "retriever", None), getattr(service, "catalogue", None)
        if retriever is not None and catalogue is not None and catalogue.chunk_count():
            retriever.invoke("warm-up")  # builds the keyword indexes the first question would wait for
        getattr(service, "chain", None)


@contextmanager
def progress_bars(console: Console, disable: bool = False) -> Iterator[Stages]:
    """Bars for each stage of a long job; transient and only on a terminal (Rich's ``Progress``)."""
    progress = Progress(TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TimeRemainingColumn(), console=console, transient=True,
                        disable=disable or not console.is_terminal)

    def stage(description: str, total: int) -> Callable[[int], None]:
        task = progress.add_task(description, total=total)
        return lambda n=1: progress.advance(task, n)

    with progress:
        yield stage

