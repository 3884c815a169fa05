"""Does a passage talk to the model ("ignore your instructions", a forged system block)?

Such a passage cannot support a claim: a model that repeats what it says may be obeying it, and
the words it would repeat are in the passage, so no similarity or fact check could tell. Its
claims fall back to verbatim quotes. A news story *about* prompt injection is caught too — a
price worth paying for a rule no article can talk its way around.
"""

from __future__ import annotations

import re

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


def addresses_model(text: str) -> bool:
    return bool(_INSTRUCTION.search(text))
