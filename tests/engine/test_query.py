"""Reading questions: intent, the thing counted, and spelling correction."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.analysis import analyze, stem, terms_of
from bot.engine.casing import capitalised_forms
from bot.engine.features import MONEY_UNIT
from bot.engine.query import (
    ANSWER_TYPE_WEIGHT,
    Speller,
    bare_question,
    detect_intent,
    parse_question,
)
from tests.conftest import beside_other_news, written_article


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("How many troops has North Korea sent?", "quantity"),
        ("how much ammo", "quantity"),
        ("What is the number of shells?", "quantity"),
        # a measure asked for with "what": the answer is a figure all the same
        ("What percentage of voters backed the plan?", "quantity"),
        ("What is the death toll of the storm?", "quantity"),
        ("What was the exchange rate in May?", "quantity"),
        ("At what age did she retire?", "quantity"),
        ("How old is the bridge?", "quantity"),
        ("What is the nature of the deal?", "what"),
        ("When did Putin visit?", "when"),
        ("What year was the treaty signed?", "when"),
        # "which day" asks for a date as "what day" does
        ("On which day was the ferry back at sea?", "when"),
        ("In which year was the treaty signed?", "when"),
        ("Who is the defence minister?", "who"),
        # "whom" further on, after no other question word, asks for someone too
        ("Voss took the post over from whom?", "who"),
        ("To whom was the ferry sold?", "who"),
        # a description of someone named; what befell someone asks for a name
        ("Who is Ina Berg?", "definition"),
        ("Who was sent off?", "who"),
        ("Who is missing?", "who"),
        ("Which official said that?", "who"),
        ("Where are the soldiers fighting?", "where"),
        ("Why is Seoul worried?", "why"),
        # what caused or led to something asks why
        ("What caused the power cut?", "why"),
        ("what led to the strike", "why"),
        ("What is the cause of the fire?", "why"),
        ("Did Russia confirm the deployment?", "yes-no"),
        ("What did Kim call the strikes?", "what"),
        # "what" or "which" with a kind of place or organisation
        ("What city is the company's headquarters in?", "where"),
        ("Which stadium hosted the final?", "where"),
        ("Which company produced the film?", "who"),
        ("What team does she play for?", "who"),
        # a work or a product: its title or brand is a name
        ("Which film won the award?", "who"),
        ("What drug did the agency approve?", "who"),
        ("What shows did she host?", "who"),
        ("What evidence shows that the dam failed?", "what"),
        ("What series of events led to the crash?", "what"),
        # with a word between, or in the plural
        ("What food company recalled the lettuce?", "who"),
        ("Which militant group raided the depot?", "who"),
        ("Which two countries export the most wheat?", "where"),
        ("What did the company say?", "what"),
        # "who" in a clause asks for no one when another question word leads
        ("Where do the couple who sold the ferry live?", "where"),
        ("What did the man who shot the doctor say?", "what"),
        ("When did the woman who founded the firm retire?", "when"),
        # ... though words come before it
        ("According to Fjordposten, what did the crew who sailed the ferry say?", "what"),
        ("In the Voss story, where does the man who sold the ferry live?", "where"),
        # whether something is known or was told asks yes or no, though it names a number
        ("Is the exact number of the dead known?", "yes-no"),
        ("Did the board give details of the deal?", "yes-no"),
        ("How much did the board disclose about the deal?", "yes-no"),
        ("How much did the board pay for the deal?", "quantity"),
        ("How many are known to have died?", "quantity"),
        # a reason asked for by its noun
        ("What reason did Ina Berg give for the toll rise?", "why"),
        ("What motive was cited for the fire?", "why"),
        # "why" after an opening phrase, with no other question word before it
        ("According to Ina Berg, why did the toll rise?", "why"),
        ("In July, why did the board meet?", "why"),
        ("What did Ina Berg say about why the toll rose?", "what"),
        ("The prize went to who?", "who"),
        # a question word added at the end is what is asked ("and where?" after "Who
        # met the envoy?"): the answer says where, and names who in its words
        ("Who met the envoy, and where?", "where"),
        ("Which ferry sank and when?", "when"),
        ("How many ferries sank, and when?", "quantity"),
        # "what's" is "what is"; a measure may follow two words of its own
        ("What's the death toll?", "quantity"),
        ("What is the average monthly salary of a nurse?", "quantity"),
        ("Who's Ina Berg?", "definition"),
        # the noun for a sum of money asks for one
        ("What's the reward for catching an escaped salmon?", "quantity"),
        ("What price does the port pay for a tonne of cod?", "quantity"),
        ("What fee did Redvik pay?", "quantity"),
        ("What price rises did the union accept?", "what"),
        # someone asked for by role or trade
        ("Which judge freed the ferry captain?", "who"),
        ("which opposition lawmaker was kidnapped", "who"),
        # up to three words may describe the kind asked for, but no verb
        ("Which former Harbour Board chairman backed the port plan?", "who"),
        ("which other Labour senator from Voss might back the deal", "who"),
        ("Which small coastal town flooded first?", "where"),
        ("What did the former board chairman say?", "what"),
        ("Which river flooded the town?", "what"),
        # keywords may end with what they ask for; a question that opens with its
        # question word or verb asks what that says
        ("Belousov Pyongyang visit date", "when"),
        ("Berg Dahl talks day", "when"),
        ("ina berg birth date?", "when"),
        ("Lund ferry fire cause", "why"),
        ("Berg meeting location", "where"),
        # ... or with someone's role, which asks who holds it
        ("Tekniva CEO", "who"),
        ("Ola Dahl's lawyer", "who"),
        ("redvik harbour chief", "who"),
        ("Is Ola Dahl the CEO?", "yes-no"),
        ("how many lawyers", "quantity"),
        ("Who set the date?", "who"),
        ("Did they fix the date?", "yes-no"),
        # a kind of place after another kind's noun asks for the place
        ("In which company building were the talks held?", "where"),
        ("Which party won the vote?", "who"),
        # a range asks for figures
        ("What is the likely range of fans at the final?", "quantity"),
        ("What range did the police give for the crowd?", "quantity"),
    ],
)
def test_intent(question: str, intent: str) -> None:
    assert detect_intent(question) == intent


@pytest.mark.parametrize(
    ("asked", "plain"),
    [
        ("do you know when the ferry sails", "when the ferry sails"),
        ("Can you tell me what the mayor said?", "What the mayor said?"),
        ("Hi, could you please tell me, where is Bergen?", "Where is Bergen?"),
        ("I want to know how many troops were sent", "How many troops were sent"),
        ("I'd like to know how many troops were sent", "How many troops were sent"),
        ("I’m curious: where is Bergen?", "Where is Bergen?"),
        ("How many troops were sent? Thanks!", "How many troops were sent?"),
        ("Hi! Where is Bergen? Thank you so much", "Where is Bergen?"),
        ("hello there, who leads the port please", "who leads the port"),
        ("How many troops were sent, according to the articles?", "How many troops were sent?"),
        ("According to your sources, where is Bergen?", "Where is Bergen?"),
        ("whos the mayor of Voss?? 🙏", "who is the mayor of Voss?"),
        ("HI! WHOS INA BERG?? thanks", "WHO IS INA BERG?"),
        ("Whats the cost of the new ferry 👍🏽", "What is the cost of the new ferry"),
        # news about its subject: the subject is what is asked about
        ("Is there any news about Kim Jong Un?", "Kim Jong Un?"),
        ("Hi, anything new on the troops?", "The troops?"),
    ],
)
def test_greetings_lead_ins_and_thanks_are_no_part_of_the_question(
    engine: Engine, asked: str, plain: str
) -> None:
    """Read with its lead-in, "do you know when …" was a yes-or-no question; "Thanks"
    after it, a name no article mentions; "the articles", a word an answer must hold;
    "whos", no question word; an emoji, a part of the question's vector."""
    query, bare = parse(engine, asked), parse(engine, plain)
    assert query.intent == bare.intent != "yes-no"
    assert query.text == bare.text and query.terms == bare.terms


def test_a_capital_after_a_question_mark_is_a_name_only_where_the_corpus_writes_one(
    engine: Engine,
) -> None:
    query = parse_question(
        "How many troops were there? Sent by Russia? Russia did what?",
        Speller(engine.index.surface_words),
        engine.index.knows,
        written=lambda term: capitalised_forms(engine.index, term),
    )
    names = {t.term: t.is_name for t in query.terms}
    assert names["send"] is False and names["rus_country"] is True


def test_a_capital_at_the_start_is_a_name_only_where_the_corpus_writes_one() -> None:
    """ "Dahl took over from whom?": the first word is the name the corpus writes so,
    not a word the question opens with; a word the corpus writes in lower case is none,
    nor a country the question opens with, which says where rather than of whom."""
    built = beside_other_news(
        written_article(
            "coach",
            "Dahl takes over at Lund",
            "Ola Dahl took over the Lund club on Friday after a season in Norway.",
            "Police said the Norwegian fans had left by Saturday, and Dahl thanked them.",
        )
    )

    def names(question: str) -> dict[str, bool]:
        query = parse_question(
            question,
            Speller(built.index.surface_words),
            built.index.knows,
            written=lambda term: capitalised_forms(built.index, term),
        )
        return {t.term: t.is_name for t in query.terms}

    assert names("Dahl took over the Lund club from whom?")["dahl"] is True
    assert names("Police said the fans left when?")["polic"] is False
    assert names("Norwegian fans left Lund when?")["nor_country"] is False


@pytest.mark.parametrize(
    "question", ["Who is Ty?", "What did Lars Vik say about Cheers", '"Who" is that?']
)
def test_a_name_that_is_also_a_courtesy_stays_in_the_question(question: str) -> None:
    assert bare_question(question) == question


def test_a_lead_in_before_anything_but_a_question_word_stays(engine: Engine) -> None:
    assert parse(engine, "Do you know if the ferry sails?").intent == "yes-no"


def parse(engine: Engine, question: str):  # type: ignore[no-untyped-def]
    return parse_question(question, Speller(engine.index.surface_words), engine.index.knows)


def test_question_words_do_not_become_terms(engine: Engine) -> None:
    terms = {t.term for t in parse(engine, "How many troops did North Korea send?").terms}
    assert terms == {"troop", "prk_country", "send"}


def test_the_name_of_frames_a_question_for_a_name(engine: Engine) -> None:
    """ "What are the names of …" asks for names as "who" does; "name" is no word to look
    for, unless it is the verb ("Who did Kim name as envoy?")."""
    query = parse(engine, "What are the names of Kim Jong Un's generals?")
    assert query.intent == "who"
    assert "name" not in {t.term for t in query.terms}
    assert "name" in {t.term for t in parse(engine, "Who did Kim name as envoy?").terms}


def test_the_thing_counted_is_marked(engine: Engine) -> None:
    query = parse(engine, "How many artillery shells did Pyongyang send?")
    assert {t.term for t in query.unit_terms} == {"artilleri", "shell"}


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        # a name after the counted noun starts a clause about whom: not counted
        ("What is the number of shells Kim Jong Un sent?", {"shell"}),
        ("How many troops North Korea sent?", {"troop"}),
        # a name before the noun is part of it; "U.S." does not end the phrase
        ("How many North Korean soldiers were killed?", {"soldier"}),
        ("How many U.S. troops were there?", {"troop"}),
        # ... and so is a country's name or its people's after a word that describes
        ("How many new North Korean soldiers were sent?", {"new", "soldier"}),
    ],
)
def test_the_thing_counted_stops_at_a_name(
    engine: Engine, question: str, counted: set[str]
) -> None:
    assert {t.term for t in parse(engine, question).unit_terms} == counted


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        # "more" compares: the thing counted follows it
        ("How many more troops will be sent?", {"troop"}),
        # "larger than" asks for a ratio or a difference, of no thing
        ("Could the deliveries be how much larger than the C4ADS estimate?", set()),
        ("How much water did the plant use?", {"water"}),
        # ... and so does a comparative that ends the question; "water" is none
        ("Inspectors say the true cod catch was how much larger?", set()),
        ("How much water?", {"water"}),
    ],
)
def test_a_comparison_is_not_the_thing_counted(
    engine: Engine, question: str, counted: set[str]
) -> None:
    assert {t.term for t in parse(engine, question).unit_terms} == counted


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("What percentage of North Korean troops were killed?", {"percent"}),
        ("What is the percent of shells that failed?", {"percent"}),
        ("How many troops did North Korea send?", set()),
    ],
)
def test_a_question_asking_for_a_percentage_wants_a_share(
    engine: Engine, question: str, measure: set[str]
) -> None:
    assert set(parse(engine, question).measure_units) == measure


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("How much military aid did Russia give?", {MONEY_UNIT}),
        ("How much money did the ministry spend?", {MONEY_UNIT}),
        # aid workers are people, counted
        ("How many aid workers were sent?", set()),
    ],
)
def test_a_question_asking_how_much_aid_wants_a_sum(
    engine: Engine, question: str, measure: set[str]
) -> None:
    assert set(parse(engine, question).measure_units) == measure


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("What did the Danish minister say about the strike?", {"minist"}),
        ("What did the Welsh vote lead to?", {"vote"}),
        # a name alone is the subject: the verb comes next
        ("What did Lena Ruiz promise the dockers?", set()),
        ("What is Okafor's next goal?", set()),
        ("What does Okafor sell?", set()),
        # the words before the name describe whom it asks about, not what happened
        ("When did former harbour master Lars Vik retire?", {"former", "harbor", "master"}),
        ("When was ferry captain Ina Berg fined?", {"ferri", "captain"}),
        ("What did Putin's spokesman Dmitry Peskov say?", {"spokesman"}),
        ("When did Norwegian skipper Ina Berg sail?", {"skipper"}),
        # or whose work, quoted
        ('Where was "Harbour Lights" actress Ina Berg born?', {"actress"}),
        ("When did the “Harbour Lights” actress Ina Berg retire?", {"actress"}),
        # a name that opens the subject ends it; the word after it is the verb
        ("When did Okafor meet Lena Ruiz?", set()),
        ('When did Okafor sing "Harbour Lights" with Lena Ruiz?', set()),
        ("When will the council appoint a new chairman?", set()),
        # a name that ends the question is what the verb before it acts on
        ("When did Okafor's delegation leave Lund?", {"deleg"}),
        ("When did the Norwegian skipper visit Lund?", {"skipper"}),
    ],
)
def test_the_noun_a_name_qualifies_is_of_whom_a_question_asks(
    engine: Engine, question: str, subject: set[str]
) -> None:
    assert set(parse(engine, question).subject_nouns) == subject


def test_misspelt_words_are_corrected_to_corpus_words(engine: Engine) -> None:
    query = parse(engine, "how many artilery shels did north korea suply")
    assert query.corrections == {"artilery": "artillery", "shels": "shells", "suply": "supply"}


def test_a_typo_keeps_its_letters_in_the_correction(engine: Engine) -> None:
    query = parse(engine, "How mny troops did Nroth Korea send, and wher?")
    assert query.corrections == {"mny": "many", "Nroth": "North", "wher": "where"}
    assert query.intent == "quantity"


def test_swapped_letters_are_read_as_the_word_with_those_letters() -> None:
    speller = Speller(frozenset({"brad", "byrd", "senator"}))
    assert speller.correct("When did senator Bryd arrive?")[1] == {"Bryd": "Byrd"}


def test_a_possessive_typed_without_its_apostrophe_is_the_name() -> None:
    """A possessive without its apostrophe: "Lunds" is Lund's, not "funds"."""
    speller = Speller(frozenset({"funds", "lund", "lawyer"}))
    assert speller.correct("Who is Lunds lawyer?") == ("Who is Lund lawyer?", {"Lunds": "Lund"})


def test_an_abbreviation_is_read_as_the_word_news_writes_out() -> None:
    """ "yrs" had been dropped as chat shorthand, "govt" corrected to a corpus word."""
    speller = Speller(frozenset({"years", "sentenced", "gout", "government"}))
    assert speller.correct("How many yrs was the govt minister sentenced to?") == (
        "How many years was the government minister sentenced to?",
        {"yrs": "years", "govt": "government"},
    )
    # A corpus that writes the abbreviation itself keeps it.
    assert Speller(frozenset({"yrs"})).correct("How many yrs?")[1] == {}


def test_a_part_of_a_hyphenated_word_is_a_corpus_word() -> None:
    speller = Speller(frozenset({"al-badri", "bari"}))
    assert speller.correct("who is al badri")[1] == {}


def test_a_misspelt_part_of_a_hyphenated_word_is_mended() -> None:
    """ "secnd-half" is "second-half", "Sami-Amercan" "Sami-American"; a hyphenated word
    whose parts the corpus has ("Ola-Dahl") stays as written."""
    speller = Speller(frozenset({"second-half", "second", "half", "american", "ola", "dahl"}))
    question = "who scored a secnd-half goal for the Sami-Amercan team with ola-dahl"
    assert speller.correct(question)[1] == {
        "secnd-half": "second-half",
        "Sami-Amercan": "Sami-American",
    }


def test_real_english_words_are_not_corrected_into_corpus_words(engine: Engine) -> None:
    # "tanks" is one edit away from "talks", which the corpus has.
    assert parse(engine, "How many tanks did North Korea send?").corrections == {}


def test_related_words_stand_in_only_when_the_corpus_has_them(engine: Engine) -> None:
    (term,) = [t for t in parse(engine, "How many soldiers?").terms if t.term == "soldier"]
    assert "troop" in term.synonyms
    assert all(engine.index.knows(r) for r in term.synonyms | term.related)


def test_months_and_years_are_read_as_dates(engine: Engine) -> None:
    terms = {t.surface: (t.month, t.year) for t in parse(engine, "talks in July 2024").terms}
    assert terms["July"] == (7, None) and terms["2024"] == (None, 2024)


def test_the_noun_after_which_names_the_kind_of_answer_and_counts_less(engine: Engine) -> None:
    """“Which agency …?” is answered by “KCNA”, in a sentence that seldom says “agency”."""
    (agency,) = analyze("agency")
    (russian,) = analyze("Russian")
    weights = {t.term: t.weight for t in parse(engine, "Which agency reported the talks?").terms}
    assert weights[agency.term] == ANSWER_TYPE_WEIGHT < 1
    assert weights[analyze("talks")[0].term] == 1
    # a capitalised word after "which" is a name, not the kind of answer: it qualifies
    # the noun after it, which is
    query = parse(engine, "Which Russian minister met Kim?")
    weights = {t.term: t.weight for t in query.terms}
    assert weights[russian.term] == 1
    (minister,) = analyze("minister")
    assert weights[minister.term] == ANSWER_TYPE_WEIGHT
    assert query.asks_kind and query.kind_terms == {minister.term}
    # two such words, too; not after "what", where a name is more often the subject
    assert parse(engine, "Which North Korean agency reported it?").kind_terms == {agency.term}
    assert not parse(engine, "What Kim said worried Seoul?").asks_kind
    # "what kind of" asks for a kind of the noun after it
    (plane,) = analyze("plane")
    kind_of = parse(engine, "What kind of plane did the pilot fly?")
    assert kind_of.asks_kind and kind_of.kind_terms == {plane.term}


def test_names_that_say_which_kind_is_asked_for_are_not_its_subject(engine: Engine) -> None:
    """ "On what TV show did Shin speak?": "TV" says which kind of show, and
    the name that answers may hold it; "Shin" is whom the question is about."""
    (tv,) = analyze("TV")
    (shin,) = analyze("Shin")
    query = parse(engine, "On what TV show did Shin speak?")
    assert query.kind_names == {tv.term} and query.subject_names == {shin.term}
    (russian,) = analyze("Russian")
    assert parse(engine, "Which Russian minister met Kim?").kind_names == {russian.term}
    # after "what", a name the question's verb follows is whom it asks about
    assert parse(engine, "What Kim said worried Seoul?").kind_names == set()
    assert parse(engine, "What did Kim say?").kind_names == set()


def test_a_speller_reads_its_word_lists_at_the_first_typo_or_when_warmed() -> None:
    """A start reads no spelling data (the corpus's own words need none); the bot warms
    it in a thread once it answers, and a warmed speller corrects as a cold one does."""
    words = frozenset({"troops", "shells", "artillery"})
    cold, warm = Speller(words), Speller(words)
    assert cold._by_start is None and cold._word_parts is None and cold._words_of_term is None
    warm.warm_up()
    assert warm._by_start is not None and warm._word_parts is not None
    assert warm._words_of_term is not None
    assert cold.correct("artilery shels") == warm.correct("artilery shels")
    assert cold.correct("artilery shels")[1] == {"artilery": "artillery", "shels": "shells"}


def test_how_long_asks_for_a_measure_and_names_nothing_long(engine: Engine) -> None:
    query = parse(engine, "How long did the talks last?")
    assert query.intent == "quantity"
    assert "long" not in query.term_set and query.unit_terms == []
    assert {"day", "week", "year", "mile"} <= query.counted_words
    assert parse(engine, "How old is the bridge?").counted_words == {"year", "month"}


@pytest.mark.parametrize(
    ("question", "term", "related"),
    [
        # a noun of a verb and its particle, and the verb the corpus writes
        ("Why did Tekniva order a shutdown?", "shutdown", "shut"),
        ("Who agreed to the takeover?", "takeov", "take"),
        # a verb and its particle, and the noun the corpus writes
        ("How many nurses walked out?", "walk", "walkout"),
        ("Who took over the firm?", "take", "takeov"),
    ],
)
def test_a_verb_with_its_particle_is_related_to_the_noun_they_make(
    question: str, term: str, related: str
) -> None:
    speller = Speller(frozenset({"shut", "shutdown", "walk", "walkout", "take", "takeover"}))
    query = parse_question(question, speller, lambda _: True)
    assert related in next(t for t in query.terms if t.term == term).related


def test_a_particle_ending_makes_no_verb_of_a_rare_or_short_head() -> None:
    """ "Aout" is no English word and "up" leaves two letters: no verb is related."""
    speller = Speller(frozenset({"aout", "aoutout", "cup", "cupup", "ab", "abup"}))
    assert speller.phrasal_head("aoutout") == frozenset()
    assert speller.phrasal_head("abup") == frozenset()
    assert speller.phrasal_head("cupup") == {"cup"}


@pytest.mark.parametrize(
    ("question", "asks_name"),
    [
        ("What nickname did the crew give the ferry?", True),
        ("What is Ina Berg's real name?", True),
        ("what did they name the new coral", True),
        ("What is the title of her third album?", True),
        ("What is the disease called?", True),
        ("What is the smuggler also known as?", True),
        ("Who called the inquiry a waste of time?", False),
        ("What did the ferry hit?", False),
    ],
)
def test_a_question_asking_what_something_is_called(
    engine: Engine, question: str, asks_name: bool
) -> None:
    assert parse(engine, question).asks_name is asks_name


def test_which_country_is_answered_by_a_country_however_written(engine: Engine) -> None:
    assert parse(engine, "Which countries will Kim visit next?").asks_origin
    assert parse(engine, "Where is Kim from?").asks_origin
    assert not parse(engine, "Where did Kim meet Putin?").asks_origin


@pytest.mark.parametrize(
    ("question", "corpus_words", "asked"),
    [
        # the parts known, the joined form never written: only the parts are asked about
        (
            "Who polled the Halvorsen-Okafor race?",
            {"halvorsen", "okafor", "race"},
            {"halvorsen", "okafor"},
        ),
        # the corpus writes the joined form: it is asked about too
        ("Who is Won-sik?", {"won-sik"}, {"won", "sik", "wonsik"}),
        # a part unknown: the joined form stays, a name the corpus lacks
        ("Who is Ina Berg-Moe?", {"ina", "berg"}, {"ina", "berg", "moe", "bergmoe"}),
    ],
)
def test_a_hyphenated_word_is_asked_about_as_the_corpus_writes_it(
    question: str, corpus_words: set[str], asked: set[str]
) -> None:
    speller = Speller(frozenset(corpus_words))
    known_terms = {term.term for word in corpus_words for term in analyze(word)}
    query = parse_question(question, speller, known_terms.__contains__)
    assert asked <= query.term_set
    assert query.term_set - asked <= {"poll", "race"}


def test_a_long_word_has_a_family_of_the_corpus_terms_it_begins_or_that_begin_it() -> None:
    speller = Speller(frozenset({"bankruptcy", "bankrupt", "presidential", "president"}))
    (bankrupt,) = analyze("bankrupt")
    (bankruptcy,) = analyze("bankruptcy")
    assert bankruptcy.term in speller.family(bankrupt.term)
    assert bankrupt.term in speller.family(bankruptcy.term)
    # a short stem ("presid") begins too many words to have a family
    assert speller.family(analyze("president")[0].term) == frozenset()


def test_a_word_the_corpus_lacks_is_tied_to_its_compounds_and_their_last_word() -> None:
    speller = Speller(frozenset({"earthquake", "firefighters", "support", "airport"}))
    (quake,) = analyze("quake")
    (earthquake,) = analyze("earthquake")
    assert earthquake.term in speller.compounds(quake.term)
    (firefighters,) = analyze("firefighters")
    assert firefighters.term in speller.compounds(analyze("fighting")[0].term)
    # "sup" and "air" are no words to open a compound with: "port" has none here
    assert speller.compounds(analyze("port")[0].term) == frozenset()
    # the other way round: "earthquake" asked over a corpus that writes "quake"
    assert Speller(frozenset({"quake"})).compounds(earthquake.term) == {quake.term}
    # only for a word the corpus lacks: over the first corpus, "quake" is no word of it
    query = parse_question("How strong was the quake?", speller, {earthquake.term}.__contains__)
    (asked,) = [t for t in query.terms if t.surface == "quake"]
    assert earthquake.term in asked.related


def test_a_word_whose_stem_the_corpus_has_is_no_typo() -> None:
    """ "heatwave" over articles that write only "heatwaves" is their word (the index
    reads both as one term); it had been "read as “heatwaves”", a note about nothing."""
    speller = Speller(frozenset({"heatwaves", "president"}))
    assert speller.correct("How long did the heatwave last?") == (
        "How long did the heatwave last?",
        {},
    )
    assert speller.correct("Who is the presidnet?")[1] == {"presidnet": "president"}


def test_a_name_typed_with_a_capital_is_only_mended_into_a_name() -> None:
    """ "Where is the Bamk Tower?": "Bamk" is a name no article has, not a typo for
    "bank", which the articles write in lower case (it had been read as the name
    "Bank", and a bank's sentence quoted); "Ina Brg" is still Ina Berg."""
    speller = Speller(frozenset({"bank", "berg", "ina", "tower", "cerny", "nato"}))
    names = {"berg": ("Berg",), "ina": ("Ina",), "cerny": ("Cerny",), "nato": ("NATO",)}

    def written(word: str) -> tuple[str, ...]:
        return names.get(word.lower(), ())

    assert speller.correct("Where is the Bamk Tower?", written)[1] == {}
    assert speller.correct("Who is Ina Brg?", written)[1] == {"Brg": "Berg"}
    # A word typed in capitals is mended only into one the corpus writes so.
    assert speller.correct("Where is CERN?", written)[1] == {}
    assert speller.correct("What did NATI say?", written)[1] == {"NATI": "NATO"}
    # The first word's capital says nothing: "Nucelar" is still "nuclear".
    assert Speller(frozenset({"nuclear"})).correct("Nucelar tests?", written)[1] == {
        "Nucelar": "Nuclear"
    }


def test_an_abbreviation_typed_in_lower_case_is_the_word_though_a_firm_bears_it() -> None:
    """ "how many ppl died" over articles that name the firm PPL had been read as the
    name "PPL", and declined for want of a figure of it; typed in capitals it is the
    firm."""
    speller = Speller(frozenset({"ppl", "people", "customers"}))
    written = {"ppl": ("PPL",)}.get
    assert speller.correct("how many ppl died?", lambda w: written(w, ()))[1] == {"ppl": "people"}
    assert speller.correct("How many PPL customers lost power?", lambda w: written(w, ()))[1] == {}


def test_an_abbreviation_written_in_capitals_is_the_word_where_the_corpus_lacks_it() -> None:
    """ "Which TV channel aired the final?" over articles that write "television" had been
    declined: "TV", capitalised, was read as a name no article mentions. Where the
    articles write "TV", it stays as typed, in capitals or not."""
    written = {"tv": ("TV",)}.get
    lacking = Speller(frozenset({"television", "channel"}))
    assert lacking.correct("Which TV channel aired the final?", lambda w: ())[1] == {
        "TV": "television"
    }
    having = Speller(frozenset({"tv", "channel"}))
    for typed in ("Which TV channel aired the final?", "which tv channel was it"):
        assert having.correct(typed, lambda w: written(w, ()))[1] == {}


def test_a_typo_whose_stem_is_another_term_is_still_mended() -> None:
    """The stemmer reads "ilness" as "il", a term the corpus has (a part of "Ha-Il"):
    that made the typo "a form of a word the corpus has", and the question was declined
    for the name "Ilness"."""
    speller = Speller(frozenset({"illness", "il", "ha-il", "heatwaves"}))
    assert speller.correct("what ilness does she have")[1] == {"ilness": "illness"}
    assert speller.correct("How long did the heatwave last?")[1] == {}


def test_a_typo_of_an_inflected_word_is_read_by_its_stem() -> None:
    """ "promiss" is two letters from "promised", the only form the corpus writes, and
    was taken for a name no article has ("wat did ola promiss …" was declined); its
    stem is one letter from "promised"'s (and the word itself one from "promises", a
    form of the same). A word near no stem is left as typed."""
    speller = Speller(frozenset({"promised", "ferry", "harbour"}))
    mended = speller.correct("wat did ola promiss the harbour")[1]
    assert list(mended) == ["promiss"] and stem(mended["promiss"]) == stem("promised")
    assert speller.correct("what did ola qwzxvbn")[1] == {}


def test_a_typo_is_the_word_nearest_it_not_a_corpus_word_of_a_near_stem() -> None:
    """ "admited", over a corpus that writes "additional" but not "admitted": its stem
    "admit" is a letter from "addit", but the word is a letter from "admitted", which
    it was typed for; a corpus word of a near stem is the reading where it is as near
    as any other ("promiss", above)."""
    speller = Speller(frozenset({"additional", "fines", "paying"}))
    assert speller.correct("what did the firm say after it admited paying fines")[1] == {
        "admited": "admitted"
    }


def test_a_typo_of_a_common_word_the_corpus_lacks_is_mended_into_it() -> None:
    """ "depoly" is two letters from "deployment", the only form the corpus writes, and
    its stem two from that word's: it had been taken for a name no article has. It is
    the common English word "deploy", whose stem the corpus shares."""
    speller = Speller(frozenset({"deployment", "troops"}))
    assert speller.correct("how many troops did they depoly")[1] == {"depoly": "deploy"}
    built = beside_other_news(
        written_article("a", "Troops", "The deployment of 400 troops began in May.")
    )
    answer = built.ask("how many troops did they depoly")
    assert answer.answered and "400 troops" in answer.quotes[0].text


def test_a_typo_of_a_place_is_mended_though_the_corpus_lacks_the_place() -> None:
    """ "washinton", over articles that write only "the United States", had been
    declined as a name no article has; Washington stands for the country they name.
    A typo typed with a capital is mended only into a name the corpus writes."""
    speller = Speller(frozenset({"united", "states", "ferry", "korea"}))
    assert speller.correct("what did washinton say about the ferry")[1] == {
        "washinton": "washington"
    }
    # a corpus word as near comes first: Korea, not the island of Kosrae
    assert speller.correct("what did north korae say")[1] == {"korae": "korea"}
    assert speller.correct("What did Washinton say?", lambda word: ())[1] == {}
    built = beside_other_news(
        written_article("a", "Ferry deal", "The United States agreed to fund the ferry.")
    )
    answer = built.ask("what did washinton agree about the ferry")
    assert answer.answered and "fund the ferry" in answer.quotes[0].text


def test_a_misspelt_word_read_as_a_name_has_a_second_reading() -> None:
    """Typed without case, "thrid" is the name Thrid where the corpus writes one; its
    second reading is the commoner word a letter away, "third". A word that is English
    as typed ("first") has none."""
    speller = Speller(frozenset({"third", "thrid", "first", "race"}))
    assert speller.second_reading(("thrid", "first", "lund")) == {"thrid": "third"}


def test_the_place_a_thing_is_counted_in_is_not_someone_s() -> None:
    """ "homes in Brennock" are counted in Brennock; "in Ina Berg's freezer" names
    whose freezer, not a place."""
    speller = Speller(frozenset({"homes", "brennock", "cash", "freezer", "ina", "berg", "eskby"}))

    def places(question: str) -> list[str]:
        return [t.surface for t in parse_question(question, speller, lambda t: True).places_in]

    assert places("How many homes in Brennock lost power?") == ["Brennock"]
    assert places("How much cash did agents find in Ina Berg's freezer?") == []
    assert places("How many died in New South Wales?") == ["New", "South", "Wales"]
    assert places("How high did the river peak at Eskby?") == ["Eskby"]
    # Where someone went is where a "when" question's event happened, not where a
    # thing counted is.
    went = parse_question("When did Ina Berg travel to Eskby?", speller, lambda t: True)
    assert [t.surface for t in went.event_places] == ["Eskby"]
    assert went.places_in == []
    visited = parse_question("When did Ina Berg visit Eskby?", speller, lambda t: True)
    assert [t.surface for t in visited.event_places] == ["Eskby"]
    assert visited.places_in == []


def test_a_rate_asked_for_names_its_unit() -> None:
    """ "per week", "each day", "a year": the unit a figure must be given per, with the
    word news writes for it without its noun ("daily"); a question that asks no rate
    ("a ticket"), or no figure, has none."""
    speller = Speller(frozenset({"ferry", "ticket", "cost", "earn", "sail", "day", "week"}))

    def rate(question: str, given: str) -> str | None:
        """The rate asked for, if the sentence `given` gives it."""
        query = parse_question(question, speller, lambda t: True)
        return query.rate[0] if query.rate and query.gives_rate(given) else None

    assert rate("How much will she earn per week?", "She is paid 900 crowns weekly") == "per week"
    assert rate("How many ferries sail each day?", "three sailings daily") == "each day"
    assert rate("how many passengers a year", "2 million passengers annually") == "a year"
    assert rate("how many passengers a year", "2 million passengers in May") is None
    assert rate("How many miles an hour was he driving?", "driving at 90 mph") == "an hour"
    assert rate("How much did a ticket cost?", "a ticket cost 40 crowns a day") is None
    assert rate("What did she say each day?", "she said it each day") is None
    assert rate("How many per cent of voters backed it?", "backed by 52 per cent") is None
    assert rate("How much did each one get?", "one of them got 40 crowns") is None
    assert rate("How many died a day after the storm?", "40 died the next day") is None
    assert rate("How much did it cost a year ago?", "it cost 40 crowns a year ago") is None
    # per an item: the sentence gives a figure "per", "each" or "apiece" of it
    price = "What price does Redvik pay per tonne of cod?"
    assert rate(price, "Redvik pays 900 crowns per tonne") == "per tonne"
    assert rate(price, "cod fetched 900 crowns a tonne, up from 850 crowns") == "per tonne"
    assert rate(price, "a new deal on 40,000 tonnes of cod") is None
    assert rate(price, "Redvik bought 40,000 tonnes of cod for 36 million crowns") is None
    assert (
        rate(
            "How much will each stranded passenger get?",
            "200 crowns per person to stranded passengers",
        )
        == "each stranded passenger"
    )
    # "per" a source is "according to", though a part of its name reads as a verb ("Fell")
    for source in (
        "How many ships sank, per Ina Berg?",
        "How many sank, per Ina Fell-Berg's count?",
    ):
        assert parse_question(source, speller, lambda t: True).rate is None, source


@pytest.mark.parametrize(
    ("question", "events"),
    [
        ("When was the vote held?", ["vote"]),
        ("Where did the crash take place?", ["crash"]),
        ("When did it happen?", []),
        # "hold" is what happened when it is done to someone
        ("When did police hold the captain?", ["police", "hold", "captain"]),
        # and a verb of happening is an event where a question asks something else
        ("Who was held?", ["hold"]),
    ],
)
def test_a_verb_that_says_only_that_something_happens_names_no_event(
    engine: Engine, question: str, events: list[str]
) -> None:
    found = [t.term for t in parse(engine, question).event_terms]
    assert found == [analyze(word)[0].term for word in events]


@pytest.mark.parametrize(
    ("question", "events"),
    [
        # the description between commas says whom, not what happened
        ("Where was Ola Dahl, the mayor's son jailed for fraud, born?", ["born"]),
        ("When was Ina Berg, widow of the slain captain, arrested?", ["arrest"]),
        # ... unless it is all the question says
        ("When did Ina Berg, who resigned, ?", ["resign"]),
        # a "who" question's event words are its own
        ("Who is Ola Dahl, the mayor's son jailed for fraud?", ["mayor", "jail", "fraud"]),
    ],
)
def test_a_description_set_off_by_commas_names_no_event(
    engine: Engine, question: str, events: list[str]
) -> None:
    found = [t.term for t in parse(engine, question).event_terms]
    assert found == [analyze(word)[0].term for word in events]


@pytest.mark.parametrize(
    ("question", "scene", "events"),
    [
        (
            "How did the mayor react when the board voted to raise the toll?",
            ["board", "vote", "raise", "toll"],
            ["mayor", "react"],
        ),
        ("What did Berg promise once the ferry sank?", ["ferry", "sank"], ["promise"]),
        # words asked before the clause are the question's own
        ("What did the board say about the toll after the toll rose?", ["rose"], ["board", "toll"]),
        # nor does a clause that ends a relative clause: it says whom it is about
        ("Who took in the boy who swam ashore after the ferry sank?", [], None),
        # "when" asked after an opening phrase sets no scene
        ("Before the vote, when did the mayor resign?", [], ["vote", "mayor", "resign"]),
    ],
)
def test_a_clause_that_sets_the_scene_says_what_is_asked_about(
    engine: Engine, question: str, scene: list[str], events: list[str] | None
) -> None:
    """ "… when the board voted?": its words are the scene of what is asked, which the
    answer's sentence need not repeat (the sentence before it may tell it)."""
    query = parse(engine, question)
    assert query.scene_terms == {analyze(word)[0].term for word in scene}
    if events is not None:
        found = [t.term for t in query.event_terms]
        assert found == [analyze(word)[0].term for word in events]


def test_take_place_says_only_that_something_happened(engine: Engine) -> None:
    """ "take place" and "occur", as "happen", are no words to look for."""
    (raid,) = analyze("raid")
    for asked in (
        "When did the raid take place?",
        "When did the raid happen?",
        "When did the raid occur?",
    ):
        assert [t.term for t in parse(engine, asked).terms] == [raid.term], asked
    assert "place" in {t.surface for t in parse(engine, "Which place did the raid hit?").terms}


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("What did the mayor say about the bridge?", "mayor"),
        ("What has Ina Berg told the inquiry?", "Ina Berg"),
        ("what did dahl tell berg about the talks", "dahl"),
        ("What does the union say led to the walkout?", "union"),
        # no one is said to speak
        ("What is the bridge called?", ""),
        ("What did the mayor open on Monday?", ""),
    ],
)
def test_a_question_about_what_someone_said_names_the_speaker(
    engine: Engine, question: str, speaker: str
) -> None:
    assert parse(engine, question).speaker_terms == frozenset(terms_of(speaker))


def test_a_range_asked_for_is_no_word_to_look_for(engine: Engine) -> None:
    """ "range" frames the question; a sentence about "longer-range missiles" does not
    answer it for holding the word."""
    query = parse(engine, "What range did officials put on the troop count?")
    assert query.asks_range
    assert "rang" not in query.term_set
    assert not parse(engine, "How many longer-range missiles were sent?").asks_range


def test_a_word_describing_by_a_name_is_no_name(engine: Engine) -> None:
    """In "Nordic-style" and "Lund-friendly" only the capitalised part is a name: no
    article needs to write "style" or the whole word for the question to be answered."""
    query = parse(engine, "Is the pact a Nordic-style union, say Lund-friendly outlets?")
    names = {t.term for t in query.terms if t.is_name}
    assert {"nordic", "lund"} <= names
    assert names.isdisjoint({"style", "nordicstyl", "friend", "lundfriend"})
    # a name of two capitalised parts stays a name, part by part and whole
    both = parse(engine, "Who is Ina Halvorsen-Okafor?")
    assert {"halvorsen", "okafor"} <= {t.term for t in both.terms if t.is_name}


def test_what_did_someone_call_asks_for_their_words(engine: Engine) -> None:
    """ "What did Berg call …?" asks what she said, as "What did he say about …?" does;
    "What is the ailment called?" asks for no speaker."""
    assert parse(engine, "What did Berg call the toll rise?").speaker_terms == {"berg"}
    assert not parse(engine, "What is the treaty called?").speaker_terms
    # "What reassurance did the mayor offer?", "what warning has she given": words too
    offered = parse(engine, "What reassurance did Berg offer the port?")
    assert offered.speaker_terms == {"berg"}
    assert not parse(engine, "What ferries did Lund offer?").speaker_terms


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("How many boats has the Voss Coast Guard said sank?", ["Voss", "Coast", "Guard"]),
        ("How many boats sank, according to the Lund police?", ["Lund"]),
        ("According to Fjordposten, how many boats sank?", ["Fjordposten"]),
        ("How many boats did Ola Dahl estimate sank?", ["Ola", "Dahl"]),
        # the thing estimated, not who estimated it
        ("How far off might the Lund estimate be?", []),
        ("How many boats sank off Skarvik?", []),
    ],
)
def test_the_source_a_question_asks_after(engine: Engine, question: str, source: list[str]) -> None:
    """ "…, according to the Lund police?": the names of whoever the question says gave
    what it asks for, which an answer's sentence must not give as another's."""
    assert [t.surface for t in parse(engine, question).source_names] == source


@pytest.mark.parametrize(
    ("question", "town"),
    [
        ("In which town did Ina Berg meet the delegation?", True),
        ("What city hosted the summit?", True),
        ("Which country did the delegation visit?", False),
        ("Where did Ina Berg meet the delegation?", False),
    ],
)
def test_a_question_may_ask_for_a_town(engine: Engine, question: str, town: bool) -> None:
    """ "Which town …?" asks for a town or city, which a country does not name."""
    assert parse(engine, question).asks_town is town
