"""The bar of issue 21, end to end: a sentence of the model citing five passages, of which exactly two
state it, is shown with exactly those two citations; a sentence that keeps none of its citations is
dropped, and an answer of nothing else falls back to the extractive one.

Through the real service in LLM mode and LangChain's OpenAI client, against the loopback stand-in.
The articles are real text: the seed article, and two short reports of other outlets that carry
sentences of it word for word (agency copy, as news-dev has), so a fact is stated by two passages
while the other passages of the prompt tell the same story.
"""

from __future__ import annotations

import re
import shutil

import pytest

from bot.answering.wording import phrase
from index.loading import load_article
from tests.conftest import SEED_ARTICLE, make_settings
from tests.llm.script import last_user_message, passages
from tests.llm.stand_in import ChatServer, Reply

LETTER = ("Kort nadien werd duidelijk dat ook het personeel van OpenAI kwaad was om de plotse afzetting van hun "
          "CEO.", "In een open brief, ondertekend door 550 van de 700 medewerkers, noemt het personeel de raad van "
          "bestuur onvoldoende competent en eisen ze hun ontslag en de terugkeer van Altman.", "Maandag doorheen de "
          "dag liep het aantal ondertekenaars op tot 650 van de 770 mensen.")
FIRED = ("vlak voor het weekend werd Sam Altman, CEO van OpenAI, het bedrijf achter ChatGPT, onverwacht ontslagen "
         "door de raad van bestuur.", "Medeoprichter en voorzitter Greg Brockman werd ook ontheven van zijn "
         "bestuursfunctie en stapte nadien zelf op.")
REPORTS = {  # another outlet's report: a title and date of its own, the seed's sentences
    "002_personeel.txt": "title: Personeel OpenAI eist ontslag van de raad van bestuur\ndate: 2023-11-20\n\n"
                         + " ".join(LETTER) + "\n",
    "003_ontslag.txt": "title: OpenAI zet topman Sam Altman op straat\ndate: 2023-11-18\n\n"
                       + "V" + " ".join(FIRED)[1:] + "\n",
}


class Stage:
    """``stage.write(request → reply text)`` sets what the model answers; the prompts are kept."""

    def __init__(self) -> None:
        self.writer = lambda request: "NOT_IN_PASSAGES"
        self.prompts: list[dict] = []

    def write(self, writer) -> None:
        self.writer = writer

    def __call__(self, request: dict, server) -> Reply:
        if "<passages>" not in last_user_message(request):  # a follow-up rewrite: none here
            return Reply(last_user_message(request).split(":", 1)[-1].strip())
        self.prompts.append(request)
        return Reply(self.writer(request))


@pytest.fixture(scope="module")
def stage():
    return Stage()


@pytest.fixture(scope="module")
def service(embeddings, stage, tmp_path_factory):
    from bot.service import NewsbotService

    seed = " ".join(load_article(SEED_ARTICLE).text.split())
    assert all(sentence in seed for sentence in LETTER + FIRED)  # the reports carry the seed's own sentences
    folder = tmp_path_factory.mktemp("citation-articles")
    shutil.copy(SEED_ARTICLE, folder)
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    data_dir = tmp_path_factory.mktemp("citation-data")
    indexing = NewsbotService(make_settings(data_dir), embeddings=embeddings)
    try:
        indexer = indexing.indexer()
        assert indexer.apply(indexer.plan_paths([folder])).summary()["added"] == 3
    finally:
        indexing.close()
    with ChatServer(stage) as server:
        llm = NewsbotService(make_settings(data_dir, llm="openai:stand-in", llm_base_url=server.base_url,
                                           llm_api_key="test-key", llm_timeout=10.0), embeddings=embeddings)
        yield llm
        llm.close()
        assert not server.errors, server.errors


def titles(request: dict) -> dict[int, str]:
    return {int(n): title for n, title in re.findall(r'<passage n="(\d+)" title="([^"]*)"', last_user_message(request))}


def all_five(request: dict) -> str:
    sent = passages(request)
    assert sorted(sent) == [1, 2, 3, 4, 5], f"the prompt has {len(sent)} passages"
    return "".join(f"[{n}]" for n in sorted(sent))


def stating(request: dict, needle: str) -> list[int]:
    return [n for n, text in passages(request).items() if needle in " ".join(text.split())]


def cited_passages(answer, request: dict) -> list[int]:
    """The prompt's passages the answer's citations quote: same article (by title), quote in its text."""
    sent, named = passages(request), titles(request)
    found = []
    for citation in answer.citations:
        matches = [n for n, text in sent.items()
                   if named[n] == (citation.title or "") and citation.quote in " ".join(text.split())]
        assert len(matches) == 1, (citation.title, citation.quote, matches)
        found.append(matches[0])
    return found


@pytest.mark.parametrize("question, claim, needle", [
    # figures: the two passages that give the count; the others tell the story without it
    ("Hoeveel mensen hadden de open brief maandag ondertekend?",
     "Maandag liep het aantal ondertekenaars van de open brief op tot 650 van de 770 mensen", "650 van de 770"),
    # names and relation: the two that say the board fired him; among the others one names Sam Altman and
    # OpenAI too, but says something else of him (Nadella does not rule out that he returns)
    ("Wie ontsloeg Sam Altman bij OpenAI?",
     "Sam Altman werd als CEO van OpenAI onverwacht ontslagen door de raad van bestuur", "onverwacht ontslagen"),
], ids=["figures", "relation"])
def test_a_sentence_citing_five_passages_keeps_exactly_the_two_that_state_it(service, stage, question, claim, needle):
    stage.write(lambda request: f"{claim} {all_five(request)}.")
    answer = service.answer(question)
    request = stage.prompts[-1]
    supporting = stating(request, needle)
    assert len(supporting) == 2, f"the prompt should have two passages stating {needle!r}: {supporting}"
    assert (answer.mode, answer.notice, answer.found) == ("llm", None, True)
    assert answer.text == f"{claim} [1][2]."
    assert sorted(cited_passages(answer, request)) == supporting  # the three others are gone
    assert len({citation.article_id for citation in answer.citations}) == 2  # the seed and another outlet
    assert all(needle in " ".join(citation.quote.split()) for citation in answer.citations)


def test_the_passage_that_names_the_same_people_but_says_something_else_is_among_the_five(service, stage):
    """What the relation case above guards against: this passage names Sam Altman and OpenAI, and its
    sentence clears the similarity bar on its own (it was kept as a third citation before issue 21)."""
    stage.write(lambda request: f"Sam Altman werd als CEO van OpenAI onverwacht ontslagen door de raad van bestuur "
                                f"{all_five(request)}.")
    service.answer("Wie ontsloeg Sam Altman bij OpenAI?")
    near_miss = stating(stage.prompts[-1], "niet uitsluit dat Sam Altman in een zekere vorm zou terugkeren")
    assert len(near_miss) == 1


def test_a_sentence_that_keeps_none_of_its_citations_is_dropped(service, stage):
    """One sentence stated by two passages, one that swaps successor and predecessor: the second is
    left out and the answer says statements were left out."""
    kept = "Sam Altman werd als CEO van OpenAI onverwacht ontslagen door de raad van bestuur"
    swapped = "Mira Murati volgde Emmet Shear op als CEO ad interim"
    stage.write(lambda request: f"{kept} {all_five(request)}. {swapped} {all_five(request)}.")
    answer = service.answer("Wie ontsloeg Sam Altman bij OpenAI?")
    assert (answer.mode, answer.notice) == ("llm", phrase("llm_partial", "nl"))
    assert answer.text == f"{kept} [1][2]." and "Murati" not in answer.text
    assert sorted(cited_passages(answer, stage.prompts[-1])) == stating(stage.prompts[-1], "onverwacht ontslagen")


def test_an_answer_whose_only_sentence_keeps_no_citation_falls_back(service, stage):
    """Every passage is on the story, none gives this count: nothing of the model's answer can be
    shown, so the extractive answer is, saying why."""
    stage.write(lambda request: f"De open brief werd ondertekend door 900 van de 1000 medewerkers {all_five(request)}.")
    answer = service.answer("Hoeveel mensen hadden de open brief maandag ondertekend?")
    assert (answer.mode, answer.notice, answer.found) == ("extractive", phrase("fallback", "nl"), True)
    assert "900" not in answer.text and answer.citations


def test_a_weaker_citation_that_alone_states_one_of_the_figures_is_kept(service):
    """Of several citations only those about as close as the best are kept (verify.Support's
    sibling_margin) — unless a citation is the only one that states one of the claim's figures."""
    from bot.answering.llm.parse import Claim
    from bot.answering.llm.verify import ClaimVerifier

    found = service.retriever.invoke("Hoeveel procent van OpenAI bezit Microsoft, en hoeveel mensen tekenden de brief?",
                                     k=10)
    share = next(d for d in found if "49 procent" in d.page_content)
    count = next(d for d in found if "650 van de 770" in d.page_content)
    claim = Claim("Microsoft bezit 49 procent van OpenAI en maandag hadden 650 van de 770 mensen de open brief "
                  "ondertekend.", (1, 2), (), 0)
    verifier = ClaimVerifier.for_embeddings(service.embeddings)
    [evidence] = verifier.evidence([claim], [share, count], "nl")
    assert evidence.needed == {1, 2}
    [verdict] = verifier.verify([claim], [share, count], "nl")
    assert verdict.supported, verdict.reason
    quoted = " ".join(quote.text for quote in verdict.quotes)
    assert "49 procent" in quoted and "650 van de 770" in quoted


def test_of_several_citations_the_far_weaker_ones_are_dropped_unless_needed():
    """The rule itself (verify.judge), on the similarities met above: the best 0.95, a passage that
    says it 0.94, a passage naming the same people that says something else 0.90."""
    from bot.answering.llm.parse import Claim
    from bot.answering.llm.verify import CALIBRATED_SUPPORT, Evidence, judge
    from index.embeddings import BUNDLED_E5

    support = CALIBRATED_SUPPORT[BUNDLED_E5]
    claim = Claim("Sam Altman werd ontslagen.", (1, 2, 3), (), 0)
    quotes = {n: (f"quote {n}",) for n in (1, 2, 3)}
    cited = ((1, 0.9525, True), (2, 0.9421, True), (3, 0.8988, True))
    evidence = Evidence(claim, None, (), cited, (), quotes)
    assert judge(evidence, support).quotes == ("quote 1", "quote 2")
    needed = Evidence(claim, None, (), cited, (), quotes, needed=frozenset({3}))
    assert judge(needed, support).quotes == ("quote 1", "quote 2", "quote 3")
    assert judge(evidence, None).quotes == ("quote 1", "quote 2", "quote 3")  # uncalibrated: no similarity rules
