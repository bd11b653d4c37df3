"""Whether an answer carries its chart: the asker's wish, the operator's CHARTS setting, and what the
asker's platform can show."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Literal

from bot.core.answer import Answer

ChartPolicy = Literal["auto", "always", "never"]
Pictures = Literal["", "inline", "upload"]
"""How the asker's platform shows a picture: inside the answer (Discord's embed image), as a separate
upload (Slack's files), or not at all ('': the console)."""
NO_CHART = "This answer has no chart: charts come with the ranking of one benchmark (/rank) and comparisons (/compare)."
_WISH = re.compile(r"(?:^|\s)(no[\s-]?chart|chart)(?=\s*$)|^(no[\s-]?chart|chart)(?=\s)", re.IGNORECASE)
"""The word alone, first or last ('/rank gdpval chart'): 'charts' is a name in the shipped content (CharXiv
Reasoning's alias), and inside a question 'chart' is a word of it ('does it beat gemini on chart understanding')."""


def chart_wish(text: str, options: Mapping[str, str]) -> tuple[bool | None, str, dict[str, str]]:
    """(whether the asker asked for a chart: True, False or None for not said, text and options without it).

    Discord's `chart` option arrives as 'True'/'False'; typed text may hold the word 'chart' or 'nochart'
    ('/rank gdpval chart')."""
    rest = dict(options)
    wish: bool | None = None
    if "chart" in rest:
        wish = rest.pop("chart").strip().lower() in ("true", "1", "yes", "on")
    words = [(match.group(1) or match.group(2)).lower() for match in _WISH.finditer(text)]
    if words:
        wish = not words[-1].startswith("no")
        text = " ".join(_WISH.sub(" ", text).split())
    return wish, text, rest


def decide(answer: Answer, wish: bool | None, policy: ChartPolicy, pictures: Pictures) -> Answer:
    """`answer` with its chart kept or dropped, and a line saying why when the asker's wish fails.

    never: no charts. always: every chart, unless the asker says no. auto: a chart when asked, and by
    default where the picture sits inside the answer ('inline', Discord's embeds) rather than arriving
    as a separate file (Slack's upload), when it has more than one bar. `pictures` says how the asker's platform shows one ('' = it
    cannot, as in the console)."""
    chart = answer.chart
    why = ""
    if not answer.ok:
        keep = False
    elif policy == "never":
        keep, why = False, "Charts are turned off on this newsbot."
    elif not pictures:
        keep, why = False, "Charts cannot be shown here: the console and private answers carry no pictures."
    elif chart is None:
        keep, why = False, NO_CHART
    else:
        by_default = policy == "always" or (pictures == "inline" and len(chart.bars) > 1)
        keep = wish is True or (wish is None and by_default)
    if keep:
        return answer
    lines = answer.lines + ((why,) if wish and why else ())
    return replace(answer, chart=None, lines=lines) if chart is not None or lines != answer.lines else answer
