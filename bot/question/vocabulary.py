"""The word tables every room reads, in the languages newsbot reads: one home for each vocabulary.

Number and scale words, calendar words, words that are never names, the roles people are named by,
function words, the words a follow-up opens with. The question's analysis (intent.py, words.py), the
reader's spans (reading/spans.py) and the LLM fact check (answering/llm/facts.py) all read these, so
they agree on what a number, a name or a role is. Tables only, no logic.
"""

from __future__ import annotations

from index.dates import MONTHS
from index.language import FUNCTION_WORDS

# Number words in the languages newsbot words answers in; a vague count ("dozens", "viertal") is a
# number without a value (None). Words that are also articles ("een", "one", "un") are apart: they
# count only where an extra number merely forgives (a passage checked for a claim's numbers).
_COUNTING = {
    "en": "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen twenty",
    "nl": "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien "
          "zestien zeventien achttien negentien twintig",
    "de": "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
          "fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig",
    "fr": "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
          "seize dix-sept dix-huit dix-neuf vingt",
}
ARTICLE_NUMBER_WORDS = {"one": 1, "een": 1, "ein": 1, "eine": 1, "un": 1, "une": 1, "nul": 0, "null": 0}
NUMBER_WORDS: dict[str, int | None] = {
    **{word: value for words in _COUNTING.values() for value, word in enumerate(words.split())
       if word not in ARTICLE_NUMBER_WORDS},
    **dict.fromkeys(("thirty", "dertig", "dreißig"), 30),
    **dict.fromkeys(("hundred", "honderd", "hundert", "cent"), 100),
    **dict.fromkeys(("thousand", "duizend", "tausend", "mille"), 1000),
    **dict.fromkeys(("once", "eenmaal", "einmal"), 1), **dict.fromkeys(("twice", "tweemaal", "zweimal"), 2),
    **dict.fromkeys(("thrice", "driemaal", "dreimal"), 3),
    **dict.fromkeys(("dozen", "twintigtal", "tiental", "viertal", "tientallen", "dutzend", "dozens", "hundreds",
                     "thousands", "honderden", "duizenden", "dutzende", "hunderte", "tausende"), None),
}
SCALES = frozenset("million millions billion billions bn mln miljoen miljoenen miljard miljarden mld mrd "
                   "million millionen milliarde milliarden milliard milliards trillion biljoen".split())
FRACTIONS = frozenset("half helft hälfte moitié quarter kwart viertel quart third derde drittel tiers "
                      "driekwart dreiviertel majority meerderheid mehrheit majorité".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday maandag dinsdag woensdag donderdag "
                     "vrijdag zaterdag zondag montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi "
                     "mercredi jeudi vendredi samedi dimanche".split())
RELATIVE_DAYS = frozenset("today yesterday tomorrow tonight vandaag gisteren morgen gisteravond vanavond vannacht "
                          "eergisteren heute gestern morgen aujourd'hui hier demain".split())
CALENDAR = frozenset(MONTHS) | WEEKDAYS
# Capitalised words that are never names: calendar words, and the usual sentence openers, pronouns,
# question words and prepositions.
NOT_NAMES = CALENDAR | frozenset("""
de het een the a an der die das ein eine le la les un une dit dat deze die this that these those
hij zij ze wij we het er ik je jij u he she it they we you i his her its their ich er sie es wir il elle ils nous
maar en of ook volgens and but or also according und aber oder auch laut et mais ou aussi selon yes no
in op bij na met voor door over in on at by for from with after before however about
im am nach mit für von über dans sur avec pour
wie wat waar wanneer waarom hoe welk welke who what where when why how which
wer was wo wann warum welcher welches welchen welchem qui que quoi où quand pourquoi quel quelle comment
""".split())

# Words that carry no meaning of their own in any language newsbot knows (the keyword index's function words and
# the usual auxiliaries and adverbs): a question's content words are what is left.
FUNCTION_WORDS_ANY = frozenset().union(*FUNCTION_WORDS.values()) | frozenset(
    "also just more most much many very some any each other such only own same so than too can will "
    "ook nog wel al maar meer zeer veel weer even echter auch noch schon nur mehr sehr viel aussi plus très "
    "did got get gets go goes went going deed doet doen gedaan kreeg krijgt krijgen gaat gaan ging zit zitten "
    "erover ervan daarover eigenlijk lang hatte wurde wird werden geht ging bekommen fait".split())

# Name particles: "Gom van Strien", "Ursula von der Leyen".
PARTICLES = frozenset("van de der den von zu ter ten 't di da du la le bin al el".split())
# The roles a question may ask a person by ("Welcher Richter …?", "Wie is de topman van Binance?"),
# with their words in the languages newsbot reads. A word also ends a compound: "Binance-CEO",
# "oud-topman", "Vorstandschef".
ROLES = {role: frozenset(words.split()) for role, words in {
    "judge": "judge rechter richter richterin juge",
    "lawyer": "lawyer attorney advocaat advocaten anwalt anwälte anwältin verteidiger avocat",
    "prosecutor": "prosecutor aanklager staatsanwalt staatsanwälte staatsanwältin procureur",
    "chief": "ceo topman topvrouw chef baas directeur director bestuursvoorzitter pdg",
    "founder": "founder oprichter gründer fondateur",
    "coach": "coach trainer bondscoach entraîneur",
    "officer": "cto cfo coo cio",
    "head of government": "premier prime minister-president ministerpräsident premierminister premier-ministre",
    "president": "president präsident président",
    "chair": "voorzitter chair chairman chairwoman chairperson vorsitzender vorsitzende",
    "spokesperson": "woordvoerder woordvoerster spokesman spokeswoman spokesperson sprecher sprecherin porte-parole",
    "minister": "minister ministerin ministre",
    "leader": "leader leider anführer",
    "senator": "senator senatorin sénateur",
    "monarch": "koning koningin könig königin king queen roi reine",
    "government formation": "informateur formateur verkenner",
}.items()}
_ROLE_WORDS = frozenset().union(*ROLES.values())
# Role words that end too many other words ("speaking", "armchair", "Troi") to end a compound: whole words only.
WHOLE_WORD_ROLES = frozenset({"king", "queen", "chair", "roi", "reine"})
# Words that make the name after them a person's ("topman Calhoun", "Judge Kaplan").
TITLES = _ROLE_WORDS

# The noun after "which" says what kind of thing answers ("which judge": a person).
KIND_OF_NOUN = {
    **dict.fromkeys("straf strafe sentence penalty celstraf gevangenisstraf haftstrafe gefängnisstrafe peine "
                    "termijn period periode zeitraum".split(), "duration"),
    **dict.fromkeys("datum date dag day tag jaar year jahr maand month monat".split(), "time"),
    **dict.fromkeys("bedrag amount prijs price preis betrag som sum boete fine summe".split(), "money"),
    **dict.fromkeys(TITLES | frozenset("persoon person man vrouw woman frau mann chief".split()), "person"),
    **dict.fromkeys("aantal number anzahl nombre".split(), "number"),
    **dict.fromkeys("stad city stadt land country staat state plaats place ort gevangenis prison".split(), "place"),
}

# Words after a bare number that are not what it counts ("37 van de 150").
NOT_UNITS = frozenset("van het een met voor naar als dan die dat and the for with from than that der die das und "
                      "mit für von als les des une pour avec que qui".split())

FOLLOW_UP_OPENERS = {"and", "but", "so", "then", "also", "en", "maar", "dus", "toen", "ook", "und", "aber", "et", "mais"}
ANAPHORA = set(
    "he she it they him her them his its their hij zij ze hem haar hun hen "
    "er sie ihn ihm ihr ihnen il elle ils elles lui leur".split()
)
