"""How a service's own words count what a measure counts: numbers, and the words for each.

The check of the service's words against what a report hides
(:mod:`yjanalysis.report.stated`) needs to know when a sentence gives a count of a measure.
Users write a count in digits (``8``, ``1,204``) or in words (``eight``, ``twenty-one``, ``a
dozen``, ``no``), and name what it counts in their own words: "8 children were sentenced to
custody", "eight custodial sentences", "three first time entrants", "two were remanded".

A number counts a measure (:func:`counts`) when

- the words after it name what the measure counts (:data:`FAMILIES`' nouns, and the
  catalogue's: ``eight custodial sentences``, ``3 remands``, ``9 children`` of a share of
  children), or
- the sentence names the measure anywhere (its nouns and verbs: ``sentenced to custody``,
  ``remanded``, ``entered the justice system``) and the number counts people or nothing named
  (``8 children``, ``8 of them``, ``eight were``, ``8 received ...``).

A number followed by another plural noun (``two panels``, ``3 workshops``, ``six months``),
by a unit of time or a per cent, or after a word that numbers a thing (``section 39``,
``Attainment 8``, ``aged 10``, ``the last two``) or bounds it (``fewer than five``) counts
nothing of a measure. A singular noun cannot be told from a verb (``one panel`` from ``one
received``) and is read as counting: the check errs on refusing.
"""

from __future__ import annotations

import re

from yjanalysis.vocabulary.catalogue import indicator as catalogue_indicator

__all__ = [
    "FAMILIES",
    "all_or_none",
    "counts",
    "family",
    "figures",
    "names",
    "names_any",
    "numbers",
]

UNITS = {
    "zero": 0, "nil": 0, "none": 0, "no": 0,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
#: Words for a number that are no number word: ``a dozen``, ``a couple of``, ``a single``.
PHRASES = {"half a dozen": 6, "a dozen": 12, "a couple of": 2, "a couple": 2, "a single": 1}
#: Words for zero, which count only what they are put before (``no custodial sentences``, not
#: ``no longer``).
ZERO = frozenset({"zero", "nil", "none", "no"})

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_DIGITS = re.compile(r"(?<![\w.,£$€])(\d{1,3}(?:,\d{3})+|\d+)(?![\w%]|[.,]\d)")
_PHRASE = re.compile(r"\b(?:" + "|".join(sorted(PHRASES, key=len, reverse=True)) + r")\b")


def numbers(text: str) -> list[tuple[int, int, int]]:
    """Return each whole number of a text, in digits or words: its value, start and end.

    A number with a decimal point or a per cent sign is none (a rate is no count).

    Examples
    --------
    >>> [v for v, _, _ in numbers("Eight, twenty-one and 1,204; a dozen; one hundred and five")]
    [8, 21, 1204, 12, 105]
    >>> [v for v, _, _ in numbers("61.1% and 0.44, but 3 workshops and no remands")]
    [3, 0]
    """
    lower = text.lower()
    found: list[tuple[int, int, int]] = []
    taken: list[tuple[int, int]] = []
    for m in _PHRASE.finditer(lower):
        found.append((PHRASES[m[0]], m.start(), m.end()))
        taken.append((m.start(), m.end()))
    words = [m for m in _WORD.finditer(lower) if not any(a <= m.start() < b for a, b in taken)]
    i = 0
    while i < len(words):
        value, j = _spelled(words, i, lower)
        if j > i:
            found.append((value, words[i].start(), words[j - 1].end()))
            i = j
        else:
            i += 1
    found += [(int(m[1].replace(",", "")), m.start(), m.end()) for m in _DIGITS.finditer(text)]
    return sorted(found, key=lambda n: n[1])


def _joined(lower: str, end: int, start: int, joins: str = " -") -> bool:
    """Say whether two words are next to each other, joined by a space or a hyphen."""
    between = lower[end:start]
    return 0 < len(between) <= 2 and all(c in joins for c in between)


def _spelled(words: list[re.Match], i: int, lower: str) -> tuple[int, int]:
    """Read a number spelled in words from ``words[i]``: its value and the word after it."""

    def below_hundred(k: int) -> tuple[int | None, int]:
        if k >= len(words):
            return None, k
        word = words[k][0]
        if word in TENS:
            value = TENS[word]
            if k + 1 < len(words) and _joined(lower, words[k].end(), words[k + 1].start()):
                unit = words[k + 1][0]
                if unit in UNITS and 0 < UNITS[unit] < 10 and unit not in ZERO:
                    return value + UNITS[unit], k + 2
            return value, k + 1
        if word in UNITS:
            return UNITS[word], k + 1
        return None, k

    word = words[i][0]
    if word == "a" and i + 1 < len(words) and words[i + 1][0] == "hundred":
        value, k = 1, i + 1
    else:
        first, k = below_hundred(i)
        if first is None:
            return 0, i
        value = first
        if word in ZERO:
            return 0, k
    if k < len(words) and words[k][0] == "hundred" and value < 10:
        value, k = value * 100, k + 1
        if k + 1 < len(words) and words[k][0] == "and":
            rest, after = below_hundred(k + 1)
            if rest is not None and rest > 0:
                return value + rest, after
    return value, k


#: The words users write for each measure of a service's own records: ``names`` (nouns and
#: verbs naming it anywhere in a sentence) and ``nouns`` (what a number put before them
#: counts). An indicator is of the family its id begins with (:func:`family`).
FAMILIES: dict[str, dict[str, str]] = {
    "custody": {
        "ids": "custody_rate children_in_custody custody_share remand_to_custody",
        "names": r"custod\w*|detention|detained|dtos?|locked up|secure (?:estate|centres?|homes?)"
        r"|young offender institutions?|yois?",
        "nouns": r"(?:custodial|custody) (?:sentences?|orders?|outcomes?|disposals?)"
        r"|sentences? (?:to|of) custody|detention and training orders?|dtos?|custod\w*",
    },
    "remand": {
        "ids": "children_remanded remand_episodes remand_share remand_to_custody",
        "names": r"remand\w*|youth detention accommodation|yda",
        "nouns": r"remands?|(?:remand )?episodes?(?: of remand)?",
    },
    "fte": {
        "ids": "fte_rate",
        "names": r"first[- ]time entrants?|first[- ]timers?|ftes?|entrants?|new to the system"
        r"|(?:enter\w*|entr(?:y|ies)|came|coming|brought) (?:in)?to the (?:youth )?"
        r"(?:criminal )?justice system|entered the system"
        r"|first (?:cautions?|convictions?|offences?|outcomes?|formal \w+)",
        "nouns": r"(?:new |first[- ]time )?entrants?|ftes?|first[- ]timers?",
    },
    "syv": {
        "ids": "syv_rate",
        "names": r"serious (?:youth )?violen\w*|syv|violent|knife|knives|weapons?",
        "nouns": r"(?:serious (?:youth )?)?violen\w* offences?|syv offences?|offences?"
        r"|serious violence offences?",
    },
    "reoffending": {
        "ids": "reoffending_binary reoffending_frequency reoffences_per_reoffender",
        "names": r"re-?offen\w*|offended again|re-?convict\w*",
        "nouns": r"re-?offen\w*|(?:further |new )?offences?",
    },
    "ete": {
        "ids": "ete_suitable ete_status_share neet_post16_order_end kpi_send_suitable_ete",
        "names": r"education|training|employment|employed|ete|neet|schools?|college|jobs?"
        r"|apprentice\w*|work",
        "nouns": r"(?:orders?|children) (?:ending|ended)",
    },
    "outcomes": {
        "ids": "cautioned_or_sentenced_rate cautioned_or_sentenced_share out_of_court_share "
        "court_share",
        "names": r"caution\w*|sentenc\w*|convict\w*|out[- ]of[- ]court|diver\w*|court"
        r"|community resolutions?|outcomes?|disposals?",
        "nouns": r"cautions?|convictions?|sentences?|outcomes?|disposals?|diversions?"
        r"|community resolutions?",
    },
    "accommodation": {
        "ids": "kpi_accommodation_suitable",
        "names": r"accommodation|housing|housed|homeless\w*",
        "nouns": r"placements?",
    },
    "send": {
        "ids": "kpi_send_learning_plan kpi_send_suitable_ete",
        "names": r"special educational needs?|send|sen|ehcps?|learning plans?",
        "nouns": r"(?:formal )?learning plans?|ehcps?",
    },
    "mental_health": {
        "ids": "kpi_mental_health_need kpi_mental_health_offered kpi_mental_health_attended",
        "names": r"mental health|camhs|emotional",
        "nouns": r"(?:mental health )?(?:needs?|interventions?|referrals?)",
    },
    "substance": {
        "ids": "kpi_substance_need kpi_substance_offered kpi_substance_attended",
        "names": r"substances?|drugs?|alcohol",
        "nouns": r"(?:substance misuse )?(?:needs?|treatments?|referrals?)",
    },
    "programmes": {
        "ids": "kpi_out_of_court_completed",
        "names": r"programmes?|out[- ]of[- ]court",
        "nouns": r"programmes?",
    },
    "wider_services": {
        "ids": "kpi_wider_services",
        "names": r"children's services|social care|wider services|social workers?",
        "nouns": r"referrals?",
    },
}
#: Words after a number for who or what a measure counts: people, or cases.
PEOPLE = re.compile(
    r"(?:children|child|young (?:people|persons?|men|women)|people|persons?|boys?|girls?|"
    r"teenagers?|youths?|individuals?|offenders?|cases?|pupils?|of)\b"
)
#: Words after a number that are not what any measure counts: time, a share, a rate.
NOT_COUNTED = re.compile(
    r"(?:years?|months?|weeks?|days?|hours?|minutes?|per|percent|am|pm|times|year-olds?"
    r"|-year-olds?|out of \d)\b"
)
#: Places: a number before one counts places (``in one area of the city``, ``two wards``),
#: never what a measure counts, though a singular noun is otherwise read as counting.
PLACES = re.compile(
    r"(?:areas?|parts?|wards?|districts?|neighbou?rhoods?|localit(?:y|ies)|streets?|estates?"
    r"|towns?|cit(?:y|ies)|villages?|sites?|venues?|locations?|places?|zones?|hubs?"
    r"|centres?|offices?|buildings?)\b"
)
#: Words before a number that number a thing, not count it (``section 39``, ``aged 10``).
NUMBERING = re.compile(
    r"\b(?:sections?|pages?|paragraphs?|annex|appendix|items?|tables?|figures?|charts?|"
    r"attainment|capped|stage|ks|phase|step|level|tier|version|aged?|ages|ward|priority|"
    r"recommendation|room|no|number|case|id|ref|reference|tel|telephone|phone"
    r"|than|the (?:last|first|next|previous|past|other|top))\s*$"
)
#: Modifiers between a number and what it counts (``8 more children``).
MODIFIERS = re.compile(
    r"(?:(?:more|fewer|less|other|further|different|separate|new|individual|additional|"
    r"local|recent|such|distinct|of the|of our|of these|of those)\s+)*"
)


def family(indicator: str) -> str | None:
    """Return the family of words a measure is named by, or ``None`` for a measure of none.

    Examples
    --------
    >>> family("custody_rate"), family("children_remanded"), family("population_share_10_17")
    ('custody', 'remand', None)
    """
    for name, words in FAMILIES.items():
        if indicator in words["ids"].split():
            return name
    return None


def _patterns(indicator: str) -> list[tuple[re.Pattern, re.Pattern]]:
    """Return the (names, nouns) patterns of every family a measure is of.

    The catalogue's noun for what the measure counts is always one of its nouns (``9
    children``, for a share of children, as the report's own sentences count it).
    """
    counted = re.escape(catalogue_indicator(indicator).counted.lower())
    found = [
        (re.compile(rf"\b(?:{w['names']})\b"), re.compile(rf"(?:{w['nouns']}|{counted})\b"))
        for w in FAMILIES.values()
        if indicator in w["ids"].split()
    ]
    if not found:  # a measure no family names: its catalogue noun
        found = [(re.compile(rf"\b{counted}\b"), re.compile(rf"{counted}\b"))]
    return found


def names(sentence: str, indicator: str) -> bool:
    """Say whether a sentence names a measure in any of the words users write for it.

    Examples
    --------
    >>> names("8 children were sentenced to custody.", "custody_rate")
    True
    >>> names("Two panels met.", "custody_rate")
    False
    """
    lower = sentence.lower()
    return any(named.search(lower) for named, _ in _patterns(indicator))


def names_any(sentence: str) -> bool:
    """Say whether a sentence names any measure of a service's own records (:data:`FAMILIES`).

    Examples
    --------
    >>> names_any("A month later the number had dropped."), names_any("Remands fell.")
    (False, True)
    """
    lower = sentence.lower()
    return any(re.search(rf"\b(?:{w['names']})\b", lower) for w in FAMILIES.values())


def counts(sentence: str, indicator: str, named: bool = False) -> set[int]:
    """Return the numbers of a sentence that count what a measure counts.

    ``named`` says that the words around the sentence name the measure (a sentence naming
    none speaks of the measure the passage named last): it is then read as if it named it.

    Examples
    --------
    >>> counts("Our own records count eight custodial sentences.", "custody_rate")
    {8}
    >>> counts("In the year, 8 children were sentenced to custody.", "custody_rate")
    {8}
    >>> counts("Two panels reviewed 3 custodial sentences in six months.", "custody_rate")
    {3}
    >>> counts("Two panels and 3 workshops on custody.", "custody_rate")
    set()
    >>> counts("Section 39 requires a plan; no children were remanded.", "children_remanded")
    {0}
    >>> counts("An update on post-16 children with no education or training.", "ete_suitable")
    set()
    >>> counts("Knife-enabled assaults in one area of the city, by schools.", "ete_suitable")
    set()
    """
    # An age ("post-16 children", "aged 10 to 17") is no count, as in :func:`figures`.
    sentence = _NOT_FIGURES.sub(lambda m: " " * len(m[0]), sentence)
    lower = sentence.lower()
    found: set[int] = set()
    for naming, nouns in _patterns(indicator):
        anywhere = named or bool(naming.search(lower))
        for value, start, end in numbers(sentence):
            if NUMBERING.search(lower[:start]):
                continue
            after = lower[end:].lstrip(" -")
            after = after[MODIFIERS.match(after).end() :]  # type: ignore[union-attr]
            if nouns.match(after):
                found.add(value)
                continue
            if not anywhere or NOT_COUNTED.match(after) or PLACES.match(after):
                continue
            word = re.match(r"[a-z'-]+", after)
            if value == 0 and lower[start:end] in ZERO and not PEOPLE.match(after):
                continue  # "no longer", "none of the panel's": no count
            if word is None or PEOPLE.match(after) or not word[0].endswith("s"):
                found.add(value)
            elif word[0] in {"was", "is", "has", "does", "this", "as", "its", "his", "us"}:
                found.add(value)
    return found


#: Words that give one figure exactly from another (``halved``, ``the same as the year
#: before``, ``twice as many``): with a count the report shows, they give the one it hides.
RELATIONS = re.compile(
    r"\b(?:halv\w*|doubl\w*|trebl\w*|tripl\w*|quadrupl\w*|twice|thrice|unchanged"
    r"|(?:the )?same (?:number|count|as)|as many|no (?:more|fewer|less) than"
    r"|(?:a|one|two|three) (?:half|halves|thirds?|quarters?|fifths?))\b"
)
#: An age (``aged 10 to 17``, ``10-17 year olds``, ``post-16``) and a rate's base (``per 1,000``):
#: no figure of a measure.
_NOT_FIGURES = re.compile(
    r"\b(?:aged?|ages)\s+\d{1,2}(?:\s*(?:to|-|\u2013|and)\s*\d{1,2})?\b"
    r"|\b\d{1,2}\s*(?:to|-|\u2013)\s*\d{1,2}(?=[\s-]*years?\b)"
    r"|\bper\s+(?:1,000|10,000|100,000|1000|10000|100000|100)\b"
    r"|\b(?:post|pre|under|over)[- ]1\d\b"
)
#: Any number as written: digits (a share, a rate or a count) or words.
_ANY_DIGITS = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?%?(?!\w)")
#: "one" as a pronoun (``whose offending warrants one,``, ``one of our aims``), no figure...
_PRONOUN = re.compile(r"(?:[^\w\s]|$|of\b)")
#: ...but not after a word that makes it a number (``fell by one.``, ``rose to one.``).
_AS_NUMBER = re.compile(r"\b(?:by|to|from|than|only|just|exactly|was|were|is|at)\s+$")
#: Words after a number for time, which no measure's figure is (``six months on``).
_TIME = re.compile(r"(?:years?|months?|weeks?|days?|hours?|minutes?|am|pm|year-olds?)\b")


def figures(sentence: str, indicator: str, named: bool = False) -> list[str]:
    """Return what in a sentence naming a measure could give its figure, by any arithmetic.

    A sentence speaking of a measure's hidden figure gives it away by arithmetic as surely as
    by stating it: "one in every 2,550 children aged 10 to 17 entered the system" gives a
    count from the population the report shows, "3 fewer than the 11 the year before" from
    an earlier count it shows, and "halved" from that count alone. So every number of such a
    sentence is read as a figure (a share, a rate, a ratio, a difference, a count), and so are
    the words for an exact relation (:data:`RELATIONS`), except a number that counts
    something else by its plural noun (``two panels``, ``3 workshops``), a unit of time, a
    number numbering a thing (``section 39``) and an age range or a rate's base. A sentence
    that does not name the measure (:func:`names`), nor follows words that do (``named``),
    gives none. The check errs on refusing.

    Examples
    --------
    >>> figures("One in every 2,550 children aged 10 to 17 entered the system.", "fte_rate")
    ['One', '2,550']
    >>> figures("Custodial sentences were 3 fewer than the 11 the year before.", "custody_rate")
    ['3', '11']
    >>> figures("Custodial sentences halved.", "custody_rate")
    ['halved']
    >>> figures("Two panels and 3 workshops on custody ran for six months.", "custody_rate")
    []
    >>> figures("Custody, and post-16 children with no education, aged 10-17.", "custody_rate")
    []
    >>> figures("Two panels met; 3 fewer than the 11 the year before.", "custody_rate")
    []
    >>> figures("A programme for those whose offending warrants one.", "kpi_out_of_court_completed")
    []
    >>> figures("The number had dropped by one.", "children_in_custody", named=True)
    ['one']
    """
    if not (named or names(sentence, indicator)):
        return []
    text = _NOT_FIGURES.sub(lambda m: " " * len(m[0]), sentence)
    lower = text.lower()
    nouns = [n for _, n in _patterns(indicator)]
    found: list[tuple[int, str]] = [(m.start(), m[0]) for m in RELATIONS.finditer(lower)]
    spans = [(start, end) for _, start, end in numbers(text)]
    spans += [(m.start(), m.end()) for m in _ANY_DIGITS.finditer(text)]
    seen: set[int] = set()
    for start, end in sorted(spans):
        if start in seen or any(a < start < b for a, b in spans):
            continue
        seen.add(start)
        said = text[start:end]
        if said.lower() in ZERO or NUMBERING.search(lower[:start]):
            continue  # a zero in words counts only before what it counts (``counts``)
        after = lower[end:].lstrip(" -")
        after = after[MODIFIERS.match(after).end() :]  # type: ignore[union-attr]
        word = re.match(r"[a-z'-]+", after)
        pronoun = said.lower() == "one" and not _AS_NUMBER.search(lower[:start])
        if _TIME.match(after) or PLACES.match(after) or (pronoun and _PRONOUN.match(after)):
            continue
        if word and word[0].endswith("s") and not PEOPLE.match(after):
            if not any(n.match(after) for n in nouns) and word[0] not in {
                "was", "is", "has", "does", "this", "as", "its", "his", "us", "less", "times"
            }:  # fmt: skip
                continue  # counts something else: two panels, 3 workshops
        found.append((start, said))
    return [said for _, said in sorted(found)]


#: Words for all or none of the children a share is of (``every child``, ``none of them``,
#: ``not one``): such words give a share of 100% or 0% as surely as the per cent.
ALL_OR_NONE = re.compile(
    r"\b(?:every|each|all|any|none|not one|not a single|no)(?: of)?(?: the| our| these| those)?"
    r"\s+(?:child|children|young (?:people|person)|boys?|girls?|them|those|one)\b"
    r"|\b(?:nobody|no one|everyone|everybody)\b"
)
#: Who a share is of, where that is not what its words name: the share remanded then
#: sentenced to custody is of the children remanded ("every child sentenced to custody is
#: reviewed" says nothing of it), the share completing an out-of-court programme of the
#: children on one.
OF_WHOM = {
    "remand_to_custody": r"remand\w*|youth detention accommodation",
    "kpi_out_of_court_completed": r"out[- ]of[- ]court|programmes?|diver\w*",
}


def all_or_none(sentence: str, indicator: str, named: bool = False) -> bool:
    """Say whether a sentence says that all or none of the children a share is of are in it.

    The words for all or none (:data:`ALL_OR_NONE`) must be of the children the share is of,
    named in the same clause (:data:`OF_WHOM`, or else the measure's own words), or be said
    of them after words that named the measure (``named``: "All of them completed it.").

    Examples
    --------
    >>> all_or_none("Every child on an out-of-court programme completed it.",
    ...             "kpi_out_of_court_completed")
    True
    >>> all_or_none("Every child sentenced to custody is reviewed, and remands are offered.",
    ...             "remand_to_custody")
    False
    """
    lower = sentence.lower()
    whom = OF_WHOM.get(indicator)
    for m in ALL_OR_NONE.finditer(lower):
        clause = re.split(r"[,;:]", lower[m.start() :], maxsplit=1)[0]
        if whom is not None and re.search(rf"\b(?:{whom})\b", clause):
            return True
        if whom is None and names(clause, indicator):
            return True
        if named and not names_any(clause):
            return True
    return False
