"""The words of a question or a passage: chat spelling made plain, lower-case words, stems, function words.

A leaf of bot/core/ask: it imports nothing else of /ask, so the lexicon, the question and the cover rule
all build on it without importing each other in circles. Stems are Snowball's English stemmer
(PyStemmer), so 'released', 'release' and 'releases' meet at one key.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?!\d)|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}/\d{4}"
                   r"|[\w$%][\w.,$%'’]*[\w%]|[\w$%]", re.UNICODE)
_STEMMER = Stemmer.Stemmer("english")

STOPWORDS = frozenset(
    """a an the is are was were be been being do does did doing has have had having it its it's this that these
    those of on in at for to from with by as and or but if then than so about into over under per via me my i you
    your we us our they them their he she his her what which who whom whose how why where when whether tell know
    please can could would should will shall may might must any some there here one ones model models ai llm
    just really actually exactly currently now first officially publicly much many really get got say says said
    according article source use used uses using go goes went up off after before find finds found among
    amongst someone somebody anyone anybody him himself herself themselves""".split()
)
"""Function words: they carry no fact, so no record has to cover them."""

FILLER = frozenset(
    """hey hi hello yo ok okay um uh umm hmm hm lol lmao rofl btw tbh imo imho pls plz please thanks thx ty quick q
    question guys bot newsbot dude bro sorry basically honestly anyway anyways like wondering wonder curious idk
    k kk ah oh wow wait well yeah yes no nah tho though""".split()
)
"""Chat filler: words that ask nothing ('hey, so …', 'pls', 'lol'). Dropped before a question is read,
except where they carry meaning ('no', 'yes' and 'like' only at the start or the end)."""

_CONTRACTIONS = {
    "what's": "what is", "whats": "what is", "wats": "what is", "wat": "what", "wtf": "what", "who's": "who is",
    "whos": "who is", "where's": "where is", "wheres": "where is", "when's": "when is", "how's": "how is",
    "hows": "how is", "it's": "it is", "that's": "that is", "there's": "there is", "here's": "here is",
    "i'm": "i am", "im": "i am", "you're": "you are", "we're": "we are", "they're": "they are", "i've": "i have",
    "isn't": "is not", "isnt": "is not", "aren't": "are not", "arent": "are not", "wasn't": "was not",
    "wasnt": "was not", "weren't": "were not", "doesn't": "does not", "doesnt": "does not", "don't": "do not",
    "dont": "do not", "didn't": "did not", "didnt": "did not", "won't": "will not", "wont": "will not",
    "can't": "can not", "cant": "can not", "cannot": "can not", "hasn't": "has not", "haven't": "have not",
    "hadn't": "had not", "couldn't": "could not", "wouldn't": "would not", "shouldn't": "should not",
    "ppl": "people", "u": "you", "ur": "your", "r": "are", "abt": "about", "bc": "because", "cuz": "because",
    "w/": "with", "w/o": "without", "rn": "now", "gonna": "going to", "wanna": "want to",
    "thru": "through", "vs.": "vs", "v.": "vs", "v": "vs", "&": "and", "#1": "number one", "no.1": "number one",
    "nr1": "number one", "exec": "executive", "execs": "executives", "info": "information", "stats": "statistics",
    "govt": "government", "perf": "performance", "yr": "year", "yrs": "years", "mo": "month", "wk": "week",
    "devs": "developers", "dev": "developer", "eval": "evaluation", "evals": "evaluations", "sota": "state of the art",
    "$$": "money", "avg": "average", "avail": "available", "insta": "instagram", "ig": "instagram",
    "fb": "facebook", "bottom": "last", "$$$": "money", "ya": "you", "folks": "people", "diff": "difference",
}
"""Contractions and chat spellings, to the words they stand for."""
_PHRASES = (("second to last", "penultimate"), ("second-to-last", "penultimate"), ("next to last", "penultimate"),
            ("tool calling", "tool use"), ("tool calls", "tool use"), ("function calling", "tool use"),
            ("'s own ", "'s "), ("its own ", "its "), ("their own ", "their "), ("my own ", "my "),
            ("your own ", "your "), ("our own ", "our "), ("plug it into", "use it with"),
            ("plug into", "use with"), ("track record", ""), ("wall st ", "wall street "),
            ("edges out", "beats"), ("edge out", "beat"), ("edged out", "beat"), (" inside ", " in "),
            ("come out ahead of", "beat"), ("comes out ahead of", "beats"), ("came out ahead of", "beat"),
            ("come out ahead", "lead"), ("comes out ahead", "leads"), ("came out ahead", "led"),
            ("hold off", "block"), ("held off", "blocked"), ("holding off", "blocking"), ("turn on", "use"),
            ("switch on", "use"), ("every user", "everyone"), ("all users", "everyone"),
            ("what went down", "what happened"), ("what's going on with", "what happened with"),
            ("fall short", "falls short"), ("stand for", "mean"), ("short for", "mean"), ("set up", "created"),
            ("start over", "rebuild from scratch"), ("started over", "rebuilt from scratch"),
            ("edged out", "beat"), ("edge out", "beat"), ("brought in", "hired"), ("bring in", "hire"),
            ("went through", "consumed"), ("go through", "consume"), ("gave out", "handed out"),
            ("give out", "hand out"), ("top dog", "first"), ("dead last", "last"), ("end up", "are"),
            ("come out", "released"), ("came out", "released"), ("comes out", "released"), ("out of", "from"),
            ("work with", "used with"), ("works with", "used with"), ("at the bottom of", "last on"),
            ("at the bottom on", "last on"), ("bottom of", "last on"), ("in last place", "last"),
            ("rock bottom", "last"), (" supposed to ", " "), (" meant to ", " "), (" designed to ", " "),
            (" intended to ", " "), ("in the works", "in development"), ("in the pipeline", "in development"),
            ("on the way", "in development"))
"""Idioms, to the plain words the rules read (general English, not the content's)."""
_YEAR_MARK = re.compile(r"(?<![\w'])'(\d\d)(?![\w'])")
"""A year written with an apostrophe ("apr '26", "jan '26"): 2026."""
_TAG = re.compile(r"(?:,\s*|\s+)(?:yeah|yea|yep|yes|ya|right|correct|true|no|innit)\s*[?!.]*\s*$")
"""A tag that asks for a yes or a no after a statement ('…, yeah?', '… right?')."""
_DID = re.compile(r"^(what|how|when|where|who|why|which)['’]?d$")
"""'what'd', 'how'd', 'when'd': a question word and 'did'."""
DISTRIBUTIVE = frozenset("different various respective individual".split())
"""'What do the different agents do': the several members, one by one (fit.py wants a sentence of a
paragraph that goes through them: 'One agent …. Another …. A third …')."""
LIGHT = frozenset("handle handles handling support supports offer offers include includes feature features provide "
                  "provides come comes with thing things stuff kind sort even ever also still again anything "
                  "something guess mean means tell know think help helped helps helping too overall else "
                  "literally generally roughly approximately apparently supposedly seriously exactly totally "
                  "mentioned mention mentions listed list lists way ways instead otherwise issue issues problem story "
                  "situation treat treated regard regarded consider considered view viewed explain describe "
                  "define".split()) | DISTRIBUTIVE
"""Words that carry no fact of their own in a question ('does it handle …', 'what kind of …'): a passage
need not hold them."""
_IRREGULAR = """find found, say said says, tell told, think thought, see saw seen, get got gotten, make made,
    build built, buy bought, hold held, lead led, leave left, lose lost, pay paid, run ran, sell sold, spend spent,
    take took taken, win won, write wrote written, know knew known, begin began begun, bring brought, choose chose
    chosen, come came, fall fell, give gave given, go went gone, grow grew grown, rise rose risen, teach taught,
    keep kept, mean meant, meet met, show showed shown, speak spoke spoken, stand stood, beat beaten, burn burnt"""
"""English irregular verbs, each line's forms one verb (Snowball's stems join the regular ones)."""
_NEAR = {
    "struggle": "short trails", "struggles": "short trails", "weak": "short trails", "weakness": "short trails",
    "weaknesses": "short trails", "bad": "short trails", "strength": "lead leads", "strengths": "lead leads",
    "excel": "lead leads", "excels": "lead leads", "shine": "lead leads", "doctors": "physicians",
    "doctor": "physicians", "measured": "found tested evaluator", "measures": "found tested",
    "evaluated": "evaluator evaluation tested", "evaluate": "evaluator", "rolled": "rolling", "rollout": "rolling",
    "replace": "replaces", "join": "poaches poached poaching hired", "joined": "poaches poached poaching hired",
    "grab": "poached poaching hired", "grabbed": "poached poaching hired", "snag": "poached poaching hired",
    "snagged": "poached poaching hired", "gave": "handed", "give": "hand handed", "hog": "most", "hogs": "most",
    "blocker": "blocking", "blockers": "blocking", "irony": "ironic", "bigger": "larger", "biggest": "most largest",
    "everybody": "everyone", "burn": "consumed", "burned": "consumed", "burning": "consumed", "person": "user",
    "received": "reception", "receive": "reception", "improvement": "leap", "improve": "leap", "jump": "leap",
    "reception": "received", "hire": "poached poaching", "budget": "spending", "money": "spending",
    "put": "spending spent", "putting": "spending", "invest": "spending", "investing": "spending",
    "invested": "spending spent", "investment": "spending", "pouring": "spending", "throwing": "spending",
    "discovered": "found", "discover": "found find", "discovery": "found finding", "spotted": "found",
    "noticed": "found", "uncovered": "found", "conclusion": "concluded", "conclude": "concluded",
    "access": "available accessible", "rise": "up", "rose": "up", "risen": "up", "climb": "up",
    "climbed": "up", "later": "future", "coming": "development", "upcoming": "development",
    "going": "plans plan",
    "admit": "told acknowledge", "admitted": "told acknowledge",
    "concede": "told acknowledge", "conceded": "told acknowledge", "delay": "blocking", "delayed": "blocking",
    "postpone": "blocking", "postponed": "blocking", "react": "reception", "reacted": "reception",
    "reaction": "reception",
    "reactions": "reception", "flagged": "found", "flag": "found", "flags": "found",
    "outside": "third-party third evaluator", "external": "third-party third evaluator",
    "independent": "third-party third evaluator", "soar": "up", "soared": "up", "surge": "up", "surged": "up",
}
"""Near-synonyms chat uses for words sources write otherwise ('struggle' for 'falls short', 'doctors' for
'physicians', 'grab' for 'poach'): general English, not a content's (synonyms.yaml holds those)."""


def _synonyms() -> dict[str, tuple[str, ...]]:
    table: dict[str, set[str]] = {}
    for line in _IRREGULAR.split(","):
        forms = line.split()
        for form in forms:
            table.setdefault(form, set()).update(f for f in forms if f != form)
    for word, near in _NEAR.items():
        table.setdefault(word, set()).update(near.split())
    for word, near in list(table.items()):  # 'building' finds 'built' through 'build'
        table.setdefault(f"~{_STEMMER.stemWord(word)}", set()).update(near | {word})
    return {word: tuple(sorted(near)) for word, near in table.items()}


QUESTION_SYNONYMS = _synonyms()
"""Word forms and near-synonyms a chat question uses for what sources write otherwise (also under '~' and
each form's stem)."""


def synonyms(word: str) -> tuple[str, ...]:
    """The forms and near-synonyms of `word`, of itself or of its stem."""
    return QUESTION_SYNONYMS.get(word, ()) + QUESTION_SYNONYMS.get(f"~{stem(word)}", ())
_TOKEN = re.compile(r"\S+")
_REQUEST = re.compile(r"^\W*(?:could|can|would|will) you (?:please )?(?=(?:explain|tell me|describe|say|show me)"
                      r"(?: to me)?\s+(?:what|which|who|whom|whose|when|where|why|how)\b)")
"""A polite request that wraps a question ('could you explain what kind of model it is'): the question asked is
the one it wraps, not a yes or no."""
_ATTRIBUTED = re.compile(r",?\s*\b(?:according to|based on|going by|judging by|in) (?:the|its|this|these) "
                         r"(?:benchmarks?|article|source|post|piece|numbers|data|results|example given|example"
                         r"|context)\b")
"""Where the asker expects the answer from ('… according to the benchmarks', '… in this context'): the source's
own, asking nothing a sentence must hold."""
_LANDS = re.compile(r"\bwhere (does|do|did|would) ((?:\S+ ){0,3}?\S+) (?:land|sit|finish|stand)\b")
"""'where does Muse Spark land (sit, finish, stand)': where it places."""
_SHORT_NUMBER = re.compile(r"^(\$?)(\d+(?:\.\d+)?)([kmb])$", re.IGNORECASE)
_SCALE = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_EDGE = re.compile(r"^[\"“”‘’'(\[]+|[\"“”‘’')\].,!?:;]+$")


def plain(text: str) -> str:
    """`text` in plain words: lower case, contractions spelled out ('what's' -> 'what is', "isn't" -> 'is
    not'), chat spellings ('ppl' -> 'people'), short numbers in full ('15k' -> '15,000'), filler dropped."""
    out: list[str] = []
    text = _YEAR_MARK.sub(r"20\1", text.casefold().replace("’", "'").replace("‘", "'"))
    for idiom, meaning in _PHRASES:
        text = text.replace(idiom, meaning)
    text = _LANDS.sub(r"where \1 \2 place", _ATTRIBUTED.sub("", _REQUEST.sub("", text)))
    tokens = _TOKEN.findall(text)
    for index, token in enumerate(tokens):
        bare = _EDGE.sub("", token)
        tail = token[len(token.rstrip("?!.,:;")):]
        if bare in _CONTRACTIONS:
            out.append(_CONTRACTIONS[bare] + tail)
        elif match := _DID.match(bare):
            out.append(f"{match.group(1)} did{tail}")
        elif match := _SHORT_NUMBER.match(bare):
            value = float(match.group(2)) * _SCALE[match.group(3).lower()]
            out.append(f"{match.group(1)}{value:,.0f}{tail}")
        elif bare in FILLER and not (bare in ("no", "yes", "like") and 0 < index < len(tokens) - 1 or bare in (
                "well", "wait") and index > 0):  # 'was it received well', but 'well, so …'
            if tail and out:
                out[-1] += tail.strip(",")
        else:
            out.append(token)
    return " ".join(out)


def tagged(text: str) -> bool:
    """Whether `text` ends with a tag asking yes or no ('muse spark dropped april 7th yeah?'); filler
    elsewhere, such a tag is dropped by plain()."""
    return _TAG.search(text.casefold()) is not None and len(text.split()) > 2


def words_of(text: str) -> list[str]:
    """Lower-case words, keeping names like 'gpt-5.4', numbers like '15,000' and dates like '02/2026' whole."""
    found = (w.strip(".,'’") for w in _WORD.findall(text.casefold()))
    return [w[:-2] if w.endswith(("'s", "’s")) else w for w in found if w]


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """Snowball's English stem: 'released', 'release' and 'releases' are all 'releas'."""
    return _STEMMER.stemWord(word)


REASONS = frozenset("because since due reason reasons given thanks so pitch why".split())
"""Words that give a reason: a 'why' is answered by a sentence that holds one."""
NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
                         "hundred thousand million billion trillion dozen".split())
"""Numbers written as words ('four research agents'): a count as much as '4'."""

_OPPOSITES = """up soar soared surge surged | down drop drops dropped dip dipped sank tank tanked plunge plunged crash
    crashed,
    rise rises rose risen | fall falls fell, increase | decrease, gain | loss, higher | lower,
    more | fewer less, better | worse, ahead | behind, win wins | lose loses, early | late, public | private,
    available | unavailable, free | paid, cheap | expensive, fast | slow, big large | small, include | exclude,
    in-house internal part | third-party external independent, good great well warm positive strong successful
    success smooth praised | bad poor badly icy cold negative weak failure failed rough criticized questioned,
    open | closed"""
"""Words of opposite sense, each line's two sides (general English): 'did the stock go down' is answered
by 'stock goes up', 'did it go well' by 'an icy reception', each with a No."""


def _opposites() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for entry in _OPPOSITES.split(","):
        one, other = (side.split() for side in entry.split("|"))
        for word in one:
            table.setdefault(word, set()).update(other)
        for word in other:
            table.setdefault(word, set()).update(one)
    return {word: frozenset(near) for word, near in table.items()}


OPPOSITES = _opposites()
"""Each word's opposites."""
OPPOSED = frozenset("trails trail trailed trailing behind short lags lag lagging worse weaker lower down fewer less "
                    "closed unavailable loses lost losing below wait waiting".split())
"""Words that say the opposite of leading, rising or being open ('trails in coding'): before the words a
yes/no question asks about, they answer no to 'does it lead in coding', and yes to 'does it trail in coding'."""
