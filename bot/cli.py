"""The ``newsbot`` command: index, ask, repl, eval, slack, watch — thin adapters over the service."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bot.settings import Settings
from index.errors import NewsbotError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Answers questions about news articles with cited, verbatim passages.")
err = Console(stderr=True, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def service():
    from bot.service import NewsbotService

    return NewsbotService(Settings())


def run_index(bot, paths: list[Path], as_json: bool, rebuild: bool = False) -> int:
    """Index ``paths``; print the summary; the exit status (1 if a named file failed)."""
    if rebuild:
        bot.reset_index()
    indexer = bot.indexer()
    plan = indexer.plan_paths(paths)
    for problem in plan.problems:
        err.print(f"[yellow]skipped[/yellow] {problem.message}", highlight=False)
    with Progress(TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, disable=as_json or not plan.chunks_to_embed, transient=True) as progress:
        task = progress.add_task("embed", total=plan.chunks_to_embed)
        report = indexer.apply(plan, on_embedded=lambda n: progress.advance(task, n))
    if as_json:
        out.print(json.dumps(report.summary()))
    else:
        s = report.summary()
        err.print(f"{s['added']} added, {s['updated']} updated, {s['unchanged']} unchanged, "
                  f"{s['removed']} removed; {s['chunks_embedded']} passages embedded, "
                  f"{s['chunks_total']} in the index", highlight=False)
    return 1 if any(p.explicit for p in report.problems) else 0


@app.command()
def index(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders (default: NEWSBOT_ARTICLES_DIR)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Drop the index and build it anew")] = False,
) -> None:
    """Index articles incrementally: only new or changed ones are embedded."""
    bot = service()
    raise typer.Exit(run_index(bot, paths or [bot.settings.articles_dir], as_json, rebuild))


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in any language")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON")] = False,
) -> None:
    """Answer one question from the indexed articles."""
    from bot.render_terminal import answer_json, print_answer

    answer = service().answer(question)
    if as_json:
        out.print(answer_json(answer))
    else:
        print_answer(out, answer)


@app.command()
def repl() -> None:
    """Ask questions interactively (reads lines from stdin when it is not a terminal)."""
    from bot.repl import Repl

    Repl(service(), out).run()


@app.command(name="eval")
def evaluate(
    file: Annotated[Path, typer.Argument(help="SQuAD-format file whose paragraphs become the passages")],
    questions: Annotated[Optional[Path], typer.Option("--questions", help="SQuAD file whose questions are asked (default FILE)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON")] = False,
    limit: Annotated[Optional[int], typer.Option("--limit", help="Ask only the first N questions")] = None,
) -> None:
    """Evaluate retrieval and answers on a SQuAD-format file, in a fresh temporary store."""
    from bot.evaluation import evaluate_squad

    metrics = evaluate_squad(Settings(), file, questions or file, limit=limit,
                             progress=None if as_json else err)
    if as_json:
        out.print(json.dumps(metrics))
    else:
        for key, value in metrics.items():
            out.print(f"{key:>10}  {value}")


@app.command()
def run() -> None:
    """Index NEWSBOT_ARTICLES_DIR, then start the bot: Slack when tokens are set, else the REPL."""
    from bot.repl import Repl

    bot = service()
    run_index(bot, [bot.settings.articles_dir], as_json=False)
    settings = bot.settings
    if settings.slack_bot_token and settings.slack_app_token:
        from bot.slack.server import serve_socket_mode

        serve_socket_mode(bot)
    else:
        if sys.stdin.isatty():
            err.print("Local REPL. To answer in Slack, set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (see README).",
                      highlight=False)
        Repl(bot, out).run()


def main() -> None:
    """Console-script entry point: user errors become one line and exit status 1."""
    try:
        app()
    except NewsbotError as error:
        err.print(f"newsbot: {error}", highlight=False, markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
