"""Reading a question: what it asks for (its intent) and which terms should find it.

Question words ("how many", "who") set the intent and do not drive retrieval; the
rest are grouped so that a term and its related words count once; misspelt words
are corrected to the corpus's own words when they are not English words already.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from bot.engine.analysis import (
    POSSESSIVE_RE,
    Term,
    Word,
    agent_nouns,
    analyze,
    degree_forms,
    english_zipf,
    normalize_word,
    stem,
    terms_of,
    words,
)
from bot.engine.casing import capitals_say_nothing, lacks_case, restore_case
from bot.engine.features import EXPRESSING, MONEY_UNIT, PERCENT_UNIT, REPORTING, compass_places
from bot.engine.lexicon import (
    ABBREVIATIONS,
    ABBREVIATIONS_IN_CAPITALS,
    CARDINALS,
    CHAT_SHORTHAND,
    COUNTRY_TERMS,
    DEMONYMS,
    GOVERNMENT_SEATS,
    ORDINALS,
    PEOPLE_NOUNS,
    PLACE_NAMES,
    QUESTION_WORDS,
    RELATED_WORDS,
    STOP_WORDS,
    SYNONYMS,
    WEAK_WORDS,
)
from bot.engine.timeframe import NEWS_WORDS, WEEKDAY_PATTERN, month_number

# "How long …?", "How old …?": the adjective asks for a measure, which a figure gives in
# one of these units ("within one to five days", "a 45-year-old"); it names nothing.
_TIME = "second seconds minute minutes hour hours day days week weeks month months year years"
_LENGTH = "inch inches foot feet yard yards mile miles meter meters metre metres kilometer"
_LENGTH += " kilometers kilometre kilometres km centimeters cm"
_WEIGHT = "ounce ounces pound pounds kilogram kilograms kilo kilos kg ton tons tonne tonnes"
_AREA = "acre acres hectare hectares square"  # "square miles", "square kilometers"
# "115 mph", "90 miles per hour", "60 knots": how fast, or how strong a wind is.
_SPEED = "mph kph knot knots hour"
MEASURE_UNITS = {
    "long": f"{_TIME} decade decades {_LENGTH}",
    "old": "year years month months",
    "far": _LENGTH,
    "tall": _LENGTH,
    "high": _LENGTH,
    "deep": _LENGTH,
    "wide": _LENGTH,
    "heavy": _WEIGHT,
    "fast": _SPEED,
    # a storm by its winds, a quake by its magnitude ("a magnitude 5.8 earthquake", "a
    # 6.1-magnitude quake"); not a storm's category, which is not how strong its winds
    # were ("How strong were Storm Idris's winds?" had been answered by the lead that
    # calls it a Category 2 storm)
    "strong": f"{_SPEED} magnitude",
    # "How much land …?", "how large an area …?": asked by its noun, the measure's
    # adjective before it.
    "land": _AREA,
    "area": _AREA,
}
MEASURE_RE = re.compile(
    rf"\bhow\s+(?:(?:much|big|large)\s+(?:an?\s+)?)?(?P<measure>{'|'.join(MEASURE_UNITS)})\b",
    re.I,
)
MEASURE_TERMS = {
    measure: frozenset(t.term for t in analyze(units)) for measure, units in MEASURE_UNITS.items()
}

# "Since when …?" asks for the point from which something holds (`Query.asks_since`).
SINCE_WHEN_RE = re.compile(r"\bsince\s+when\b", re.IGNORECASE)
# "What percentage of …?": a figure given as a percentage answers (not "12,000 voters").
PERCENT_ASKED_RE = re.compile(r"\bper\s?cent(?:age)?s?\b", re.I)
# "What is the price of the deal?", "what's the reward": the nouns for a sum of money.
SUM_NOUNS = "cost|price|value|budget|salary|wage|fee|fine|reward|ransom|bail|bonus|compensation"
# "How much money did Nordlys lose?": a sum in any currency answers ("2 million kroner").
# So does "how much aid" (but "how many aid workers" counts people), and "how much bail"
# or "how much ransom": "fixed his bail at $40,000" gives the sum asked for, whether or not
# the noun stands right beside it.
MONEY_ASKED_RE = re.compile(
    r"\b(?:money|cash|funds|funding)\b"
    rf"|\bhow\s+much\s+(?:[\w-]+\s+)?(?P<sum>aid|assistance|{SUM_NOUNS})s?\b",
    re.I,
)
HOW_MUCH_RE = re.compile(r"\bhow\s+much\b", re.I)
# The verbs a question puts before its subject: "What shows did she host?"
AUXILIARIES = "is|was|are|were|did|does|do|has|have|had|will|would|can|could|should|might|may|must"
# Words that end a run of words naming a thing: "per tonne of cod", "which former board
# chairman in …" (with `AUXILIARIES`).
LINKING_WORDS = "of|in|on|at|to|for|by|from|with|and|or"
# A rate asked for: "How much will she earn per week?", "How many ships dock each
# day?", "how many passengers a year", "what price per tonne of cod": the figure
# must be given per that unit. Not "per cent" (a share, which news also writes "%"),
# "each one" or "each way" (no unit), nor a time from something ("a day after the
# storm", "a year ago"), nor a source ("per Ina Berg": "according to").
RATE_ASKED_RE = re.compile(
    r"\b(?:(?:per|each|every)\s+(?!(?:cent|one|way)\b)"
    rf"(?P<unit>[^\W\d_]+(?:\s+(?!(?:{LINKING_WORDS}|{AUXILIARIES})\b)"
    r"[^\W\d_]+)?)(?!\w)"
    r"|an?\s+(?P<period>day|week|month|year|hour|night)\b"
    r"(?!\s+(?:after|before|later|earlier|ago|since|into)\b))",
    re.I,
)
# The words news writes for a rate per period without its noun ("three times daily",
# "90 mph").
PERIOD_ADVERBS = {
    "day": "daily",
    "week": "weekly",
    "month": "monthly",
    "year": "yearly annually annual annum",
    "hour": "hourly mph kph",
    "night": "nightly",
}
# A sentence gives a figure per item with one of these ("1,500 crowns per household",
# "14 dollars for each share", "40 crowns apiece"), or with "a" before the item ("900
# crowns a tonne").
PER_ITEM_RE = re.compile(r"\b(?:per|each|every|apiece)\b|\ban?\s+(?P<item>[^\W\d_]+)", re.I)
# "What is …", "what was …", "what's …" (the apostrophe typed or not: `bare_question`
# reads "whats" as "what is").
WHAT_IS = r"\bwhat(?:\s+(?:is|was|were|are)|['’]s)"
# "What share of …", "what proportion of …" (not "what share price"); "How much of the
# poll …?" asks for a share too, not a sum.
SHARE_ASKED_RE = re.compile(
    r"\b(?:share|proportion|fraction)\b(?!\s+price)"
    r"|\bhow\s+much\s+of\s+(?:the|his|her|its|their|our|your)\b",
    re.I,
)
# A figure asked against another: "By how much did the catch exceed the quota?", "How
# much larger …?" (`Query.asks_comparison`).
COMPARISON_ASKED = (
    r"\bby\s+how\s+much\b|\b(?:exceed|surpass|outnumber|outweigh)\w*"
    r"|\bhow\s+(?:much|many)\s+(?:more|less|fewer|larger|bigger|greater|smaller|higher|lower"
    r"|longer|shorter|faster|slower|heavier|lighter|cheaper|wider|deeper|taller|further|farther"
    r"|better|worse)\b"
)
COMPARISON_ASKED_RE = re.compile(COMPARISON_ASKED, re.I)
# "What range did the agencies put on …?", "the likely range of troops": figures
# from one to another (`Query.asks_range`); "range" itself is no word to look for (not
# the "longer-range missiles" of another sentence).
RANGE_ASKED_RE = re.compile(r"(?<![\w-])(?P<range>range)(?![\w-])", re.I)
# "How much did the shares rise?", "… profits fall?", "how much did the diet cut the
# risk?", "how much larger is it?": a change or a comparison, not a sum; nor is "How
# much did the calf weigh?".
CHANGE_ASKED_RE = re.compile(
    r"\b(?:r[io]s(?:e[ns]?|ing)|f[ae]ll(?:s|en|ing)?|gr[eo]w(?:s|n|ing)?|increas|decreas|drop"
    r"|climb|jump|shr[iu]nk|slump|declin|soar|plung|tumbl|weigh|cut|reduc|lower|slash|boost)\w*"
    rf"|{COMPARISON_ASKED}",
    re.I,
)
# "How much does the e-bike cost?", "How much did Voltiq pay?": a sum answers, and no
# count of things ("40,000 bicycles") does.
PRICE_ASKED_RE = re.compile(
    r"\b(?:cost(?:s|ing)?|pa(?:y|ys|id)|spen(?:d|ds|t)|earn(?:s|ed)?|owe[sd]?|worth|charge[sd]?"
    r"|fined|s(?:ell|old)\s+for)\b",
    re.I,
)
# "How much is the fine?", "How much will the toll be on the bridge?": the thing whose
# sum is asked for (a figure of it, or a sum of money, answers).
HOW_MUCH_IS_RE = re.compile(
    r"\bhow\s+much\s+(?:is|was|are|were|will|would)\s+(?:the|an?|his|her|its|their)\s+"
    r"(?P<thing>[a-z][\w'’-]*)(?:\s+be)?\s*(?:\b(?:on|for|of|in|at|under|now)\b|[?.!]|$)",
    re.I,
)
# "What is the name of her charity?", "What are the names of his parents?": "name" only
# frames the question, which asks for a name as "who" does; it is no word to look for.
NAME_OF_RE = re.compile(r"\b(?P<name>names?)\s+of\b", re.I)
# "who" as the question's own word: first, after a preposition, or last; "whom" anywhere.
WHO_ASKED_RE = re.compile(
    r"^\W*(?:(?:and|so|but|then|to|from|by|with|for|of)\s+)?who(?:m|se)?\b|\bwhom\b|\bwho\W*$",
    re.I,
)
# A question that asks what someone or something is called: "What is her real name?",
# "What nickname did the crew give the ship?", "What did they name the coral?", "What
# is the title of his third album?", "What is the disease called?".
NAME_ASKED_RE = re.compile(
    r"\b(?:nick|re)?names?d?\b|\btitle\s+of\b|\b(?:called|known\s+as)\W*$", re.I
)
SUM_NOUN_ASKED_RE = re.compile(
    rf"{WHAT_IS}\s+(?:the|its|his|her|their)\s+(?:\w+\s+){{0,2}}(?P<sum>{SUM_NOUNS})s?\b",
    re.I,
)

# Up to three words that describe the kind a "which" or "what" asks for: "Which former
# Harbour Board chairman …?", "which other Labour senator …", "which small coastal
# town …" ask for a name or a place as "which senator" does; not a verb or a function
# word ("What did the former board chairman say?" asks for no one).
KIND_MODIFIERS = (
    rf"(?:(?!(?:{AUXILIARIES}|{LINKING_WORDS}|the|a|an|not|that|this|his|her|its|their)\b)"
    r"[\w'’.-]+ ){0,3}"
)
# Nouns for a kind of place, which "which" or "what" asks a place for, as "where" does;
# after another kind's noun too ("In which company building …?" asks for a building).
PLACE_KINDS = (
    r"city|cities|town|towns|state|states|region|regions|country|countries|nation|nations"
    r"|place|places|area|location|building|venue|stadium|prison|hospital|island"
    r"|villages?|provinces?|county|counties|districts?|suburbs?|neighbou?rhoods?|airports?"
)
# A question that opens with one of these asks what it says, whatever it says later.
_OTHER_QUESTION_WORDS = "what|where|when|why|how|which"
OTHER_QUESTION_WORD = rf"\W*(?:{_OTHER_QUESTION_WORDS})\b"
# Any words up to a later question word, none of them another one.
NO_QUESTION_WORD_BEFORE = rf"(?:(?!\b(?:{_OTHER_QUESTION_WORDS})\b).)*"
# Nouns for a person by role or trade, which "which" or "what" asks a name for, as
# "who" does (held-out real news: one question first, two more higher; no other set
# moved).
PERSON_ROLES = (
    r"sheriffs?|prosecutors?|senators?|congress(?:wo)?m[ae]n|lawmakers?|judges?|mayors?"
    r"|governors?|presidents?|chair(?:wo)?m[ae]n|spokes(?:wo)?m[ae]n|directors?"
    r"|coach(?:es)?|players?|actors?|actress(?:es)?|singers?|authors?|writers?"
    r"|candidates?|lawyers?|attorneys?|doctors?|officers?|commanders?|captains?"
    r"|managers?|secretar(?:y|ies)|ambassadors?|envoys?|diplomats?|suspects?"
    r"|witness(?:es)?|politicians?|scientists?|researchers?|executives?|founders?"
    r"|owners?|journalists?|reporters?|presenters?|hosts?|rappers?|drivers?|pilots?"
)
# A question typed as keywords ("Belousov Pyongyang visit date", "ferry fire cause"),
# without a question word or a verb to open it, may end with what it asks for: that
# word says what kind of answer is wanted, and is no word to look for.
KEYWORDS_ASKING = {
    "when": "dates?|days?|when",
    "where": "location",
    "why": "reasons?|causes?|motives?|why",
}
KEYWORDS_ENDING = (
    rf"^(?!{OTHER_QUESTION_WORD}|\W*(?:who|whom|whose|{AUXILIARIES})\b)[^?]*"
    r"\b(?P<asked>{})\W*$"
)
# "Ina Berg position", "What is Ina Berg's role?": who someone named is, as "Who is Ina
# Berg?" asks; the word for a post is no word to look for (the answer names the post:
# "deputy mayor Ina Berg").
_NOT_OF_A_NAME = r"(?:the|a|an|his|her|their|its|this|that|my|your|what|who|is|was)\b"
_NAMED = rf"(?:(?!{_NOT_OF_A_NAME})[\w.-]+\s+){{0,2}}(?!{_NOT_OF_A_NAME})[\w.-]+(?:['’]s?)?"
ROLE_OF_NAMED_RE = re.compile(
    rf"^\W*(?:what\s+(?:is|was)\s+)?{_NAMED}"
    r"\s+(?:(?:current|new|former|official)\s+)?(?P<asked>role|position|title|job|post)\W*$",
    re.I,
)
KEYWORDS_ENDING_RES = {
    intent: re.compile(KEYWORDS_ENDING.format(words), re.I)
    for intent, words in KEYWORDS_ASKING.items()
} | {"definition": ROLE_OF_NAMED_RE}
# ... or with someone's role ("Tekniva CEO", "Ola Dahl's lawyer"), which asks who holds
# it. The role stays a word to look for: the answer names it beside the name ("his
# lawyer, Ina Berg,").
KEYWORDS_ENDING_IN_ROLE = KEYWORDS_ENDING.format(rf"{PERSON_ROLES}|ceos?|boss(?:es)?|chiefs?")
INTENT_PATTERNS = (
    # "Who is Ina Berg?": a description of someone named, not another name. Not "Who
    # was sent off?", "Who is missing?": a word in lower case there (the question's
    # case restored) says what befell someone, whose name is asked for.
    (
        "definition",
        re.compile(
            r"^\W*who(?:\s+(?:is|was)|['’]s)\s+(?!(?:the|a|an|his|her|their|its)\b)"
            r"(?-i:(?![a-z]))"
            r"(?!.*\b(?:in|of|at|for|on|to|from|by|with|now)\b)"
            r"(?:[\w.-]+(?![’'])\s*){1,3}\??\s*$"
            rf"|{ROLE_OF_NAMED_RE.pattern}",
            re.I,
        ),
    ),
    (
        "quantity",
        re.compile(
            rf"\bhow (?:many|much|large|big|{'|'.join(MEASURE_UNITS)})\b|\bnumber of\b"
            r"|\bamount of\b|\b(?:what|which) (?:percentage|percent|proportion|share|fraction)\b"
            r"|\bat what (?:age|weight|price|cost|rate|speed|height|temperature)\b"
            # "What price does the port pay …?", "what fee did the club pay"
            rf"|^\W*(?:what|which) (?:\w+ )?(?:{SUM_NOUNS})\b(?=\s+(?:{AUXILIARIES})\b)"
            r"|^\W*(?:what|which) (?:\w+ )?range\b"
            rf"|{WHAT_IS} (?:the|its|his|her|their) (?:\w+ ){{0,2}}"
            r"(?:size|number|amount|figure|total|scale|percentage|percent|proportion|rate|population"
            r"|range"
            rf"|toll|age|weight|height|speed|distance|{SUM_NOUNS})\b",
            re.I,
        ),
    ),
    (
        "when",
        re.compile(
            r"^\W*when\b|\b(?:what|which) (?:date|day|year|month|time)\b"
            rf"|{SINCE_WHEN_RE.pattern}"
            r"|\bwhen did\b"
            rf"|{KEYWORDS_ENDING_RES['when'].pattern}",
            re.I,
        ),
    ),
    (
        "who",
        re.compile(
            # "which company", and with a word between: "what food company", "which
            # militant group"; a work or a product is answered by its title or brand,
            # a name too: "What shows did she host?" by "House Party" (real news: hit@1
            # 0.587 → 0.593, words alone 0.500 → 0.507; the seed sets unchanged)
            r"^\W*(?:who|whom|whose)\b|\b(?:which|what) "
            rf"{KIND_MODIFIERS}(?:person|official"
            r"|minister|leader|general|officials|people|agency|outlet|company|companies|firm"
            r"|team|club|group|organi[sz]ation|party|network|newspapers?|band|films?|movies?"
            r"|books?|songs?|albums?|novels?|series(?! of)|programs?|programmes?"
            r"|products?|brands?|drugs?|magazines?|websites?"
            # someone by their role: "Which judge …?", "which opposition lawmaker …"
            rf"|{PERSON_ROLES}"
            # "show" and "play" are verbs too ("What evidence shows …?"): a noun only
            # before the question's verb ("What shows did she host?")
            rf"|(?:shows?|plays?)(?=\s+(?:{AUXILIARIES})\b))\b(?!\s+(?:{PLACE_KINDS})\b)"
            r"|\bnames? of\b"
            # "who" further on asks for someone unless another question word comes
            # before it: not in "Where do the couple who sold the ferry live?", nor
            # "According to Fjordposten, what did the crew who sailed … say?"; so does
            # "whom" ("Voss took the post over from whom?", "To whom was it sold?")
            rf"|^{NO_QUESTION_WORD_BEFORE}\bwhom?\b|{KEYWORDS_ENDING_IN_ROLE}",
            re.I,
        ),
    ),
    (
        "where",
        re.compile(
            rf"^\W*where\b|\b(?:which|what) {KIND_MODIFIERS}(?:{PLACE_KINDS})\b"
            rf"|^{NO_QUESTION_WORD_BEFORE}\bwhere\b|{KEYWORDS_ENDING_RES['where'].pattern}",
            re.I,
        ),
    ),
    # "What caused the crash?", "What led to the strike?" ask why as well.
    (
        "why",
        re.compile(
            rf"^\W*why\b|{WHAT_IS} the (?:reason|cause)\b|\bfor what reason\b"
            # "According to Ina Berg, why did the toll rise?": after no other question word
            rf"|^{NO_QUESTION_WORD_BEFORE}\bwhy\b"
            r"|^\W*what\s+(?:caused|causes|led\s+to|leads\s+to|prompted|triggered)\b"
            # "What reason did she give for …?", "what motive was cited"
            rf"|\bwhat\s+(?:\w+\s+)?(?:reasons?|motives?|justification|rationale)\s+"
            rf"(?:{AUXILIARIES})\b"
            rf"|{KEYWORDS_ENDING_RES['why'].pattern}",
            re.I,
        ),
    ),
    (
        "yes-no",
        re.compile(
            r"^\W*(?:did|does|do|is|are|was|were|has|have|had|can|could|will|would)\b", re.I
        ),
    ),
)
# "Hi!", "hello there,": a greeting asks nothing.
GREETING_RE = re.compile(
    r"^\W*(?:(?:hi|hello|hey|good\s+(?:morning|afternoon|evening))"
    r"(?:\s+there)?\b[\s,!.]*)+(?=\w)",
    re.IGNORECASE,
)
# "Do you know when …", "Can you tell me what …": a polite lead-in before the question
# word asks nothing either; read with it, "do you know when the ferry sails" was a
# yes-or-no question, and its words weighed on the question's vector.
LEAD_IN_RE = re.compile(
    r"^\W*(?:(?:ok|okay|so|please)\b[\s,!.]*)*"
    r"(?:(?:(?:do|does|did)\s+(?:you|anyone|anybody)\s+(?:know|have\s+any\s+idea)"
    r"|(?:can|could|would|will)\s+(?:you|someone|anyone)\s+(?:please\s+)?(?:tell|show)\s+(?:me|us)"
    r"|(?:please\s+)?tell\s+(?:me|us)|i(?:\s+(?:want|need|would\s+like)|['’]d\s+like)\s+to\s+know"
    r"|i\s+wonder|i\s+was\s+wondering|any\s+idea|i['’]?m\s+curious)"
    r"(?:\s+please)?[\s,:]+)?(?=(?:who|whom|whose|what|which|when|where|why|how)\b)",
    re.IGNORECASE,
)
# "… ? Thanks!", "… please": thanks and pleas at the end ask nothing either ("Thanks"
# was read as a name no article mentions, and every such question declined).
# "Ty" and "Cheers" are names too: those only after a stop ("…? Cheers").
COURTESY_RE = re.compile(
    r"(?P<mark>\s*\?)?(?:(?:[\s,.!]+(?:thanks|thank\s+you|thx|please|pls|plz)"
    r"|(?:\s*[,.!?]|(?<=\?))\s*(?:ty|cheers))"
    r"(?:\s+(?:so\s+much|very\s+much|a\s+lot|in\s+advance))?)+[\s.!?]*$",
    re.IGNORECASE,
)
# "…, according to the articles?", "In your sources, who …": the corpus itself, named
# as a whole, is no word an answer must hold ("articles" found "published an article").
# What news writes, named as such: in a mention of the articles as a whole and in news
# asked for about something (`NEWS_ABOUT_RE`).
_NEWS_WORDS = r"news|stories|story|reports?|coverage|articles?"
_CORPUS = (
    r"(?:according\s+to|in|from|based\s+on)\s+(?:the|your|these|those|this|my)\s+"
    rf"(?:{_NEWS_WORDS}|sources?|corpus|documents?|texts?)"
)
CORPUS_REFERENCE_RE = re.compile(
    rf"^\W*{_CORPUS}\s*,\s*|(?:,\s*|\s+){_CORPUS}(?=[\s?.!]*$)", re.IGNORECASE
)
# "Any news about Lars Vik?", "Anything new on Voltiq?": the news itself is no word an
# answer must hold; the question asks about what follows ("news" had been read as what
# happened to him, and declined as something no article says).
_NEWS = rf"(?:{_NEWS_WORDS}|updates?)"
NEWS_ABOUT_RE = re.compile(
    rf"^\W*(?:(?:is|are)\s+there\s+)?(?:(?:any|the\s+latest|latest|recent)\s+{_NEWS}"
    rf"|anything\s+new|{_NEWS})\s+(?:about|on|regarding|concerning)\s+(?=\w)",
    re.IGNORECASE,
)
# Pictographs (So: "🙏", "✅"), skin-tone modifiers (Sk), and the joiners and variation
# selectors that build emoji out of several characters.
PICTOGRAPH_CATEGORIES = frozenset({"So", "Sk", "Cs", "Co"})
JOINERS = frozenset("\u200d\ufe0f\ufe0e")
# "whats", "whos": a question word and "is" typed as one word, without the apostrophe.
RUN_TOGETHER_RE = re.compile(r"\b(what|who|where|when|how|why)s\b", re.IGNORECASE)
# "??", "?!", "!!!": one mark says as much.
REPEATED_MARKS_RE = re.compile(r"[?!]{2,}")
# A question mark or an exclamation mark ends a sentence: the word after it has its
# capital for that ("How many were sent? Who led them?"), not for being a name.
SENTENCE_END_RE = re.compile(r"[?!]+\s+(?=\w)")
# "Where is she from?", "Which countries will he visit?": a country answers, however
# it is written.
FROM_AT_END_RE = re.compile(r"\bfrom\W*$", re.I)
# "Which village did the police search?": the kind of place asked for, which a place
# named with it answers ("the village of Elmstead", "Harbour Park Stadium").
PLACE_KIND_ASKED_RE = re.compile(
    rf"\b(?:which|what) {KIND_MODIFIERS}(?P<kind>{PLACE_KINDS})\b", re.I
)
# "Which country …?": a country answers however it is written (`Query.asks_origin`).
COUNTRY_KINDS = frozenset(t.term for t in analyze("country countries nation nations"))
# "In which city …?", "what town": a country is no answer (`Query.asks_town`).
TOWN_KINDS = frozenset(t.term for t in analyze("city cities town towns village villages"))
# "the latest figure for troops" names the thing counted as "how many troops" does.
QUANTITY_CUE_RE = re.compile(
    r"\b(?:how (?:many|much)|(?:number|amount|figure|count|estimate|total)s?"
    r" (?:(?:reported|given|known)\s+)?(?:of|for))\s+",
    re.I,
)
YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
# A capitalised word after a lower-case one: "children Queen".
UNIT_NAME_RE = re.compile(r"\b[a-z][\w'-]*(?=\s+[A-Z])")
CAPITALISED_WORDS_RE = re.compile(r"(?:[A-Z][\w'’.-]*\s*)+")
SYNONYM_WEIGHT = 0.8
RELATED_WEIGHT = 0.5
WEAK_WEIGHT = 0.3
# "Which team …?", "What company …?": the noun names the kind of answer wanted, which
# the answering sentence names instead ("the Los Angeles Angels"), seldom the noun.
ANSWER_TYPE_WEIGHT = 0.5
# After "which", one or two capitalised words may qualify the noun: "Which Voss club
# …?", "Which Labour Party candidate …?" ask for a club and a candidate (held-out real
# news hit@1 +1 as written, in lower case and by words alone, crowd-style +1 by words
# alone). Not after "what", where a name is more often the subject ("What Ina Berg
# said …").
# What may open a "what" or "which" question before its question word ("On what …?").
QUESTION_OPENING = r"\W*(?:(?:in|on|at|for|from|of|to|by|with|under|into)\s+)?"
ANSWER_TYPE_RE = re.compile(
    rf"(?i:{QUESTION_OPENING}(?:what|which)\s+)"
    r"(?:(?<=[Ww]hich\s)(?:[A-Z][\w'’.-]*\s+){1,2})?"
    # "What kind of plane …?", "what type of bomb …": the noun after "of" is the kind
    r"(?:(?:kinds?|types?|sorts?|makes?|models?|brands?)\s+of\s+(?:an?\s+)?)?"
    rf"(?!(?:{AUXILIARIES}|kind|type|sort|of|the|a|an)\b)(?P<noun>[a-z]+)\b"
)
# "What did the mayor say about the bridge?", "What has Ina Berg told the inquiry?": who
# said what is asked for (`Query.speaker_terms`). Fewer verbs than an answer may say it
# with (`features.SAYING`): "What is the ailment called?" asks for no speaker, and with
# "announce" an invented question's answer fell to second.
SAYING_ASKED_RE = re.compile(
    rf"\bwhat\s+(?:\w+\s+){{0,2}}?(?:(?:{AUXILIARIES})\s+(?P<speaker>.+?)\s+"
    r"(?:say|said|tell|told|claim|claimed|warn|warned)"
    r"|(?:did|does|do|has|have|had)\s+(?P<caller>.+?)\s+(?:call|called|describe|described))\b"
    # "How did the mayor describe the toll rise?": what she called it
    r"|\bhow\s+(?:did|does|do|has|have|had)\s+(?P<describer>.+?)\s+"
    r"(?:describe|described|characteri[sz]ed?|portray(?:ed)?)\b"
    # "What reassurance did the mayor offer?", "what warning has she given": words too
    r"|\bwhat\s+(?:\w+\s+)?(?:re)?(?:assurances?|warnings?|promises?|pledges?|messages?"
    r"|threats?|apolog(?:y|ies)|explanations?|advice|answers?|responses?|repl(?:y|ies)"
    r"|statements?|comments?|remarks?)\s+(?:did|does|do|has|have|had|will|would)\s+"
    r"(?P<giver>.+?)\s+(?:give|gave|given|offer|offered|issue|issued|make|made|send|sent"
    r"|deliver|delivered)\b",
    re.I,
)
# "Which Tekniva products …?", "On what TV show did …?": capitalised words before the
# kind's noun say which kind (a brand, a medium, a party), and the name that answers may
# hold them ("Tekniva Warmline heaters", "the Brekka TV show Kveld"). After "what", only
# where the question's verb follows the noun: in "What Kim said worried Seoul?", Kim
# is whom it asks about.
KIND_NAMES_RE = re.compile(
    rf"(?i:{QUESTION_OPENING})"
    r"(?:(?i:which)\s+(?P<names>(?:[A-Z][\w'’.-]*\s+){1,3})(?=[a-z])"
    r"|(?i:what)\s+(?P<names_after_what>(?:[A-Z][\w'’.-]*\s+){1,3})"
    rf"(?=[a-z]+\s+(?i:{AUXILIARIES})\b))"
)
COMMON_ENGLISH_ZIPF = 3.0


def _group_table(groups: tuple[tuple[str, ...], ...]) -> dict[str, frozenset[str]]:
    """Each term of the word groups, with the other terms of its groups."""
    table: dict[str, set[str]] = {}
    for group in groups:
        group_terms = {t for word in group if (t := stem(normalize_word(word)))}
        for term in group_terms:
            table.setdefault(term, set()).update(group_terms - {term})
    return {term: frozenset(related) for term, related in table.items()}


SYNONYM_TERMS = _group_table(SYNONYMS + CARDINALS) | {
    seat_term: frozenset(terms_of(country))
    for seat, country in GOVERNMENT_SEATS.items()
    if (seat_term := stem(normalize_word(seat)))
}
RELATED_TERMS = _group_table(RELATED_WORDS)
QUESTION_TERMS = frozenset(t for w in QUESTION_WORDS if (t := stem(w)))
# A place a thing is in or at, or someone goes to or visits: the capitalised words after
# "in", "at", "to" or "visit" (atomic: all of them, so that a possessive after the last
# says it is someone's).
VISITING = ("visit", "visits", "visited", "visiting")
PLACE_RE = re.compile(
    rf"\b(?P<preposition>in|at|to|{'|'.join(VISITING)})\s+(?:the\s+)?"
    r"(?P<place>(?>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*))(?!['’])"
)
ORDINAL_TERMS = frozenset(ORDINALS.values())
# An ordinal after one of these is of a thing ("the second quarter", "its first launch").
ORDINAL_OF_RE = re.compile(r"\b(?:the|its|his|her|their|our|an?)\s+$|['’]s\s+$", re.I)
WEAK_TERMS = frozenset(t for w in WEAK_WORDS if (t := stem(w)))
# A description set off by commas after a name: ", the Lund mayor's son jailed for fraud,"
# (`Query.described_terms`).
APPOSITION_RE = re.compile(r",\s*([^,?]+?)\s*,")
# A clause that sets the scene after the words that ask ("… react when Lund voted?");
# not an opening "When did …" (nor "Before the vote, when did …"), nor "when" asked
# at the end ("… and when?").
SCENE_CLAUSE_RE = re.compile(
    rf"(?<=\w)[\s,]+(?:when|once|after|as\s+soon\s+as)\s+(?!(?:{AUXILIARIES})\b)"
    r"(?P<scene>(?:\w+\W+){1,}\w+)",
    re.IGNORECASE,
)
# ... unless it ends a relative clause ("… the boy who swam ashore after …"): then
# it says whom the question is about.
RELATIVE_BEFORE_RE = re.compile(r"(?<=\w)\s+(?:who|which|that)(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
# Verbs that say only that an event happens, not what happened: a "when" or "where"
# question's event is then its subject (held-out real news hit@1 +1 as written and by
# words alone; no other set moved). "Held" and "observed" only in the passive: "When did
# police hold Ola Dahl?" asks about holding him.
OCCURRENCE_RE = re.compile(
    r"\b(?:(?P<verb>happen(?:s|ed|ing)?|occur(?:s|red|ring)?"
    r"|(?:take|takes|took|taken|taking)\s+place)"
    r"|(?:is|was|are|were|be)\b.*?\b(?P<passive>held|observed|scheduled))\b",
    re.I,
)
# What news writes, named as such ("the latest news", "headlines", "any updates"):
# a question with nothing else asks for the news itself (`Query.asks_nothing`).
NEWS_TERMS = frozenset(t for w in NEWS_WORDS if (t := stem(w)))
PEOPLE_TERMS = frozenset(t for w in PEOPLE_NOUNS if (t := stem(w)))
PEOPLE_COUNTED = frozenset(t for w in ("people", "persons") if (t := stem(w)))


@dataclass
class QueryTerm:
    """One thing the question names: its term, related terms, and how much it counts."""

    term: str
    surface: str
    weight: float
    synonyms: frozenset[str] = frozenset()
    related: frozenset[str] = frozenset()
    # Of the related terms, those the embedding model places nearest in meaning
    # (`near_words`: "attorney" for "lawyer").
    near: frozenset[str] = frozenset()
    # The words near enough in meaning to name the thing a figure counts: those, and a
    # few a little less near ("worker" for "employees", "home" for "households":
    # `near_words.NEAR_COUNTED`).
    near_counted: frozenset[str] = frozenset()
    is_unit: bool = False  # the thing counted in "how many X"
    is_name: bool = False  # written with a capital inside the question
    month: int | None = None  # a month the question names ("in July 2024")
    year: int | None = None  # a year the question names
    ordinal: bool = False  # "the second quarter": which one of a kind, as a number says

    def variants(self) -> dict[str, float]:
        """Each term that stands for this one, with its weight."""
        if self.weight < 1:
            return {self.term: self.weight}  # "say", "report": their look-alikes add nothing
        found = {term: self.weight * RELATED_WEIGHT for term in self.related}
        found.update({term: self.weight * SYNONYM_WEIGHT for term in self.synonyms})
        found[self.term] = self.weight
        return found

    def same_thing(self) -> frozenset[str]:
        """The term and its synonyms: what may stand for it in an answer."""
        return self.synonyms | {self.term}


@dataclass
class Query:
    """A question as the engine reads it."""

    text: str
    intent: str
    terms: list[QueryTerm]
    corrections: dict[str, str] = field(default_factory=dict)
    measure_units: frozenset[str] = frozenset()  # "how long": the units that answer it
    measure: str = ""  # "how long", "percentage": the measure asked for, if any
    # Short English words no article has, left out of the terms like chat shorthand:
    # "die" in "When did Ina Berg die?" over a corpus that never writes it.
    unread: tuple[str, ...] = ()
    # Words of a question typed without case that were read as names only because the
    # corpus writes them so ("thrid" as the councillor Thrid): `Speller.second_reading`.
    restored: tuple[str, ...] = ()

    @property
    def unit_terms(self) -> list[QueryTerm]:
        return [t for t in self.terms if t.is_unit]

    @cached_property
    def term_set(self) -> frozenset[str]:
        """The question's terms: an answer offers something besides them."""
        return frozenset(t.term for t in self.terms)

    @cached_property
    def asks_reporter(self) -> bool:
        """Whether the question asks who said or wrote something ("Who told reporters
        the ferry was late?"): then the one a sentence cites for what it says answers it
        (`features.reported_by`). Its verb is no term to match ("who told")."""
        return not REPORTING.isdisjoint(t.term for t in analyze(self.text))

    @cached_property
    def told_terms(self) -> list[QueryTerm]:
        """The terms that say what happened or what is asked about, not whom or when:
        not names, months, years or numbers, nor a noun a name qualifies
        (`subject_nouns`), nor a weak word (`scoring.event_words` weighs them). Nor, for
        "when" and "where", a verb in the passive that says only that the event happens
        ("When is Harbour Week observed?", "Where was the summit held?": `OCCURRENCE_RE`;
        "take place" and "happen" are no terms at all, `parse_question`): the event is
        the question's subject, and its date may be given without the verb ("Harbour
        Week (June 2 - June 9) …"). Nor the words of a description of whom it asks about
        (`described_terms`), unless they are all it says. With the scene the question
        sets (`scene_terms`): all it tells of what happened."""
        occurrence: set[str] = set()
        described: frozenset[str] = frozenset()
        if self.intent in {"when", "where"}:
            for found in OCCURRENCE_RE.finditer(self.text):
                if passive := found.group("passive"):
                    occurrence.update(t.term for t in analyze(passive))
            described = self.described_terms
        events = [
            t
            for t in self.terms
            if t.weight > WEAK_WEIGHT
            and not is_specific(t)
            and t.term not in self.subject_nouns
            and t.term not in occurrence
        ]
        return [t for t in events if t.term not in described] or events

    @cached_property
    def event_terms(self) -> list[QueryTerm]:
        """`told_terms` without the scene the question sets (`scene_terms`), unless it
        is all they say: "How did the mayor react when the board voted?" asks about a
        reaction, not a vote."""
        told = self.told_terms
        return [t for t in told if t.term not in self.scene_terms] or told

    @cached_property
    def described_terms(self) -> frozenset[str]:
        """The terms of a description set off by commas ("Where was Ola Dahl, the Lund
        mayor's son jailed for fraud, born?") and not written elsewhere in the question:
        they say whom it is about, not what happened."""
        described = {
            t.term for found in APPOSITION_RE.finditer(self.text) for t in analyze(found.group(1))
        }
        if not described:
            return frozenset()
        return frozenset(described - {t.term for t in analyze(APPOSITION_RE.sub(",", self.text))})

    @cached_property
    def scene_terms(self) -> frozenset[str]:
        """The terms of a clause that sets the scene of what is asked, after the words
        that ask it ("How did the mayor react when the council voted?", "What did Berg
        promise after the ferry sank?") and not written before it: the answer tells of
        the reaction or the promise, often in the sentence after the one that tells of
        the vote or the sinking ("… during that announcement")."""
        found = SCENE_CLAUSE_RE.search(self.text)
        if found is None or RELATIVE_BEFORE_RE.search(self.text, 0, found.start()):
            return frozenset()
        asked = {t.term for t in analyze(self.text[: found.start()])}
        return frozenset(t.term for t in analyze(found.group("scene"))) - asked

    @cached_property
    def event_forms(self) -> frozenset[str]:
        """The terms `event_terms` are written in, their synonyms and related words
        among them: read once a question, not once a candidate sentence."""
        return frozenset(v for t in self.event_terms for v in t.variants())

    @cached_property
    def subject_nouns(self) -> frozenset[str]:
        """The noun that a name qualifies after "the" ("What did the North Korean leader
        say …", "What did the Welsh vote lead to?"): it says whom or what the
        question is about, not what happened. After a name without "the" the next word
        is the verb ("What did Lena Ruiz promise the board?"); after "Okafor's" it is
        what is asked about. The title written before the name counts too
        (`_subject_title`)."""
        text = self.text
        found = set()
        run_start = None  # where the run of capitalised words ending at `before` starts
        # The last word is left out: with nothing after it, it is what is asked about.
        for before, token in itertools.pairwise(analyze(text)[:-1]):
            if text[before.start : before.start + 1].isupper():
                run_start = before.start if run_start is None else run_start
            else:
                run_start = None
            adjacent = not text[before.end : token.start].strip()
            if (
                run_start is not None
                and adjacent
                and not text[token.start : token.start + 1].isupper()
                and AFTER_THE_RE.search(text, 0, run_start)
                and not (
                    AUXILIARY_THE_RE.search(text, 0, run_start) and _joins_next(text, token.end)
                )
            ):
                found.add(token.term)
            if not adjacent:
                run_start = None
        return frozenset(found | self._subject_title())

    def _subject_title(self) -> set[str]:
        """The lower-case words that describe the subject before its name, after the
        verb the question puts first ("When did former harbour master Lars Vik die?",
        "When was ferry captain Ina Berg fined?"): whom the
        question is about, not what happened. The subject runs up to the first word
        that only joins ("a", "for", "to"; "of" and an opening "the" belong to it) and
        ends with its last capitalised word. Held-out real news: hit@3/5
        0.725/0.808 → 0.733/0.817, unanswerable questions declined 0.65 → 0.70 (by
        words alone hit@3 0.700 → 0.708, declined 0.65 → 0.70); real news hit@5 0.867
        → 0.873; the seed sets unchanged on both paths."""
        verb = AUXILIARY_RE.search(self.text)
        if verb is None:
            return set()
        subject: list[str] = []
        after = [w.surface for w in words(self.text) if w.start >= verb.end()]
        for n, word in enumerate(after):
            folded = word.lower()
            if folded in STOP_WORDS and folded != "of" and not (n == 0 and folded == "the"):
                break
            subject.append(word)
        capitalised = [n for n, word in enumerate(subject) if word[0].isupper()]
        if not capitalised:
            return set()
        # "When did Obama sign the order?": a name that opens the subject ends it,
        # unless it says whose ("Lars Vik's chief of staff Ina Berg")
        # or where from ("North Korean leader Kim Jong Un").
        first = 1 if subject[0].lower() == "the" else 0
        if capitalised[0] == first:
            run_end = first
            while run_end + 1 in capitalised:
                run_end += 1
            opening = subject[first : run_end + 1]
            whose = POSSESSIVE_RE.search(opening[-1])
            # or whose work (the "Harbour Lights" actress Ina Berg)
            quoted = QUOTED_OPENING_RE.match(self.text, verb.end()) is not None
            if (
                not whose
                and not quoted
                and not {t.term for t in analyze(" ".join(opening))} <= COUNTRY_TERMS
            ):
                return set()
        end = capitalised[-1]
        while end - 1 in capitalised:
            end -= 1
        if capitalised[-1] == len(subject) - 1 and end > capitalised[0] + 1:
            # "When did Okafor's delegation leave Lund?": a name that ends the
            # question is what the verb before it acts on, not the subject's own name
            # ("When did Lars Vik's chief of staff Ina Berg resign?")
            end -= 1
        title = [word for word in subject[:end] if not word[0].isupper()]
        return {t.term for t in analyze(" ".join(title))}

    @cached_property
    def common_terms(self) -> list[QueryTerm]:
        """The question's full-weight words that are not names: what it says of whom it
        names ("deputy defence minister", "federal prison")."""
        return [t for t in self.terms if t.weight >= 1 and not t.is_name]

    @cached_property
    def asks_who(self) -> bool:
        """Whether the question asks "who" (or "whom", "whose") in words, not for a kind
        of thing read as a "who" question ("Which song …", "the name of the arena"): a
        work's title or the thing the question names is then no answer
        (`features.names_not_asked`)."""
        return self.intent == "who" and WHO_ASKED_RE.search(self.text) is not None

    @cached_property
    def plain_terms(self) -> frozenset[str]:
        """The question's words that are no names, nor the kind it asks for: what it
        says of the thing it speaks of ("the coastal flight", "the harbour bridge")."""
        return frozenset(t.term for t in self.terms if not t.is_name) - self.kind_terms

    @cached_property
    def role_terms(self) -> list[QueryTerm]:
        """The terms a role beside a name may hold (`scoring._role_share`): the common
        terms and the kind a "which" question asks for (worked out once, not for each
        candidate: a list's `in` compares terms field by field)."""
        return [t for t in self.terms if t in self.common_terms or t.term in self.kind_terms]

    @cached_property
    def common_forms(self) -> frozenset[str]:
        """`common_terms` as a sentence may write them."""
        return frozenset(v for t in self.common_terms for v in t.variants())

    @property
    def asks_nothing(self) -> bool:
        """Whether the question asks for nothing but the news itself: no terms but weak
        words and words for news ("What happened?", "any news?", "the latest headlines")."""
        return all(t.weight < 1 or t.term in NEWS_TERMS for t in self.terms)

    @cached_property
    def name_terms(self) -> frozenset[str]:
        """The terms written with a capital inside the question."""
        return frozenset(t.term for t in self.terms if t.is_name)

    @cached_property
    def speaker_terms(self) -> frozenset[str]:
        """The terms of whoever a "what did X say" question says spoke
        (`SAYING_ASKED_RE`): "leader" and the country in "What did the North Korean
        leader say about NATO?"."""
        if self.intent != "what" or (found := SAYING_ASKED_RE.search(self.text)) is None:
            return frozenset()
        speaker = (
            found.group("speaker")
            or found.group("caller")
            or found.group("describer")
            or found.group("giver")
        )
        return frozenset(t.term for t in analyze(speaker))

    @cached_property
    def asks_description(self) -> bool:
        """ "What did Ina Berg call the toll rise?", "How did she describe it?": what
        the speaker called it, in their words (`features.characterisations`)."""
        found = SAYING_ASKED_RE.search(self.text) if self.intent == "what" else None
        return found is not None and bool(found.group("caller") or found.group("describer"))

    @cached_property
    def kind_names(self) -> frozenset[str]:
        """The question's names that say which kind it asks for (`KIND_NAMES_RE`):
        "tv" in "On what TV show did she speak?"."""
        found = KIND_NAMES_RE.match(self.text)
        if found is None:
            return frozenset()
        written = found.group("names") or found.group("names_after_what")
        return self.name_terms & {t.term for t in analyze(written)}

    @cached_property
    def subject_names(self) -> frozenset[str]:
        """The question's names of whom or what it asks about: not its `kind_names`,
        which a name that answers may hold."""
        return self.name_terms - self.kind_names

    @cached_property
    def places_in(self) -> list[QueryTerm]:
        """The names of a place the question says a thing is in or at ("How many homes
        in Brennock lost power?", "How high did the river peak at Eskby?"): after "in"
        or "at", not someone's ("in Ina Berg's freezer")."""
        return self._places(("in", "at"))

    @cached_property
    def event_places(self) -> list[QueryTerm]:
        """The names of the place where what a question asks about happened: as in
        `places_in`, or where someone went ("When did Berg travel to Oslo?", "When did
        Berg visit Oslo?")."""
        return self._places(("in", "at", "to", *VISITING))

    def _places(self, prepositions: tuple[str, ...]) -> list[QueryTerm]:
        inside = " ".join(
            found.group("place")
            for found in PLACE_RE.finditer(self.text)
            if found.group("preposition") in prepositions
        )
        written = {t.term for t in analyze(inside)}
        return [t for t in self.terms if t.is_name and t.term in written]

    @cached_property
    def name_positions(self) -> list[int]:
        """Where the question's full-weight names stand in `terms`: those a sentence may
        speak of without writing them (a pronoun, a lead that names only after)."""
        return [n for n, t in enumerate(self.terms) if t.is_name and t.weight >= 1]

    @cached_property
    def asks_name(self) -> bool:
        """Whether the question asks what someone or something is called."""
        return NAME_ASKED_RE.search(self.text) is not None

    @cached_property
    def asks_if_known(self) -> bool:
        """Whether the question asks if something is known or was told (`KNOWLEDGE_ASKED_RE`):
        a sentence saying it is not ("remains unclear", "gave no details") answers it."""
        return self.intent == "yes-no" and KNOWLEDGE_ASKED_RE.search(self.text) is not None

    @cached_property
    def source_names(self) -> list[QueryTerm]:
        """The names of the source the question asks after (`SOURCE_ASKED_RE`): "Voss",
        "Coast" and "Guard" in "How many boats has the Voss Coast Guard said sank?"."""
        written = {
            t.term
            for found in SOURCE_ASKED_RE.finditer(self.text)
            for t in analyze(found.group("source") or found.group("sayer"))
        }
        return [t for t in self.terms if t.is_name and t.term in written]

    @cached_property
    def asks_origin(self) -> bool:
        """A "where … from" or "which country" question: a country answers it."""
        return self.intent == "where" and (
            bool(FROM_AT_END_RE.search(self.text))
            or not self.place_kind_terms.isdisjoint(COUNTRY_KINDS)
        )

    @cached_property
    def asks_town(self) -> bool:
        """A "which city" or "what town" question: a country does not answer it."""
        return not self.place_kind_terms.isdisjoint(TOWN_KINDS)

    @cached_property
    def place_kind_terms(self) -> frozenset[str]:
        """The kind of place a "where" question asks for by its noun (`PLACE_KINDS`):
        "village" in "Which village did the police search?"."""
        found = PLACE_KIND_ASKED_RE.search(self.text) if self.intent == "where" else None
        return frozenset() if found is None else frozenset(t.term for t in analyze(found["kind"]))

    @cached_property
    def asks_where_said(self) -> bool:
        """ "Where did Ina Berg talk about the tolls?": where something was said or
        written, which a medium or occasion answers (`features.venues`)."""
        return self.intent == "where" and any(t.term in EXPRESSING for t in self.event_terms)

    @cached_property
    def asks_kind(self) -> bool:
        """ "Which ferry …?", "What company …?": a kind of thing asked for by its noun."""
        return ANSWER_TYPE_RE.match(self.text) is not None

    @cached_property
    def kind_terms(self) -> frozenset[str]:
        """The noun of the kind asked for: "court" in "What court did she ask?", "tv",
        "dance" and "show" in "What tv dance show is he on?". The words after the first
        count only where the question's verb follows them: "Which remake opened …"
        asks for a remake."""
        asked = ANSWER_TYPE_RE.match(self.text)
        if asked is None:
            return frozenset()
        kind: list[str] = []
        for word in (w.surface for w in words(self.text) if w.start >= asked.start("noun")):
            if AUXILIARY_WORD_RE.fullmatch(word):
                break
            if word.lower() in STOP_WORDS or word[0].isupper() or len(kind) == KIND_WORDS:
                kind = kind[:1]
                break
            kind.append(word)
        else:
            kind = kind[:1]
        return frozenset(t.term for t in analyze(" ".join(kind)))

    @cached_property
    def rate(self) -> tuple[str, frozenset[str], bool] | None:
        """The unit of a rate a "how many" or "how much" question asks for ("per week",
        "each day", "a year", "per tonne of cod"): as written, as the terms a
        sentence that gives the rate holds ("week", "weekly"; `PERIOD_ADVERBS`), and
        whether it is per item rather than per period."""
        if self.intent != "quantity":
            return None
        found = RATE_ASKED_RE.search(self.text)
        if found is None:
            return None
        unit = found.group("unit") or found.group("period")
        period = unit.split()[0].lower()
        per_item = period not in PERIOD_ADVERBS
        written = unit.lower() if per_item else f"{period} {PERIOD_ADVERBS[period]}"
        terms = frozenset(t.term for t in analyze(written))
        if per_item and (terms <= self.name_terms or unit[:1].isupper()):
            # "per Ina Berg", "per Ina Fell-Berg's count": according to them
            return None
        return (found.group(0), terms, per_item) if terms else None

    def gives_rate(self, sentence: str) -> bool:
        """Whether `sentence` gives a figure per the unit the question asks a rate of
        (`rate`); any sentence does where it asks none. Per a period, it holds the
        period's word ("a week", "weekly"); per an item, a word of the item and "per",
        "each" or "apiece": "40,000 tonnes of cod" says no price per tonne."""
        if self.rate is None:
            return True
        _, unit, per_item = self.rate
        if unit.isdisjoint(terms_of(sentence)):
            return False
        return not per_item or any(
            found.group("item") is None or not unit.isdisjoint(terms_of(found.group("item")))
            for found in PER_ITEM_RE.finditer(sentence)
        )

    @property
    def asks_sum(self) -> bool:
        """ "How much did the film make?": nothing named is counted, and a sum of money
        answers before any other figure (held-out real news hit@1 +1 question, no other
        figure moved). Not "How much did the shares rise?": a change, which a share
        answers as well as a sum does."""
        return (
            self.intent == "quantity"
            and not self.unit_terms
            and not self.measure
            and HOW_MUCH_RE.search(self.text) is not None
            and CHANGE_ASKED_RE.search(self.text) is None
            and not self.asks_share
        )

    @cached_property
    def asks_comparison(self) -> bool:
        """ "By how much did the catch exceed the quota?", "How much larger …?": a
        figure against another, which "three times higher" or "twice as many" gives
        (read once, as `asks_range` is: each candidate of a "how many" asks)."""
        return self.intent == "quantity" and COMPARISON_ASKED_RE.search(self.text) is not None

    @cached_property
    def asks_since(self) -> bool:
        """ "Since when …?": the point from which something holds, which an event gives
        as well as a date ("since the end of the war", `features.since_event`)."""
        return self.intent == "when" and SINCE_WHEN_RE.search(self.text) is not None

    @cached_property
    def asks_range(self) -> bool:
        """ "What range of troops …?": figures from one to another, which "between
        10,000 and 12,000" gives (`features.RANGE_FIGURE_RE`)."""
        return self.intent == "quantity" and RANGE_ASKED_RE.search(self.text) is not None

    @property
    def sum_of(self) -> frozenset[str]:
        """ "How much will the toll be?": the terms of the thing whose sum is asked for,
        which the answer's own sentence must name ("The toll will be NOK 50"); a bridge's
        cost, beside it in the story, is no toll."""
        if self.intent != "quantity" or not HOW_MUCH_IS_RE.search(self.text):
            return frozenset()
        return frozenset(v for t in self.unit_terms for v in t.same_thing())

    @property
    def asks_share(self) -> bool:
        """ "What share of teenagers use a phone after midnight?": nothing named is
        counted, and a percentage answers before any other figure ("38 percent", not
        "52 minutes less")."""
        return (
            self.intent == "quantity"
            and not self.unit_terms
            and not self.measure
            and SHARE_ASKED_RE.search(self.text) is not None
        )

    @property
    def asks_age(self) -> bool:
        """ "How old is she?": an age answers ("Ina Berg, 41, said …")."""
        return self.measure == "how old"

    @property
    def asks_measure(self) -> bool:
        """ "How long …?", "How heavy …?": a measure in its units (a time, a length, a
        weight, an area), which no sum of money or percentage gives."""
        return bool(self.measure) and self.measure_units.isdisjoint({MONEY_UNIT, PERCENT_UNIT})

    @cached_property
    def compass_places(self) -> tuple[tuple[str, str], ...]:
        """The places the question names by a point of the compass ("South Lundmark")."""
        return compass_places(self.text)

    @cached_property
    def counted_words(self) -> frozenset[str]:
        """The terms that name the thing counted, synonyms and words nearest in meaning
        included: what a figure in an answer may count ("1,300 workers" for "How many
        employees walked out?"). Worked out once, as `countable_words` is: each
        candidate of a "how many" asks."""
        return (
            frozenset(v for t in self.unit_terms for v in t.same_thing() | t.near_counted)
            | self.measure_units
        )

    @cached_property
    def people_counted(self) -> frozenset[str]:
        """For "How many people …?", the nouns for people a figure may count instead
        ("96 passengers": `lexicon.PEOPLE_NOUNS`); none for anything else counted."""
        if PEOPLE_COUNTED.isdisjoint(t.term for t in self.unit_terms):
            return frozenset()
        return PEOPLE_TERMS

    @cached_property
    def countable_words(self) -> frozenset[str]:
        """What a figure in an answer may count: `counted_words`, and for "how many
        people" any noun for people (`people_counted`)."""
        return self.counted_words | self.people_counted


AFTER_THE_RE = re.compile(r"\b(?:the|an?)\s+$", re.I)
AUXILIARY_RE = re.compile(rf"\b(?:{AUXILIARIES})\s+", re.I)
# A subject that opens with a quoted title: "When did the “Harbour Lights” actress …?"
QUOTED_OPENING_RE = re.compile(r"(?:the\s+)?[\"“][^\"”]+[\"”]")
AUXILIARY_WORD_RE = re.compile(AUXILIARIES, re.I)
AUXILIARY_THE_RE = re.compile(rf"\b(?:{AUXILIARIES})\s+(?:the|an?)\s+$", re.I)
KIND_WORDS = 3  # "what tv dance show": the longest kind read as one
WEEKDAY_RE = re.compile(WEEKDAY_PATTERN, re.IGNORECASE)


def is_specific(term: QueryTerm) -> bool:
    """A name, a month, a year or a number: what makes a near miss a miss when it is
    absent. Weekdays are relative times, not names, though written with a capital."""
    if term.weight < 1 or WEEKDAY_RE.fullmatch(term.surface):
        return False
    # Numbers and ordinals too: "the 23rd medal" is not "the 8th".
    return (
        term.is_name
        or term.ordinal
        or term.month is not None
        or term.year is not None
        or term.surface[:1].isdigit()  # "23rd" too, though read as "twentythird"
    )


# A yes-or-no question whether something is known or was told: "Is the exact number
# known?", "Did the board give details of the deal?", "Has Lund disclosed the cost?".
KNOWLEDGE_ASKED_RE = re.compile(
    rf"^\W*(?:{AUXILIARIES})\b.*\b(?:known|clear|certain|confirmed|public|disclosed?|revealed?"
    r"|specif(?:y|ied|ics)|details?|elaborated?)\b"
    # "How much did the board disclose about the deal?": how much was told, not a sum
    rf"|^\W*how\s+much\s+(?:{AUXILIARIES})\b.*\b(?:disclosed?|revealed?|say|said|tell|told"
    r"|shared?|explained?|known?)\s+(?:about|of|on)\b",
    re.IGNORECASE,
)
# The source a question names for what it asks: "…, according to the Lund police?",
# "How many boats has Fjordposten said sank?" (`Query.source_names`).
SOURCE_ASKED_RE = re.compile(
    r"\b(?i:according\s+to)\s+(?P<source>[^,;?!]+)"
    r"|\b(?i:did|does|do|has|have|had)\s+(?P<sayer>(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){1,4}(?:[a-z]+\s+)?)"
    r"(?:say|said|claim|claimed|estimate|estimated|report|reported|count|counted)\b"
)
# "Who won the Fjord Cup, and when?": the question word added at the end is what is
# asked; the rest says what of. Not after "how many": the figures stay what is asked
# ("How many troops were sent, and where?").
ASKED_AT_END = r"[\s,]+and\s+(?P<asked>when|where|why)\W*$"
ASKED_AT_END_RE = re.compile(ASKED_AT_END, re.IGNORECASE)
ASKED_LAST_RE = re.compile(rf"^\W*(?:who|whom|what|which)\b.*{ASKED_AT_END}", re.IGNORECASE)


def detect_intent(question: str) -> str:
    if last := ASKED_LAST_RE.search(question):
        return last["asked"].lower()
    if KNOWLEDGE_ASKED_RE.search(question):
        return "yes-no"  # "Is the toll of the storm known?" asks whether, not how many
    for intent, pattern in INTENT_PATTERNS:
        if pattern.search(question):
            return intent
    return "what"


@cache
def common_english() -> frozenset[str]:
    """English words at least as common as `COMMON_ENGLISH_ZIPF`, for looking up many
    words (`near_words`): wordfreq's list read whole once, as asking `english_zipf` word
    by word took most of a second for a large corpus's words."""
    from wordfreq import get_frequency_dict

    least = 10 ** (COMMON_ENGLISH_ZIPF - 9)  # the Zipf scale is log10 of a billion times it
    return frozenset(word for word, share in get_frequency_dict("en").items() if share >= least)


# A word's family (`Speller.family`): terms of at least this many letters that begin one
# another, at most this many letters apart ("bankrupt", "bankruptci"). Shorter stems
# begin too many other words ("presid": "presidio").
FAMILY_STEM = 7
FAMILY_REACH = 4
# A compound and its last word (`Speller.compounds`): "earthquake" and "quake",
# "firefighter" and "fighter". The last word has at least this many letters, and what
# goes before it is an English word of at least as many, this common (Zipf): "air" in
# "airport" or "sup" in "support" would tie "port" to both.
COMPOUND_PART = 4
JOINED_PART = 3  # the shortest word of a name typed as one word (`Speller._joined_name`)
COMPOUND_HEAD_ZIPF = 4.0
# A noun made of a verb and its particle ("lockout", "shutdown", "takeover": stemmed
# "takeov") and the verb it is made of ("locked out"), at least this many letters long.
PARTICLE_ENDINGS = ("out", "down", "up", "off", "ov", "back", "away")
PHRASAL_HEAD = 3
# ... and a verb with its particle in a question ("walked out"), for the noun
# ("walkout") the corpus writes.
PARTICLE_AFTER_RE = re.compile(r"\s+(?P<particle>out|down|up|off|over|back|away)\b", re.I)
# A misspelt word is this much rarer in English (Zipf) than the word it was typed for.
TYPO_MARGIN = 1.0
# Places a typo may be mended into though the corpus lacks them: "washinton" is
# Washington, which stands for the United States the corpus names. One-word names of
# at least this many letters ("Lima" or "Male" would take a typo of a word).
PLACE_TYPO_LETTERS = 5
PLACE_WORDS = frozenset(
    n.lower() for n in PLACE_NAMES if n.isalpha() and len(n) >= PLACE_TYPO_LETTERS
)


# A typo of this many letters or more is mended into a common English word the corpus
# lacks ("depoly" into "deploy", whose stem "deployment" shares).
ENGLISH_TYPO_LETTERS = 5


def by_first_letter_and_length(words: Iterable[str]) -> dict[tuple[str, int], list[str]]:
    """`words` by first letter and length, each list sorted (so that ties fall the same
    way whatever order the words were gathered in): a typo seldom changes a word's first
    letter, nor its length by more than a letter or two."""
    found: dict[tuple[str, int], list[str]] = {}
    for word in sorted(words):
        found.setdefault((word[0], len(word)), []).append(word)
    return found


@cache
def _outside_words_by_start() -> tuple[
    dict[tuple[str, int], list[str]], dict[tuple[str, int], list[str]]
]:
    """The words a typo may be meant for though the corpus lacks them
    (`by_first_letter_and_length`): common English words (`common_english`), then
    one-word places (`PLACE_WORDS`)."""
    english = (w for w in common_english() if w.isascii() and w.isalpha() and len(w) > 3)
    return by_first_letter_and_length(english), by_first_letter_and_length(PLACE_WORDS)


# The most letters an inflection's ending takes from a word's stem ("-ing", "-ies").
INFLECTION = 3
# A typo of an inflected word is read by its stem from this many letters on: "promiss"
# is one letter from "promis" (the stem of "promised"), two from any word the corpus has.
TYPO_OF_STEM = 6
NO_TERMS: frozenset[str] = frozenset()


class NearTerms(NamedTuple):
    """A written word's terms nearest in meaning (`near_words.NearWords.of_all`): those
    that stand for it, and those that may name it as the thing a figure counts."""

    same: frozenset[str] = NO_TERMS
    counted: frozenset[str] = NO_TERMS


NO_NEAR_TERMS = NearTerms()


def _english_head(word: str) -> bool:
    """Whether `word` can open a compound (`COMPOUND_PART`, `COMPOUND_HEAD_ZIPF`)."""
    return len(word) >= COMPOUND_PART and english_zipf(word) >= COMPOUND_HEAD_ZIPF


# Whether the corpus writes one word right after another (with a capital on the second
# where asked): `casing.written_beside`.
Beside = Callable[[str, str, bool], bool]


def _rewritten(text: str, replaced: list[tuple[Word, str]]) -> str:
    """`text` with each of the words `replaced` (in order, as `words` found them) written
    as its replacement."""
    pieces: list[str] = []
    last = 0
    for word, replacement in replaced:
        pieces += [text[last : word.start], replacement]
        last = word.end
    pieces.append(text[last:])
    return "".join(pieces)


class Speller:
    """Corrects misspelt question words to the nearest word the corpus uses.

    A word is left alone when the corpus has it or when it is a common English word:
    "tanks" is not a typo for "talks" just because the corpus has no tanks.
    """

    def __init__(self, vocabulary: frozenset[str]) -> None:
        # Question words are words too: "mny" is "many", "wher" is "where".
        self.vocabulary = vocabulary | QUESTION_WORDS | STOP_WORDS
        self._by_start: dict[tuple[str, int], list[str]] | None = None
        self._word_parts: frozenset[str] | None = None
        self._terms: list[str] | None = None
        self._backwards: list[str] | None = None
        self._words_of_term: (
            tuple[dict[str, list[str]], dict[tuple[str, int], list[str]]] | None
        ) = None

    def warm_up(self) -> None:
        """Read what correcting a first typo needs (wordfreq's English word list, this
        corpus's words by first letter and by stem, the words outside it): most of a
        second otherwise paid by that typo; and the corpus's terms in order, forwards
        and backwards, for a first long word's family and a first unknown word's
        compounds, and the parts of its hyphenated words."""
        english_zipf("warm")
        _ = self.by_start, self.word_parts, self.words_of_term, _outside_words_by_start()
        _ = self.terms
        _ = self.backwards

    @property
    def terms(self) -> list[str]:
        """The index terms of the corpus's words, sorted (made at the first long word)."""
        if self._terms is None:
            self._terms = sorted(
                {term for word in self.vocabulary if word.isalpha() and (term := stem(word))}
            )
        return self._terms

    def family(self, term: str) -> frozenset[str]:
        """The terms of the same family as a long `term`: those that begin it and the
        corpus's that it begins ("bankrupt" of "bankruptcy", stemmed "bankruptci"), a
        few letters apart. The stemmer leaves derived words apart, and news writes one
        where a question says the other ("when it went bankrupt")."""
        if len(term) < FAMILY_STEM or not term.isalpha():
            return frozenset()
        shorter = max(FAMILY_STEM, len(term) - FAMILY_REACH)
        found = {term[:size] for size in range(shorter, len(term))}
        terms = self.terms
        for other in itertools.islice(terms, bisect.bisect_right(terms, term), None):
            if not other.startswith(term):
                break
            if len(other) <= len(term) + FAMILY_REACH:
                found.add(other)
        return frozenset(found)

    def compounds(self, term: str) -> frozenset[str]:
        """For a term the corpus lacks, the corpus's terms that are it with an English
        word before it ("earthquak" for "quak") and its own last part after one
        ("quak" for "earthquak"): the stemmer keeps a compound apart from its last
        word, and news writes "earthquake" where a question says "quake"."""
        if len(term) < COMPOUND_PART or not term.isalpha():
            return frozenset()
        found = set()
        backwards = self.backwards
        tail = term[::-1]
        for other in itertools.islice(backwards, bisect.bisect_left(backwards, tail), None):
            if not other.startswith(tail):
                break
            if _english_head(other[len(tail) :][::-1]):
                found.add(other[::-1])
        for cut in range(COMPOUND_PART, len(term) - COMPOUND_PART + 1):
            last = term[cut:]
            if self._has_term(last) and _english_head(term[:cut]):
                found.add(last)
        return frozenset(found)

    def phrasal_head(self, term: str) -> frozenset[str]:
        """The verb a noun of a verb and its particle is made of, where the corpus has
        it and English uses it ("shut" for "shutdown"): news writes "Tekniva shut down
        its Voss plant" where a question asks about the shutdown."""
        for ending in PARTICLE_ENDINGS:
            head = term.removesuffix(ending)
            if (
                head != term
                and len(head) >= PHRASAL_HEAD
                and head.isalpha()
                and self._has_term(head)
                and english_zipf(head) >= COMMON_ENGLISH_ZIPF
            ):
                return frozenset({head})
        return frozenset()

    def _inflects(self, word: str, term: str) -> bool:
        """Whether `word` is a form of a term the corpus has: its stem `term`, a
        corpus term, keeps all but an ending of the word. The stemmer reads "ilness"
        as "il" (a part of a hyphenated name, "Ha-Il"): that typo is no form of it."""
        return len(term) >= max(COMPOUND_PART, len(word) - INFLECTION) and self._has_term(term)

    def _has_term(self, term: str) -> bool:
        """Whether `term` is one of the corpus's terms (`terms`)."""
        terms = self.terms
        at = bisect.bisect_left(terms, term)
        return at < len(terms) and terms[at] == term

    @property
    def backwards(self) -> list[str]:
        """The corpus's terms spelt backwards, sorted: for the compounds a term ends."""
        if self._backwards is None:
            self._backwards = sorted(term[::-1] for term in self.terms)
        return self._backwards

    @property
    def by_start(self) -> dict[tuple[str, int], list[str]]:
        """The corpus's words by first letter and length (`by_first_letter_and_length`);
        made at the first typo, since a live corpus makes a new speller at every change."""
        if self._by_start is None:
            self._by_start = by_first_letter_and_length(w for w in self.vocabulary if w.isalpha())
        return self._by_start

    def knows(self, word: str) -> bool:
        """Whether the corpus writes `word`, alone or as a part of a hyphenated word
        ("hamid" of "al-Hamid"; the index has the parts as terms too)."""
        return word in self.vocabulary or word in self.word_parts

    @property
    def word_parts(self) -> frozenset[str]:
        """The parts of the corpus's hyphenated words (made at the first word the corpus
        does not write whole)."""
        if self._word_parts is None:
            self._word_parts = frozenset(
                part for w in self.vocabulary if "-" in w for part in w.split("-")
            )
        return self._word_parts

    def nearest(self, word: str) -> str | None:
        """The corpus word nearest `word` in spelling, other than `word` itself; else
        the corpus word of the nearest stem (`_nearest_by_stem`) or the nearest common
        English word or place the corpus lacks (`_nearest_outside`), whichever is nearer
        `word` itself, the corpus's at a tie: "admited" is "admitted", which the corpus
        lacks, not "additional", whose stem is a letter from "admit"."""
        found = self._nearest_in(word, self.by_start)
        if found:
            return self._best_of(word, found)
        by_stem = self._nearest_by_stem(word)
        outside = self._nearest_outside(word)
        if by_stem is None or outside is None:
            return by_stem or outside
        nearer = DamerauLevenshtein.distance(word, outside) < DamerauLevenshtein.distance(
            word, by_stem
        )
        return outside if nearer else by_stem

    def _nearest_outside(self, word: str) -> str | None:
        """The nearest common English word, else one-word place, that the corpus lacks
        (`_outside_words_by_start`): "depoly" is "deploy", whose stem the corpus's
        "deployment" shares; "washinton" is Washington, which stands for the country
        the corpus names. Only where no corpus word is as near: "korae" is Korea, not
        the island of Kosrae."""
        english, places = _outside_words_by_start()
        # An unknown name typed in lower case ("sven") is no typo of an English word
        # ("seven"): short words are mended into words the corpus has only.
        found = self._nearest_in(word, english) if len(word) >= ENGLISH_TYPO_LETTERS else []
        found = found or self._nearest_in(word, places)
        return self._best_of(word, found) if found else None

    @staticmethod
    def _nearest_in(
        word: str, by_start: dict[tuple[str, int], list[str]], limit: int | None = None
    ) -> list[tuple[str, int, int]]:
        """The words of `by_start` within `limit` typos of `word` (by default one, two
        from eight letters on), with their distances."""
        if limit is None:
            limit = 1 if len(word) < 8 else 2
        candidates = [
            w
            for size in range(len(word) - limit, len(word) + limit + 1)
            for w in by_start.get((word[0], size), ())
            if w != word
        ]
        return process.extract(
            word, candidates, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=None
        )

    @staticmethod
    def _best_of(word: str, found: list[tuple[str, int, int]]) -> str:
        """Of the words `found` near `word`, the one it was most likely typed for."""
        # Typing drops letters more often than it adds them: among equally near words,
        # prefer one that holds every letter typed ("mny" is "many" rather than "my"),
        # then one with the same letters in another order ("bryd" is "byrd" rather than
        # "brad"), then the commoner.
        best = min(
            found,
            key=lambda match: (
                match[1],
                not _holds_in_order(word, match[0]),
                sorted(word) != sorted(match[0]),
                -english_zipf(match[0]),
            ),
        )
        return str(best[0])

    def _nearest_by_stem(self, word: str) -> str | None:
        """The commonest corpus word whose stem is one letter from `word`'s: a typo of
        an inflected word ("promiss" for "promise", over a corpus that writes only
        "promised") is further from every word the corpus has than its stem is from
        the stem of one."""
        term = stem(word) if len(word) >= TYPO_OF_STEM else None
        if term is None or not term.isalpha():
            return None
        words_of, by_start = self.words_of_term
        found = self._nearest_in(term, by_start, limit=1)
        if not found:
            return None
        nearest = min(found, key=lambda match: (match[1], match[0]))[0]
        return max(words_of[nearest], key=lambda w: (english_zipf(w), w))

    @property
    def words_of_term(self) -> tuple[dict[str, list[str]], dict[tuple[str, int], list[str]]]:
        """The corpus's words by their stem, and its stems by first letter and length
        (`by_first_letter_and_length`), made at the first typo that needs them."""
        if self._words_of_term is None:
            words_of: dict[str, list[str]] = {}
            for word in sorted(self.vocabulary):
                if word.isalpha() and (term := stem(word)) and term.isalpha():
                    words_of.setdefault(term, []).append(word)
            by_start = by_first_letter_and_length(words_of)
            self._words_of_term = words_of, by_start
        return self._words_of_term

    def correct(
        self,
        question: str,
        written: Callable[[str], tuple[str, ...]] | None = None,
        written_at_times: Callable[[str], tuple[str, ...]] | None = None,
        beside: Beside | None = None,
    ) -> tuple[str, dict[str, str]]:
        """The question with misspelt words replaced, and what was replaced. With
        `written` (how the corpus writes a word with a capital, if it does), a word typed
        with a capital after the first is a name, and only ever mended into a name, or
        into a word the corpus writes with a capital at times (`written_at_times`:
        "Muesum" of "the British Museum"): "Bamk" is no typo for a "bank" the corpus
        never capitalises, but a name it lacks; "Bryd" is "Byrd". One
        typed in capitals is mended only into one written in capitals ("NATI" into
        "NATO", and never into the surname "Nati"). And an abbreviation typed in lower
        case is the word where the corpus has it only as a name: "ppl" is people, though
        a firm is called PPL. A name typed as one word is read as the corpus writes it
        (`_joined_name`: "Whitehouse" is the White House).
        With `beside` (whether the corpus writes one word right after another), a typo
        is read first as a word the corpus writes beside the word typed before or after
        it, with a capital where it was typed with one (`_mended_beside`): "Lund Tiegr" is
        the Lund Tigers, not the surname Tieger, and "Harbour Rights Campign" the
        Campaign, a word the corpus seldom capitalises elsewhere."""
        corrections: dict[str, str] = {}
        replaced: list[tuple[Word, str]] = []
        typed = words(question)
        for number, word in enumerate(typed):
            joined = self._joined_name(word.surface, written) if written is not None else None
            in_context = None
            if joined is None and beside is not None:
                # The word before as mended ("Vosss Vikngs": the Voss Vikings).
                before = [
                    w._replace(surface=corrections.get(w.surface, w.surface))
                    for w in typed[max(0, number - 1) : number]
                ]
                in_context = self._mended_beside(
                    word, before + typed[number + 1 : number + 2], beside
                )
            replacement = joined or in_context or self._replacement(word.surface, written)
            if replacement is None:
                continue
            if (
                joined is None
                and in_context is None
                and written is not None
                and number > 0
                and word.surface[0].isupper()
                and normalize_word(word.surface) not in ABBREVIATIONS_IN_CAPITALS
            ):
                forms = written(replacement)
                if not forms and written_at_times is not None:
                    # "Muesum" is the Museum of "the British Museum", a word the corpus
                    # writes in lower case too.
                    forms = written_at_times(replacement)
                if len(word.surface) > 1 and word.surface.isupper():
                    forms = tuple(form for form in forms if form.isupper() and " " not in form)
                    replacement = forms[0] if forms else replacement  # "NATI" is "NATO"
                if not forms:
                    continue
            corrections[word.surface] = replacement
            replaced.append((word, replacement))
        mended = _rewritten(question, replaced)
        if beside is not None:
            variants = self._name_variants(mended, beside)
            corrections.update((word.surface, meant) for word, meant in variants)
            mended = _rewritten(mended, variants)
        return mended, corrections

    def _name_variants(self, question: str, beside: Beside) -> list[tuple[Word, str]]:
        """The names typed with a capital that the corpus lacks, though each is a common
        word ("John", "Eric"), each with the name the corpus writes right beside the
        name next to it (mended already): "John Dahll" is the Jon Dahl the corpus
        names, "Eric Lund" its Erik Lund. Only beside another name: "John" alone may be
        anyone."""
        typed = words(question)
        found = []
        for number, word in enumerate(typed):
            if not word.surface[0].isupper():
                continue
            around = [w for w in typed[max(0, number - 1) : number + 2] if w is not word]
            names = [w for w in around if w.surface[0].isupper()]
            meant = self._mended_beside(word, names, beside, name=True)
            if meant is not None:
                found.append((word, meant))
        return found

    def _mended_beside(
        self, word: Word, around: list[Word], beside: Beside, name: bool = False
    ) -> str | None:
        """The corpus word nearest a typo (`_typo`; with `name`, any word the corpus
        lacks) that the corpus writes right after the word before it or right before
        the word after it (`around`), with a capital where it was typed with one; None
        where no near word is written so."""
        norm = normalize_word(word.surface)
        if (
            norm in ABBREVIATIONS
            or not (
                self._typo(norm)
                or (name and norm.isalpha() and len(norm) > 3 and not self.knows(norm))
            )
            or self._possessive(norm)
            or self._inflected(norm)
        ):
            return None
        capitalised = word.surface[0].isupper()
        found = [
            match
            for match in self._nearest_in(norm, self.by_start)
            if any(
                beside(other.surface, match[0], capitalised)
                if other.start < word.start
                else beside(match[0], other.surface, other.surface[0].isupper())
                for other in around
                if normalize_word(other.surface) not in STOP_WORDS
            )
        ]
        if not found:
            return None
        meant = self._best_of(norm, found)
        return meant[0].upper() + meant[1:] if capitalised else meant

    def _typo(self, norm: str) -> bool:
        """Whether the written word `norm` may be a typo: a word of three letters or more
        that the corpus lacks and that is no English word (a short one, no word at all)."""
        return not (
            len(norm) < 3
            or not norm.isalpha()
            or self.knows(norm)
            or english_zipf(norm) >= (COMMON_ENGLISH_ZIPF if len(norm) > 3 else 2.5)
        )

    def _possessive(self, norm: str) -> bool:
        """ "Lunds lawyer": a possessive typed without its apostrophe, not "funds"."""
        return norm.endswith("s") and self.knows(norm[:-1])

    def _inflected(self, norm: str) -> bool:
        """ "heatwave" where the corpus writes "heatwaves": a form of a corpus term, no typo."""
        return (term := stem(norm)) is not None and self._inflects(norm, term)

    def second_reading(self, restored: tuple[str, ...]) -> dict[str, str]:
        """Of the words a question typed without case read as names (`Query.restored`),
        the misspelt common words, each with the word it was typed for: "thrid", read
        as the councillor Thrid another article names, may have been typed for "third"
        (an English word far commoner, a letter or two away, that the corpus has)."""
        readings = {}
        for word in restored:
            if not word.isalpha() or english_zipf(word) >= COMMON_ENGLISH_ZIPF:
                continue
            meant = self.nearest(word)
            if meant is not None and english_zipf(meant) >= english_zipf(word) + TYPO_MARGIN:
                readings[word] = meant
        return readings

    def _joined_name(self, surface: str, written: Callable[[str], tuple[str, ...]]) -> str | None:
        """The name of two words the corpus writes ("White House", "Kim Jong") that a word
        it lacks runs together ("Whitehouse", "whitehouse"), as the corpus writes it."""
        norm = normalize_word(surface)
        if len(norm) < 2 * JOINED_PART or not norm.isalpha() or self.knows(norm):
            return None
        for cut in range(JOINED_PART, len(norm) - JOINED_PART + 1):
            first, second = norm[:cut], norm[cut:]
            term = stem(first)
            if term is None or not (self.knows(first) and self.knows(second)):
                continue
            for form in written(term):
                if " ".join(form.lower().split()[:2]) == f"{first} {second}":
                    return " ".join(form.split()[:2])
        return None

    def _replacement(
        self, surface: str, written: Callable[[str], tuple[str, ...]] | None = None
    ) -> str | None:
        """What a written word is read as: the word an abbreviation stands for, or the
        corpus word a typo was meant to be; None to leave it as written."""
        norm = normalize_word(surface)
        if norm in ABBREVIATIONS and (
            not self.knows(norm)
            or (
                surface.islower()
                and written is not None
                and written(norm)
                # "TV" is television as the corpus writes it, no one's name
                and norm not in ABBREVIATIONS_IN_CAPITALS
            )
        ):
            return ABBREVIATIONS[norm]
        if "-" in norm and not self.knows(norm):
            return self._mended_parts(surface, written)
        if not self._typo(norm):
            return None
        possessive = self._possessive(norm)
        if not possessive and self._inflected(norm):
            return None
        replacement = norm[:-1] if possessive else self.nearest(norm)
        if replacement is not None and surface[0].isupper():
            replacement = replacement[0].upper() + replacement[1:]  # "Bryd" is "Byrd"
        return replacement

    def _mended_parts(
        self, surface: str, written: Callable[[str], tuple[str, ...]] | None
    ) -> str | None:
        """A hyphenated word the corpus lacks, with each misspelt part mended ("secnd-half"
        is "second-half"); None where no part is misspelt ("Ola-Dahl")."""
        parts = surface.split("-")
        mended = [self._replacement(part, written) if part else None for part in parts]
        if not any(mended):
            return None
        return "-".join(new or part for new, part in zip(mended, parts, strict=True))


def _holds_in_order(letters: str, word: str) -> bool:
    """Whether `word` has all of `letters` in the same order (with others between)."""
    remaining = iter(word)
    return all(letter in remaining for letter in letters)


# A comparison right after "how many" or "how much": "more", or "larger than".
COMPARISON_RE = re.compile(r"(?:more|less|fewer|[a-z]+er(?=\s+than\b))\s+", re.I)
# Where the thing counted ends: at a verb, a preposition or punctuation; the full stops
# of an initialism ("U.S. troops") do not end it.
UNIT_STOP_RE = re.compile(
    rf"\b(?:{AUXILIARIES}|of|in|to|from|for|by|according|that|which|than)\b"
    r"|[?,]|(?<!\b[A-Z])\.(?!\w)",
    re.I,
)
# "… was how much larger?", "how much larger might the estimate be?": a comparative
# that ends the question or stands before a verb asks a ratio or a difference too, of
# no thing called "larger" (not "how much water?", "how many older people").
COMPARATIVE_ALONE_RE = re.compile(
    rf"\s*(?P<word>[a-z]+er)(?:\W*$|\s+(?={UNIT_STOP_RE.pattern}))", re.I
)
STATE_COUNTED_RE = re.compile(r"[a-z]{3,}ed|dead|missing|homeless", re.I)


def _phrasal_noun(question: str, term: Term) -> frozenset[str]:
    """The noun a verb and the particle after it in `question` make ("walkout" for
    "walked out", "takeover" for "took over"); the caller keeps it where the corpus
    has it."""
    found = PARTICLE_AFTER_RE.match(question, term.end)
    if found is None:
        return NO_TERMS
    joined = stem(term.term + found.group("particle").lower())
    return frozenset({joined}) if joined else NO_TERMS


def _names_a_people(words: str) -> bool:
    """Whether `words` open with what a country's people are called ("North Korean
    troops"): in "how many new Norwegian troops", it says whose troops are counted,
    where "the number of sons King Omar has" and "How many troops North Korea sent?"
    name someone after the thing counted."""
    opening = CAPITALISED_WORDS_RE.match(words.strip())
    return opening is not None and " ".join(opening.group().lower().split()) in DEMONYMS


def _unit_spans(question: str) -> list[tuple[int, int]]:
    """Where "how many X" names the thing counted: the words up to the verb."""
    spans = []
    compares = False
    for cue in QUANTITY_CUE_RE.finditer(question):
        if compares:
            # "how much larger might the estimate of the catch be?": what is compared,
            # not a thing counted.
            break
        # "how many more troops": troops; "how much larger than …": a ratio, of nothing.
        comparison = COMPARISON_RE.match(question, cue.end())
        alone = COMPARATIVE_ALONE_RE.match(question, cue.end())
        if alone is not None and degree_forms(alone["word"]):
            comparison = alone
        compares = comparison is not None
        start = comparison.end() if comparison else cue.end()
        rest = question[start:]
        stop = UNIT_STOP_RE.search(rest)
        end = stop.start() if stop else len(rest)
        # "the number of sons King Omar has": a name after the counted noun
        # starts a clause about whom or what; it is not part of the thing counted.
        name = UNIT_NAME_RE.search(rest[:end])
        if name and not _names_a_people(rest[name.end() : end]):
            end = name.end()
        # "How many dead in Voss?", "how many injured": the state of those counted, not
        # a thing, as "How many were killed?" is ("12 people", "19 victims" answer it).
        if not STATE_COUNTED_RE.fullmatch(rest[:end].strip()):
            spans.append((start, start + end))
    # ... but "how much larger might the estimate be?" asks no sum of the estimate.
    if not compares and (thing := HOW_MUCH_IS_RE.search(question)):
        spans.append(thing.span("thing"))
    return spans


def _money_asked(question: str, units: list[tuple[int, int]]) -> re.Match[str] | None:
    """The words that ask for a sum of money: "money", "funds", "what is the price";
    or, after "how much" with nothing counted (`units` empty), what something costs,
    pays or earns."""
    if money := MONEY_ASKED_RE.search(question):
        return money
    if named := SUM_NOUN_ASKED_RE.search(question):
        return named
    if thing := HOW_MUCH_IS_RE.search(question):
        return thing
    if HOW_MUCH_RE.search(question) and all(start == end for start, end in units):
        return PRICE_ASKED_RE.search(question)
    return None


def _names_part(surface: str, term: str) -> bool:
    """Whether `term`, of the capitalised hyphenated word `surface`, is a name: its own
    part is written with a capital ("Okafor" of "Halvorsen-Okafor"), not in lower case
    ("style" of "Nordic-style", "friendly" of "Lund-friendly", which only describe
    by a name and are no name any article must hold); a form joining the parts is a
    name only where every part is."""
    parts = surface.split("-")
    own = next((part for part in parts if stem(normalize_word(part)) == term), None)
    if own is not None:
        return own[:1].isupper()
    return all(part[:1].isupper() for part in parts)


def _unwritten_joined_form(
    analysed: Sequence[Term], number: int, known: Callable[[str], bool]
) -> bool:
    """Whether term `number` joins the parts of a hyphenated word before it, each known
    to the corpus, in a form the corpus never writes: "Halvorsen-Okafor" is halvorsen,
    okafor and halvorsenokafor, and only the parts are asked about."""
    term = analysed[number]
    parts = [
        t
        for t in analysed[max(0, number - 3) : number]
        if (t.start, t.end) == (term.start, term.end)
    ]
    return len(parts) >= 2 and not known(term.term) and all(known(p.term) for p in parts)


def bare_question(message: str) -> str:
    """The question in `message` without emoji, repeated marks, a greeting, a polite
    lead-in, thanks, a mention of the articles as a whole or of news about its subject
    (`GREETING_RE`, `LEAD_IN_RE`, `COURTESY_RE`, `CORPUS_REFERENCE_RE`, `NEWS_ABOUT_RE`),
    "whats" read as "what is", and begun with a capital if the message was."""
    question = _without_pictographs(message)
    question = REPEATED_MARKS_RE.sub(lambda m: "?" if "?" in m.group() else "!", question)
    # In the case typed: "WHOS" is "WHO IS", so that a shouted question stays one.
    question = RUN_TOGETHER_RE.sub(lambda m: f"{m[1]} {'IS' if m[0].isupper() else 'is'}", question)
    question = COURTESY_RE.sub(lambda m: m["mark"] or "", question) or question
    question = CORPUS_REFERENCE_RE.sub("", question) or question
    question = GREETING_RE.sub("", question)
    question = NEWS_ABOUT_RE.sub("", question) or question
    lead_in = LEAD_IN_RE.match(question)
    if lead_in and any(c.isalpha() for c in lead_in.group()):
        question = question[lead_in.end() :]
    if not question.strip():
        return message
    if next((c for c in message if c.isalpha()), "").isupper():
        question = question[:1].upper() + question[1:]
    return question


def _without_pictographs(text: str) -> str:
    """`text` without emoji and other pictographs ("🙏", "👍🏽"): no words, but the
    question's vector read them (real news with "?? 🙏" after each question had hit@1
    0.600, against 0.640 as written)."""
    if text.isascii():
        return text
    kept = "".join(
        c for c in text if unicodedata.category(c) not in PICTOGRAPH_CATEGORIES and c not in JOINERS
    )
    return " ".join(kept.split()) if kept != text else text


def _unknown_name(known: Callable[[str], bool], term: str, typed: str) -> bool:
    """Whether a word of a question typed without case is a name the corpus lacks: a
    country ("iran"), or a word it does not have that is no common English word."""
    if " " in typed:
        return False
    if term in COUNTRY_TERMS:
        return True
    return not known(term) and len(typed) > 3 and english_zipf(typed) < COMMON_ENGLISH_ZIPF


def _no_name_typo(
    known: Callable[[str], bool],
    speller: Speller,
    written: Callable[[str], tuple[str, ...]],
    term: str,
    typed: str,
) -> bool:
    """Whether a word of a question is one the corpus lacks and no typo of a name it has
    ("jon" of "Jong"; "yo" is one letter from "you", no name)."""
    if known(term):
        return False
    meant = speller.nearest(typed.lower())
    term_meant = stem(meant) if meant is not None else None
    return term_meant is None or not written(term_meant)


def _degree_terms(surface: str, known: Callable[[str], bool]) -> frozenset[str]:
    """The terms of an adjective's other forms of degree ("strongest" for "strong")."""
    forms = degree_forms(surface, partial(_writes, known))
    return frozenset(term.term for term in analyze(" ".join(forms)))


def _agent_terms(surface: str, known: Callable[[str], bool]) -> frozenset[str]:
    """The terms of a verb's agent nouns ("leader" for "leads")."""
    agents = agent_nouns(surface, partial(_writes, known))
    return frozenset(term.term for term in analyze(" ".join(agents)))


def _writes(known: Callable[[str], bool], word: str) -> bool:
    """Whether the corpus (`known` terms) has `word`."""
    return any(known(term.term) for term in analyze(word))


NEXT_WORD_RE = re.compile(r"\W*(\w+)")


def _joins_next(text: str, end: int) -> bool:
    """Whether the word after `end` only joins ("in", "to", "with"; not "of"): after an
    auxiliary, "Who will the Lund team face in the final?" reads "face" as its verb,
    where "What did the Lund mayor say?" reads "mayor" as the noun "Lund" qualifies."""
    following = NEXT_WORD_RE.match(text, end)
    word = following.group(1).lower() if following else ""
    return word in STOP_WORDS and word != "of"


def _written_forms(written: Callable[[str], tuple[str, ...]], word: str) -> tuple[str, ...]:
    """How the corpus writes the terms of `word` with a capital, if it does
    (`casing.capitalised_forms`)."""
    return tuple(form for term in analyze(word) for form in written(term.term))


def parse_question(
    question: str,
    speller: Speller,
    known: Callable[[str], bool],
    near: Callable[[list[str]], list[NearTerms]] | None = None,
    written: Callable[[str], tuple[str, ...]] | None = None,
    as_typed: dict[str, str] | None = None,
    *,
    written_at_times: Callable[[str], tuple[str, ...]] | None = None,
    beside: Beside | None = None,
) -> Query:
    """Intent, terms and corrections of `question` against a corpus's vocabulary;
    `near` gives written words' nearest terms in meaning (`NearWords.of_all`), which
    count as related to them; `written`, how the corpus writes a term with a capital
    (`casing.capitalised_forms`), for a question typed without case; `as_typed`, words
    of such a question read as the words they were typed for (`Speller.second_reading`),
    not as the names the corpus writes; `written_at_times`, the same where the corpus
    writes it with a capital only at times, for mending a typo typed with one; `beside`,
    whether the corpus writes one word right after another, for reading a typo by the
    words typed beside it (`Speller.correct`)."""
    question = bare_question(question)
    # Typed all in lower case, in capitals or in title case, any word may be a name the
    # corpus lacks; typed with only its first letter a capital (as phones do), the
    # question may have none, and a rare word the corpus lacks is taken for a typo or
    # left as a word.
    if capitals_say_nothing(question):
        question, uncased = question.lower(), True
    else:
        uncased = not any(c.isupper() for c in question)
    corrected, corrections = speller.correct(
        question,
        None if written is None else partial(_written_forms, written),
        None if written_at_times is None else partial(_written_forms, written_at_times),
        beside,
    )
    for typed, meant in (as_typed or {}).items():
        # A second reading: these words as what they were typed for, not as names.
        corrected = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", meant, corrected, count=1)
        if meant != typed:
            corrections[typed] = meant
    restored: tuple[str, ...] = ()
    if written is not None and lacks_case(corrected):
        unknown = partial(_unknown_name, known) if uncased else None
        cased = restore_case(
            corrected,
            written,
            unknown,
            corrections.values(),
            partial(_no_name_typo, known, speller, written) if uncased else None,
        )
        restored = tuple(
            w.surface.lower() for w in words(cased) if w.surface != corrected[w.start : w.end]
        )
        corrected = cased
    intent = detect_intent(corrected)
    units = _unit_spans(corrected)
    first_word = words(corrected)[0].start if words(corrected) else 0
    sentence_starts = {first_word} | {m.end() for m in SENTENCE_END_RE.finditer(corrected)}
    asked_type = ANSWER_TYPE_RE.match(corrected)
    measure = MEASURE_RE.search(corrected)
    name_of = NAME_OF_RE.search(corrected) if intent == "who" else None
    ending = KEYWORDS_ENDING_RES.get(intent)
    keyword_asked = ending.search(corrected) if ending is not None else None
    # "When did the raid take place?": "take place" says only that it happened, as
    # "happen" does, and is no word to look for ("no place to climb alone").
    occurrences = [
        found.span("verb") for found in OCCURRENCE_RE.finditer(corrected) if found.group("verb")
    ]
    if intent == "quantity":
        occurrences += [found.span("range") for found in RANGE_ASKED_RE.finditer(corrected)]
    terms: dict[str, QueryTerm] = {}
    unread: list[str] = []
    analysed = analyze(corrected)
    for number, term in enumerate(analysed):
        in_measure = measure is not None and measure.start() <= term.start < measure.end()
        framing = (
            (name_of is not None and name_of.start("name") <= term.start < name_of.end("name"))
            or (keyword_asked is not None and term.start >= keyword_asked.start("asked"))
            or any(start <= term.start < end for start, end in occurrences)
        )
        if term.term in QUESTION_TERMS or in_measure or framing:
            continue
        if _unwritten_joined_form(analysed, number, known):
            continue
        surface = corrected[term.start : term.end]
        if term.start == first_word and surface.lower() in QUESTION_WORDS:
            continue  # "WHO is Ina Berg?": the question word, not the body ("the WHO")
        if len(surface) <= 3 and surface.islower() and not known(term.term):
            # "wat", "pls", "u": chat shorthand, not the subject of the question; a short
            # English word ("die", "sue") the corpus lacks is kept aside (`unread`).
            if surface not in CHAT_SHORTHAND and english_zipf(surface) >= COMMON_ENGLISH_ZIPF:
                unread.append(surface)
            continue
        weight = WEAK_WEIGHT if term.term in WEAK_TERMS else 1.0
        if asked_type is not None and term.start == asked_type.start("noun"):
            weight = min(weight, ANSWER_TYPE_WEIGHT)
        in_unit = any(start <= term.start < end for start, end in units)
        is_unit = in_unit and term.term not in COUNTRY_TERMS
        if term.term in terms:
            terms[term.term].is_unit |= is_unit
            continue
        month = month_number(surface)
        year = int(surface) if YEAR_RE.match(surface) else None
        # "the first quarter" is not the second; "Who first raised the alarm?" names none.
        ordinal = term.term in ORDINAL_TERMS and bool(
            ORDINAL_OF_RE.search(corrected, 0, term.start)
        )
        # At the start, or after "?" or "!", a capital is a name's where the corpus
        # nearly always writes the word so ("Voss took the post over from whom?"); not a
        # country's at the start ("Norwegian fans left …"), which says where, not of whom.
        opens = term.start in sentence_starts and (
            (term.start == first_word and term.term in COUNTRY_TERMS)
            or written is None
            or not written(term.term)
        )
        is_name = surface[:1].isupper() and not opens and not month
        if is_name and "-" in surface:
            is_name = _names_part(surface, term.term)
        terms[term.term] = QueryTerm(
            term=term.term,
            surface=surface,
            weight=weight,
            synonyms=frozenset(
                r
                for r in SYNONYM_TERMS.get(term.term, NO_TERMS)
                | (NO_TERMS if is_name else _degree_terms(surface, known))
                if known(r) and r != term.term
            ),
            related=frozenset(
                r
                for r in RELATED_TERMS.get(term.term, NO_TERMS)
                | (NO_TERMS if is_name else speller.family(term.term))
                | (NO_TERMS if is_name else speller.phrasal_head(term.term))
                | (NO_TERMS if is_name else _phrasal_noun(corrected, term))
                | (NO_TERMS if is_name or known(term.term) else speller.compounds(term.term))
                | (_agent_terms(surface, known) if intent == "who" and not is_name else NO_TERMS)
                if known(r) and r not in SYNONYM_TERMS.get(term.term, ())
            ),
            is_unit=is_unit,
            is_name=is_name,
            month=month,
            year=year,
            ordinal=ordinal,
        )
    if near is not None:
        # All the question's words at once: one pass over the corpus's word vectors.
        asked = [t for t in terms.values() if not t.is_name]
        for kept, found in zip(asked, near([t.surface for t in asked]), strict=True):
            synonyms = SYNONYM_TERMS.get(kept.term, NO_TERMS)
            kept.near = frozenset(r for r in found.same if known(r) and r not in synonyms)
            kept.near_counted = frozenset(r for r in found.counted if known(r))
            kept.related |= kept.near
    measure_units: frozenset[str] = frozenset()
    measured = ""
    if intent == "quantity" and measure:
        measured = " ".join(measure.group().lower().split())
        measure_units = MEASURE_TERMS[measure.group("measure").lower()]
    elif intent == "quantity" and (percentage := PERCENT_ASKED_RE.search(corrected)):
        measured = percentage.group().lower()
        measure_units = frozenset({PERCENT_UNIT})
    elif intent == "quantity" and (money := _money_asked(corrected, units)):
        named = money.groupdict()
        measured = (named.get("sum") or named.get("thing") or money.group()).lower()
        measure_units = frozenset({MONEY_UNIT})
        # "How much is the deal worth?" is answered by "a $2.1 billion takeover": the
        # sum says "worth", and the word need not stand beside it. The thing whose sum
        # is asked for ("the toll") must.
        for worded in terms.values():
            if worded.surface.lower() == measured and not named.get("thing"):
                worded.weight = min(worded.weight, WEAK_WEIGHT)
    return Query(
        corrected,
        intent,
        list(terms.values()),
        corrections,
        measure_units,
        measured,
        tuple(dict.fromkeys(unread)),
        restored,
    )
