"""Index runs as the terminal shows them (the CLI's ``index``, ``remove`` and ``run``, the REPL's
``/reindex``): progress bars and notes on stderr, the summary as a line or as JSON on stdout."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bot.adapters.terminal import shown
from bot.ops.progress import progress_bars
from index.errors import NewsbotError


def run_index(err: Console, bot, targets: list[str], as_json: bool, rebuild: bool = False,
              feeds: list[str] = ()) -> int:
    """Index files, folders, URLs and feeds; print the summary; the exit status (1 if a named one failed).

    ``rebuild`` first re-embeds everything indexed into a new collection — after checking that the
    folders and files named exist, so a typo changes nothing."""
    from index.fetching import is_url

    paths = [Path(t) for t in targets if not is_url(t)]
    if rebuild:
        if missing := next((p for p in paths if not p.exists()), None):
            raise NewsbotError(f"{missing}: no such file or folder; nothing was changed")
        rebuild_index(err, bot, quiet=as_json)
    indexer = bot.indexer()
    with progress_bars(err, disable=as_json) as stages:
        plan = indexer.plan(paths=paths, urls=[t for t in targets if is_url(t)], feeds=feeds, progress=stages)
    return apply_and_report(err, indexer, plan, as_json)


def rebuild_index(err: Console, bot, quiet: bool) -> None:
    """Re-embed the indexed articles, with a progress bar."""
    total = bot.catalogue.chunk_count()
    with Progress(TextColumn("re-embedding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, disable=quiet or not total, transient=True) as progress:
        task = progress.add_task("rebuild", total=total)
        report = bot.rebuild_index(on_embedded=lambda n: progress.advance(task, n))
    err.print(f"rebuilt the index: {report.articles} articles, {report.chunks} passages re-embedded",
              highlight=False)


def apply_and_report(err: Console, indexer, plan, as_json: bool) -> int:
    """Carry out an index plan with a progress bar; print the summary; 1 if a named target failed."""
    for problem in plan.problems:
        err.print(f"[yellow]skipped[/yellow] {shown(problem.message)}", highlight=False)
    for note in plan.notes:
        err.print(f"[cyan]note[/cyan] {shown(note)}", highlight=False)
    with Progress(TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, disable=as_json or not plan.chunks_to_embed, transient=True) as progress:
        task = progress.add_task("embed", total=plan.chunks_to_embed)
        report = indexer.apply(plan, on_embedded=lambda n: progress.advance(task, n))
    s = report.summary()
    if as_json:
        print(json.dumps(s), flush=True)
    elif any(s[key] for key in ("added", "updated", "unchanged", "removed")) or not plan.problems:  # else: said why
        err.print(f"{s['added']} added, {s['updated']} updated, {s['unchanged']} unchanged, "
                  f"{s['removed']} removed; {s['chunks_embedded']} passages embedded, "
                  f"{s['chunks_total']} in the index", highlight=False)
    return 1 if any(p.explicit for p in report.problems) else 0
