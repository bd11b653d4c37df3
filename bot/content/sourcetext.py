"""A source's own text (`file:` in `sources`): read safely from the content directory, and split into
passages, one sentence each, that keep their source, heading and paragraph.

Paragraphs are separated by a blank line, or by a line break after a sentence's end (one paragraph a
line, as pasted articles come); a line broken mid-sentence runs on. A heading is a Markdown '#' line, or
a short line without a sentence's end followed by text. Sentences end at '.', '!' or '?' (and a closing
quote or bracket) before a capital, a digit or an opening quote; common abbreviations ('vs.', 'e.g.',
'Mr.') end none. Weighed: nltk's punkt and pysbd split a few more edge cases, at the cost of a model
download or a dependency tree for text this regular.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
"""The kinds of file a source's text may be: Markdown or plain text."""
MAX_TEXT_BYTES = 2 * 1024 * 1024
"""The largest source text read (about 20,000 sentences): anything larger is a mistake, not an article."""
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_ENDS = re.compile(r"[.!?:;][\"'”’)\]]*$|[\"”]$")
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"'”’)\]]*)\s+(?=[\"“'‘(\[]?[A-Z0-9$])")
_ABBREVIATIONS = frozenset("vs etc e.g i.e mr mrs ms dr prof st jr sr inc ltd co corp no fig approx u.s".split())
_MARKUP = re.compile(r"\*\*|__|`|\[([^\]]*)\]\([^)]*\)")


class SourceFileError(ValueError):
    """Why a source's `file:` cannot be read; the message names the file as written."""


@dataclass(frozen=True)
class Passage:
    """One sentence of a source's text, word for word, with its source id, the heading it is under
    ('' before the first), and its paragraph's and its own place (paragraph, sentence) in the text."""

    source: str
    heading: str
    paragraph: int
    sentence: int
    text: str


@dataclass(frozen=True)
class SourceText:
    """A source's text as paragraphs of sentences, each paragraph with its heading, and its passages."""

    source: str
    paragraphs: tuple[tuple[str, ...], ...]
    headings: tuple[str, ...]
    passages: tuple[Passage, ...]

    def context(self, passage: Passage) -> str:
        """The passage's whole paragraph: the sentences around it."""
        return " ".join(self.paragraphs[passage.paragraph])


def read_source_file(directory: Path, written: str) -> str:
    """The text of `written` (a path relative to the content `directory`), or SourceFileError: a path
    that leaves the directory (also through a symbolic link), a missing, large, empty or non-UTF-8 file."""
    relative = Path(written)
    if relative.suffix.lower() not in TEXT_SUFFIXES:
        raise SourceFileError(f"{written!r} must be a Markdown or text file ({', '.join(TEXT_SUFFIXES)})")
    root = directory.resolve()
    path = (directory / relative).resolve()
    if relative.is_absolute() or not path.is_relative_to(root):
        raise SourceFileError(f"{written!r} is outside the content directory: give a path inside it, relative to it")
    if not path.exists():
        raise SourceFileError(f"{written!r}: no such file in the content directory")
    if not path.is_file():
        raise SourceFileError(f"{written!r} is not a file")
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise SourceFileError(f"{written!r} is larger than {MAX_TEXT_BYTES // 2**20} MiB")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceFileError(f"{written!r} is not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise SourceFileError(f"{written!r} is empty")
    return text.removeprefix("\ufeff")


def split_text(source: str, text: str) -> SourceText:
    """`text` as paragraphs of sentences under their headings, and one Passage per sentence."""
    paragraphs: list[tuple[str, ...]] = []
    headings: list[str] = []
    passages: list[Passage] = []
    heading = ""
    blocks = _blocks(text)
    for index, (kind, block) in enumerate(blocks):
        if kind == "heading" or (kind == "text" and _looks_like_heading(block, blocks[index + 1:index + 2])):
            heading = block
            continue
        sentences = tuple(sentences_of(block))
        if not sentences:
            continue
        number = len(paragraphs)
        paragraphs.append(sentences)
        headings.append(heading)
        passages += [Passage(source, heading, number, i, sentence) for i, sentence in enumerate(sentences)]
    return SourceText(source, tuple(paragraphs), tuple(headings), tuple(passages))


def _blocks(text: str) -> list[tuple[str, str]]:
    """('heading' | 'text' | 'item', its text) for each heading, paragraph and list item, in order."""
    blocks: list[tuple[str, str]] = []
    current: list[str] = []

    def close() -> None:
        if current:
            blocks.append(("text", " ".join(current)))
            current.clear()

    for raw in text.splitlines():
        line = _MARKUP.sub(lambda m: m.group(1) or "", raw).strip()
        if not line:
            close()
        elif match := _HEADING.match(line):
            close()
            blocks.append(("heading", match.group(1)))
        elif _ITEM.match(raw):
            close()
            blocks.append(("item", _ITEM.sub("", line)))
        elif not current and _titled(line):
            blocks.append(("text", line))  # a heading, if text follows it (_looks_like_heading)
        else:
            current.append(line)
            if _ENDS.search(line):
                close()
    close()
    return [(kind, block) for kind, block in blocks if block]


def _titled(line: str) -> bool:
    """A short line in title case without a sentence's end ('The Full Arc'): a heading on a line of its own."""
    words = line.split()
    return (len(words) <= 10 and len(line) <= 80 and not _ENDS.search(line)
            and sum(word[:1].isupper() for word in words) * 2 > len(words))


def _looks_like_heading(block: str, after: list[tuple[str, str]]) -> bool:
    """A short line without a sentence's end, followed by text: a plain-text heading."""
    return (not _ENDS.search(block) and len(block) <= 100 and len(block.split()) <= 12
            and bool(after) and after[0][0] == "text")


def sentences_of(paragraph: str) -> list[str]:
    """The sentences of `paragraph`, each with its end punctuation and closing quotes."""
    found: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.end(1)
        last_word = paragraph[start:end].rstrip("\"'”’)]").rsplit(None, 1)[-1].rstrip(".").casefold()
        if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue  # 'vs.', 'e.g.', an initial: not a sentence's end
        found.append(paragraph[start:end].strip())
        start = match.end()
    found.append(paragraph[start:].strip())
    return [sentence for sentence in found if sentence]
