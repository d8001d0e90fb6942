"""Generate a realistic news-like corpus for benchmarks: `python scripts/gen_corpus.py`.

    python scripts/gen_corpus.py --articles 30000 --out /tmp/corpus_30k --seed 1

Each article is written in the corpus format (front matter, then paragraphs) and is
made from sentence templates filled with varied people, places, organisations,
figures ("more than 12,500 troops", "about 3.2 million shells"), dates and quotes,
with topic words drawn from a real English vocabulary (wordfreq's 20,000 most common
words, weighted by their frequency rank), so that term statistics look like news text
rather than repeated seed text. 15 to 45 sentences an article, about 33 on average:
30,000 articles make about a million sentences.

Output is deterministic for a seed: article `i` depends only on (seed, i), so the
number of worker processes does not change it. The same functions make benchmark
questions about what the articles say (`make_questions`), plus questions about
people and places the corpus never mentions.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import multiprocessing
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

# Bump when the output changes, so that saved benchmark corpora are regenerated.
GENERATOR_VERSION = 2

FIRST_NAMES = """
Aaliyah Abdul Adaeze Adrian Ahmed Aiko Aisha Alejandro Aleksandr Alina Amara Ana Anders
Andrei Angela Anil Anna Antoine Arjun Astrid Aylin Beatriz Bogdan Bruno Camila Carlos
Catherine Chen Chidi Chloe Daniel Dariusz David Dmitro Elena Elif Emeka Emily Emma Erik
Fatima Felipe Fernando Fiona Francesca Gabriel Giulia Grace Hana Hannah Hassan Helen Hiroshi
Ibrahim Ines Ingrid Irina Isabel Ivan James Javier Jin Joao Jonas Jose Julia Kateryna Kemal
Kenji Kofi Lars Laura Layla Leila Lena Liam Lucia Luis Magnus Maria Mariam Marek Marta
Mateo Mehmet Mei Miguel Mikhail Min-jun Mohammed Nadia Naledi Nikolai Nina Noah Oksana Olga
Omar Oscar Pablo Patrick Paul Pedro Pierre Priya Rafael Rahul Ravi Rosa Ruth Samuel Santiago
Sara Sergei Shira Sofia Sophie Stefan Sunil Tamar Tariq Thomas Tomas Valentina Viktor Wei
Yara Yasmin Yuki Yusuf Zainab Zofia
""".split()

SURNAMES = """
Abara Acheson Adeyemi Aguilar Ahmadi Albrecht Alvarez Andersen Arslan Avraham Bakker
Balogun Barros Bauer Becker Bello Bianchi Bondarenko Borges Brennan Brooks Carvalho Castillo
Chaudhry Chowdhury Costa Dahl Delgado Demir Diallo Dimitrov Dlamini Dubois Duarte Eriksen
Esposito Farouk Ferrari Fischer Fontaine Fujita Garcia Gomez Grant Grigoryan Gupta Haddad
Halvorsen Hartmann Hayashi Herrera Hoffmann Horvat Hughes Ibrahimovic Ivanova Jansen Jensen
Kamara Kaplan Kaur Kelly Khalil Kim Kovacs Kowalski Kozak Kruger Kuznetsov Lambert Larsen
Laurent Lee Lindqvist Lopez Lukashenko Mahmoud Marchetti Martins Mazur Mendes Mensah
Meyer Moreau Morozov Murphy Nakamura Navarro Ndlovu Nguyen Novak Nowak Obi Odhiambo Okafor
Okonkwo Olsen Ortega Osei Ozturk Park Pereira Petrov Popescu Quispe Rahman Ramos Reyes Richter
Rossi Sahin Santos Sato Schmidt Sokolov Suarez Svensson Takahashi Tan Tkachenko Torres
Vasquez Varga Volkov Wagner Walsh Weber Wiśniewski Yadav Yilmaz Yamamoto Zhang Zielinski
""".split()

PLACES = """
Kharkiv|Odesa|Dnipro|Lviv|Zaporizhzhia|Kherson|Mykolaiv|Sumy|Donetsk|Luhansk|Bakhmut|Avdiivka
|Belgorod|Kursk|Rostov|Novorossiysk|Sevastopol|Gdansk|Krakow|Wroclaw|Poznan|Riga|Tallinn
|Vilnius|Kaunas|Tbilisi|Batumi|Yerevan|Baku|Almaty|Tashkent|Bishkek|Ankara|Izmir|Gaziantep
|Aleppo|Homs|Beirut|Amman|Basra|Mosul|Erbil|Haifa|Rafah|Khan Younis|Alexandria|Port Said
|Benghazi|Tripoli|Tunis|Sfax|Casablanca|Marrakesh|Dakar|Bamako|Niamey|Kano|Lagos|Abuja
|Accra|Kumasi|Kinshasa|Goma|Juba|Khartoum|Omdurman|Addis Ababa|Mombasa|Nairobi|Kisumu
|Kampala|Dar es Salaam|Lusaka|Harare|Maputo|Durban|Cape Town|Johannesburg|Mumbai|Pune
|Chennai|Kolkata|Dhaka|Chittagong|Karachi|Lahore|Peshawar|Kabul|Herat|Colombo|Kathmandu
|Yangon|Mandalay|Bangkok|Chiang Mai|Hanoi|Da Nang|Manila|Cebu|Davao|Jakarta|Surabaya
|Medan|Kuala Lumpur|Penang|Busan|Incheon|Osaka|Nagoya|Sapporo|Kaohsiung|Taichung|Shenzhen
|Wuhan|Chengdu|Harbin|Vladivostok|Novosibirsk|Yekaterinburg|Kazan|Murmansk|Helsinki
|Tampere|Gothenburg|Malmo|Bergen|Aarhus|Rotterdam|Antwerp|Lyon|Marseille|Toulouse|Bordeaux
|Porto|Seville|Valencia|Bilbao|Naples|Turin|Palermo|Bologna|Thessaloniki|Plovdiv|Cluj-Napoca
|Timisoara|Novi Sad|Split|Sarajevo|Tirana|Skopje|Chisinau|Minsk|Brest|Hamburg|Leipzig
|Dresden|Munich|Cologne|Glasgow|Belfast|Cardiff|Leeds|Manchester|Liverpool|Halifax|Winnipeg
|Calgary|Monterrey|Guadalajara|Tijuana|Medellin|Cali|Quito|Guayaquil|Lima|Arequipa
|Valparaiso|Rosario|Cordoba|Porto Alegre|Recife|Manaus|Salvador|Fortaleza
""".replace("\n", "").split("|")

COUNTRIES = """
Ukraine|Russia|Poland|Germany|France|Italy|Spain|Portugal|Romania|Hungary|Turkey|Georgia
|Armenia|Azerbaijan|Kazakhstan|Iran|Iraq|Syria|Israel|Egypt|Libya|Tunisia|Morocco|Nigeria
|Ghana|Senegal|Mali|Sudan|Ethiopia|Kenya|Uganda|Tanzania|South Africa|India|Pakistan
|Bangladesh|Sri Lanka|Nepal|Myanmar|Thailand|Vietnam|Philippines|Indonesia|Malaysia|Japan
|South Korea|North Korea|China|Taiwan|Australia|Canada|Mexico|Colombia|Peru|Chile|Brazil
|Argentina|Finland|Sweden|Norway|Denmark|the Netherlands|Belgium|Greece|Serbia|Moldova
""".replace("\n", "").split("|")

ORG_KINDS = """
Ministry of Defence|Ministry of Finance|Ministry of Health|Interior Ministry|Foreign Ministry
|Central Bank|Energy Agency|Port Authority|Statistics Office|Electoral Commission
|Supreme Court|Prosecutor's Office|Red Cross Society|Chamber of Commerce|Teachers' Union
|Farmers' Association|Transport Authority|Water Board|Emergency Service|Border Guard
|Audit Office|Competition Authority|Space Agency|Meteorological Service|Refugee Council
""".replace("\n", "").split("|")

GLOBAL_ORGS = """
the United Nations|the World Bank|the International Monetary Fund|Nato|the European Union
|the African Union|the World Health Organization|the International Atomic Energy Agency
|the International Committee of the Red Cross|Amnesty International|Human Rights Watch
|the Organization for Security and Co-operation in Europe|the World Food Programme
|the International Energy Agency|Opec|the Asian Development Bank|the Council of Europe
|Medecins Sans Frontieres|the International Criminal Court|the World Trade Organization
""".replace("\n", "").split("|")

COMPANY_SUFFIXES = (
    "Group|Holdings|Energy|Logistics|Motors|Steel|Telecom|Airlines|Shipping|Mining|Pharma"
    "|Capital|Systems|Foods|Chemicals|Bank|Insurance|Rail|Defence|Robotics"
).split("|")

OUTLETS = """
The Northern Courier|The Evening Ledger|Harbour Times|The Continental Post|Meridian News
|The Daily Bulletin|Eastern Dispatch|The Morning Record|Atlas Wire|The Coastal Herald
|Capital Observer|The Weekly Standard-Gazette|Frontline Report|Global Chronicle|The Citizen Voice
|Riverside Gazette|The Independent Monitor|Union Press Agency|World Desk|The Sentinel
|Metro Express|The Tribune Review|Baltic Times Online|Pacific Correspondent|Northern Star
|The Herald Journal|Plains Examiner|Southern Cross News|Open Wire Service|The Quarterly Register
""".replace("\n", "").split("|")

ROLES = """
defence minister|foreign minister|finance minister|health minister|interior minister
|prime minister|president|mayor|governor|chief executive|chief economist|spokesperson
|spokesman|spokeswoman|head of the army|chief of staff|central bank governor|chief prosecutor
|regional governor|opposition leader|party leader|union leader|senior analyst|director
|commander|ambassador|envoy|head of research|military analyst|emergency services chief
""".replace("\n", "").split("|")

REPORT_VERBS = (
    "said|told reporters|said in a statement|told a news conference|wrote on social media"
    "|told local media|said on Tuesday|said on Friday|told the broadcaster|added"
    "|confirmed|warned|said late on Monday|told parliament|said in an interview"
).split("|")

WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()

# Per topic: countable units, past participles for them, nouns for titles.
TOPICS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "conflict": (
        "troops|soldiers|shells|drones|missiles|tanks|artillery rounds|armoured vehicles"
        "|civilians|prisoners of war|refugees|air defence systems|rockets".split("|"),
        "sent|deployed|delivered|fired|shot down|captured|evacuated|destroyed|moved|lost".split(
            "|"
        ),
        "offensive|ceasefire|front line|counteroffensive|air strikes|peace talks|mobilisation"
        "|border clashes|arms deal|military aid".split("|"),
    ),
    "economy": (
        "jobs|workers|companies|homes|barrels of oil|tonnes of grain|containers|shares"
        "|households|factories|loans|vehicles".split("|"),
        "created|cut|sold|exported|imported|shipped|approved|closed|built|produced".split("|"),
        "inflation|interest rates|budget|trade deal|tariffs|recession|wage talks|growth forecast"
        "|debt restructuring|bond sale".split("|"),
    ),
    "politics": (
        "votes|seats|ballots|candidates|voters|protesters|members of parliament|delegates"
        "|polling stations|signatures".split("|"),
        "cast|won|counted|registered|arrested|detained|collected|lost|secured|challenged".split(
            "|"
        ),
        "election|coalition|referendum|reform bill|no-confidence vote|constitutional court ruling"
        "|cabinet reshuffle|protest|corruption inquiry|summit".split("|"),
    ),
    "health": (
        "patients|cases|doses|hospital beds|doctors|nurses|deaths|tests|clinics|ambulances".split(
            "|"
        ),
        "treated|reported|administered|confirmed|recorded|hired|opened|admitted|vaccinated|lost".split(
            "|"
        ),
        "outbreak|vaccination campaign|hospital strike|health reform|drug shortage|heatwave"
        "|waiting lists|screening programme|epidemic|clinical trial".split("|"),
    ),
    "climate": (
        "hectares|homes|residents|tonnes of carbon|wind turbines|solar panels|trees|megawatts"
        "|litres of water|people".split("|"),
        "burned|flooded|evacuated|emitted|installed|planted|damaged|restored|cut|lost".split("|"),
        "wildfires|floods|drought|storm|emissions target|heatwave|climate summit|water shortage"
        "|coastal erosion|energy transition".split("|"),
    ),
    "transport": (
        "passengers|flights|trains|buses|kilometres of track|lorries|ships|cars|routes"
        "|charging points".split("|"),
        "cancelled|delayed|carried|grounded|added|built|inspected|diverted|stranded|ordered".split(
            "|"
        ),
        "rail strike|airport expansion|bridge collapse|metro line|fuel shortage|port closure"
        "|road tolls|high-speed rail|ferry service|traffic ban".split("|"),
    ),
}

CURRENCIES = ("$", "€", "£")
QUALIFIERS = ("more than", "about", "nearly", "at least", "up to", "some", "almost", "over", "")
STRENGTH = ("", "", "", "heavily", "quietly", "sharply", "widely", "largely", "partly")
ABSENT_PEOPLE = """
Quentin Marlowe-Thistle|Ottoline Gravesend|Barnaby Quillfeather|Esmeralda Thornquist
|Leopold Vantablack|Persephone Oakhurst|Cornelius Fairweather|Wilhelmina Brackenbury
|Thaddeus Pemberton-Roe|Genevieve Ashcombe|Ignatius Crowhurst|Rosalind Featherstonehaugh
""".replace("\n", "").split("|")
ABSENT_PLACES = """
Reykjavik|Ulaanbaatar|Hobart|Nuuk|Longyearbyen|Timbuktu|Pago Pago|Ushuaia|Yellowknife
|Tromso|Akureyri|Iqaluit|Honiara|Funafuti|Thimphu|Vaduz
""".replace("\n", "").split("|")
SYLLABLES = (
    "al|ber|cor|dan|el|fen|gar|hal|in|jor|kel|lan|mar|nor|or|pel|quin|ros|sel|tar|ul|ven"
    "|wes|xan|yor|zen|tra|vi|ca|lo|mi|stra|bel|don|ex|ra|ta|ne|co|sa"
).split("|")
BLOCKED_WORDS = frozenset(
    "fuck fucking fucked shit shitty bitch bitches cunt dick dicks pussy porn porno nigga nigger"
    " cock cocks whore slut asshole bastard".split()
)


@dataclass(frozen=True)
class WordList:
    """Words with cumulative Zipf-like weights (~ 1/rank^0.9), for weighted draws."""

    words: list[str]
    cumulative: list[float]

    @classmethod
    def ranked(cls, words: list[str]) -> WordList:
        weights = (1.0 / (rank + 50) ** 0.9 for rank in range(len(words)))
        return cls(words, list(itertools.accumulate(weights)))

    def draw(self, rng: random.Random) -> str:
        position = bisect.bisect_left(self.cumulative, rng.random() * self.cumulative[-1])
        return self.words[min(position, len(self.words) - 1)]


@lru_cache(maxsize=1)
def vocabulary() -> tuple[WordList, WordList]:
    """Topic nouns and filler words from wordfreq's 20,000 commonest English words.

    The nouns are words that also come with a plural ("harbour", "harbours"), which
    leaves out "thus", "maybe", "went" and most adjectives; the filler words are all
    the content words (no stop words), about 18,000 of them.
    """
    import wordfreq

    from bot.engine.lexicon import STOP_WORDS

    ranked = wordfreq.top_n_list("en", 20000)
    known = set(ranked)
    content = [
        word
        for word in ranked
        if len(word) >= 4
        and word.isascii()
        and word.isalpha()
        and word not in STOP_WORDS
        and word not in BLOCKED_WORDS
    ]
    nouns = [
        word
        for word in content[150:]
        if not word.endswith(("ly", "ing", "ed", "s"))
        and (f"{word}s" in known or f"{word}es" in known)
    ]
    return WordList.ranked(nouns), WordList.ranked(content)


def _plural(noun: str) -> bool:
    return noun.endswith("s") and not noun.endswith(("ss", "us"))


def _has(noun: str) -> str:
    return "have" if _plural(noun) else "has"


@dataclass
class Person:
    name: str
    role: str
    org: str


@dataclass
class GeneratedArticle:
    """An article's text and metadata, and the entities it is about (for questions)."""

    index: int
    title: str
    outlet: str
    byline: str
    published: date
    paragraphs: list[str]
    topic: str
    people: list[Person]
    places: list[str]
    countries: list[str]
    orgs: list[str]
    units: list[str]
    keywords: list[str]
    figures: list[str] = field(default_factory=list)


class _Writer:
    """Fills sentence templates for one article from its own random generator."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.nouns_list, self.filler = vocabulary()
        self.topic = rng.choice(sorted(TOPICS))
        units, verbs, nouns = TOPICS[self.topic]
        self.units = rng.sample(units, 3)
        self.verbs = verbs
        self.nouns = rng.sample(nouns, 3)
        self.keywords = self.word_sample(8)
        self.countries = rng.sample(COUNTRIES, 2)
        self.places = rng.sample(PLACES, 3)
        self.orgs = [
            f"the {self.countries[0]} {rng.choice(ORG_KINDS)}"
            if rng.random() < 0.5
            else f"the {rng.choice(self.places)} {rng.choice(ORG_KINDS)}",
            rng.choice(GLOBAL_ORGS),
            f"{self.company_name()} {rng.choice(COMPANY_SUFFIXES)}",
        ]
        self.people = [
            Person(self.person_name(), rng.choice(ROLES), rng.choice(self.orgs))
            for _ in range(rng.randint(2, 4))
        ]
        start = date(2019, 1, 1).toordinal()
        self.published = date.fromordinal(start + rng.randrange(6 * 365 + 150))
        self.figures: list[str] = []

    # Random pieces -------------------------------------------------------------------

    def word(self) -> str:
        """A filler word: any content word, common ones more often."""
        return self.filler.draw(self.rng)

    def word_sample(self, count: int) -> list[str]:
        """`count` distinct topic nouns."""
        found: list[str] = []
        while len(found) < count:
            word = self.nouns_list.draw(self.rng)
            if word not in found:
                found.append(word)
        return found

    def company_name(self) -> str:
        parts = [self.rng.choice(SYLLABLES) for _ in range(self.rng.choice((2, 2, 3)))]
        return "".join(parts).capitalize()

    def person_name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def number(self, low: float = 2, high: float = 900_000) -> str:
        value = 10 ** self.rng.uniform(len(str(int(low))) - 1, len(str(int(high))))
        digits = self.rng.choice((1, 2, 2, 3))
        rounded = round(value, -max(len(str(int(value))) - digits, 0))
        return f"{max(int(rounded), int(low)):,}"

    def big(self) -> str:
        scale = self.rng.choice(("million", "million", "billion"))
        value = self.rng.uniform(1, 99) if self.rng.random() < 0.4 else self.rng.uniform(1, 9.9)
        text = f"{value:.1f}".removesuffix(".0") if value < 10 else f"{int(value)}"
        return f"{text} {scale}"

    def figure(self, unit: str | None = None) -> str:
        unit = unit or self.rng.choice(self.units)
        qualifier = self.rng.choice(QUALIFIERS)
        amount = self.big() if self.rng.random() < 0.15 else self.number()
        text = f"{qualifier} {amount} {unit}".strip()
        self.figures.append(text)
        return text

    def money(self) -> str:
        text = f"{self.rng.choice(QUALIFIERS)} {self.rng.choice(CURRENCIES)}{self.big()}".strip()
        self.figures.append(text)
        return text

    def percent(self) -> str:
        value = self.rng.uniform(0.5, 60)
        text = f"{value:.1f}" if value < 10 else f"{int(value)}"
        return f"{text}%" if self.rng.random() < 0.7 else f"{text} per cent"

    def day(self) -> date:
        return self.published - timedelta(days=self.rng.randrange(0, 40))

    def when(self) -> str:
        choice = self.rng.random()
        day = self.day()
        if choice < 0.3:
            return f"on {day.day} {MONTHS[day.month - 1]} {day.year}"
        if choice < 0.45:
            return f"on {MONTHS[day.month - 1]} {day.day}"
        if choice < 0.65:
            return f"on {WEEKDAYS[day.weekday()]}"
        return self.rng.choice(
            ("last week", "last month", "earlier this year", "this week", "on Monday night",
             "over the weekend", "in recent days", "late last year", "yesterday")
        )  # fmt: skip

    def later(self) -> str:
        year = self.published.year + self.rng.randint(0, 3)
        return self.rng.choice(
            (f"the end of {year}", f"{MONTHS[self.rng.randrange(12)]} {year}", f"{year}",
             "next spring", "the end of the decade", "next year")
        )  # fmt: skip

    def since(self) -> str:
        return str(self.published.year - self.rng.randint(1, 12))

    def person(self) -> Person:
        return self.rng.choice(self.people)

    # Sentences -----------------------------------------------------------------------

    def quote_body(self) -> str:
        r = self.rng
        kw, kw2 = r.sample(self.keywords, 2)
        return r.choice(
            (
                f"We will not accept any {kw} deal that puts {r.choice(self.places)} at risk",
                f"This is the biggest {r.choice(self.nouns)} we have seen in {r.randint(3, 40)}"
                " years",
                f"The {r.choice(self.units)} are already in {r.choice(self.places)}",
                f"Our priority is to protect {kw} and {kw2}, whatever it costs",
                f"Nobody expected {self.figure()} so quickly",
                f"We need {self.figure()} before {self.later()}, not promises",
                f"There is no evidence of {kw} in {r.choice(self.places)}",
                f"People are tired of the {r.choice(self.nouns)} and want answers about {kw}",
                f"The numbers speak for themselves: {self.percent()} more than last year",
                f"I have asked {r.choice(self.orgs)} to explain what happened to the {kw} funds",
            )
        )

    def sentence(self) -> str:
        r = self.rng
        p = self.person()
        kw, kw2 = r.sample(self.keywords, 2)
        place = r.choice(self.places)
        country, country2 = self.countries
        org = r.choice(self.orgs)
        unit = r.choice(self.units)
        verb = r.choice(self.verbs)
        noun = r.choice(self.nouns)
        say = r.choice(REPORT_VERBS)
        extra = self.word()
        choice = r.randrange(30)
        text: str
        if choice == 0:
            text = f"{org} said {self.figure(unit)} had been {verb} in {place} {self.when()}."
        elif choice == 1:
            text = (
                f"{p.name}, the {p.role}, said {self.figure(unit)} would be {verb} by "
                f"{self.later()}."
            )
        elif choice == 2:
            text = f"The {kw} programme will cost {self.money()}, {org} {say}."
        elif choice == 3:
            text = f"{place} has received {self.figure(unit)} since {self.since()}, {p.name} {say}."
        elif choice == 4:
            text = (
                f"Officials estimate that {self.percent()} of the {kw} budget was spent on "
                f"{unit} {self.when()}."
            )
        elif choice == 5:
            text = f"The figure is up from {self.number()} {unit} a year earlier."
        elif choice == 6:
            text = f'"{self.quote_body()}," {p.name} {say}.'
        elif choice == 7:
            text = f'"{self.quote_body()}," the {p.role} told {r.choice(OUTLETS)} {self.when()}.'
        elif choice == 8:
            text = f'{p.name} said: "{self.quote_body()}."'
        elif choice == 9:
            text = f"The talks in {place} followed weeks of tension over {kw} and the {kw2} {noun}."
        elif choice == 10:
            text = f"{org[0].upper()}{org[1:]} did not respond to a request for comment."
        elif choice == 11:
            other = r.choice([q for q in self.people if q is not p] or [p])
            text = (
                f"{p.name} met {other.name} in {place} {self.when()} to discuss {kw} and the "
                f"{noun}."
            )
        elif choice == 12:
            text = f"The decision was announced {self.when()} after a meeting of {org}."
        elif choice == 13:
            text = (
                f"Critics say the plan does little to address {kw}, which has grown "
                f"{r.choice(STRENGTH)} since {self.since()}."
            ).replace("  ", " ")
        elif choice == 14:
            text = f"Analysts at {org} expect {kw} to remain a concern until {self.later()}."
        elif choice == 15:
            day = self.day()
            text = (
                f"In {MONTHS[day.month - 1]} {day.year}, {org} reported {self.figure(unit)} in "
                f"the {place} area."
            )
        elif choice == 16:
            text = f"It was not immediately clear how many {unit} were involved."
        elif choice == 17:
            text = f"{p.name} has served as {p.role} at {p.org} since {self.since()}."
        elif choice == 18:
            text = (
                f"The {kw} dispute between {country} and {country2} dates back to {self.since()}."
            )
        elif choice == 19:
            text = (
                f"According to {org}, {self.figure(unit)} were {verb} between {self.since()} and "
                f"{self.published.year}, while {self.figure()} remain unaccounted for."
            )
        elif choice == 20:
            text = (
                f"{country} has pledged {self.money()} for {kw} and {extra}, {p.name}, the "
                f"{p.role}, {say}."
            )
        elif choice == 21:
            text = (
                f"Local residents in {place} described {kw} and {extra} as the main problems "
                f"since the {noun} began."
            )
        elif choice == 22:
            text = (
                f"The {noun} {_has(noun)} {r.choice(('raised', 'revived', 'deepened', 'eased'))} "
                f"concerns about {kw} across {country}, where {self.percent()} of people say "
                f"{kw2} is their main worry."
            )
        elif choice == 23:
            text = (
                f"{p.name} said the {kw} figures published by {org} were "
                f"{r.choice(('misleading', 'encouraging', 'incomplete', 'alarming', 'accurate'))}."
            )
        elif choice == 24:
            text = (
                f"Satellite images reviewed by {r.choice(OUTLETS)} show {self.figure(unit)} near "
                f"{place}."
            )
        elif choice == 25:
            reaction = r.choice(("denied", "rejected", "welcomed", "criticised"))
            verdict = r.choice(("baseless", "a first step", "premature", "long overdue"))
            text = f"{country2} {reaction} the report, calling it {verdict}."
        elif choice == 26:
            text = (
                f"The {extra} sector accounts for {self.percent()} of jobs in {place}, "
                f"{org} estimates."
            )
        elif choice == 27:
            text = (
                f"Earlier, {p.name} {r.choice(('visited', 'toured', 'left', 'arrived in'))} "
                f"{place} with {self.figure()} and {r.choice(OUTLETS)} reporters."
            )
        elif choice == 28:
            text = (
                f"{p.name} warned that {kw} could cost {country} {self.money()} a year by "
                f"{self.later()}."
            )
        else:
            text = (
                f"Talks on {kw} and {extra} are expected to resume in {place} "
                f"{r.choice(('next week', 'next month', 'after the holidays', 'in the spring'))}."
            )
        if text.endswith(".") and not text.endswith('."') and r.random() < 0.45:
            text = text[:-1] + self.clause() + "."
        return text

    def clause(self) -> str:
        """A trailing clause with filler words, so that sentences use a wide vocabulary."""
        a, b = self.word(), self.word()
        return self.rng.choice(
            (
                f", amid concerns over {a} and {b}",
                f" as {a} and {b} remained a concern",
                f", with {a} and {b} also on the agenda",
                f", citing {a} and the cost of {b}",
                f" despite {a} in the {b} sector",
                f", a move linked to {a} and {b}",
                f" after weeks of debate about {a} and {b}",
            )
        )

    def title(self) -> str:
        r = self.rng
        p = self.people[0]
        kw = self.keywords[0]
        place = self.places[0]
        noun = self.nouns[0]
        country = self.countries[0]
        surname = p.name.split()[-1]
        choice = r.randrange(8)
        if choice == 0:
            return f"{country} {r.choice(self.verbs)} {self.figure(self.units[0])} in {place}"
        if choice == 1:
            deepens = "deepen" if _plural(noun) else "deepens"
            return f"{surname} warns of {kw} crisis as {noun} {deepens} in {place}"
        if choice == 2:
            return f"{place} {noun}: what we know so far"
        if choice == 3:
            org = self.orgs[1]
            return f"{org[0].upper()}{org[1:]} reports {self.percent()} rise in {kw}"
        if choice == 4:
            return f"Talks on {kw} stall in {place} as {country} holds firm"
        if choice == 5:
            return f"{p.role[0].upper()}{p.role[1:]} {surname} defends {noun} plan"
        if choice == 6:
            leaves = "leave" if _plural(noun) else "leaves"
            return f"{noun[0].upper()}{noun[1:]} in {place} {leaves} {self.figure()} stranded"
        return f"{country} and {self.countries[1]} agree {kw} deal worth {self.money()}"

    def article(self, index: int) -> GeneratedArticle:
        r = self.rng
        title = self.title()
        count = round(r.triangular(15, 45, 39))
        sentences = [self.sentence() for _ in range(count)]
        paragraphs: list[str] = [sentences[0]]
        position = 1
        while position < len(sentences):
            size = r.choice((1, 2, 2, 3, 3, 4))
            paragraphs.append(" ".join(sentences[position : position + size]))
            position += size
        authors = r.choice((1, 1, 1, 2))
        byline = " and ".join(self.person_name() for _ in range(authors))
        return GeneratedArticle(
            index=index,
            title=title,
            outlet=OUTLETS[r.randrange(len(OUTLETS))],
            byline=byline,
            published=self.published,
            paragraphs=paragraphs,
            topic=self.topic,
            people=self.people,
            places=self.places,
            countries=self.countries,
            orgs=self.orgs,
            units=self.units,
            keywords=self.keywords,
            figures=self.figures,
        )


def generate_article(seed: int, index: int) -> GeneratedArticle:
    """Article `index` of the corpus for `seed`; the same every time."""
    rng = random.Random(seed * 1_000_003 + index)
    return _Writer(rng, index).article(index)


def article_path(out: Path, index: int) -> Path:
    return out / f"{index:06d}.txt"


def render(article: GeneratedArticle, path: Path) -> str:
    from bot.engine.corpus import render_article_file
    from bot.engine.models import Article

    return render_article_file(
        Article(
            article_id=path.stem,
            path=path,
            source_file=path.name,
            title=article.title,
            body="\n\n".join(article.paragraphs),
            outlet=article.outlet,
            byline=article.byline,
            published=article.published,
            language="en",
        )
    )


def _write_range(job: tuple[int, Path, int, int]) -> int:
    seed, out, start, stop = job
    for index in range(start, stop):
        path = article_path(out, index)
        path.write_text(render(generate_article(seed, index), path), encoding="utf-8")
    return stop - start


def write_corpus(articles: int, out: Path, seed: int = 1, workers: int | None = None) -> int:
    """Write `articles` article files into `out`; returns how many were written."""
    out.mkdir(parents=True, exist_ok=True)
    vocabulary()  # load once before forking
    chunk = 500
    jobs = [(seed, out, start, min(start + chunk, articles)) for start in range(0, articles, chunk)]
    workers = workers or min(multiprocessing.cpu_count(), 8)
    if workers <= 1 or len(jobs) <= 1:
        return sum(_write_range(job) for job in jobs)
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(workers) as pool:
        return sum(pool.imap_unordered(_write_range, jobs))


# Questions ---------------------------------------------------------------------------


def _present_question(rng: random.Random, article: GeneratedArticle) -> str:
    person, other = rng.sample(article.people, 2)
    place = rng.choice(article.places)
    unit = rng.choice(article.units)
    kw = rng.choice(article.keywords)
    org = rng.choice(article.orgs)
    country = article.countries[0]
    verb = rng.choice(TOPICS[article.topic][1])
    noun = rng.choice(TOPICS[article.topic][2])
    return rng.choice(
        (
            f"How many {unit} were {verb} in {place}?",
            f"How many {unit} has {country} {verb}?",
            f"How many {unit} did {org} say were {verb}?",
            f"Who is the {person.role} of {person.org.removeprefix('the ')}?",
            f"Who is {person.name}?",
            f"What did {person.name} say about {kw}?",
            f"When did {org.removeprefix('the ')} announce the {kw} programme?",
            f"How much will the {kw} programme cost?",
            f"How much has {country} pledged for {kw}?",
            f"What happened in {place}?",
            f"Where did {person.name} meet {other.name}?",
            f"What is the {noun} in {place} about?",
            f"Why are talks on {kw} stalled?",
            f"What share of people in {country} worry about {kw}?",
            f"When did the {kw} dispute between {country} and {article.countries[1]} start?",
            f"{place} {kw} {unit}",
        )
    )


def _absent_question(rng: random.Random) -> str:
    person = rng.choice(ABSENT_PEOPLE)
    place = rng.choice(ABSENT_PLACES)
    return rng.choice(
        (
            f"Who is {person}?",
            f"What did {person} say about the harbour?",
            f"How many troops were sent to {place}?",
            f"What happened in {place} last week?",
            f"When did {person} visit {place}?",
            "What is the capital of France?",
            "Who won the football world cup in 1966?",
            f"How many penguins live near {place}?",
        )
    )


def make_questions(seed: int, articles: int, count: int, absent_share: float = 0.15) -> list[str]:
    """`count` varied questions about a corpus made by `write_corpus(articles, seed=seed)`.

    Most name people, places, organisations, units and topic words of articles in the
    corpus; about `absent_share` of them ask about people and places it never mentions.
    """
    rng = random.Random(f"questions-{seed}-{articles}")
    questions: list[str] = []
    seen: set[str] = set()
    attempts = 0
    while len(questions) < count and attempts < count * 20:
        attempts += 1
        if rng.random() < absent_share:
            question = _absent_question(rng)
        else:
            question = _present_question(rng, generate_article(seed, rng.randrange(articles)))
        if question not in seen or attempts > count * 10:
            seen.add(question)
            questions.append(question)
    return questions


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None, help="default: the CPU count")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    written = write_corpus(args.articles, args.out, args.seed, args.workers)
    elapsed = time.perf_counter() - started
    print(f"{written} articles written to {args.out} in {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    # `python scripts/gen_corpus.py` puts scripts/ first on sys.path; the engine's
    # modules (for the corpus format) live at the repository root.
    sys.path.insert(1, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
