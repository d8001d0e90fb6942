"""Word lists for analysing English news text and the questions people ask about it.

These are lists about the language of news, not about any one article: stop words,
question words, irregular verbs, British and American spellings, the names of
countries and the ways news refers to them, and groups of words that news
questions use for the same thing. They are data; `analysis.py` is the logic.
"""

from __future__ import annotations

import re

import countryinfo

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be
    because been before being below between both but by can could couldn't did didn't do
    does doesn't doing don't down during each either few for from further had hadn't has
    hasn't have haven't having he he'd he'll he's her here here's hers herself him himself
    his how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's me
    more most mustn't my myself nor not of off on once only or other ought our ours
    ourselves out over own same shan't she she'd she'll she's should shouldn't so some such
    than that that's the their theirs them themselves then there there's these they they'd
    they'll they're they've this those through to too under until up upon us very was wasn't we
    we'd we'll we're we've were weren't what what's when when's where where's which while
    who who's whom why why's will with won't would wouldn't you you'd you'll you're you've
    your yours yourself yourselves s t per via among amid amidst within without whether
    may might must shall""".split()
)

# Words that shape a question but say nothing about its subject.
QUESTION_WORDS = frozenset(
    """how many much what which who whom whose when where why tell please know anything
    according happened happen happens exactly roughly approximately estimated total
    number amount figure kind sort give me us""".split()
)

# Chat shorthand ("wat", "pls", "u"): typed in questions, never the thing asked about.
# wordfreq, which reads social media, counts most of them as common English words.
CHAT_SHORTHAND = frozenset(
    """u ur r y k n pls plz thx tx ty wat wot wut im idk rn btw lol omg ya tho da wen hw
    abt bc cuz der nd wht whr mny""".split()
)

# Abbreviations typed in questions for words news writes out ("How many yrs did he
# get?"): read as the word, and said so in the answer, as a corrected typo is; typed in
# lower case, even where an article has them as a name ("ppl" is people, "PPL" a firm).
ABBREVIATIONS = {
    "ppl": "people",
    "pct": "percent",
    "yr": "year",
    "yrs": "years",
    "hr": "hour",
    "hrs": "hours",
    "mins": "minutes",
    "secs": "seconds",
    "wks": "weeks",
    "mths": "months",
    "govt": "government",
    "dept": "department",
    "intl": "international",
    "natl": "national",
    "approx": "approximately",
    "bn": "billion",
    "mln": "million",
}
# ... and those written in capitals ("Which TV show …?", "the firm's HQ"): read as the
# word however typed, where the corpus lacks them.
ABBREVIATIONS_IN_CAPITALS = {"tv": "television", "hq": "headquarters"}
ABBREVIATIONS |= ABBREVIATIONS_IN_CAPITALS

# Content words so general that a question should not hang on them.
WEAK_WORDS = frozenset(
    """say said says saying tell told state stated report reported reports call called
    describe described mention mentioned claim claimed make made get got thing things
    people way ways time times year years day days recent recently currently latest
    new also anyone anybody anything someone somebody something everyone everybody
    everything""".split()
)

# "How many people were on board?" is answered by "96 passengers": a figure of any of
# these nouns for people counts people (after a figure of "people" itself).
PEOPLE_NOUNS = frozenset(
    """people persons individuals passengers residents workers employees staff patients
    pupils students children adults men women babies girls boys parents families
    households homeowners teachers nurses doctors miners drivers pilots crew soldiers
    troops officers firefighters rescuers civilians victims casualties survivors hostages
    prisoners inmates detainees refugees migrants protesters demonstrators voters citizens
    villagers inhabitants members volunteers participants fans spectators visitors
    tourists travellers travelers commuters customers shoppers""".split()
)

IRREGULAR_VERBS = {
    "sent": "send",
    "gave": "give",
    "given": "give",
    "met": "meet",
    "told": "tell",
    "said": "say",
    "says": "say",
    "led": "lead",
    "took": "take",
    "taken": "take",
    "made": "make",
    "fought": "fight",
    "won": "win",
    "went": "go",
    "gone": "go",
    "came": "come",
    "began": "begin",
    "begun": "begin",
    "brought": "bring",
    "bought": "buy",
    "built": "build",
    "held": "hold",
    "kept": "keep",
    "left": "leave",
    "lost": "lose",
    "paid": "pay",
    "saw": "see",
    "seen": "see",
    "sold": "sell",
    "spoke": "speak",
    "spoken": "speak",
    "stood": "stand",
    "thought": "think",
    "wrote": "write",
    "written": "write",
    "struck": "strike",
    "shot": "shoot",
    "fell": "fall",
    "fallen": "fall",
    "flew": "fly",
    "flown": "fly",
    "drove": "drive",
    "driven": "drive",
    "grew": "grow",
    "grown": "grow",
    "knew": "know",
    "known": "know",
    "threw": "throw",
    "thrown": "throw",
    "chose": "choose",
    "chosen": "choose",
    "rose": "rise",
    "risen": "rise",
    "sought": "seek",
    "caught": "catch",
    "taught": "teach",
    "felt": "feel",
    "found": "find",
    "heard": "hear",
    "meant": "mean",
    "ran": "run",
    "sat": "sit",
    "spent": "spend",
    "understood": "understand",
    "withdrew": "withdraw",
    "withdrawn": "withdraw",
    "broke": "break",
    "broken": "break",
    "hid": "hide",
    "hidden": "hide",
    "undertook": "undertake",
    "undertaken": "undertake",
    "overtook": "overtake",
    "swore": "swear",
    "sworn": "swear",
    "forbade": "forbid",
    "forbidden": "forbid",
    "dealt": "deal",
    "lent": "lend",
    "sank": "sink",
    "sunk": "sink",
    "wore": "wear",
    "worn": "wear",
    "ate": "eat",
    "eaten": "eat",
    "did": "do",
    "done": "do",
    "was": "be",
    "were": "be",
    "been": "be",
    "had": "have",
    "has": "have",
}

_UNIT_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth".split()
_TEEN_ORDINALS = (
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
    "eighteenth nineteenth"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _ordinals() -> dict[str, str]:
    """Ordinals up to 99 in figures and in words, each to one word: "4th" and "Fourth"
    are "fourth", "21st" and "twenty-first" are "twentyfirst" (not "first")."""
    written = [*_UNIT_ORDINALS, *_TEEN_ORDINALS]
    for ten in _TENS:
        written.append(ten[:-1] + "ieth")
        written.extend(f"{ten}-{unit}" for unit in _UNIT_ORDINALS)
    table = {}
    for number, word in enumerate(written, start=1):
        suffix = (
            "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        )
        table[f"{number}{suffix}"] = table[word] = word.replace("-", "")
    return table


# "July 4th" is "July Fourth", "the 21st century" "the twenty-first century".
ORDINALS = _ordinals()

# British spellings folded to American ones before stemming.
SPELLING_VARIANTS = {
    "defence": "defense",
    "defences": "defenses",
    "offence": "offense",
    "offences": "offenses",
    "licence": "license",
    "programme": "program",
    "programmes": "programs",
    "centre": "center",
    "centres": "centers",
    "metre": "meter",
    "metres": "meters",
    "theatre": "theater",
    "colour": "color",
    "favour": "favor",
    "honour": "honor",
    "labour": "labor",
    "neighbour": "neighbor",
    "neighbouring": "neighboring",
    "harbour": "harbor",
    "armour": "armor",
    "armoured": "armored",
    "behaviour": "behavior",
    "criticise": "criticize",
    "criticised": "criticized",
    "recognise": "recognize",
    "recognised": "recognized",
    "organise": "organize",
    "organised": "organized",
    "organisation": "organization",
    "organisations": "organizations",
    "realise": "realize",
    "emphasise": "emphasize",
    "emphasised": "emphasized",
    "mobilise": "mobilize",
    "mobilised": "mobilized",
    "authorise": "authorize",
    "authorised": "authorized",
    "apologise": "apologize",
    "modernise": "modernize",
    "normalise": "normalize",
    "normalisation": "normalization",
    "stabilise": "stabilize",
    "destabilise": "destabilize",
    "destabilising": "destabilizing",
    "jewellery": "jewelry",
    "travelled": "traveled",
    "travelling": "traveling",
    "cooperation": "cooperation",
    "co-operation": "cooperation",
    "kiev": "kyiv",
    "ammo": "ammunition",
}

# Organisations that questions and articles name in several ways.
ORGANISATIONS = {
    "united nations": "united_nations",
    "united_nations": "united_nations",  # "UN" as `normalize_word` reads it
    "north atlantic treaty organization": "nato",
    "north atlantic alliance": "nato",
    "european union": "eu",
    "world health organization": "world_health_organization",
    "world_health_organization": "world_health_organization",  # "WHO", as above
}
# Acronyms that are other words unless written in capitals: "UN" (not the "Un" of "Kim
# Jong Un"), "WHO" (not the question word), "US" (not the pronoun).
CASED_ACRONYMS = {
    "UN": "united_nations",
    "WHO": "world_health_organization",
    "US": "usa",
}


# `countryinfo`'s table, read once (each reading builds it anew: 20 ms a start).
ALL_COUNTRIES = tuple(countryinfo.all_countries())


def _acronym(name: str, alpha3: str) -> str | None:
    """The initials of a long official name's capitalised words, as news writes it:
    "Democratic People's Republic of Korea" → "DPRK". Three initials are too few: they
    spell words and other bodies' acronyms ("Arab Republic of Egypt" → "are", "Central
    African Republic" → "car", "Islamic Republic of Afghanistan" → "IRA"), unless they
    are the country's ISO code as well ("United States of America" → "USA"). The
    three-letter acronyms news uses ("UAE", "DRC") are among `countryinfo`'s own names."""
    initials = "".join(w[0] for w in name.replace("'s", "").split() if w[0].isupper())
    if " " not in name or len(initials) < 3 or (len(initials) == 3 and initials != alpha3):
        return None
    return initials


def _countries() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Every country of the ISO table that `countryinfo` keeps: a term of its own →
    (its names, official long names and their acronyms, demonyms; its capitals).

    An ISO code alone is not a name ("IN", "CAN" and "PER" are words). A name that
    several places share ("Chinese": China, Hong Kong, Macau) is the most populous one's.
    """
    claims: dict[str, dict[str, int]] = {}  # name → {term: population}
    capitals: dict[str, list[str]] = {}
    for country in ALL_COUNTRIES:
        codes = country.iso()
        # A country without an ISO code of its own (Scotland) is named by its name.
        code = codes["alpha3"] or re.sub(r"\W+", "_", country.name().lower())
        term = f"{code.lower()}_country"
        names = {country.name(), *country.alt_spellings()} - {codes["alpha2"], codes["alpha3"]}
        names = {n for n in names if n.isascii() and n.strip() and not re.search(r"[,()]", n)}
        names |= {a for n in names if (a := _acronym(n, codes["alpha3"]))}
        # `countryinfo` has "Great Britain", news writes "Britain" as often.
        names |= {n.removeprefix("Great ") for n in names if n.startswith("Great ")}
        if demonym := country.demonym():
            names |= {demonym, f"{demonym}s"} if demonym.endswith(("an", "i")) else {demonym}
        for name in names:
            claims.setdefault(name, {})[term] = country.population() or 0
        capital = country.capital()  # a name, or a list for a country with several
        found = [capital] if isinstance(capital, str) else capital or []
        # "Washington D.C." is written "Washington".
        capitals.setdefault(term, []).extend(
            re.sub(r"\s+\S*\.\S*$", "", c) for c in found if c and c.isascii()
        )
    names_of: dict[str, list[str]] = {term: [] for term in capitals}
    for name, terms in sorted(claims.items()):
        names_of[max(terms, key=lambda t: terms[t])].append(name)
    return {term: (tuple(names_of[term]), tuple(capitals[term])) for term in capitals}


COUNTRIES = _countries()
# Where a country's government sits, written in one word for the government itself
# ("the Kremlin denied it"): a question's word finds what the articles say of the
# country. Only in questions: in the articles it stays a name ("The Kremlin said …"
# answers "Who said …?").
GOVERNMENT_SEATS = {"Kremlin": "Russia", "Elysee": "France", "Whitehall": "United Kingdom"}
# What a country's people are called, as `countryinfo` has it ("North Korean", "Dutch").
DEMONYMS = frozenset(demonym.lower() for country in ALL_COUNTRIES if (demonym := country.demonym()))
COUNTRY_TERMS = frozenset(COUNTRIES) | frozenset(ORGANISATIONS.values())


def _regions() -> frozenset[str]:
    """The states, provinces and regions `countryinfo` lists for each country ("Ohio",
    "Punjab", "Chechnya")."""
    return frozenset(
        region
        for country in ALL_COUNTRIES
        for region in country.provinces() or ()
        if isinstance(region, str) and region.isascii()
    )


# Places by name: countries, their capitals, states and provinces.
PLACE_NAMES = _regions() | {
    name for names, capitals in COUNTRIES.values() for name in (*names, *capitals)
}

# Multi-word names and acronyms folded to one token.
NAME_ALIASES = {
    **ORGANISATIONS,
    "security council": "security_council",
    "foreign ministry": "foreign_ministry",
    "ministry of foreign affairs": "foreign_ministry",
    "defense minister": "defense_minister",
    "defence minister": "defense_minister",
    "minister of defense": "defense_minister",
    "minister of defence": "defense_minister",
    "defense chief": "defense_minister",
    "defence chief": "defense_minister",
    "prime minister": "prime_minister",
    # A company's chief executive is its "CEO" in a question, whatever the story writes.
    "chief executive officer": "ceo",
    "chief executive": "ceo",
    "chief financial officer": "cfo",
    "chief operating officer": "coo",
    "cold war": "cold_war",
    "korean war": "korean_war",
    "world war": "world_war",
}

# fmt: off
# Words that news questions and articles use for the same thing. A question term
# brings in the others of its group at a lower weight; the articles are indexed as
# written. A synonym can also stand for the thing counted in "how many X". Only words
# that stand for each other in any story: groups that joined "strike" to "invasion",
# "kill" to "die" and "commit" to "vow" were taken out (each word has other senses, and
# the wrong sentences came first; the model's near words (`near_words`) link "died"
# to "death" and "dead" instead).
# Numbers news writes in words ("two boats") and a question may write in figures ("the 2
# boats"), or the other way round: each is the same word as the other. "One" is no
# such number ("one of them").
CARDINALS: tuple[tuple[str, ...], ...] = tuple(
    (str(number), word)
    for number, word in enumerate(
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split(),
        start=2,
    )
)
CARDINAL_WORDS = {a: b for pair in CARDINALS for a, b in (pair, pair[::-1])}

SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("troops", "soldiers", "forces", "personnel", "servicemen", "fighters", "infantry"),
    ("ammunition", "munitions", "shells", "rounds", "ordnance"),
    ("weapons", "arms", "weaponry", "armaments"),
    ("missile", "missiles", "rocket", "rockets"),
    ("send", "sent", "deploy", "deployment", "dispatch", "ship", "shipped", "transfer", "deliver",
     "supply", "provide", "give", "contribute", "station"),
    ("treaty", "agreement", "pact", "accord", "deal"),
    ("sign", "conclude", "ink", "formalize"),
    ("meet", "meeting", "talks", "discussions", "summit", "negotiations"),
    ("support", "back", "backing", "aid", "help", "assist", "assistance", "solidarity"),
    ("war", "conflict", "fighting", "combat", "hostilities", "battle"),
    ("leader", "head", "chief", "commander", "ruler", "boss"),
    ("criticize", "condemn", "denounce", "slam", "blast"),
    ("concern", "worry", "fear", "alarm", "anxiety"),
    ("deny", "reject", "dismiss", "refute"),
    ("confirm", "acknowledge", "recognize", "admit"),
    ("ban", "prohibition", "embargo", "restriction"),
    ("lift", "end", "remove", "scrap", "drop"),
    ("factory", "factories", "plant", "plants", "facility", "facilities"),
    ("technology", "tech", "technologies", "know-how"),
    ("nuclear", "atomic"),
    ("frontline", "frontlines", "front", "battlefield"),
    ("region", "area", "territory", "province", "oblast"),
    ("talk", "discuss", "discussion", "negotiate"),
    ("nuclear", "nuke", "nukes"),
    ("ammunition", "projectiles"),
    ("country", "countries", "nation", "nations"),
    ("visit", "trip", "travel", "tour"),
    ("arrive", "arrival", "land"),
    ("begin", "start", "launch"),
    ("defend", "protect", "safeguard", "guard"),
    ("cooperation", "collaboration"),
    ("ties", "relations", "relationship"),
    ("border", "frontier"),
    ("assessment", "estimate", "assess"),
)

# Words near enough in meaning to help find a sentence, not to stand for each other.
RELATED_WORDS: tuple[tuple[str, ...], ...] = (
    ("ammunition", "artillery", "weapons"),
    ("weapons", "munitions", "missiles", "artillery"),
    ("treaty", "partnership", "document", "alliance"),
    ("meet", "visit"),
    ("leader", "dictator", "president"),
    # "Who runs Nordkraft?": whoever heads an organisation, by the title news gives (a
    # "chief executive" is indexed as "ceo" too); not any "chief" ("finance chief").
    ("run", "ceo", "chairman"),
    # "Who heads the union?": whoever heads an organisation, by the title news gives.
    ("head", "chairman", "chairwoman", "chairperson", "director", "president"),
    ("economic", "economy", "financial", "money", "funds"),
    ("sea", "maritime", "naval", "ship"),
    ("intelligence", "spy", "assessment", "assessments"),
    ("kill", "losses", "wounded"),
    ("missile", "ballistic"),
    ("say", "tell", "state", "call", "describe", "declare", "announce", "claim", "stress", "note",
     "warn", "remark", "comment"),
    ("minister", "ministry", "secretary"),
    ("defense", "military", "armed"),
    ("alliance", "bloc", "coalition", "ally", "allies"),
    ("cooperation", "partnership", "exchange"),
    # "Berg Dahl talks outcome": what talks came to is told as what the sides agreed
    # (held-out seed questions of the kind in two sets up, none moved down)
    ("outcome", "agree", "agreement", "consensus"),
)
# fmt: on
