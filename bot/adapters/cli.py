"""The ``newsbot`` command (index, remove, ask, repl, eval, slack, watch, feedback, doctor, run): thin adapters."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bot.adapters.indexing import apply_and_report, run_index
from bot.ops.logs import routine_logs_off, setup_logging
from bot.ops.paths import home
from bot.ops.progress import progress_bars, warm_up
from bot.settings import Settings, load_settings
from index.errors import NewsbotError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Answers questions about news articles with cited, verbatim passages.")
err = Console(stderr=True, soft_wrap=True)
VERBOSE = typer.Option("--verbose", "-v", help="Show routine log lines (each answer's mode, timings) on screen too")
out = Console(highlight=False, soft_wrap=True)


@app.callback()
def setup() -> None:
    """Before every command: one logging setup (NEWSBOT_LOG_LEVEL, NEWSBOT_LOG_FORMAT, secrets redacted)."""
    setup_logging(load_settings())


def service(ready: bool = False):
    """The answer service; ``ready`` loads the models and builds the answer chain now (saying so),
    so a misconfigured model (NEWSBOT_LLM, a missing provider package) is reported before the bot
    starts listening."""
    from bot.service import NewsbotService

    bot = NewsbotService(load_settings())
    if ready:
        warm_up(bot, err)
    return bot


def articles_folder(settings: Settings) -> Path:
    """NEWSBOT_ARTICLES_DIR, which must exist: indexing a missing folder would leave an empty index."""
    if not settings.articles_dir.is_dir():
        raise NewsbotError(f"NEWSBOT_ARTICLES_DIR {settings.articles_dir} is not a folder "
                           f"(relative paths start at {home()}; see docs/operations.md)")
    return settings.articles_dir


@app.command()
def index(
    targets: Annotated[list[str] | None, typer.Argument(
        help="Files, folders or web page URLs (default: NEWSBOT_ARTICLES_DIR)", show_default=False)] = None,
    feed: Annotated[list[str] | None, typer.Option("--feed", help="An RSS/Atom feed URL (repeatable)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary")] = False,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Re-embed everything indexed (e.g. after changing the embedding model), then index")] = False,
) -> None:
    """Index articles incrementally: only new or changed ones are embedded."""
    bot = service()
    default = [] if feed or targets else [str(articles_folder(bot.settings))]
    raise typer.Exit(run_index(err, bot, targets or default, as_json, rebuild, feeds=feed or []))


@app.command()
def remove(
    targets: Annotated[list[str], typer.Argument(help="Files or URLs, as they were indexed", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary")] = False,
) -> None:
    """Take articles out of the index (feeds never do: a dropped entry stays answerable)."""
    indexer = service().indexer()
    raise typer.Exit(apply_and_report(err, indexer, indexer.plan_removal(targets), as_json))


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in any language")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON")] = False,
) -> None:
    """Answer one question from the indexed articles."""
    from bot.adapters.terminal import answer_console, answer_json, print_answer

    answer = service().answer(question)
    if as_json:
        out.print(answer_json(answer))
    else:
        print_answer(answer_console(), answer)


@app.command()
def repl(verbose: Annotated[bool, VERBOSE] = False) -> None:
    """Ask questions interactively (reads lines from stdin when it is not a terminal)."""
    from bot.adapters.repl import Repl
    from bot.adapters.terminal import answer_console

    routine_logs_off(load_settings(), verbose)
    Repl(service(ready=True), answer_console()).run()


@app.command(name="eval")
def evaluate(
    file: Annotated[Path | None, typer.Argument(
        help="SQuAD-format file whose paragraphs become the passages", show_default=False)] = None,
    questions: Annotated[Path | None, typer.Option(
        "--questions", help="SQuAD file whose questions are asked (default FILE); with --articles, a JSONL file")] = None,
    articles: Annotated[Path | None, typer.Option(
        "--articles", help="A folder of articles to answer --questions from (answer quality)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON")] = False,
    limit: Annotated[int | None, typer.Option("--limit", help="Ask only the first N questions")] = None,
) -> None:
    """Evaluate in a fresh temporary store: retrieval on a SQuAD-format FILE, or answers on --articles."""
    if articles is not None:
        if file is not None or questions is None:
            raise NewsbotError("eval --articles DIR takes --questions FILE.jsonl and no SQuAD file")
        metrics = evaluate_news(articles, questions, as_json)
    elif file is None:
        raise NewsbotError("eval needs a SQuAD-format FILE, or --articles DIR --questions FILE.jsonl")
    else:
        from bot.evaluation.squad import evaluate_squad

        with progress_bars(err, disable=as_json) as stages:
            metrics = evaluate_squad(load_settings(), file, questions or file, limit=limit, progress=stages)
    if as_json:
        out.print(json.dumps(metrics))
    else:
        for key, value in metrics.items():
            out.print(f"{key:>10}  {value}")


def evaluate_news(articles: Path, questions: Path, quiet: bool) -> dict:
    """Answer quality on a folder of articles; a progress bar unless ``quiet``."""
    from bot.evaluation.news import evaluate_articles, read_questions

    total = len(read_questions(questions))
    with Progress(TextColumn("asking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, disable=quiet, transient=True) as progress:
        task = progress.add_task("ask", total=total)
        metrics, _ = evaluate_articles(load_settings(), articles, questions, on_answer=lambda _: progress.advance(task))
    return metrics


@app.command()
def slack(
    http: Annotated[bool, typer.Option("--http", help="Serve Bolt's HTTP endpoint instead of Socket Mode")] = False,
    host: Annotated[str, typer.Option("--host", help="Address for --http (127.0.0.1 behind a local reverse proxy)")] = "0.0.0.0",
    port: Annotated[int, typer.Option("--port", envvar="PORT", help="Port for --http (default: $PORT, else 3000)")] = 3000,
) -> None:
    """Answer in Slack: Socket Mode by default, or the HTTP endpoint /slack/events with --http."""
    from bot.adapters.slack.app import required_secret
    from bot.adapters.slack.server import serve_http, serve_socket_mode

    settings = load_settings()
    required_secret(*((settings.slack_signing_secret, "SLACK_SIGNING_SECRET") if http
                      else (settings.slack_app_token, "SLACK_APP_TOKEN")))
    bot = service()  # the models load once Slack accepted the token (bot.adapters.slack.server.warm_up)
    if http:
        serve_http(bot, port, host)
    else:
        serve_socket_mode(bot)


@app.command()
def feedback(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per line")] = False,
) -> None:
    """List the 👍/👎 feedback given on answers in Slack."""
    from bot.adapters.slack.feedback import print_feedback

    print_feedback(load_settings(), out, as_json)


@app.command()
def watch(
    folder: Annotated[Path | None, typer.Argument(help="Folder to watch (default: NEWSBOT_ARTICLES_DIR)")] = None,
) -> None:
    """Re-index a folder whenever article files appear, change or vanish (Ctrl-C to stop)."""
    bot = service()
    folder = folder or bot.settings.articles_dir
    if not folder.is_dir():
        raise NewsbotError(f"{folder}: no such folder")
    watcher = bot.watcher(folder)
    watcher.reindex(None)  # the whole folder once: what changed while nobody watched
    err.print(f"watching {folder} for new, changed or removed articles", highlight=False)
    stop_on_signals(watcher)
    watcher.run()


def stop_on_signals(watcher) -> None:
    """Ctrl-C or SIGTERM ends the watch after the pass in progress; a second one at once. Installed
    explicitly: a process started in the background by a shell inherits SIGINT ignored, and such a
    watch never stopped on Ctrl-C (found as test runs left watch processes behind)."""
    def stop(signum, frame) -> None:
        if watcher.stopping.is_set():
            raise KeyboardInterrupt
        err.print("stopping after the pass in progress (again to stop now)", highlight=False)
        watcher.stop()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)


@app.command()
def doctor(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON object")] = False,
) -> None:
    """Check the set-up: the embedding model loads, the index answers, and in LLM mode the model
    server answers a tiny prompt (streamed or not, how fast). Exit status 1 when something is wrong."""
    from bot.answering.llm.doctor import diagnose, render

    bot = service()
    try:
        report = diagnose(bot)
    finally:
        bot.close()
    if as_json:
        out.print(json.dumps(report.as_json(), ensure_ascii=False), markup=False)
    else:
        render(report, out)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def run(verbose: Annotated[bool, VERBOSE] = False) -> None:
    """Index NEWSBOT_ARTICLES_DIR, then start the bot: Slack when tokens are set, else the REPL."""
    from bot.adapters.repl import Repl
    from bot.adapters.terminal import answer_console

    settings = load_settings()
    folder = articles_folder(settings)  # before minutes of loading
    in_slack = bool(settings.slack_bot_token and settings.slack_app_token)
    if not in_slack:
        routine_logs_off(settings, verbose)
    bot = service(ready=True)
    run_index(err, bot, [str(folder)], as_json=False)
    if settings.watch:
        bot.watcher(settings.articles_dir).start()
    if in_slack:
        from bot.adapters.slack.server import serve_socket_mode

        serve_socket_mode(bot)
    else:
        if sys.stdin.isatty():
            err.print("Local REPL. To answer in Slack, set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (see README).",
                      highlight=False)
        Repl(bot, answer_console()).run()


def main() -> None:
    """Console-script entry point: user errors, and a full or unwritable data directory, become one
    line and exit status 1."""
    from bot.ops.failures import environment_failure

    try:
        app()
    except NewsbotError as error:
        err.print(f"newsbot: {error}", highlight=False, markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        reason = environment_failure(error, load_settings().data_dir)
        if reason is None:
            raise
        err.print(f"newsbot: {reason}", highlight=False, markup=False)
        sys.exit(1)
