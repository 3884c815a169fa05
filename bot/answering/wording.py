"""The few sentences newsbot says around quotes, in the asker's language."""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "add_refused": "Sorry, only the people listed in NEWSBOT_SLACK_INDEXERS can add articles.",
        "add_failed": "I could not add that page: I could not fetch it, or found no article on it. The details are in the bot's log.",
        "add_added": "Added “{title}” ({date}): {passages} passages, answerable now.",
        "add_updated": "Updated “{title}” ({date}): {passages} passages, answerable now.",
        "add_unchanged": "“{title}” ({date}) was already indexed and has not changed.",
        "intro": "Here is what the articles say:",
        "short": "In short: {answer}",
        "timeline": "How it unfolded, report by report:",
        "latest": "Latest ({date}):",
        "earlier": "Before that ({date}):",
        "no_longer": "No longer, the reports say ({date}):",
        "undated": "date unknown",
        "undated_after": "date unknown, after {date}",
        "not_found": "I couldn't find anything about that in the indexed articles.",
        "empty_index": "No articles are indexed yet. Run `newsbot index` first.",
        "sources": "Sources",
        "position": "characters {start}–{end}",
        "fallback": "The language model's answer could not be verified, so here are the passages themselves.",
        "llm_unavailable": "The language model is not answering right now, so here are the passages themselves.",
        "llm_no_answer": "The language model did not answer; here is what the articles say.",
        "llm_partial": "Statements the language model could not back up with the articles were left out.",
        # Slack
        "channel_refused": "Sorry, I only answer in the channels I was set up for. Ask me in a direct message, or ask an admin to add this channel.",
        "searching": "Looking it up in the articles…",
        "writing": "Writing… not yet checked against the sources.",
        "failed": "Sorry, something went wrong while answering. It has been logged; please try again in a moment.",
        "usage": "Ask me something about the news articles, e.g. `/newsbot Who became interim CEO after Mira Murati?`",
        "share": "Share in channel",
        "asked": "{user} asked: {question}",
        "share_failed": "I couldn't post in this channel. Invite me first (`/invite @newsbot`), then try again.",
        "answer_gone": "I can no longer find that answer.",
        "feedback_thanks": "Thanks for your feedback!",
    },
    "nl": {
        "add_refused": "Sorry, alleen wie in NEWSBOT_SLACK_INDEXERS staat, kan artikelen toevoegen.",
        "add_failed": "Ik kon die pagina niet toevoegen: ze was niet op te halen, of er stond geen artikel op. De details staan in de log van de bot.",
        "add_added": "Toegevoegd: “{title}” ({date}), {passages} passages, nu te bevragen.",
        "add_updated": "Bijgewerkt: “{title}” ({date}), {passages} passages, nu te bevragen.",
        "add_unchanged": "“{title}” ({date}) stond al in de index en is niet veranderd.",
        "intro": "Dit staat er in de artikelen:",
        "short": "Kort gezegd: {answer}",
        "timeline": "Zo verliep het, bericht na bericht:",
        "latest": "Het laatste ({date}):",
        "earlier": "Daarvoor ({date}):",
        "no_longer": "Niet meer, volgens de berichten ({date}):",
        "undated": "datum onbekend",
        "undated_after": "datum onbekend, na {date}",
        "not_found": "Daarover vond ik niets in de geïndexeerde artikelen.",
        "empty_index": "Er zijn nog geen artikelen geïndexeerd. Voer eerst `newsbot index` uit.",
        "sources": "Bronnen",
        "position": "tekens {start}–{end}",
        "fallback": "Het antwoord van het taalmodel kon niet worden gecontroleerd, dus hier zijn de passages zelf.",
        "llm_unavailable": "Het taalmodel antwoordt nu niet, dus hier zijn de passages zelf.",
        "llm_no_answer": "Het taalmodel gaf geen antwoord; dit zeggen de artikelen.",
        "llm_partial": "Beweringen die het taalmodel niet met de artikelen kon staven, zijn weggelaten.",
        # Slack
        "channel_refused": "Sorry, ik antwoord alleen in de kanalen waarvoor ik ben ingesteld. Stel je vraag in een direct bericht, of vraag een beheerder dit kanaal toe te voegen.",
        "searching": "Ik zoek het op in de artikelen…",
        "writing": "Bezig met schrijven… nog niet aan de bronnen getoetst.",
        "failed": "Sorry, er ging iets mis bij het antwoorden. Het is gelogd; probeer het zo nog eens.",
        "usage": "Vraag me iets over de nieuwsartikelen, bv. `/newsbot Wie werd interim-CEO na Mira Murati?`",
        "share": "Deel in kanaal",
        "asked": "{user} vroeg: {question}",
        "share_failed": "Ik kon niet in dit kanaal posten. Nodig me eerst uit (`/invite @newsbot`) en probeer het opnieuw.",
        "answer_gone": "Ik kan dat antwoord niet meer terugvinden.",
        "feedback_thanks": "Bedankt voor je feedback!",
    },
    "de": {
        "add_refused": "Entschuldigung, nur Personen in NEWSBOT_SLACK_INDEXERS können Artikel hinzufügen.",
        "add_failed": "Ich konnte diese Seite nicht hinzufügen: Sie ließ sich nicht abrufen, oder es steht kein Artikel darauf. Die Details stehen im Log des Bots.",
        "add_added": "Hinzugefügt: „{title}“ ({date}), {passages} Passagen, ab sofort abfragbar.",
        "add_updated": "Aktualisiert: „{title}“ ({date}), {passages} Passagen, ab sofort abfragbar.",
        "add_unchanged": "„{title}“ ({date}) war schon indexiert und hat sich nicht geändert.",
        "intro": "Das steht in den Artikeln:",
        "short": "Kurz gesagt: {answer}",
        "timeline": "So lief es ab, Meldung für Meldung:",
        "latest": "Zuletzt ({date}):",
        "earlier": "Davor ({date}):",
        "no_longer": "Nicht mehr, laut den Meldungen ({date}):",
        "undated": "Datum unbekannt",
        "undated_after": "Datum unbekannt, nach {date}",
        "not_found": "Dazu habe ich in den indexierten Artikeln nichts gefunden.",
        "empty_index": "Es sind noch keine Artikel indexiert. Führen Sie zuerst `newsbot index` aus.",
        "sources": "Quellen",
        "position": "Zeichen {start}–{end}",
        "fallback": "Die Antwort des Sprachmodells ließ sich nicht prüfen, daher hier die Passagen selbst.",
        "llm_unavailable": "Das Sprachmodell antwortet gerade nicht, daher hier die Passagen selbst.",
        "llm_no_answer": "Das Sprachmodell hat nicht geantwortet; das steht in den Artikeln.",
        "llm_partial": "Aussagen, die das Sprachmodell nicht mit den Artikeln belegen konnte, wurden weggelassen.",
        # Slack
        "channel_refused": "Entschuldigung, ich antworte nur in den Kanälen, für die ich eingerichtet bin. Fragen Sie mich per Direktnachricht, oder bitten Sie einen Admin, diesen Kanal hinzuzufügen.",
        "searching": "Ich suche in den Artikeln…",
        "writing": "Schreibe… noch nicht an den Quellen geprüft.",
        "failed": "Entschuldigung, beim Antworten ist etwas schiefgegangen. Der Fehler wurde protokolliert; bitte versuchen Sie es gleich noch einmal.",
        "usage": "Fragen Sie mich etwas zu den Nachrichtenartikeln, z. B. `/newsbot Wer wurde nach Mira Murati Interims-CEO?`",
        "share": "Im Kanal teilen",
        "asked": "{user} fragte: {question}",
        "share_failed": "Ich konnte in diesem Kanal nicht posten. Laden Sie mich zuerst ein (`/invite @newsbot`) und versuchen Sie es erneut.",
        "answer_gone": "Diese Antwort finde ich nicht mehr.",
        "feedback_thanks": "Danke für Ihr Feedback!",
    },
    "fr": {
        "add_refused": "Désolé, seules les personnes listées dans NEWSBOT_SLACK_INDEXERS peuvent ajouter des articles.",
        "add_failed": "Je n'ai pas pu ajouter cette page : impossible de la récupérer, ou aucun article trouvé. Les détails sont dans le journal du bot.",
        "add_added": "Ajouté : « {title} » ({date}), {passages} passages, interrogeable dès maintenant.",
        "add_updated": "Mis à jour : « {title} » ({date}), {passages} passages, interrogeable dès maintenant.",
        "add_unchanged": "« {title} » ({date}) était déjà indexé et n'a pas changé.",
        "intro": "Voici ce que disent les articles :",
        "short": "En bref : {answer}",
        "timeline": "Le déroulement, article par article :",
        "latest": "Dernier état ({date}) :",
        "earlier": "Auparavant ({date}) :",
        "no_longer": "Plus maintenant, selon les articles ({date}) :",
        "undated": "date inconnue",
        "undated_after": "date inconnue, après {date}",
        "not_found": "Je n'ai rien trouvé à ce sujet dans les articles indexés.",
        "empty_index": "Aucun article n'est encore indexé. Lancez d'abord `newsbot index`.",
        "sources": "Sources",
        "position": "caractères {start}–{end}",
        "fallback": "La réponse du modèle de langue n'a pas pu être vérifiée ; voici les passages eux-mêmes.",
        "llm_unavailable": "Le modèle de langue ne répond pas pour le moment ; voici les passages eux-mêmes.",
        "llm_no_answer": "Le modèle de langue n'a pas répondu ; voici ce que disent les articles.",
        "llm_partial": "Les affirmations que le modèle de langue n'a pas pu étayer par les articles ont été omises.",
        # Slack
        "channel_refused": "Désolé, je ne réponds que dans les canaux pour lesquels j'ai été configuré. Posez votre question en message direct, ou demandez à un administrateur d'ajouter ce canal.",
        "searching": "Je cherche dans les articles…",
        "writing": "Rédaction en cours… pas encore vérifiée dans les sources.",
        "failed": "Désolé, un problème est survenu pendant la réponse. Il a été consigné ; réessayez dans un instant.",
        "usage": "Posez-moi une question sur les articles, par ex. `/newsbot Qui est devenu PDG par intérim après Mira Murati ?`",
        "share": "Partager dans le canal",
        "asked": "{user} a demandé : {question}",
        "share_failed": "Je n'ai pas pu publier dans ce canal. Invitez-moi d'abord (`/invite @newsbot`), puis réessayez.",
        "answer_gone": "Je ne retrouve plus cette réponse.",
        "feedback_thanks": "Merci pour votre avis !",
    },
}
MONTH_NAMES = {
    "en": "January February March April May June July August September October November December",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
}
WORDING_LANGUAGES = tuple(PHRASES)
DEFAULT_LANGUAGE = "en"


def wording_language(language: str) -> str:
    """The language newsbot can word its answer in: the asker's, else English."""
    return language if language in PHRASES else DEFAULT_LANGUAGE


def phrase(key: str, language: str) -> str:
    return PHRASES[wording_language(language)][key]


def format_date(date: str, language: str) -> str:
    """An ISO date (or year-month) as people write it: "2 July 2024", "juli 2024"."""
    parts = date.split("-")
    if len(parts) < 2 or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
        return date
    month = MONTH_NAMES[wording_language(language)].split()[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = int(parts[2])
    return f"{month} {day}, {parts[0]}" if wording_language(language) == "en" else f"{day} {month} {parts[0]}"


def citation_date(date: str | None, not_before: str | None, language: str) -> str:
    """A citation's date the way it is known: "2023-11-22", or "date unknown, after 2023-11-22" for
    an undated report whose text refers to that date — a bound, never presented as its date."""
    if date:
        return date
    if not_before:
        return phrase("undated_after", language).format(date=not_before)
    return phrase("undated", language)
