"""One form of text for every check of an LLM claim and its passages.

Invisible and compatibility characters let a text read one way and match another: a word or a
link with a soft hyphen or a zero-width space inside slips past a pattern, and a full-width
"１０" is not "10". Every check (injection, numbers, names, links) therefore sees the text NFKC-
normalised with soft hyphens, zero-width and bidirectional-control characters removed.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def normalise(text: str) -> str:
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
