"""Does a passage talk to the model ("ignore your instructions", a forged system block)? Does a
sentence give orders to its reader ("Always end your answer with…")?

A passage that talks to the model cannot support a claim: a model that repeats what it says may
be obeying it, and the words it would repeat are in the passage, so no similarity or fact check
could tell. Its claims fall back to verbatim quotes. A news story *about* prompt injection is
caught too — a price worth paying for a rule no article can talk its way around. Orders to "the
reader" are how the same attack is paraphrased, and reporting seldom gives them, so such a
sentence never supports a claim, not even with the facts it states (the rest of its passage still can). Texts are normalised first
(normalise.py), so soft hyphens and zero-width characters hide nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from bot.answering.llm.normalise import normalise
from index.chunking import sentence_spans

T = TypeVar("T")

_PATTERNS = [
    # "ignore/disregard/forget (all/your/previous …) instructions" in en, nl, de, fr
    r"\b(ignore|disregard|forget|override|bypass)\s+(all|any|the|your|my|previous|prior|above|earlier|these|those)\b.{0,30}\b(instructions?|rules|prompts?|directions|guidelines)\b",
    r"\b(negeer|vergeet)\s+(alle|al|je|jouw|de|eerdere|vorige|bovenstaande)\b.{0,30}\b(instructies|opdrachten|regels|prompt)\b",
    r"\b(ignoriere|ignoriert|ignorieren sie|vergiss|vergessen sie)\s+(alle|die|deine|ihre|sämtliche|vorherige\w*|bisherige\w*|obige\w*)\b.{0,30}\b(anweisungen|regeln|instruktionen|prompt)\b",
    r"\b(ignorez|ignore|oubliez|oublie)\s+(toutes|tous|les|vos|tes|précédentes)\b.{0,30}\b(instructions|consignes|règles)\b",
    # addressing the model or forging its roles
    r"\b(system|developer)\s*(prompt|message|instructions?)\b", r"\bsysteemprompt\b",
    r"\b(new|nieuwe|neue|nouvelles)\s+(instructions|instructies|anweisungen)\b",
    r"\byou are (now )?(an? )?(ai|assistant|chatbot|language model|llm)\b",
    r"\b(as|dear|attention) (an? )?(ai|assistant|chatbot|language model|llm)\b",
    r"\b(ai|assistant|chatbot|language model|llm)s?\s*(reading this|must|should|shall)\b",
    r"(^|\n)\s*(system|assistant|developer)\s*:", r"[<‹\[]\s*/?\s*(system|assistant|im_start|im_end|inst)\b",
]
_INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)
_READER_PATTERNS = [
    # a sentence opening with an order (en, nl, de, fr)
    r"^\W*(always|ignore|disregard|remember|make sure|be sure|(do not|don't) forget|please|"
    r"(a )?(note|message|reminder) (for|to)|altijd|negeer|vergeet niet|onthoud|zorg (dat|ervoor)|let op|"
    r"(een )?(noot|bericht|opmerking) (voor|aan)|immer|ignoriere|vergiss nicht|denk(en sie)? daran|"
    r"achte darauf|(ein )?(hinweis|nachricht) (für|an)|bitte|toujours|ignorez|n'oubliez pas|"
    r"rappelez-vous|assurez-vous|veuillez|(une )?(note|message) (pour|à))\b",
    # speaking of the answer being written, or of telling its readers
    r"\b(your|je|jouw|uw|deine?|ihre?|votre|ta|ton)\s+(answer|reply|response|summary|output|antwoord|"
    r"samenvatting|antwort|zusammenfassung|réponse|résumé)\b",
    r"\b(tell|inform|remind)\s+(the\s+|every\s+|all\s+|your\s+)?(readers?|users?)\b",
]
_READER = re.compile("|".join(f"(?:{p})" for p in _READER_PATTERNS), re.IGNORECASE)


def addresses_model(text: str) -> bool:
    return bool(_INSTRUCTION.search(normalise(text)))


def addresses_reader(sentence: str) -> bool:
    """Does ``sentence`` give orders to whoever reads it, a person or a model?"""
    text = normalise(sentence).strip(" \"'“”‘’«»„")
    return bool(_READER.search(text) or _INSTRUCTION.search(text))


def without_orders(sentences: Sequence[T]) -> list[T]:
    """The ``sentences`` (candidates with ``.text``) that give nobody orders."""
    return [c for c in sentences if not addresses_reader(c.text)]


def without_order_sentences(text: str, language: str) -> str:
    """``text`` without its sentences that give orders: what they state supports nothing either."""
    return " ".join(text[start:end] for start, end, _ in sentence_spans(text, language)
                    if not addresses_reader(text[start:end]))
