"""The grammar of a question that slot.py reads its slot from: the small closed classes of English words
(auxiliaries, prepositions, determiners) and the parts of a clause built from them: its content words, the
verb a yes/no question asks about, and the objects it asserts."""

from __future__ import annotations

from bot.core.ask.words import LIGHT, STOPWORDS

AUX = frozenset("is are was were do does did can could will would should has have had".split())
PREPOSITIONS = frozenset("in on at for from with to by than after before during since per over into about "
                         "of out as despite against through via without across within among amongst".split())
DETERMINERS = frozenset("the a an this that these those its their his her my your our some".split())


def clause_words(words: list[str], named: set[int], offset: int, verbs: bool = False) -> list[str]:
    """The content words of a clause up to its first preposition, names left out ('did meta acquire X' ->
    ['acquire']); with `verbs`, the question's common verbs too ('find', 'say')."""
    found = []
    for i, word in enumerate(words):
        if word in PREPOSITIONS:
            if found:
                break
            continue
        if offset + i in named or word in DETERMINERS or word in AUX or word in LIGHT:
            continue
        if word not in STOPWORDS or verbs and word.isalpha() and word not in _NOT_VERBS:
            found.append(word)
    return found


_NOT_VERBS = frozenset("it its i you we they he she me my your our their what which who how why where when there "
                       "here this that these those not no now just really actually exactly currently first much "
                       "many any one ones model models ai llm so then than if or and but please also".split())


_PRONOUNS = frozenset("i you it they we he she this that there".split())


def asked_verb(words: list[str], named: set[int]) -> str:
    """The verb a yes/no question asks about ('did meta release it …', 'can i build apps …'): the word after
    its auxiliary and subject (a pronoun, a name, or a determiner and a noun); '' when it has none ('is X
    good at …')."""
    at = next((i for i, w in enumerate(words) if w in AUX), None)
    if at is None or at + 1 >= len(words):
        return ""
    i = at + 1
    if i in named:
        while i in named:
            i += 1
    elif words[i] in DETERMINERS:
        i += 2
    elif words[i] in _PRONOUNS or words[i] not in STOPWORDS:
        i += 1
    verb = words[i] if i < len(words) else ""
    if words[at] in ("is", "are", "was", "were"):  # 'is a public api coming': its predicate
        verb = next((w for j, w in enumerate(words[i:], start=i) if j not in named and w.endswith("ing")
                     and w not in STOPWORDS and w not in LIGHT), "")
        return verb
    return "" if verb in STOPWORDS or verb in LIGHT or verb in PREPOSITIONS or i in named else verb


def asserted_heads(words: list[str], named: set[int]) -> list[str]:
    """The words a yes/no question asserts most (its objects: the last word of each phrase after a preposition,
    'is it in messenger', 'does it run on the meta ray-ban glasses'): an answer must speak of them."""
    heads = []
    for i, word in enumerate(words):
        if word not in PREPOSITIONS or i and words[i - 1] in ("because", "due"):
            continue  # 'because of the finding' gives a reason, not what is asserted
        j = i + 1
        while j < len(words) and words[j] in DETERMINERS:
            j += 1
        end = j
        while end < len(words) and (end in named or words[end] not in PREPOSITIONS and words[end] not in AUX
                                    and words[end] not in STOPWORDS and words[end] not in LIGHT):
            end += 1
        if end > j and end - 1 not in named and end - 2 not in named:  # 'on the index run': the index's
            heads.append(words[end - 1])
    return heads
