"""Questions that belong to another command: news ('anything new on gemini this week') goes to /news."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.core.ask.lexicon import lexicon
from bot.core.ask.mentions import Mention, find_mentions
from bot.core.ask.words import STOPWORDS, plain, words_of
from bot.core.text import without_mentions

_NEWS = frozenset({"news", "updates", "update", "headlines", "latest"})
_RECENT = frozenset("today yesterday week lately recently tonight".split())
"""Times relative to the asker ('what happened today'): the feeds know them, a source's text does not."""
_NEWS_TIME = frozenset("this week today lately recently recent yesterday month past days now so far".split())


def news_about(catalog: Catalog, text: str) -> str | None:
    """What /news should be asked for when the question asks for news ('anything new on gemini this week',
    'any news about meta', "what's new with gpt-5.4"): the record named, or the words left ('' for the
    latest of all); None when it asks no such thing."""
    words = words_of(plain(without_mentions(text)))
    asks_new = "new" in words and words.index("new") <= 3 and bool({"anything", "what", "whats", "something"} & set(
        words[: words.index("new")]))
    happening = bool({"happened", "happening", "happen"} & set(words) and _RECENT & set(words))
    if not (_NEWS & set(words) or asks_new or happening) or any(w in ("state", "model", "models", "version")
                                                                  for w in words):
        return None
    found: list[Mention] = []
    find_mentions(lexicon(catalog), words, found)
    if found:
        return catalog.label(found[0].id) if found[0].kind in ("model", "org") else " ".join(found[0].words)
    rest = [w for w in words if w not in STOPWORDS and w not in _NEWS and w not in _NEWS_TIME
            and w not in ("new", "anything", "something", "any", "happened", "happening", "happen")]
    return " ".join(rest)
