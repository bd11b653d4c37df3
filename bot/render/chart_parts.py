"""Pieces of the chart renderer: colours, fonts, safe label text, text measuring and wrapping, and the
per-benchmark scaling of comparison bars. matplotlib is imported inside the functions that need it."""

from __future__ import annotations

import math
import threading
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from bot.core.text import clean, shorten

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties
    from matplotlib.ft2font import FT2Font

Style = Literal["regular", "bold", "italic"]

DPI = 128
"""Pixels per inch: a power of two, so every whole-pixel size is an exact number of inches."""
WIDTH = 1024
PAD = 24
"""Card margin, pixels."""
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
"""Okabe–Ito, colour-blind safe, without its black."""
NEUTRAL = "#9A9A9A"
CARD = "#FAFAF8"
FRAME = "#C9CDD2"
INK = "#1F2328"
MUTED = "#555C64"
EDGE = "#2B2B2B"
MISSING = "\ufffd"
"""Shown instead of a character that DejaVu Sans cannot draw."""
_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSans-Oblique.ttf"}
_MAX_INPUT = 2000
_REFERENCE_PX = 100
_lock = threading.Lock()
_advances: dict[tuple[Style, str], float] = {}


def colour(tone: int) -> str:
    """The palette colour of a tone index; neutral grey for -1 (unknown)."""
    return NEUTRAL if tone < 0 else PALETTE[tone % len(PALETTE)]


def _path(style: Style) -> str:
    import matplotlib

    return f"{matplotlib.get_data_path()}/fonts/ttf/{_FILES[style]}"


@lru_cache(maxsize=32)
def font(size: float, style: Style = "regular") -> FontProperties:
    """matplotlib's bundled DejaVu Sans at `size` points, by file, so system fonts never matter."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=_path(style), size=size)


@lru_cache(maxsize=3)
def _face(style: Style) -> FT2Font:
    from matplotlib.ft2font import FT2Font

    face = FT2Font(_path(style))
    face.set_size(_REFERENCE_PX, 72)
    return face


@lru_cache(maxsize=1)
def _drawable() -> frozenset[int]:
    """Code points that both the regular and the bold face can draw (italic is used for fixed words only)."""
    return frozenset(_face("regular").get_charmap()) & frozenset(_face("bold").get_charmap())


def safe(text: object, limit: int = _MAX_INPUT) -> str:
    """`text` as one literal line: white space folded, control and format characters dropped, characters
    the font lacks shown as '\ufffd', at most `limit` characters ('…' when cut)."""
    line = clean(str(text)[:_MAX_INPUT])
    drawable = _drawable()
    if not all(ord(ch) in drawable for ch in line):
        line = "".join(
            ch if ord(ch) in drawable else MISSING for ch in line if unicodedata.category(ch) not in ("Cs", "Co")
        )
    return shorten(line, limit)


def _advance(ch: str, style: Style) -> float:
    """Width of `ch` in ems (unhinted), measured once per character and style."""
    key = (style, ch)
    width = _advances.get(key)
    if width is None:
        from matplotlib.ft2font import LoadFlags

        with _lock:
            glyph = _face(style).load_char(ord(ch), flags=LoadFlags.NO_HINTING)
        width = glyph.linearHoriAdvance / 65536 / _REFERENCE_PX
        _advances[key] = width
    return width


def width(text: str, size: float, style: Style = "regular") -> float:
    """Estimated drawn width of `text` in pixels (kerning left out, so a little generous)."""
    return sum(_advance(ch, style) for ch in text) * size * DPI / 72 * 1.03


def fit(text: str, size: float, room: float, style: Style = "regular") -> str:
    """`text` cut at its end, with '…', until it fits in `room` pixels."""
    if width(text, size, style) <= room:
        return text
    scale = size * DPI / 72 * 1.03
    used = _advance("…", style) * scale
    for end, ch in enumerate(text):
        used += _advance(ch, style) * scale
        if used > room:
            return text[:end].rstrip() + "…"
    return text


def wrap(text: str, size: float, room: float, lines: int, style: Style = "regular") -> list[str]:
    """`text` in at most `lines` lines of at most `room` pixels, broken at spaces (inside a word only when
    the word alone is too wide); the last line ends in '…' when text is left over."""
    space = width(" ", size, style)
    out: list[str] = []
    current, used = "", 0.0
    for word in text.split(" "):
        wide = width(word, size, style)
        if used + space + wide <= room or not current and wide <= room:
            current, used = (f"{current} {word}", used + space + wide) if current else (word, wide)
            continue
        if current:
            out.append(current)
        while wide > room and len(out) <= lines:
            piece = fit(word, size, room, style)[:-1] or word[:1]
            out.append(piece)
            word = word[len(piece):]
            wide = width(word, size, style)
        current, used = word, wide
        if len(out) > lines:
            break
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = fit(out[-1] + "…", size, room, style) if not out[-1].endswith("…") else out[-1]
    return out


def scaled(values: Sequence[float | None], lower_is_better: bool) -> tuple[list[float | None], bool]:
    """Bar lengths in 0..1 for one benchmark's values, the best one full length (lower-is-better flipped:
    min/v), and whether they are to scale. Without a ratio that means anything (zero or negative values)
    every reported value gets a full bar: to scale only if they are all equal. None (or NaN) gets None,
    and so does a lone value: with no rival to be measured against, any length would invent a lead."""
    present = [v for v in values if v is not None and math.isfinite(v)]
    finite = [v if v is not None and math.isfinite(v) else None for v in values]
    if len(present) < 2:
        return [None for _ in values], True
    low, high = min(present), max(present)
    if lower_is_better and low > 0:
        return [None if v is None else low / v for v in finite], True
    if not lower_is_better and low >= 0 and high > 0:
        return [None if v is None else v / high for v in finite], True
    return [None if v is None else 1.0 for v in finite], low == high
