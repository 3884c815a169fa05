"""Follow-ups ("and what did he do before?") rewritten by the model into a standalone question,
so retrieval searches for the people and events the conversation is about.

On any failure the retriever falls back to its own follow-up heuristic; when the model is
unreachable, the answer step is told, so the user does not wait for a second timeout.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda

from bot.answering.llm.generate import describe, unavailable
from bot.answering.llm.model import ChatModels
from bot.answering.llm.parse import visible_text
from bot.answering.llm.prompt import short_history
from bot.question.conversation import is_follow_up
from bot.state import Turn

log = logging.getLogger("newsbot.llm")
MAX_QUESTION_CHARS = 300

REWRITE_SYSTEM = """You rewrite a follow-up question from a conversation about news articles as one standalone question for a search engine.
Resolve what the follow-up refers to (people, companies, events) using the conversation. Keep the follow-up's language. If it is already standalone, repeat it unchanged. Reply with the question only, nothing else."""

REWRITE_PROMPT = ChatPromptTemplate.from_messages(
    [("system", REWRITE_SYSTEM), MessagesPlaceholder("history"), ("human", "Follow-up question: {question}")]
)
_LABEL = re.compile(r"^\s*(standalone question|question|vraag|frage)\s*:\s*", re.IGNORECASE)


def clean_rewrite(reply: str, question: str) -> str:
    """The first line of the reply without labels or quotes; the question itself if that is empty."""
    lines = [line for line in visible_text(reply).splitlines() if line.strip()]
    text = _LABEL.sub("", lines[0]).strip().strip("\"'“”«»").strip() if lines else ""
    return text[:MAX_QUESTION_CHARS] if text else question


def question_rewrite_step(models: ChatModels) -> Runnable:
    """Turn → Turn whose query searches for the model's standalone rewrite of a follow-up (unchanged
    without history or on failure), with ``model_unavailable`` set when the model could not be reached."""
    chain = REWRITE_PROMPT | models.primary | StrOutputParser()

    def rewrite(turn: Turn, config: RunnableConfig) -> Turn:
        query = turn.query
        history = short_history(query.history)
        if not history or not is_follow_up(query.text):  # a new question needs no rewrite
            return turn
        try:
            reply = chain.invoke({"history": history, "question": query.text}, config=config)
        except Exception as error:
            log.warning("question rewrite failed: %s", describe(error))
            return turn.having(model_unavailable=describe(error)) if unavailable(error) else turn
        return turn.having(query=replace(query, search=clean_rewrite(reply, query.text)))

    return RunnableLambda(rewrite, name="rewrite_follow_up")
