"""Answer-type evidence: what a sentence offers as an answer (names, places, figures)."""

import pytest

from bot.engine.analysis import analyze, terms_of
from bot.engine.features import (
    MONEY_UNIT,
    _code_after_re,
    _code_before_re,
    _money_after_re,
    asks,
    attributed_elsewhere,
    dated_beside,
    dates,
    descriptions,
    figures,
    given_name,
    gives_purpose,
    gives_range,
    gives_reason,
    has_money,
    names,
    names_a_day,
    names_kind,
    names_not_asked,
    opens_with_name,
    place_of,
    places,
    reported_by,
    roles,
    said_by,
    says_unknown,
    since_event,
    warm_up,
)
from bot.engine.query import Speller, parse_question
from bot.engine.scoring import _role_share, figure_key
from tests.conftest import found


def terms(text: str) -> frozenset[str]:
    return frozenset(t.term for t in analyze(text))


ARTICLE = (
    "OSLO, Norway (Wire) -- The carmaker Voltiq said it would double output. "
    "Voltiq predicts it will build 20,000 vans a year. Analysts doubt it."
)


def test_a_single_capitalised_word_is_a_name_where_the_article_writes_it_so_mid_sentence() -> None:
    sentence = "Voltiq predicts it will build 20,000 vans a year."
    assert found(sentence, names(sentence, terms("who builds vans"), ARTICLE)) == ["Voltiq"]


def test_a_capital_only_at_the_start_of_a_sentence_is_not_a_name() -> None:
    sentence = "Analysts doubt it."
    assert names(sentence, terms("who doubts it"), ARTICLE) == []


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("Tekniva chief executive Sven van der Holm said so.", "Sven van der Holm"),
        ("The raid was ordered by Karim bin Salem in May.", "Karim bin Salem"),
        ("The coach, Ana da Costa, resigned.", "Ana da Costa"),
        ("Ola von Dahl and Ina de la Berg met.", "Ola von Dahl"),
    ],
)
def test_a_name_s_particles_join_its_words(sentence: str, named: str) -> None:
    assert named in found(sentence, names(sentence, terms("who said so"), ARTICLE))


@pytest.mark.parametrize(
    "sentence",
    [
        "OSLO, Norway (Wire) -- The carmaker said it would double output.",
        # an outlet of three or four words, or with a hyphen
        "LUND, May 6 (Nordic Press Wire) - The carmaker said it would double output.",
        "LUND, May 6 (Baltic Coast News Agency) - The carmaker said it would double output.",
        "LUND (Agence France-Presse) - The carmaker said it would double output.",
    ],
)
def test_the_wire_dateline_is_not_an_answer_to_who(sentence: str) -> None:
    assert names(sentence, terms("who will double output"), ARTICLE) == []


def test_the_questions_own_names_and_dates_do_not_count() -> None:
    sentence = "The plant Lars Moe runs opened on Monday, said Voltiq."
    assert found(sentence, names(sentence, terms("Voltiq"), ARTICLE)) == ["Lars Moe"]


def test_a_longer_form_of_a_name_the_question_gives_is_not_someone_else() -> None:
    """ "Chairman Lars Vik Jr." is the Lars Vik asked about; a name sharing a word
    with the question's names is another only with two words of its own."""
    sentence = "Chairman Lars Vik Jr. resigned, and Ina Berg takes over."
    asked = terms("Who takes over as chairman after Lars Vik resigned?")
    question_names = terms("Lars Vik")
    assert found(sentence, names(sentence, asked, ARTICLE)) == [
        "Chairman Lars Vik Jr",
        "Ina Berg",
    ]
    assert found(sentence, names(sentence, asked, ARTICLE, question_names)) == ["Ina Berg"]
    sentence = "Norway's Defence Minister Ina Berg spoke."
    asked = terms("Who is Norway's defence minister?")
    assert found(sentence, names(sentence, asked, ARTICLE, terms("Norway"))) == [
        "Norway's Defence Minister Ina Berg"
    ]


def test_a_title_is_not_a_word_of_a_name_of_its_own() -> None:
    """ "President Sven Holm's" for "Who is Holm's adviser?": "President" is a word the
    article also writes in lower case, a title, so the name has only "Sven" of its own
    and is the Holm asked about, not someone else."""
    article = "Talks were led by President Sven Holm's adviser, Ina Berg. The president left."
    sentence = "Talks were led by President Sven Holm's adviser, Ina Berg."
    asked = terms("Who is Holm's adviser?")
    assert found(sentence, names(sentence, asked, article, terms("Holm"))) == ["Ina Berg"]
    # nor is an abbreviated or courtesy title: "Sen. Sven Holm" is Holm, for "Whose
    # record did Holm break?", and only the one whose record it was answers
    sentence = "Sen. Sven Holm broke the club record that Dr. Ina Berg had set."
    asked = terms("Whose club record did Holm break?")
    assert found(sentence, names(sentence, asked, ARTICLE, terms("Holm"))) == ["Dr. Ina Berg"]


def test_where_something_happened_is_not_who_did_it_unless_it_is_someones() -> None:
    """ "in Bergen", "at Harbour Park": places; "in Moe's plant": Moe's plant."""
    sentence = "The plant in Bergen, run by Lars Moe, opened at Harbour Park."
    assert found(sentence, names(sentence, terms("who runs the plant"), ARTICLE)) == ["Lars Moe"]
    # a state, a capital, a town with its state or country after it: places too
    sentence = "Lars Moe left Dunmore, Ohio, for Kabul last year."
    assert found(sentence, names(sentence, terms("who left"), ARTICLE)) == ["Lars Moe"]
    sentence = "Workers in Lars Moe's plant struck on Monday."
    assert found(sentence, names(sentence, terms("who owns the plant"), ARTICLE)) == ["Lars Moe's"]
    # ... but a state's office after a name is the person's: "Ina Berg, Ohio's attorney
    # general" names her, not a town in Ohio
    sentence = "Vik and Ina Berg, Ohio's attorney general, led the group, Vik's office said."
    asked = terms("Which attorney general of Ohio leads the group with Vik?")
    assert found(sentence, names(sentence, asked, ARTICLE, terms("Vik"))) == ["Ina Berg"]


def test_a_part_of_the_world_named_by_its_people_is_no_one() -> None:
    """ "a North American smuggling ring", "East German traders": a country's people
    with a point of the compass are no name a "who" question asks for."""
    sentence = "The indictment said Ina Berg and Lars Moe ran a North American smuggling ring."
    asked = terms("Who were Ina Berg's partners?")
    assert found(sentence, names(sentence, asked, ARTICLE, terms("Ina Berg"))) == ["Lars Moe"]
    sentence = "East German traders met Sven Holm in Lagos."
    assert found(sentence, names(sentence, terms("who met the traders"), ARTICLE)) == ["Sven Holm"]


def test_an_apposition_or_is_a_after_the_subject_describes_it() -> None:
    subject = terms("Ina Berg")
    apposition = "Ina Berg, a 41-year-old former ferry pilot, founded the company."
    copula = "Ina Berg is a former ferry pilot."
    assert found(apposition, descriptions(apposition, subject)) == [
        ", a 41-year-old former ferry pilot"
    ]
    assert found(copula, descriptions(copula, subject)) == [" is a former ferry pilot"]


def test_a_clause_after_the_subject_is_not_a_description() -> None:
    subject = terms("Ina Berg")
    for sentence in (
        "Ina Berg said the vans were late.",
        "Ina Berg, who founded it, left.",
        "The team lost Ola Dahl, dismissed by Ina Berg, to be seven for one.",
    ):
        assert descriptions(sentence, subject) == []


def test_a_place_answers_where_unless_the_question_named_it() -> None:
    question = terms("Where did the minister speak in Norway?")
    named = "Crowds gathered in Norway to hear the minister."
    new = "She spoke at the 40,000-seat Ullevaal Stadium on Friday."
    assert places(named, question) == ([], False)
    assert found(new, places(new, question)[0]) == ["at the 40,000-seat Ullevaal Stadium"]
    owned = "The doctor was shot at his Tromso clinic on Sunday."
    assert found(owned, places(owned, question)[0]) == ["at his Tromso"]


def test_a_country_is_no_place_for_which_town() -> None:
    """ "In which town …?": "in Norway" is no answer; "in Skarvik" is."""
    question = terms("In which town did the minister speak?")
    country = "The minister spoke in Norway on Friday."
    town = "The minister spoke in Skarvik on Friday."
    assert found(country, places(country, question)[0]) == ["in Norway"]
    assert places(country, question, town=True)[0] == []
    assert found(town, places(town, question, town=True)[0]) == ["in Skarvik"]


def test_from_gives_a_place_only_before_a_state_capital_or_country() -> None:
    """ "took off from an Ohio airfield" says where from; "a call from Ina Berg" and "a
    grant from Tekniva" name no place."""
    question = terms("Where did Ola Dahl take off from?")
    flight = "Dahl was last seen flying a small plane from an Ohio airfield."
    assert found(flight, places(flight, question)[0]) == ["from an Ohio"]
    for sentence in ("Dahl got a call from Ina Berg.", "Dahl won a grant from Tekniva."):
        assert places(sentence, question) == ([], False), sentence


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Officers found him at his mother's house, hiding in a shed.", "at his mother's house"),
        ("Dahl was treated in a nearby hospital for burns.", "in a nearby hospital"),
        ("The crew slept inside the old warehouse on the quay.", "inside the old warehouse"),
    ],
)
def test_a_kind_of_place_after_a_preposition_says_where_though_less_than_a_name(
    sentence: str, place: str
) -> None:
    spans, located = places(sentence, terms("Where was Ola Dahl?"))
    assert found(sentence, spans) == [place] and not located


def test_the_questions_own_kind_of_place_says_nothing_new() -> None:
    sentence = "Dahl was treated in a nearby hospital for burns."
    assert places(sentence, terms("Where is the hospital that treated Dahl?")) == ([], False)


def test_a_place_off_which_something_happened_is_where_and_no_one() -> None:
    """ "off Lund" says where the ferry burned; Lund is no one a "who" question asks for."""
    sentence = "A fire on the ferry Nordlys Star killed 12 people off Lund on Tuesday."
    assert found(sentence, places(sentence, terms("Where did the ferry burn?"))[0]) == ["off Lund"]
    assert found(sentence, names(sentence, terms("Who was on board?"), sentence)) == [
        "Nordlys Star"
    ]


@pytest.mark.parametrize(
    ("sentence", "says_where"),
    [
        ("The ferry captain retired to Norway's west coast.", True),
        ("OSLO, Norway (CNN) -- A ferry captain has retired after 40 years.", True),
        ("The ferry captain retired to Norway Thursday.", True),
        ("The ferry captain retired after 40 years.", False),
        # Norway acting, or the first word of another name, is not where.
        ("Norway thanked the ferry captain, who retired after 40 years.", False),
        ("The ferry captain retired, the Norway Ferry Authority said.", False),
    ],
)
def test_a_state_capital_or_country_named_says_where_but_is_not_the_answer_shown(
    sentence: str, says_where: bool
) -> None:
    assert places(sentence, terms("Where did the ferry captain retire?")) == ([], says_where)
    # The question's own country is no answer.
    asked_in_norway = terms("Where in Norway did the ferry captain retire?")
    assert places(sentence, asked_in_norway) == ([], False)


@pytest.mark.parametrize(
    ("sentence", "where"),
    [
        (
            "The two worst hurt were flown by air ambulance to Lund University Hospital.",
            ["to Lund University Hospital"],
        ),
        ("About 60 flights were diverted to Redvik Airport on Friday.", ["to Redvik Airport"]),
        (
            "She was taken to the Voss General Hospital in Lund.",
            ["to the Voss General Hospital", "in Lund"],
        ),
        # "to" a person after a verb that moves no one
        ("He sent a letter to Ina Berg.", []),
    ],
)
def test_a_place_someone_was_moved_to_says_where(sentence: str, where: list[str]) -> None:
    spans, located = places(sentence, terms("Where were they taken?"))
    assert found(sentence, spans) == where
    assert located == bool(where)


def test_a_place_may_be_a_kind_of_place_of_a_name_or_a_part_of_one() -> None:
    question = terms("Where was the ferry found?")
    text = "The ferry was found near the village of Vik, in mid Norway and in south-west Bergen."
    assert found(text, places(text, question)[0]) == [
        "near the village of Vik",
        "in mid Norway",
        "in south-west Bergen",
    ]


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        # an abbreviated title is part of the name
        (
            "The mayor met Sen. Ina Berg and Army Pvt. Ola Dahl.",
            ["Sen. Ina Berg", "Army Pvt. Ola Dahl"],
        ),
        # an opening stop word is not, nor an opening word joined to a name by "of"
        ("When Voltiq opened, the mayor came.", ["Voltiq"]),
        ("Because of the Voltiq strike, the mayor came.", ["Voltiq"]),
        ("Instead of Voltiq CEO Ina Berg, the mayor came.", ["Voltiq CEO Ina Berg"]),
        # nor does a middle initial split a name in two
        (
            "The mayor met Ina K. Berg, and later the Rev. Ola J. Dahl of Voss.",
            ["Ina K. Berg", "Rev. Ola J. Dahl of Voss"],
        ),
    ],
)
def test_a_name_keeps_its_title_and_middle_initial_but_not_an_opening_stop_word(
    sentence: str, named: list[str]
) -> None:
    question = terms("Who met the mayor?")
    assert found(sentence, names(sentence, question, ARTICLE)) == named


def test_an_opening_word_joined_to_a_name_is_part_of_it_where_the_article_says_so() -> None:
    """ "Bank of Lund" opening a sentence is one name when its article writes "Bank"
    with a capital inside a sentence too; "Instead of …" never is."""
    sentence = "Bank of Lund staff met the mayor."
    article = f"{sentence} The mayor said staff at Bank of Lund had asked for it."
    assert found(sentence, names(sentence, terms("Who met the mayor?"), article)) == [
        "Bank of Lund"
    ]


def test_a_day_or_month_beside_a_name_is_not_part_of_it() -> None:
    question = terms("Who did Ina Berg meet?")
    dated = "Ina Berg Tuesday met the mayor."
    opening = "On Monday the mayor met Ina Berg."
    month = "Ina Berg March 5 met Theresa May."
    assert names(dated, question, ARTICLE) == []
    assert names(opening, question, ARTICLE) == []
    assert found(month, names(month, question, ARTICLE)) == ["Theresa May"]


def test_a_place_may_follow_a_or_an_but_a_month_or_day_is_no_place() -> None:
    """ "in a Brekka hospital" says where, as "in the Brekka hospital" does; "in a
    January interview" and "in the July heat" say when."""
    question = terms("Where did Ina Berg die?")
    died = "She died in a Brekka hospital, and her brother in an Elstad care home."
    assert found(died, places(died, question)[0]) == ["in a Brekka", "in an Elstad"]
    for dated in ("She said so in a January interview.", "They marched in the July heat."):
        assert places(dated, question) == ([], False)


def test_a_day_or_month_after_a_place_is_not_part_of_it() -> None:
    question = terms("Where did the minister speak in Norway?")
    named = "Crowds packed a stadium in Norway Thursday to hear the minister."
    dated = "She spoke in Bergen Nov. 5 and at the Ullevaal Stadium in March."
    assert places(named, question) == ([], False)
    assert found(dated, places(dated, question)[0]) == ["in Bergen", "at the Ullevaal Stadium"]


def test_a_role_written_before_the_name_describes_it_but_a_verb_of_saying_does_not() -> None:
    subject = terms("Ina Berg")
    titled = "The board thanked ferry company founder Ina Berg on Monday."
    said = "The report said Ina Berg left."
    [title] = found(titled, descriptions(titled, subject))
    assert title.endswith("ferry company founder")
    assert descriptions(said, subject) == []


def test_a_role_is_read_back_to_a_verb_and_may_be_an_abbreviated_title() -> None:
    subject = terms("Ina Berg")
    allowing = "The port refused a permit allowing Ina Berg to dock."
    thanked = "The board thanked ferry company founder Ina Berg on Monday."
    abbreviated = "Former Gov. Ina Berg of Nordland lost her seat."
    courtesy = "Ms. Ina Berg left early."
    verbs = ("The order to arrest and prosecute Ina Berg stands.", "He will meet Ina Berg.")
    preposition = "He wrote to former minister Ina Berg."
    assert descriptions(allowing, subject) == []
    assert [descriptions(verb, subject) for verb in verbs] == [[], []]
    assert found(preposition, descriptions(preposition, subject)) == ["former minister"]
    assert found(thanked, descriptions(thanked, subject)) == ["ferry company founder"]
    assert found(abbreviated, descriptions(abbreviated, subject)) == ["Former Gov."]
    assert descriptions(courtesy, subject) == []


def test_a_capitalised_title_is_one_the_article_also_writes_in_lower_case() -> None:
    subject = terms("Ina Berg")
    article = "The harbour master said the ferry was late. Harbour Master Ina Berg left."
    titled = "Norwegian Harbour Master Ina Berg left."
    named = "Voltiq Harbour Ina Berg left."
    assert found(titled, descriptions(titled, subject, article)) == ["Harbour Master"]
    assert descriptions(named, subject, "Voltiq hired her.") == []


def test_where_someone_is_from_is_said_by_a_country_beside_their_name() -> None:
    whose = terms("Okafor")
    beside = "She will next play Kenyan seed Mara Okafor, and Okafor, of Kenya, won."
    far = "The Danish champion, back from injury, lost her last match to Okafor."
    assert found(beside, places(beside, whose, True, whose)[0]) == ["Kenyan", "Kenya"]
    assert places(beside, whose, True, whose)[1]
    assert found(far, places(far, whose, True, whose)[0]) == ["Danish"]
    assert not places(far, whose, True, whose)[1]
    # A sentence that does not name them ("She was born in …") may still say it.
    assert places("She was born in Kenya.", whose, True, whose)[1]


def _counted(text: str, things: str) -> list[str]:
    """The figures of `text` that count one of `things`, as written."""
    units = frozenset(terms_of(things))
    return [text[f.start : f.unit_end] for f in figures(text, units) if f.counts_unit]


def test_a_figure_counts_the_thing_named_a_few_words_after_it() -> None:
    text = "Officials said approximately 3,000 additional North Korean troops had arrived."
    assert _counted(text, "troops") == ["approximately 3,000 additional North Korean troops"]


def test_a_figure_counts_the_owner_before_a_possessive_not_what_it_owns() -> None:
    """ "the two ports’ busiest ferry route" counts ports: a route is theirs, and "How
    many ferry routes …?" is not answered by it."""
    text = "It is the two ports’ busiest ferry route, and the town's 3 harbours’ oldest."
    assert _counted(text, "ferry routes") == []
    assert _counted(text, "ports") == ["two ports"]
    assert _counted(text, "harbours") == ["3 harbours"]


def test_an_age_is_no_count_of_the_thing_it_describes() -> None:
    """ "a 20-year-old skipper" is one skipper's age, not twenty skippers; an age is a
    quantity only where the question asks how old."""
    text = "A 20-year-old skipper and Ina Berg, 41, sailed with 12 skippers."
    assert _counted(text, "skippers") == ["12 skippers"]
    assert [text[f.start : f.end] for f in figures(text, frozenset())] == ["12"]
    aged = [text[f.start : f.end] for f in figures(text, frozenset(), ages=True) if f.counts_unit]
    assert aged == ["20", "41"]


def test_a_speaker_stands_a_few_words_from_the_verb_of_saying() -> None:
    """ "What did Ola Dahl say about the bridge?" is answered where Dahl speaks, not
    where he is named beside someone else's words."""
    dahl = frozenset(terms_of("Dahl"))
    assert said_by("In a speech, Dahl said the bridge would cut the drive.", dahl)
    assert said_by("The bridge is safe, Mayor Ola Dahl told reporters.", dahl)
    assert not said_by(
        "Ola Dahl, the mayor, cut the ribbon on the new bridge as engineers said it was safe.",
        dahl,
    )


def test_a_scale_written_before_its_number_measures_it() -> None:
    """ "a magnitude 5.8 earthquake": the scale stands before the number, and counts
    only for a measure asked for ("How strong …?"); a thing counted stands after its
    figure, or before it with "of". "magnitude one" is no figure."""
    text = "A magnitude 5.8 quake hit Voss, and a 4.1 magnitude one hit Lund 40 miles away."
    scales = frozenset(terms_of("magnitude"))
    measured = [f.span() for f in figures(text, scales, measure=True) if f.counts_unit]
    assert found(text, measured) == ["magnitude 5.8", "4.1 magnitude"]
    counted = [f.span() for f in figures(text, scales) if f.counts_unit]
    assert found(text, counted) == ["4.1 magnitude"]


def test_an_age_group_written_in_words_is_no_figure() -> None:
    """ "two-year-olds" had been read as the figure "two"."""
    text = "The share of two-year-olds who have had the vaccine fell to 89 percent."
    assert [text[f.start : f.end] for f in figures(text, frozenset())] == ["89"]


def test_a_counts_as_one_only_after_a_qualifier() -> None:
    text = "The valley may see up to a foot of snow, a report said."
    assert _counted(text, "snow") == ["up to a foot of snow"]
    assert _counted("A foot of snow fell on a town.", "snow") == []
    assert _counted("Nearly a third of voters stayed home.", "voters") == [
        "Nearly a third of voters"
    ]
    assert figure_key("about a third") == figure_key("nearly a third") == ("a", "third")
    assert figure_key("about a third") != figure_key("about a quarter")


def test_a_share_counts_as_a_percentage_however_written() -> None:
    text = "Turnout fell 4 percentage points to 61.5%, and 10 per cent of 3,000 voters moved."
    assert _counted(text, "percent") == ["4 percentage points", "61.5%", "10 per cent"]
    assert _counted("About 3,000 voters moved away.", "percent") == []


def test_a_sum_of_money_counts_in_any_currency_sign_and_all() -> None:
    """A question asking how much money names no currency: a figure after a currency's
    sign or before its name (Babel's English names) is a sum; other figures are not."""
    money = frozenset({MONEY_UNIT})
    text = "Nordlys lost 2 million kroner a day, US$5,000 a ship and 30 cents a ticket."
    assert [text[f.start : f.unit_end] for f in figures(text, money) if f.counts_unit] == [
        "2 million kroner",
        "US$5,000",
        "30 cents",
    ]
    assert has_money("Fares rose to 500 Norwegian kroner.")
    opening = "$5 million was raised."  # the sign opens the sentence
    assert [opening[f.start : f.unit_end] for f in figures(opening, money)] == ["$5 million"]
    assert not has_money("Voss won 3 matches and 40 fans came.")
    assert not has_money("12 players won the cup.")  # "won" names a currency after a number


def test_a_currencys_code_before_or_after_a_figure_makes_it_a_sum() -> None:
    """ "NOK 2.9 billion" had been no sum, and a cost question quoted another story's
    "1.4 billion kroner"; a code is read in capitals only ("All 20 players")."""
    money = frozenset({MONEY_UNIT})
    text = "The bridge will cost NOK 2.9 billion, the firm 2.1 billion SEK."
    assert [text[f.start : f.unit_end] for f in figures(text, money) if f.counts_unit] == [
        "NOK 2.9 billion",
        "2.1 billion SEK",
    ]
    assert not has_money("All 20 players left.")
    assert not has_money("He ate 3 cups of rice.")


def test_once_and_twice_count_times() -> None:
    assert _counted("Holm scored twice, and once in 2019 three times.", "times") == [
        "twice",
        "once",
        "three times",
    ]
    assert _counted("Holm scored twice.", "goals") == []


def test_since_a_year_says_for_how_many_years_but_is_no_age() -> None:
    text = "Dahl has led the city since 2015 and the port since early 2019."
    assert _counted(text, "years") == ["since 2015", "since early 2019"]
    assert not [f for f in figures(text, terms("years"), ages=True) if f.counts_unit]
    # ... and since an event with its date, as a decade too
    text = "It was the fleet's first war since the Lund Blockade in the early 1950s."
    assert _counted(text, "years") == ["since the Lund Blockade in the early 1950s"]
    assert _counted("No ferry has sunk since the 1980s.", "years") == ["since the 1980s"]


def test_an_age_is_written_after_its_number_too() -> None:
    text = "The church is 300 years old, and its repairs took 12 years."
    ages = [text[f.start : f.end] for f in figures(text, terms("years"), ages=True) if f.is_age]
    assert ages == ["300"]


def test_a_unit_is_not_read_across_a_clause_break_however_long_the_sentence() -> None:
    filler = " ".join(["and the talks went on for hours"] * 30)
    text = f"The two nations, with 40 envoys, {filler}, sent troops and 12 artillery shells."
    assert _counted(text, "troops") == []
    assert _counted(text, "artillery shells") == ["12 artillery shells"]


def test_a_number_joined_to_its_unit_by_a_hyphen_counts_in_words_as_in_digits() -> None:
    """ "a two-year deal" is two years as "a 3-year ban" is three ("two-year" had been
    read as one word, and not counted); an age ("a 41-year-old") is still no count."""
    text = "He signed a two-year deal after a 3-year ban, aged 41, with a 41-year-old."
    assert _counted(text, "years") == ["two-year", "3-year"]


def test_units_after_a_dotted_acronym_are_found_past_its_dots() -> None:
    text = "Some 1,500 U.S. troops, officials said, " + "were moved " * 20 + "north."
    assert _counted(text, "U.S. troops") == ["Some 1,500 U.S. troops"]


def test_a_country_however_written_answers_where_someone_is_from() -> None:
    question = terms("Where is Halvorsen from?")
    demonym = "Halvorsen, the Norwegian left-hander, is seeded fifth."
    assert places(demonym, question)[0] == []
    assert found(demonym, places(demonym, question, origin=True)[0]) == ["Norwegian"]
    # Where someone is from, the country is the answer, not where the sentence puts them.
    both = "The Danish coach watched Halvorsen train in Madrid."
    assert found(both, places(both, question)[0]) == ["in Madrid"]
    assert found(both, places(both, question, origin=True)[0]) == ["Danish", "Madrid"]
    named = terms("Is Halvorsen from Norway?")
    assert places("Halvorsen left Norway.", named, origin=True)[1] is False


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The ferry leaves at 11:45 p.m. on weekdays.", ["at 11:45 p.m."]),
        ("Talks start at 9 am and end at noon.", ["at 9 am", "at noon"]),
        ("The race began at 18:30 GMT on 5 June 2009.", ["at 18:30 GMT", "on 5 June 2009"]),
        # A score or a race time is no time of day.
        ("Aarhus won 3:1 after 1:30:22 of play.", []),
    ],
)
def test_a_time_of_day_is_a_date_that_names_its_day(text: str, said: list[str]) -> None:
    spans = dates(text)
    assert found(text, spans) == said
    assert all(names_a_day(text[start:end]) for start, end in spans)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Crews hoped to contain it by the weekend.", ["by the weekend"]),
        ("The cuts will be done by the end of next year.", ["by the end of next year"]),
        ("A ruling is expected within weeks.", ["within weeks"]),
        ("They met this weekend.", ["this weekend"]),
        # a time told by another event
        ("On the eve of the vote, Berg wrote to Moe.", ["On the eve of"]),
        ("In the run-up to the election, Vik spoke twice.", ["In the run-up to"]),
        # A figure of speech, not a time.
        ("At the end of the day, the voters decide.", []),
    ],
)
def test_a_time_ahead_without_a_date_is_a_date(text: str, said: list[str]) -> None:
    assert found(text, dates(text)) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Last week, the harbour master told Brekka TV the pier was unsafe.", ["Last week"]),
        ("Earlier this month the ferry was withdrawn.", ["Earlier this month"]),
        ("This year the toll rose again.", ["This year"]),
    ],
)
def test_a_time_before_now_opening_a_sentence_is_a_date(text: str, said: list[str]) -> None:
    assert found(text, dates(text)) == said


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Lawyers filed it with the Hordaland District Court on Monday.", 1),
        ("She has been housed in the Danish embassy since Monday.", 1),
        ('The $24 million remake "Harbour Lights" opened second.', 1),
        ("A complete set of etchings by Ola Dahl went on show.", 1),
        ('Staff praised the "first come, first served" law.', 1),
        # the noun itself written with a capital is part of a name
        ("The U.N. Office on Drugs and Crime said so on Friday.", 1),
        ("At its peak, the storm was a Category 4 storm.", 1),
        ("Office workers went home early.", 0),
        # the kind in general, as a lead that restates the question
        ("The ferry company has asked a court to halt the strike.", -1),
        ("He would repeal the law in his first year.", -1),
        # the question's own name beside the noun names nothing new
        ("The Bergen court said no.", 0),
        ("The ruling surprised the union.", 0),
    ],
)
def test_a_sentence_names_one_of_the_kind_asked_for(text: str, named: int) -> None:
    known = frozenset({"bergen", "ferri", "compani", "halt", "strike"})
    kinds = frozenset(terms_of("court embassy remake etchings law office category"))
    assert names_kind(text, kinds, known) == named


def test_a_place_is_of_the_thing_the_question_names_when_it_follows_it() -> None:
    prison = frozenset(terms_of("federal prison"))
    assert place_of("He left a federal prison in Voss on Wednesday.", prison, prison)
    assert not place_of("He will work for a company in Bergen.", prison, prison)
    # the question's own place says nothing new
    known = prison | frozenset(terms_of("Bergen"))
    assert not place_of("He left the prison in Bergen.", prison, known)


@pytest.mark.parametrize(
    ("text", "beside"),
    [
        ("Al-Rashid was found dead January 20 in his hotel room.", True),
        ("He won the Fjord Prize for design in 1998.", True),
        # the date of the words, not of the death they tell of
        ('"My son died of Aids," Ina Berg said in January at a news conference.', False),
        ("In 1998, after years of work on ferries, engines and harbours, he died.", False),
    ],
)
def test_a_date_beside_the_event_says_when_it_happened(text: str, beside: bool) -> None:
    events = terms("found dead won died")
    assert dated_beside(text, dates(text), events) is beside


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("Sven Holm of the Green Party won the Lund mayoral election.", True),
        ("OSLO (Wire) -- Voltiq said it would double output.", True),
        ("LUND (Wire) -- A fire on the ferry Nordlys Star killed 12 people.", False),
        ("(Wire) -- The news editor of The Harbour Post went on trial.", False),
        ("Police arrested a 35-year-old mechanic.", False),
        ("Former minister Lars Vik died on Sunday.", False),
    ],
)
def test_a_sentence_opens_with_a_name_or_with_a_description(sentence: str, named: bool) -> None:
    assert opens_with_name(sentence) is named


def test_what_follows_a_name_set_off_with_its_title_is_no_description() -> None:
    sentence = "His rival, Liberal candidate Marta Ruud, conceded defeat on Sunday."
    described = descriptions(sentence, terms("Marta Ruud"), sentence)
    assert found(sentence, described) == ["Liberal candidate"]


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("The grid operator blamed a fallen tree for the power cut.", True),
        ("The ferry was halted because of an engine fault.", True),
        ("The court fined Lars Vik for driving at twice the speed limit.", True),
        ("The council said the fees were needed to pay for road repairs.", True),
        # an explanation without "because"
        ("Lund's support for the plan reflects its reliance on the ferry trade.", True),
        ("The strike stems from a dispute over night shifts.", True),
        ("The fare rise was driven by the cost of fuel.", True),
        ("Voss closed its harbour in response to the storm warning.", True),
        # what happened, and what someone said, give no reason
        ("Thousands of homes in Lund lost power for six hours on Friday.", False),
        ("Vik said he would not appeal.", False),
        ("The ferry sails for Voss every morning.", False),
    ],
)
def test_a_sentence_gives_a_reason(sentence: str, reason: bool) -> None:
    assert gives_reason(sentence) is reason


@pytest.mark.parametrize(
    ("sentence", "asking"),
    [
        ("Who is Lars Vik?", True),
        ('She asked: "Where is the ferry?"', True),
        ("Tell us what you think about the new ferry.", True),
        ("Share your story.", True),
        ("Send your tributes to Ina Berg.", True),
        ('"Tell us the truth," the protesters chanted.', False),
        ("Lars Vik told us the ferry was late.", False),
    ],
)
def test_a_question_or_a_prompt_to_the_reader_asks(sentence: str, asking: bool) -> None:
    assert asks(sentence) is asking


def test_a_sum_or_a_share_is_no_length_of_time() -> None:
    """ "How long …?" counts days and years: "540 million kroner a year" is a sum and
    "6.5 percent this year" a share, whatever unit stands after them; a thing counted
    may still follow a sum ("$2 million in debt")."""
    years = frozenset(t.term for t in analyze("year years day days"))
    for text in ("The deal costs 540 million kroner a year.", "Pay rises 6.5 percent this year."):
        assert not any(f.counts_unit for f in figures(text, years, measure=True))
        assert any(f.counts_unit for f in figures(text, years))
    (lasted,) = figures("The strike lasted 11 days.", years, measure=True)
    assert lasted.counts_unit
    debt = frozenset({analyze("debt")[0].term})
    assert any(f.counts_unit for f in figures("She has $2 million in debt.", debt))


def test_the_warm_up_builds_the_currencies_patterns_a_sum_needs() -> None:
    """Babel's currencies are read at the first sum asked for (a seventh of a second),
    unless the warm-up read them; a sum is found the same either way."""
    for pattern in (_money_after_re, _code_before_re, _code_after_re):
        pattern.cache_clear()
    warm_up()
    assert all(
        p.cache_info().currsize == 1 for p in (_money_after_re, _code_before_re, _code_after_re)
    )
    assert has_money("The port paid 900 Norwegian kroner a tonne.")
    assert has_money("It cost NOK 350 million.") and not has_money("It cost 350 million.")


@pytest.mark.parametrize(
    ("sentence", "named", "called"),
    [
        ("His deputy, Kari Moe, will attend.", "Kari Moe", ["His deputy"]),
        ("Berg's lawyer, Ola Dahl, said she would appeal.", "Ola Dahl", ["Berg's lawyer"]),
        ("She thanked her lawyer, Ola Dahl.", "Ola Dahl", ["her lawyer"]),
        # a demonym inside the role
        (
            "Lund expelled the Brekkan ambassador, Ola Dahl, on Monday.",
            "Ola Dahl",
            ["the Brekkan ambassador"],
        ),
        # a title in quotes
        ('Former Tekniva "interim chief" Ola Dahl was fined.', "Ola Dahl", ["interim chief"]),
        # no apposition: a place before the comma, a list after the name
        ("In Oslo, Ola Dahl said so.", "Ola Dahl", []),
        ("The mayor met the police, Ola Dahl and others.", "Ola Dahl", []),
    ],
)
def test_a_name_set_off_by_commas_is_called_what_comes_before_it(
    sentence: str, named: str, called: list[str]
) -> None:
    start = sentence.index(named)
    assert found(sentence, roles(sentence, (start, start + len(named)), sentence)) == called


@pytest.mark.parametrize(
    ("sentence", "named", "source"),
    [
        ("The pier is safe, Fjord Herald spokesman Ola Dahl said Friday.", "Ola Dahl", True),
        ("Ola Dahl, 41, told reporters the pier was safe.", "Ola Dahl", True),
        ("The pier is safe, said harbour master Ola Dahl.", "Ola Dahl", True),
        ("The pier is safe, according to Ola Dahl.", "Ola Dahl", True),
        # a verb that does something too, the one spoken to, a farewell
        ("Ola Dahl called for calm at the pier.", "Ola Dahl", False),
        ("Ina Berg told Ola Dahl the pier was safe.", "Ola Dahl", False),
        ("Ina Berg told Ola Dahl the pier was safe.", "Ina Berg", True),
        ("Lund said goodbye on Tuesday to Ola Dahl.", "Ola Dahl", False),
    ],
)
def test_the_one_a_sentence_cites_for_what_it_says_is_its_source(
    sentence: str, named: str, source: bool
) -> None:
    start = sentence.index(named)
    assert reported_by(sentence, (start, start + len(named)), sentence) is source


def test_a_role_of_a_name_that_holds_the_questions_own_answers_nothing() -> None:
    """ "Who is Ina Berg's coach?": in "Dahl's coach, Ina Berg of Voss, …" she is the
    coach of someone else; the coach named after her is the answer's."""
    query = parse_question("Who is Ina Berg's coach?", Speller(frozenset()), lambda _: True)
    text = "Dahl's coach, Ina Berg of Voss, said he was ready; her own coach, Ola Dahl, agreed."
    berg, dahl = (
        (text.index(name), text.index(name) + len(name))
        for name in ("Ina Berg of Voss", "Ola Dahl")
    )
    assert _role_share(query, text, berg, text) == 0
    assert _role_share(query, text, dahl, text) == 1


@pytest.mark.parametrize(
    ("text", "event", "question", "purpose"),
    [
        ("Berg drove to Redvik to meet her brother.", "drive", "Why did Berg drive?", True),
        # "to" before a place, a number, a determiner or a plural noun is no purpose
        ("Berg drove to Redvik with two friends.", "drive", "Why did Berg drive?", False),
        ("Berg drove to two towns and to the coast.", "drive", "Why did Berg drive?", False),
        ("The vans were driven close to homes.", "drive", "Why did they drive?", False),
        # only after the event asked about: an earlier "to" is another's
        ("Voss went to court to sue Berg, who drove home.", "drive", "Why did Berg drive?", False),
        # the question's own verb restates it
        ("Berg refused to sign the deal.", "refuse", "Why did Berg refuse to sign?", False),
    ],
)
def test_a_purpose_follows_the_event_asked_about(
    text: str, event: str, question: str, purpose: bool
) -> None:
    events = frozenset(t.term for t in analyze(event))
    known = frozenset(t.term for t in analyze(question))
    assert gives_purpose(text, events, known) is purpose


@pytest.mark.parametrize(
    ("text", "question", "name"),
    [
        ('The crew called the ferry "the Old Gull".', "What nickname?", "Old Gull"),
        ("Ina Berg, born Ina Dahl in Voss, took the helm in 2019.", "Ina Berg's name?", "Ina Dahl"),
        ("The smuggler, known as the Fox, was held in Lund.", "Who is the smuggler?", "Fox"),
        ("The ferry was renamed Brekka Star in 2011.", "What is it called now?", "Brekka Star"),
        # the question's own name given again names no one new
        ('Police dubbed the boy "Little Voss."', "What is Little Voss's real name?", None),
        # a day after "called" is when, not a name
        ("Lawmakers called Tuesday for a recount.", "What is the recount called?", None),
        # a name, but none given
        ("Ina Berg sailed the ferry to Lund.", "What is the ferry's name?", None),
    ],
)
def test_a_name_given_is_found_unless_the_question_gives_it(
    text: str, question: str, name: str | None
) -> None:
    known = frozenset(t.term for t in analyze(question))
    found = given_name(text, known)
    assert (text[found[0] : found[1]] if found else None) == name


@pytest.mark.parametrize(
    ("text", "gives"),
    [
        ("Police said between 8,000 to 9,500 fans came.", True),
        ("Between 3 and 5 percent of the catch was cod.", True),
        ("The crowd was 10,000-12,000 strong.", True),
        # a score, years and a single figure are no range
        ("Lund won 3-1 at home.", False),
        ("Berg ran the port from 2010 to 2014.", False),
        ("More than 10,000 fans came.", False),
    ],
)
def test_a_range_is_figures_from_one_to_a_larger(text: str, gives: bool) -> None:
    assert gives_range(text) is gives


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("The exact cost of the bridge remains unclear.", True),
        ("No further details were given.", True),
        ("The board declined to comment.", True),
        ("Lund has not formally confirmed the sale.", True),
        ("The bridge cost 40 million crowns, the board said.", False),
        ("It is now clear the bridge will open in May.", False),
    ],
)
def test_a_sentence_may_say_that_something_is_not_known(text: str, unknown: bool) -> None:
    assert says_unknown(text) is unknown


@pytest.mark.parametrize(
    ("text", "elsewhere"),
    [
        ("According to the Lund police, 40 boats sank.", True),
        ("40 boats sank, according to Fjordposten.", True),
        ("According to the Voss Coast Guard, 40 boats sank.", False),
        ("The Voss Coast Guard said 40 boats sank, according to Fjordposten.", False),
        ("40 boats sank, according to reports.", False),
        ("40 boats sank in the storm.", False),
    ],
)
def test_a_sentence_may_give_its_news_as_another_sources(text: str, elsewhere: bool) -> None:
    """Asked after the Voss Coast Guard, a sentence whose news is from another named
    source, and that names the coast guard nowhere, gives someone else's figure."""
    assert attributed_elsewhere(text, terms("Voss Coast Guard")) is elsewhere


@pytest.mark.parametrize(
    ("sentence", "events"),
    [
        (
            "It was the busiest summer since the opening of the Voss bridge.",
            ["since the opening of the Voss bridge"],
        ),
        # up to the end of its clause, each one
        (
            "The port has been shut since the storm, and quiet since her election as mayor.",
            ["since the storm", "since her election as mayor"],
        ),
        # a date after "since" is a date's, and "since" as "because" names no event
        ("Nothing has changed since 2019, since nobody asked.", []),
    ],
)
def test_since_event(sentence: str, events: list[str]) -> None:
    assert found(sentence, since_event(sentence)) == events


@pytest.mark.parametrize(
    ("sentence", "name", "question", "asked"),
    [
        (
            'Speaking on "Harbour Hour," Ola Dahl said the ferry was safe.',
            "Harbour Hour",
            "who said the ferry was safe",
            True,
        ),
        (
            'Speaking on "Harbour Hour," Ola Dahl said the ferry was safe.',
            "Ola Dahl",
            "who said the ferry was safe",
            False,
        ),
        (
            "Coastal Airlines cancelled the flight, said Ina Berg.",
            "Coastal Airlines",
            "who was the pilot of the coastal flight",
            True,
        ),
        (
            "The first stone of the Lund Harbour Bridge was laid by Tove Hansen.",
            "Lund Harbour Bridge",
            "who laid the first stone of the new harbour bridge",
            True,
        ),
        (
            "The first stone of the Lund Harbour Bridge was laid by Tove Hansen.",
            "Tove Hansen",
            "who laid the first stone of the new harbour bridge",
            False,
        ),
        # the question's word and two of its own: someone else ("Defence Minister Ina Berg")
        (
            "Defence Minister Ina Berg opened the bridge.",
            "Defence Minister Ina Berg",
            "who is the defence minister",
            False,
        ),
    ],
)
def test_a_name_of_what_a_who_question_asks_about(
    sentence: str, name: str, question: str, asked: bool
) -> None:
    """A title in quotes, or a name holding the question's own word (with fewer than two
    of its own, or ending in it), names what the question speaks of, not who answers."""
    query = parse_question(question, Speller(frozenset()), lambda _: True)
    start = sentence.index(name)
    span = (start, start + len(name))
    kept = names_not_asked(sentence, [span], query.term_set, query.plain_terms, sentence)
    assert (kept == []) is asked
