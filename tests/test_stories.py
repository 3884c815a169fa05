"""Stories (index/stories.py): articles grouped as they are indexed by the rare names they share,
stored with the catalogue, kept through re-indexing and removal; the newest reports of a story by
the date each is known by. The grouping of real news is tested on news-dev in test_news_answers.py."""

from __future__ import annotations

from sqlalchemy import text

from index.articles import Article
from index.catalogue import Catalogue
from index.stories import choose_story, names

STORM = ("De storm Ciarán trof woensdag de kust bij Westerdorp. Burgemeester Anne Veldhuis sprak van "
         "grote schade. Ook in Oostdorp viel de stroom uit, meldde netbeheerder Stedin.")
STORM_LATER = ("Na de storm Ciarán is de stroom in Westerdorp en Oostdorp hersteld, zegt Stedin. "
               "Burgemeester Anne Veldhuis bedankte de monteurs.")
MATCH = ("Feyenoord won zondag met 3-1 van Ajax in De Kuip. Santiago Giménez scoorde twee keer; "
         "trainer Arne Slot was tevreden.")


def article(article_id: str, body: str, date: str | None = None) -> Article:
    return Article(article_id=article_id, title=article_id, date=date, source=f"/{article_id}.txt", url=None,
                   language="nl", text=body)


def published(tmp_path, *articles: Article) -> Catalogue:
    catalogue = Catalogue(tmp_path / "catalogue.sqlite")
    for a in articles:
        catalogue.stage(a, [])
        catalogue.publish(a)
    return catalogue


def test_names_are_capitalised_words_inside_sentences():
    found = names(STORM)
    assert {"ciaran", "westerdorp", "anne", "veldhuis", "oostdorp", "stedin"} <= set(found)
    assert "de" not in found and "ook" not in found  # a sentence's first word is no name
    assert found["westerdorp"] == 1


def test_an_article_joins_the_story_that_shares_its_rare_names_or_starts_one():
    storm = names(STORM)
    assert choose_story(names(STORM_LATER), {"storm": set(storm) & set(names(STORM_LATER))},
                        {n: 1 for n in storm}, 1) == "storm"
    assert choose_story(names(MATCH), {"storm": set()}, {n: 1 for n in storm}, 1) is None
    # one shared name is a neighbour, not the story
    assert choose_story(names(STORM_LATER), {"storm": {"stedin"}}, {"stedin": 1}, 1) is None


def test_stories_are_stored_survive_a_new_version_and_follow_removal(tmp_path):
    catalogue = published(tmp_path, article("storm", STORM, "2023-11-01"), article("match", MATCH, "2023-11-05"),
                          article("later", STORM_LATER))
    stories = catalogue.stories_of(["storm", "match", "later"])
    assert stories["later"] == stories["storm"] != stories["match"]
    catalogue.stage(article("later", STORM_LATER + " Het opruimen duurt nog weken."), [])
    catalogue.publish(article("later", STORM_LATER + " Het opruimen duurt nog weken."))
    assert catalogue.stories_of(["later"])["later"] == stories["storm"]
    catalogue.remove("storm")
    assert catalogue.story_members(stories["storm"]) == ["later"]
    assert "storm" not in catalogue.stories_of(["storm", "later"])
    catalogue.close()


def test_the_newest_reports_go_by_date_then_lower_bound_and_undated_last(tmp_path):
    bound = STORM_LATER + " Dat meldde Stedin op 3 november 2023."  # undated, not before 3 Nov
    catalogue = published(tmp_path, article("storm", STORM, "2023-11-01"), article("unknown", STORM_LATER),
                          article("bounded", bound), article("dated", STORM_LATER + " Nu echt.", "2023-11-02"))
    story = catalogue.stories_of(["storm"])["storm"]
    assert catalogue.newest_in_story(story, 4) == ["bounded", "dated", "storm", "unknown"]
    assert catalogue.datings(["bounded", "dated"]) == {"bounded": (None, "2023-11-03"), "dated": ("2023-11-02", None)}
    catalogue.close()


def test_a_catalogue_from_before_stories_places_its_articles_once(tmp_path):
    catalogue = published(tmp_path, article("storm", STORM, "2023-11-01"), article("later", STORM_LATER))
    with catalogue._connect() as db:
        db.execute(text("DROP TABLE stories"))
        db.execute(text("DROP TABLE story_names"))
    catalogue.close()
    reopened = Catalogue(tmp_path / "catalogue.sqlite")
    stories = reopened.stories_of(["storm", "later"])
    assert len(stories) == 2 and len(set(stories.values())) == 1
    reopened.close()


def test_names_in_very_many_articles_are_not_looked_up(tmp_path, monkeypatch):
    """Placing one article stays cheap in a large catalogue: a name in more than COMMON_NAME
    articles is not looked up, so it joins no story by it."""
    import index.catalogue

    monkeypatch.setattr(index.catalogue, "COMMON_NAME", 0)
    catalogue = published(tmp_path, article("storm", STORM, "2023-11-01"), article("later", STORM_LATER))
    stories = catalogue.stories_of(["storm", "later"])
    assert stories["storm"] != stories["later"]
    catalogue.close()
