"""``newsbot doctor``: is the configured set-up healthy? What an operator runs at start.

Three checks, each with a one-line reason when something is wrong:

- **embeddings** — the configured model loads and embeds (its name, and the seconds it took);
- **index** — the catalogue answers: how many passages (chunks) and articles are indexed, or that
  it is empty (not a fault: ``newsbot index`` fills it, but every answer would be "nothing indexed");
- **llm** — in LLM mode, the configured chat model answers a tiny prompt, built and asked exactly as
  answers are (model.py's client, generate.py's generator with the configured time limits): whether
  the server really streams (SSE chunks for ``stream: true``) or sends plain JSON (generate.py then
  asks again without streaming: it works, but it is reported), the time to the first token and to
  the whole reply. An unreachable server, a limit passed, or an empty or unreadable reply is a fault.

The service is passed in (any object with ``settings``, ``embeddings`` and ``catalogue``), so this
module imports nothing above the answering room.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from langchain_core.prompts import ChatPromptTemplate

from bot.answering.llm import wire
from bot.answering.llm.generate import Generator, ModelUnavailable, NoAnswer, describe
from bot.answering.llm.limits import Limits
from bot.answering.llm.model import ChatModels
from bot.settings import Settings
from index.errors import NewsbotError

# Short enough for a hosted API to answer in a second and a laptop model in a few.
PROMPT = ChatPromptTemplate.from_messages([("user", "This is a connection test. Reply with the single word: OK")])


@dataclass
class Check:
    """One check's outcome: ``problem`` (one line) makes it fail; ``warnings`` do not."""

    name: str
    summary: str
    problem: str | None = None
    warnings: list[str] = field(default_factory=list)
    details: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.problem is None

    def as_json(self) -> dict:
        return {"ok": self.ok, **self.details, "problem": self.problem, "warnings": self.warnings}


@dataclass
class Report:
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def problems(self) -> list[str]:
        return [f"{check.name}: {check.problem}" for check in self.checks if check.problem]

    @property
    def warnings(self) -> list[str]:
        return [f"{check.name}: {warning}" for check in self.checks for warning in check.warnings]

    def as_json(self) -> dict:
        return {"ok": self.ok, "problems": self.problems, "warnings": self.warnings,
                **{check.name: check.as_json() for check in self.checks}}


def check_embeddings(service, clock: Callable[[], float] = time.monotonic) -> Check:
    settings = service.settings
    details = {"model": settings.embedding_model, "second_model": settings.second_embedding or None,
               "seconds": None}
    started = clock()
    try:
        service.embeddings.embed_query("newsbot doctor")
    except Exception as error:  # NewsbotError names the fix; anything else is still one line
        reason = str(error) if isinstance(error, NewsbotError) else describe(error)
        return Check("embeddings", "does not load", f"{settings.embedding_model} does not load: {reason}",
                     details=details)
    details["seconds"] = round(clock() - started, 3)
    names = " + ".join(filter(None, (settings.embedding_model, settings.second_embedding)))
    return Check("embeddings", f"{names} loaded in {details['seconds']:.1f} s", details=details)


def check_index(service) -> Check:
    details = {"passages": None, "articles": None, "empty": None}
    try:
        catalogue = service.catalogue
        details |= {"passages": catalogue.chunk_count(), "articles": len(catalogue.article_ids())}
    except Exception as error:
        reason = str(error) if isinstance(error, NewsbotError) else describe(error)
        return Check("index", "cannot be read", f"the index cannot be read: {reason}", details=details)
    details["empty"] = details["passages"] == 0
    if details["empty"]:
        return Check("index", "empty", warnings=["the index is empty: every question is answered "
                                                 "'nothing indexed' (run newsbot index)"], details=details)
    return Check("index", f"{details['passages']} passages of {details['articles']} articles", details=details)


def check_llm(settings: Settings, clock: Callable[[], float] = time.monotonic) -> Check:
    """Ask the configured model the tiny prompt, as an answer would be asked."""
    spec = settings.llm.strip()
    if spec == "extractive":
        return Check("llm", "off: extractive answers (set NEWSBOT_LLM to use a chat model)",
                     details={"configured": False, "model": spec})
    server = settings.llm_base_url
    details: dict = {"configured": True, "model": spec, "base_url": server, "answered": False,
                     "streams": None, "content_type": None, "first_token_seconds": None,
                     "total_seconds": None, "reply": None}
    where = f"the model server at {server}" if server else f"the {spec} API"
    try:
        models = ChatModels(settings)
    except NewsbotError as error:
        return Check("llm", "cannot be set up", str(error), details=details)
    plain_json: list[str] = []

    def on_failure(reason: str) -> None:
        if reason == "not_streaming":  # called while the streamed exchange is still the current one
            exchange = wire.current() or wire.Exchange()
            plain_json.append(f"HTTP {exchange.status}, {exchange.content_type or 'no content type'}"
                              if exchange.status else "no HTTP response recorded")

    first: list[float] = []
    started = clock()

    def on_token(text: str) -> None:
        if not first:
            first.append(clock() - started)

    generate = Generator(PROMPT, models, Limits.of(settings), clock=clock, on_failure=on_failure)
    try:
        reply = generate({}, on_token)
    except NoAnswer as error:  # it answered, with nothing usable: the server's fault
        details |= {"streams": False if plain_json else None, "total_seconds": round(clock() - started, 3)}
        return Check("llm", f"{error.reason} reply", f"{where} sent no usable reply: {error}", details=details)
    except ModelUnavailable as error:  # unreachable, an HTTP error, a time limit passed
        details |= {"streams": False if plain_json else None, "total_seconds": round(clock() - started, 3)}
        summary = "too slow" if "timeout" in error.reason else "no answer"
        return Check("llm", summary, f"{where} did not answer: {error}", details=details)
    except Exception as error:  # an error the generator does not classify (a bad request, a refused key)
        return Check("llm", "no answer", f"{where} did not answer: {describe(error)}", details=details)
    total = clock() - started
    exchange = wire.current() or wire.Exchange()
    details |= {"answered": True, "streams": generate.streams, "content_type": exchange.content_type or None,
                "first_token_seconds": round(first[0] if first else total, 3), "total_seconds": round(total, 3),
                "reply": reply.strip()[:200]}
    warnings = []
    if not generate.streams:
        warnings.append(f"{where} does not stream: it answered a streamed request with plain JSON "
                        f"({plain_json[0] if plain_json else 'no HTTP response recorded'}); newsbot asks it without "
                        "streaming, so answers arrive whole and live previews stay empty")
    streams = "streams" if generate.streams else "does not stream"
    summary = (f"{spec} {streams}: first token {details['first_token_seconds']:.2f} s, "
               f"reply {details['total_seconds']:.2f} s")
    return Check("llm", summary, warnings=warnings, details=details)


def diagnose(service, clock: Callable[[], float] = time.monotonic) -> Report:
    """Every check, in the order an answer needs them."""
    return Report([check_embeddings(service, clock), check_index(service), check_llm(service.settings, clock)])


def render(report: Report, console) -> None:
    """The report on a Rich console: a table with one row per check, then each problem and warning
    on a line of its own (never wrapped, so every reason stays one line)."""
    from rich.table import Table
    from rich.text import Text

    grid = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
    for check in report.checks:
        mark = Text("✗", style="bold red") if not check.ok else (
            Text("!", style="bold yellow") if check.warnings else Text("✓", style="bold green"))
        grid.add_row(mark, Text(check.name, style="bold"), Text(check.summary))
    console.print(grid)
    for problem in report.problems:
        console.print(Text.assemble(("✗ ", "bold red"), problem), soft_wrap=True)
    for warning in report.warnings:
        console.print(Text.assemble(("! ", "bold yellow"), warning), soft_wrap=True)
    console.print(Text("all is well", style="green") if report.ok else
                  Text(f"{len(report.problems)} problem{'s' if len(report.problems) > 1 else ''}", style="bold red"))
