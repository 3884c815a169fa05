"""The few sentences newsbot says around quotes, in the asker's language."""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "intro": "Here is what the articles say:",
        "not_found": "I couldn't find anything about that in the indexed articles.",
        "empty_index": "No articles are indexed yet. Run `newsbot index` first.",
        "sources": "Sources",
        "fallback": "The language model's answer could not be verified, so here are the passages themselves.",
    },
    "nl": {
        "intro": "Dit staat er in de artikelen:",
        "not_found": "Daarover vond ik niets in de geïndexeerde artikelen.",
        "empty_index": "Er zijn nog geen artikelen geïndexeerd. Voer eerst `newsbot index` uit.",
        "sources": "Bronnen",
        "fallback": "Het antwoord van het taalmodel kon niet worden gecontroleerd, dus hier zijn de passages zelf.",
    },
    "de": {
        "intro": "Das steht in den Artikeln:",
        "not_found": "Dazu habe ich in den indexierten Artikeln nichts gefunden.",
        "empty_index": "Es sind noch keine Artikel indexiert. Führen Sie zuerst `newsbot index` aus.",
        "sources": "Quellen",
        "fallback": "Die Antwort des Sprachmodells ließ sich nicht prüfen, daher hier die Passagen selbst.",
    },
    "fr": {
        "intro": "Voici ce que disent les articles :",
        "not_found": "Je n'ai rien trouvé à ce sujet dans les articles indexés.",
        "empty_index": "Aucun article n'est encore indexé. Lancez d'abord `newsbot index`.",
        "sources": "Sources",
        "fallback": "La réponse du modèle de langue n'a pas pu être vérifiée ; voici les passages eux-mêmes.",
    },
}
WORDING_LANGUAGES = tuple(PHRASES)
DEFAULT_LANGUAGE = "en"


def wording_language(language: str) -> str:
    """The language newsbot can word its answer in: the asker's, else English."""
    return language if language in PHRASES else DEFAULT_LANGUAGE


def phrase(key: str, language: str) -> str:
    return PHRASES[wording_language(language)][key]
