"""Source texts as content: `file:` in `sources`, read safely, split into passages, checked by validate."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.content.loader import load_catalog, read_content
from bot.content.sourcetext import MAX_TEXT_BYTES, sentences_of, split_text
from tests.conftest import ARTICLE, CONTENT

SOURCE = """sources:
  - id: notes
    title: Notes
    published: 2026-05-01
    file: {file}
"""


def content_with(tmp_path: Path, file: str, text: str | bytes | None = None, name: str = "notes.md") -> Path:
    """A content directory of one source whose `file:` is `file`, and `text` written at content/`name`."""
    directory = tmp_path / "content"
    directory.mkdir(exist_ok=True)
    (directory / "sources.yaml").write_text(SOURCE.format(file=file))
    if text is not None:
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text if isinstance(text, bytes) else text.encode())
    return directory


def problems(directory: Path) -> list[str]:
    return [f"{Path(p.file).name}:{p.line}: {p.message}" for p in read_content(directory).problems]


def test_the_article_ships_as_a_source_text(catalog):
    source = catalog.sources["muse-spark-article"]
    assert source.file == "sources/muse-spark-launch-article.md"
    text = catalog.texts["muse-spark-article"]
    assert len(catalog.passages) == len(text.passages) > 100
    said = " ".join(p.text for p in text.passages)
    assert "Muse Spark is closed source." in said
    assert "Contemplating mode is rolling out gradually." in said


def test_the_shipped_text_is_the_article_word_for_word():
    if not ARTICLE.exists():
        pytest.skip(f"source article not found at {ARTICLE}")
    shipped = (CONTENT / "sources" / "muse-spark-launch-article.md").read_text(encoding="utf-8")
    assert shipped.replace("## ", "").split() == ARTICLE.read_text(encoding="utf-8").split()


def test_passages_keep_source_heading_and_paragraph(catalog):
    text = catalog.texts["muse-spark-article"]
    closed = next(p for p in text.passages if p.text == "Muse Spark is closed source.")
    assert closed.source == "muse-spark-article" and closed.heading == "The Open Source Question"
    assert text.context(closed) == ("Muse Spark is closed source. "
                                    "This is Meta’s first frontier model that is not open weights.")
    first = text.passages[0]
    assert first.heading == "" and first.paragraph == 0 and first.sentence == 0


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        ("It scores 86.4, beating both. Next one.", ["It scores 86.4, beating both.", "Next one."]),
        ("Muse Spark “doesn’t mark a new state of the art.” The Llama",
         ["Muse Spark “doesn’t mark a new state of the art.”", "The Llama"]),
        ("GPT-5.4 vs. Gemini 3.1 Pro. Done!", ["GPT-5.4 vs. Gemini 3.1 Pro.", "Done!"]),
        ("Ask Mr. Wang? He said so.", ["Ask Mr. Wang?", "He said so."]),
        ("January 2026: Meta fires 15,000 people, stock goes up 3%. The pitch: fewer.",
         ["January 2026: Meta fires 15,000 people, stock goes up 3%.", "The pitch: fewer."]),
    ],
)
def test_sentences(paragraph, sentences):
    assert sentences_of(paragraph) == sentences


def test_markdown_and_plain_paragraphs_and_headings():
    text = split_text("s", "# Title\n\nFirst line runs\non here. Second.\nNext paragraph.\n\n- an item\n"
                           "- another item\nPlain Heading\nUnder it.\n")
    assert text.paragraphs == (("First line runs on here.", "Second."), ("Next paragraph.",), ("an item",),
                               ("another item",), ("Under it.",))
    assert text.headings == ("Title", "Title", "Title", "Title", "Plain Heading")


def test_an_edit_to_the_text_changes_the_version(tmp_path):
    directory = content_with(tmp_path, "notes.md", "One sentence here.")
    before = load_catalog(directory)
    (directory / "notes.md").write_text("Another sentence here.")
    after = load_catalog(directory)
    assert before.version != after.version
    assert [p.text for p in after.passages] == ["Another sentence here."]


@pytest.mark.parametrize(
    ("file", "text", "name", "message"),
    [
        ("../outside.md", None, "notes.md", "'../outside.md' is outside the content directory"),
        ("/etc/hostname.md", None, "notes.md", "'/etc/hostname.md' is outside the content directory"),
        ("missing.md", None, "notes.md", "'missing.md': no such file in the content directory"),
        ("notes.md", "   \n\n", "notes.md", "'notes.md' is empty"),
        ("notes.md", b"caf\xe9 au lait", "notes.md", "'notes.md' is not UTF-8 text (byte 3)"),
        ("notes.pdf", "text", "notes.pdf", "'notes.pdf' must be a Markdown or text file (.md, .markdown, .txt)"),
        ("sub", "text", "sub/x.md", "'sub' must be a Markdown or text file"),
    ],
)
def test_a_file_that_cannot_be_a_source_text_is_a_problem_at_its_line(tmp_path, file, text, name, message):
    found = problems(content_with(tmp_path, file, text, name))
    assert len(found) == 1 and found[0].startswith(f"sources.yaml:5: sources.0.file: {message}"), found


def test_a_huge_file_is_refused(tmp_path):
    found = problems(content_with(tmp_path, "notes.md", "word. " * (MAX_TEXT_BYTES // 6 + 10)))
    assert found == ["sources.yaml:5: sources.0.file: 'notes.md' is larger than 2 MiB"]


def test_a_symbolic_link_out_of_the_directory_is_refused(tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("Not content.")
    directory = content_with(tmp_path, "link.md")
    os.symlink(outside, directory / "link.md")
    assert problems(directory) == ["sources.yaml:5: sources.0.file: 'link.md' is outside the content directory: "
                                   "give a path inside it, relative to it"]


def test_validate_counts_the_passages(tmp_path, capsys):
    from bot.cli import main

    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    assert main(["validate", str(target)]) == 0
    assert "117 passages" in capsys.readouterr().out
