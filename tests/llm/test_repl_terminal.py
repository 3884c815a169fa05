"""The REPL in a real terminal (a pseudo-terminal): Tab completes /commands, and Ctrl-C while an
answer is being written cancels that answer and returns to the prompt instead of ending the session."""

from __future__ import annotations

import os
import signal
import time

import pexpect

from tests.cli import NEWSBOT
from tests.llm import script as s

PROMPT_READY = "\x1b[?2004h"  # prompt_toolkit turns bracketed paste on when a prompt starts reading


def times_asked(server, question: str) -> int:
    """Requests that ask ``question`` (not any request: the stand-in serves other tests too)."""
    return sum(question in s.last_user_message(r) for r in list(server.requests))


def wait_until_asked(server, question: str, before: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while times_asked(server, question) <= before:
        assert time.monotonic() < deadline, "the model was never asked"
        time.sleep(0.05)


def test_ctrl_c_cancels_the_answer_and_tab_completes_commands(llm_data_dir, llm_articles, chat_server):
    env = {**os.environ, "NEWSBOT_DATA_DIR": str(llm_data_dir), "NEWSBOT_ARTICLES_DIR": str(llm_articles),
           "NEWSBOT_LLM": "openai:stand-in", "NEWSBOT_LLM_BASE_URL": chat_server.base_url,
           "NEWSBOT_LLM_API_KEY": "test-key", "NEWSBOT_LLM_TIMEOUT": "60", "TERM": "xterm",
           "PROMPT_TOOLKIT_NO_CPR": "1"}  # pexpect does not answer the cursor position queries
    # Ctrl-C as in a terminal: a suite started in the background (`make test &`) ignores SIGINT, and
    # its children would inherit that.
    repl = pexpect.spawn(NEWSBOT, ["repl"], env=env, encoding="utf-8", timeout=120, dimensions=(40, 200),
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        repl.expect_exact("ask a question, or /help")
        before = times_asked(chat_server, s.HANG)
        repl.sendline(s.HANG)  # the stand-in model takes 20 s to say anything
        wait_until_asked(chat_server, s.HANG, before)
        repl.sendintr()
        repl.expect("cancelled", timeout=10)  # long before the model would have answered

        repl.send("/he\t")  # the prompt is back: it completes and runs a command
        repl.expect_exact("/help")
        repl.send("\r")
        repl.expect("Ask a question about the indexed articles")
        repl.send("/la\t")
        repl.expect_exact("/lang ")  # completed, with the space before its argument
        repl.send("nl\r")
        repl.expect("answers worded in: nl")
        repl.expect_exact(PROMPT_READY)  # Ctrl-D before the prompt reads input would be lost
        repl.sendeof()
        repl.expect(pexpect.EOF, timeout=10)  # without waiting for the cancelled answer's model
    finally:
        repl.close()
    assert repl.exitstatus == 0, repl.before
