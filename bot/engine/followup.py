"""Follow-up questions in a conversation: "When did he die?" after "Who is Ina Berg?".

People in a chat ask on from their last question. A question that speaks of someone
only as "he" or "they", that asks only "and when?", or that asks "what about Lars
Vik?" or "and how many boats?" means the last question, with its name, its question
word or the thing it counts changed; read on its own it is about anyone, and its
quotes would be about anyone. Each is rewritten into a whole question, which the
answer shows ("read as …"), so the reader sees what was answered. Where nothing
earlier says whom "he" means, the engine asks for the name rather than quoting someone
else (`unclear_pronoun`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.analysis import POSSESSIVE_RE, analyze
from bot.engine.lexicon import COUNTRY_TERMS, STOP_WORDS
from bot.engine.query import ASKED_AT_END_RE, AUXILIARIES, Query

PERSON_PRONOUN_RE = re.compile(r"\b(?:he|she|him|his|her|hers)\b", re.IGNORECASE)
GROUP_PRONOUN_RE = re.compile(r"\b(?:they|them|their|theirs)\b", re.IGNORECASE)
POSSESSIVE_PRONOUNS = frozenset({"his", "hers", "their", "theirs"})
# "him" and "them" never mean the subject of their own clause ("When did police arrest
# him?"): they always mean someone named before.
OBJECT_PRONOUNS = frozenset({"him", "them"})
# "and when?", "Where?", "so how many?": a question word and nothing else.
BARE_QUESTION_RE = re.compile(
    r"^\W*(?:(?:and|but|so|ok|okay)\W+)?(?P<asked>who|when|where|why|how many|how much|how)"
    r"\W*(?:then)?\W*$",
    re.IGNORECASE,
)
PRONOUN_RE = re.compile(rf"{PERSON_PRONOUN_RE.pattern}|{GROUP_PRONOUN_RE.pattern}", re.IGNORECASE)
# "What about Lars Vik?", "and Lars Vik?": the last question, about someone else.
LEAD_ON_RE = re.compile(
    r"^\W*(?:(?:and|but|so)\W+(?:(?:what|how)\s+about\s+)?|(?:what|how)\s+about\s+)",
    re.IGNORECASE,
)
# "and how many shells?": the last "how many" question, counting another thing.
OTHER_THING_RE = re.compile(
    r"^\W*(?:and|but|so|what about|how about)\W+how\s+(?:many|much)\s+"
    r"(?P<thing>[\w'-]+(?:\s+[\w'-]+)?)[\s?!.]*$",
    re.IGNORECASE,
)
# Where a question's subject starts: after its question word and auxiliary ("When did
# …", "How many ferries has …"), or after the auxiliary of a yes-or-no question.
SUBJECT_AFTER_RE = re.compile(
    r"^\W*(?:(?:and|but|so)\W+)?"
    r"(?:(?:how\s+(?:many|much)(?:\s+[\w'-]+){0,3}?|who|whom|whose|what|when|where|why"
    rf"|which\s+[\w'-]+)\s+)?(?:{AUXILIARIES})\s+",
    re.IGNORECASE,
)
# The last question, taken apart: its question word (with the thing counted, "how many
# ferries"), the auxiliary after it, and the rest ("did Ina Berg sail").
ASKED_RE = re.compile(
    r"^\W*(?P<asked>how\s+(?:many|much)(?P<thing>(?:\s+[\w'-]+){0,2}?)|who|whom|what|when"
    rf"|where|why)\s+(?P<auxiliary>{AUXILIARIES})\s+(?P<rest>.+?)[\s?.!]*$",
    re.IGNORECASE,
)
# A question whose question word is its subject: "Who won …", "Which team won …" (not
# "How many ferries sank": "and when?" does not make a figure question a "when" one).
SUBJECT_QUESTION_RE = re.compile(
    rf"^\W*(?:who|what|which\s+[\w'-]+)\s+(?!(?:{AUXILIARIES})\b)[a-z][\w'-]*\s", re.IGNORECASE
)
# A subject that is a name, and the verb after it: "Ina Berg sent" in "Ina Berg sent to Lund".
NAMED_SUBJECT_VERB_RE = re.compile(r"(?:[A-Z][\w'’.-]*\s+)+[a-z][\w-]*")
# A time or place after the verb ("in 2023", "to Lund"); not "of", which most often
# belongs to the subject ("the mayor of Lund").
PHRASE_AFTER_VERB_RE = re.compile(
    r"\s+(?:in|on|at|to|from|by|for|with|during|since|before|after|until)\s", re.IGNORECASE
)
SPACE_BEFORE_STOP_RE = re.compile(r"\s+([?!.,;:])")
TRAILING_PREPOSITION_RE = re.compile(
    r"\s+(?:of|for|to|in|on|at|with|about|by|from|into)$", re.IGNORECASE
)


@dataclass(frozen=True)
class FollowUp:
    """How a question reads after the one before it."""

    question: str  # the whole question to answer (the question itself if it stands alone)
    read_with_previous: bool = False  # rewritten from the previous question
    # The previous question asked again (another question word, another name): its
    # period and outlet hold unless this one names its own.
    asks_again: bool = False
    unclear_pronoun: str = ""  # "he": nothing says whom it means
    candidates: tuple[str, ...] = ()  # whom it may mean, when the last question names several
    unclear_asked: str = ""  # "when" in a bare "and when?" that no last question completes


def refers_back(question: str) -> bool:
    """Whether `question` may lean on the one before it (a pronoun, a bare question
    word, "what about …"): a quick test of its words, before any reading."""
    return bool(
        PRONOUN_RE.search(question)
        or BARE_QUESTION_RE.match(question)
        or LEAD_ON_RE.match(question)
    )


def name_runs(query: Query, people_only: bool = False) -> list[str]:
    """The names a question writes, whole ("Ina Berg", "North Korea"), in order; with
    `people_only`, without countries and bodies (which "he" or "she" cannot mean)."""
    # One word may give several terms ("Pyongyang": the city and its country): a word
    # is a place where any of its terms is a country's or a body's.
    words: dict[int, tuple[int, bool]] = {}  # start: end, whether a place
    for term in analyze(query.text):
        if term.term in query.name_terms:
            end, place = words.get(term.start, (term.end, False))
            words[term.start] = (max(end, term.end), place or term.term in COUNTRY_TERMS)
    runs: list[tuple[int, int, bool]] = []  # start, end, whether all places
    for start, (end, place) in sorted(words.items()):
        if runs and not query.text[runs[-1][1] : start].strip(" -"):
            first, _, all_places = runs[-1]
            runs[-1] = (first, end, all_places and place)
        else:
            runs.append((start, end, place))
    found = [
        POSSESSIVE_RE.sub("", query.text[start:end])
        for start, end, place in runs
        if not (people_only and place)
    ]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Asked:
    """A question as written (its period and outlet in it, greetings and thanks not:
    `query.bare_question`) and as the engine reads it."""

    written: str
    query: Query


def read_follow_up(asked: Asked, previous: Asked | None) -> FollowUp:
    """The question `asked` as a whole question, given the `previous` one the same
    person asked lately (None: none). The whole question is written out with the
    period or outlet it is asked in, so that asking it again gives the same answer."""
    query, text = asked.query, asked.query.text
    alone = FollowUp(text)
    if bare := BARE_QUESTION_RE.match(text):
        # "when?" after "Who is Ina Berg?" asks when nothing happened.
        rewritten = (
            _asked_again(previous.written, bare["asked"])
            if previous is not None and previous.query.intent != "definition"
            else None
        )
        if rewritten is None:
            return FollowUp(text, unclear_asked=bare["asked"].lower())
        return FollowUp(rewritten, read_with_previous=True, asks_again=True)
    if query.name_terms and (other := _other_name(query, previous)):
        return other
    if previous is not None and (counted := OTHER_THING_RE.match(text)):
        rewritten = _counted_again(previous.written, counted["thing"])
        if rewritten is not None:
            return FollowUp(rewritten, read_with_previous=True, asks_again=True)
    pronoun = _leaning_pronoun(query)
    if pronoun is None:
        return alone
    person = PERSON_PRONOUN_RE.fullmatch(pronoun.group()) is not None
    meant = name_runs(previous.query, people_only=person) if previous is not None else []
    if len(meant) == 1:
        return FollowUp(_tidy(_named(asked.written, meant[0])), read_with_previous=True)
    # "They" is often no one in particular ("How many did they count?"): only "he" or
    # "she" with no one to mean, in a question that names no one else (places aside:
    # "Who did he meet in Lund?"), is asked back.
    if person and not name_runs(query, people_only=True):
        return FollowUp(text, unclear_pronoun=pronoun.group(), candidates=tuple(meant))
    return alone


def _leaning_pronoun(query: Query) -> re.Match[str] | None:
    """The first pronoun of the question that means someone it does not name itself:
    - the subject ("When did *he* die?", "What did *his* sister say?", "Is *she* …");
    - an object ("When did police arrest *him*?": not the police);
    - any other, where the question names nothing before it ("Who is *her* lawyer?").
    Not "What did the minister say about *his* plan?" (the minister's own), nor "Where
    was the ferry when *she* sank?"."""
    text = query.text
    clause = SUBJECT_AFTER_RE.match(text)
    subject = clause.end() if clause else -1
    asked = query.term_set
    named = [t.start for t in analyze(text) if t.term in asked]
    for pronoun in PRONOUN_RE.finditer(text):
        word = pronoun.group().lower()
        if pronoun.start() == subject or word in OBJECT_PRONOUNS:
            return pronoun
        if word == "her" and not _possessive_her(text, pronoun):
            return pronoun
        if not named or named[0] > pronoun.start():
            return pronoun
    return None


def _possessive_her(text: str, pronoun: re.Match[str]) -> bool:
    """ "her lawyer" (hers), not "arrest her" or "about her" (she)."""
    following = re.match(r"\s+([A-Za-z'-]+)", text[pronoun.end() :])
    return following is not None and following.group(1).lower() not in STOP_WORDS


def _other_name(query: Query, previous: Asked | None) -> FollowUp | None:
    """ "What about Lars Vik?" after "Who did Ina Berg defeat?": "Who did Lars Vik
    defeat?"; None when the question is more than the name, or the last one names
    more than one."""
    lead_on = LEAD_ON_RE.match(query.text)
    if previous is None or lead_on is None:
        return None
    named, earlier = name_runs(query), name_runs(previous.query)
    asked = query.text[lead_on.end() :].strip(" ?!.")
    if len(named) != 1 or len(earlier) != 1 or asked.lower() != named[0].lower():
        return None
    # The name as written before ("kim jong un"), else as the engine read it, corrected.
    written = re.compile(re.escape(earlier[0]), re.IGNORECASE)
    before = previous.written if written.search(previous.written) else previous.query.text
    rewritten = written.sub(lambda _: named[0], before, count=1)
    return FollowUp(_tidy(rewritten), read_with_previous=True, asks_again=True)


def _named(question: str, name: str) -> str:
    """`question` with its pronouns replaced by `name` ("his" by "Ina Berg's")."""

    def replaced(match: re.Match[str]) -> str:
        pronoun = match.group().lower()
        if pronoun in POSSESSIVE_PRONOUNS:
            return f"{name}'s"
        if pronoun == "her" and _possessive_her(question, match):
            return f"{name}'s"
        return name

    return PRONOUN_RE.sub(replaced, question)


def _asked_again(previous: str, asked: str) -> str | None:
    """The `previous` question asked with the question word `asked`: "How many
    ferries did Ina Berg sail?" + "when" → "When did Ina Berg sail ferries?"."""
    parts = ASKED_RE.match(previous)
    if parts is None:
        # "Who won the Fjord Cup?" names its subject by the question word: its verb
        # stands as written ("won"), so the question word is added at its end.
        if asked.lower() in ("when", "where", "why") and SUBJECT_QUESTION_RE.match(previous):
            # "…, and when?" then "where?": "…, and where?", not "…, and when, and where?"
            body = ASKED_AT_END_RE.sub("", previous).rstrip(" ?!.")
            return _tidy(f"{body}, and {asked.lower()}?")
        return None
    rest = parts["rest"]
    if asked.lower() in ("when", "where", "why"):
        # "What was Lars Vik fined for?" → "When was Lars Vik fined?", not "… fined for?"
        rest = TRAILING_PREPOSITION_RE.sub("", rest)
    if thing := (parts["thing"] or "").strip():
        # After the verb that follows a named subject ("Ina Berg sent ferries to Lund"),
        # else before a time or place ("the line sent ferries in 2023"), else at the end
        # ("the line order ferries").
        verb = NAMED_SUBJECT_VERB_RE.match(rest)
        phrase = PHRASE_AFTER_VERB_RE.search(rest)
        at = verb.end() if verb else phrase.start() if phrase else len(rest)
        rest = f"{rest[:at]} {thing}{rest[at:]}"
    return _tidy(f"{asked} {parts['auxiliary'].lower()} {rest}?")


def _counted_again(previous: str, thing: str) -> str | None:
    """The `previous` "how many" question counting `thing` instead: "How many troops
    has Lund sent?" + "and how many ferries?" → "How many ferries has Lund sent?"."""
    parts = ASKED_RE.match(previous)
    if parts is None or parts["thing"] is None or not parts["thing"].strip():
        return None
    measure = parts["asked"].split()[1].lower()  # "many" or "much"
    return _tidy(f"how {measure} {thing} {parts['auxiliary'].lower()} {parts['rest']}")


def _tidy(question: str) -> str:
    """A rewritten question with its first letter a capital, no space before a stop,
    and a question mark at its end."""
    question = SPACE_BEFORE_STOP_RE.sub(r"\1", question).rstrip()
    if not question.endswith(("?", "!", ".")):
        question += "?"
    return question[:1].upper() + question[1:]
