"""The local REPL: how people try newsbot. Line editing, history and Tab completion of /commands in a
terminal, where Ctrl-C cancels the answer being written; one answer per line when stdin is piped.
Bad input gets a one-line message and the loop goes on."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from prompt_toolkit.completion import Completer, Completion
from rich.console import Console

from bot.adapters.indexing import run_index
from bot.adapters.terminal import print_answer, shown, source_line
from bot.answer import Answer
from bot.answering.wording import WORDING_LANGUAGES
from bot.question.conversation import conversation_language
from bot.question.intent import timeline_question
from index.errors import NewsbotError

HELP = """Ask a question about the indexed articles, in any language. Commands:
  /help            this text
  /show N          the article cited as [N] in the last answer, quote highlighted
  /lang CODE|auto  word answers in CODE ({langs}) or in the language of each question
  /timeline WORDS  how the story of WORDS unfolded, one dated line per development
  /new             forget the conversation (follow-up questions use it)
  /reindex         re-index the articles folder
  /quit            leave (or Ctrl-D)"""
HISTORY_TURNS = 2
COMMANDS = ("/help", "/show ", "/lang ", "/timeline ", "/new", "/reindex", "/quit")  # a space: an argument follows


class CommandCompleter(Completer):
    """Tab completes a /command, and /lang's argument."""

    def get_completions(self, document, complete_event):
        text = document.text_before_cursor
        if text.startswith("/lang "):
            word, choices = text.removeprefix("/lang ").lstrip(), (*WORDING_LANGUAGES, "auto")
        elif text.startswith("/") and " " not in text:
            word, choices = text, COMMANDS
        else:
            return
        yield from (Completion(choice, -len(word), display=choice.strip())
                    for choice in choices if choice.startswith(word))


class Repl:
    def __init__(self, service, console: Console) -> None:
        self.service = service
        self.console = console
        self.interactive = sys.stdin.isatty()
        self.language: str | None = None
        self.history: list[BaseMessage] = []
        self.last: Answer | None = None
        self.answers: list[threading.Event] = []  # each set when its answer is done (or failed)

    def lines(self) -> Iterator[str]:
        if not self.interactive:
            yield from (line.rstrip("\n") for line in sys.stdin)
            return
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory

        self.service.settings.data_dir.mkdir(parents=True, exist_ok=True)
        session = PromptSession(history=FileHistory(str(self.service.settings.data_dir / "repl_history")),
                                completer=CommandCompleter(), complete_while_typing=False)
        self.console.print("newsbot — ask a question, or /help", highlight=False)
        while True:
            try:
                yield session.prompt("? ")
            except KeyboardInterrupt:
                continue
            except EOFError:
                return

    def run(self) -> None:
        self.loop()
        if not all(done.is_set() for done in self.answers):
            # A cancelled answer still waits on its model, and Python would wait for LangChain's
            # worker threads at exit (up to NEWSBOT_LLM_TIMEOUT): send what must be sent, and leave.
            self.service.tracing.flush()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)

    def loop(self) -> None:
        for line in self.lines():
            line = line.strip()
            if not line:
                continue
            try:
                if line.startswith("/"):
                    if self.command(line) == "quit":
                        return
                else:
                    self.ask(line)
            except NewsbotError as error:
                self.console.print(f"[red]newsbot:[/red] {shown(str(error))}")
            except KeyboardInterrupt:  # Ctrl-C while answering: that answer is dropped, the session goes on
                if not self.interactive:
                    raise
                self.console.print("[yellow]cancelled[/yellow]")

    def interruptible(self, work: Callable[[], Answer]) -> Answer:
        """``work()`` in a thread of its own, so Ctrl-C returns at once: LangChain's steps run in worker
        threads it waits for, possibly on a model still thinking. A cancelled answer finishes (or
        times out) in the background and is dropped."""
        outcome: dict = {}
        done = threading.Event()
        self.answers = [*(d for d in self.answers if not d.is_set()), done]

        def run() -> None:
            try:
                outcome["answer"] = work()
            except BaseException as error:
                outcome["error"] = error
            finally:
                done.set()

        threading.Thread(target=run, name="newsbot-answer", daemon=True).start()
        done.wait()  # Ctrl-C interrupts this wait (not Thread.join: interrupted, it marks the thread ended)
        if "error" in outcome:
            raise outcome["error"]
        return outcome["answer"]

    def ask(self, question: str) -> None:
        answer = self.interruptible(
            lambda: self.service.answer(question, history=self.history, language=self.language))
        print_answer(self.console, answer)
        self.console.print()
        self.last = answer
        self.history = (self.history + [HumanMessage(question), AIMessage(answer.text)])[-2 * HISTORY_TURNS:]

    def command(self, line: str) -> str | None:
        name, _, argument = line[1:].partition(" ")
        argument = argument.strip()
        if name in ("quit", "exit", "q"):
            return "quit"
        if name == "help":
            self.console.print(HELP.format(langs=", ".join(WORDING_LANGUAGES)), highlight=False, markup=False)
        elif name == "show":
            self.show(argument)
        elif name == "lang":
            if argument not in (*WORDING_LANGUAGES, "auto"):
                raise NewsbotError(f"/lang takes one of {', '.join(WORDING_LANGUAGES)} or auto")
            self.language = None if argument == "auto" else argument
            self.console.print(f"answers worded in: {argument}")
        elif name == "timeline":
            if not argument:
                raise NewsbotError("/timeline takes the words of a story, e.g. /timeline de overname van FTX")
            self.ask(timeline_question(argument, self.language or conversation_language(argument, self.history)))
        elif name == "new":
            self.history = []
            self.console.print("conversation forgotten")
        elif name == "reindex":
            run_index(Console(stderr=True, soft_wrap=True), self.service, [str(self.service.settings.articles_dir)],
                      as_json=False)
        else:
            raise NewsbotError(f"unknown command /{name}; /help lists them")
        return None

    def show(self, argument: str) -> None:
        citations = {str(c.n): c for c in (self.last.citations if self.last else ())}
        if argument not in citations:
            raise NewsbotError("/show takes the number of a citation in the last answer, e.g. /show 1")
        citation = citations[argument]
        article = self.service.catalogue.article(citation.article_id)
        if article is None:
            raise NewsbotError("that article is no longer indexed")
        self.console.print(f"[bold]{shown(source_line(citation, self.last.language))}[/bold]\n")
        text = article.text
        self.console.print(
            shown(text[:citation.start]) + "[reverse]" + shown(text[citation.start:citation.end])
            + "[/reverse]" + shown(text[citation.end:])
        )
