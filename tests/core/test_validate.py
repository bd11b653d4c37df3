"""`newsbot validate` and loading: every problem reported with file and line; nothing half-loads."""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.content.loader import load_catalog, validate_dir
from bot.content.schema import json_schema
from bot.errors import ContentError
from tests.conftest import CONTENT, ROOT

BROKEN = ROOT / "tests" / "fixtures" / "broken"


def problems_in(directory) -> set[str]:
    _, problems = validate_dir(directory)
    return {f"{Path(p.file).name}:{p.line}: {p.message}" for p in problems}


def test_shipped_content_is_valid():
    parsed, problems = validate_dir(CONTENT)
    assert problems == []
    assert len(parsed) == 8  # one file per section, feeds.yaml included


@pytest.mark.parametrize(
    "expected",
    [
        "benchmarks.yaml:4: benchmarks.0.direction: 'sideways' is not one of the allowed values",
        "benchmarks.yaml:8: benchmarks.0.scores.2.value: Expected `float`, got `str`",
        "benchmarks.yaml:15: alpha is scored twice on bench2",
        "benchmarks.yaml:18: unknown model 'zeta'",
        "dupkey.yaml:4: duplicate key 'question' (the checks below use the last one)",
        "faq.yaml:5: YAML syntax: found unexpected end of stream (while scanning a quoted scalar from line 3)",
        "models.yaml:20: models.1.as_of: not a real date; write YYYY-MM-DD",
        "models.yaml:21: duplicate model id 'alpha'",
        "models.yaml:28: models.3.released: '2026-13' is not a real date (month must be in 1..12)",
        "models.yaml:29: models.3.colour: unknown field",
        "models.yaml:32: models.4: missing required field 'source'",
        "models.yaml:35: models.4.open_weights: Expected `bool | null`, got `str`",
        "models.yaml:39: unknown organization 'nobody'",
        "models.yaml:40: model name 'SHARED' is already used by 'alpha'",
        "timeline.yaml:3: events.0.date: '2026-02-30' is not a real date (day is out of range for month)",
        "timeline.yaml:9: unknown model or organization 'nobody'",
        "timeline.yaml:12: events.2.date: 'April 2026' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
    ],
)
def test_each_kind_of_problem_has_its_line(expected):
    assert expected in problems_in(BROKEN)


def test_broken_content_never_half_loads():
    with pytest.raises(ContentError) as caught:
        load_catalog(BROKEN)
    assert len(caught.value.problems) >= 17



def test_a_missing_content_directory_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        load_catalog("content")
    [problem] = caught.value.problems
    assert problem.message == f"no such directory (relative to {tmp_path}): set CONTENT_DIR"
    with pytest.raises(ContentError) as caught:
        load_catalog(tmp_path / "absent")
    assert caught.value.problems[0].message == "no such directory: set CONTENT_DIR"

def edited(tmp_path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    path = target / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return target


def test_score_naming_unknown_model_and_source(tmp_path):
    directory = edited(tmp_path, "benchmarks.yaml", "{model: grok-4.2, value: 20.3, source: muse-spark-article",
                       "{model: grok-9, value: 20.3, source: a-blog")
    found = problems_in(directory)
    assert "benchmarks.yaml:38: unknown model 'grok-9'" in found
    assert "benchmarks.yaml:38: unknown source 'a-blog'" in found


def test_alias_used_by_two_models(tmp_path):
    directory = edited(tmp_path, "models.yaml", "aliases: [grok]", "aliases: [Opus]")
    line = next(i for i, text in enumerate((directory / "models.yaml").read_text().splitlines(), 1) if "[Opus]" in text)
    assert f"models.yaml:{line}: model name 'Opus' is already used by 'claude-opus-4.6'" in problems_in(directory)


def test_not_a_mapping_and_unknown_section(tmp_path):
    directory = tmp_path / "c"
    shutil.copytree(CONTENT, directory)
    (directory / "extra.yaml").write_text("- just\n- a list\n")
    (directory / "more.yaml").write_text("modles: []\n")
    found = problems_in(directory)
    assert any(p.startswith("extra.yaml:1: the file must be a mapping") for p in found)
    assert any(p.startswith("more.yaml:1: modles: unknown section") for p in found)


def test_empty_directory(tmp_path):
    _, problems = validate_dir(tmp_path)
    assert problems and "no .yaml files" in problems[0].message


def test_cli_exit_codes_and_output():
    bad = subprocess.run([sys.executable, "-m", "bot.cli", "validate", str(BROKEN)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert all(":" in line and line.split(":")[1].isdigit() for line in bad.stdout.splitlines())
    good = subprocess.run([sys.executable, "-m", "bot.cli", "validate", str(CONTENT)], capture_output=True, text=True)
    assert good.returncode == 0
    assert good.stdout.strip().endswith("7 models, 8 benchmarks, 18 scores, 5 events, 5 faq, 1 sources, 117 passages")


def test_schema_is_json_schema_that_accepts_the_shipped_content():
    printed = subprocess.run([sys.executable, "-m", "bot.cli", "schema"], capture_output=True, text=True, check=True)
    schema = json.loads(printed.stdout)
    assert schema == json.loads(json.dumps(json_schema()))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(CONTENT.glob("*.yaml")):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        assert list(validator.iter_errors(data)) == [], path.name
    assert list(validator.iter_errors({"models": [{"id": "x"}]}))


def test_a_duplicate_key_hides_no_other_problem_in_its_file(tmp_path):
    directory = edited(tmp_path, "benchmarks.yaml", "    unit: \"M tokens\"\n", "    unit: \"M tokens\"\n    unit: tokens\n")
    benchmarks = directory / "benchmarks.yaml"
    benchmarks.write_text(benchmarks.read_text().replace("direction: lower", "direction: lowest"))
    found = problems_in(directory)
    assert any("duplicate key 'unit'" in p for p in found)
    assert any("'lowest' is not one of the allowed values" in p for p in found)


def test_an_alias_clash_is_reported_once_at_the_alias(tmp_path):
    directory = edited(tmp_path, "benchmarks.yaml", "aliases: [healthbench, health]", "aliases: [healthbench, health, gdpval]")
    line = next(i for i, text in enumerate((directory / "benchmarks.yaml").read_text().splitlines(), 1)
                if "aliases: [healthbench" in text)
    assert {p for p in problems_in(directory) if "already used" in p} == {
        f"benchmarks.yaml:{line}: benchmark name 'gdpval' is already used by 'gdpval'"
    }


def test_a_broken_record_is_not_also_reported_as_unknown_where_it_is_used(tmp_path):
    directory = edited(tmp_path, "models.yaml", "    released: 2026-04-08\n", "    released: 2026-13\n")
    found = problems_in(directory)
    assert any("'2026-13' is not a real date" in p for p in found)
    assert not any("unknown model 'muse-spark'" in p for p in found)


# One slip in models.yaml, in the ways an editor makes it; each once gave 26 knock-on "unknown model" lines.
SLIPS = {
    "bad indentation": ("    name: Muse Spark\n", "   name: Muse Spark\n", "models.yaml:6: YAML syntax: did not find expected '-'"),
    "unclosed quote": ("    name: Muse Spark\n", '    name: "Muse Spark\n', "models.yaml:18: YAML syntax: did not find expected key "
                       "(while parsing a block mapping from line 5)"),
    "id of the wrong type": ("  - id: muse-spark\n", "  - id: [muse-spark]\n", "models.yaml:5: models.0.id: Expected `str`"),
    "section of the wrong type": ("models:\n", "models: all of them\nmodel_list:\n",
                                  "models.yaml:4: models: must be a list of records"),
    "misspelled section": ("models:\n", "modles:\n", "models.yaml:4: modles: unknown section"),
}


def validate_cli(directory: Path) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "bot.cli", "validate", str(directory)], capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    return [line.removeprefix(f"{directory}/") for line in result.stdout.splitlines()]


@pytest.mark.parametrize("slip", SLIPS, ids=list(SLIPS))
def test_one_slip_is_reported_first_without_knock_on_unknown_references(tmp_path, slip):
    old, new, real = SLIPS[slip]
    lines = validate_cli(edited(tmp_path, "models.yaml", old, new))
    assert lines[0].startswith(real), lines
    assert not [line for line in lines if "unknown" in line and "unknown section" not in line], lines


def test_a_real_unknown_reference_in_a_file_that_loaded_is_still_reported(tmp_path):
    directory = edited(tmp_path, "benchmarks.yaml", "{model: grok-4.2,", "{model: grok-9,")
    timeline = directory / "timeline.yaml"
    timeline.write_text(timeline.read_text().replace("    title:", "      title:", 1))  # this file defines no models
    assert validate_cli(directory) == ["timeline.yaml:6: YAML syntax: mapping values are not allowed in this context",
                                       "benchmarks.yaml:38: unknown model 'grok-9'"]


def test_a_file_that_cannot_be_read_hides_every_reference_it_might_have_answered(tmp_path):
    directory = edited(tmp_path, "benchmarks.yaml", "{model: grok-4.2,", "{model: grok-9,")
    (directory / "models.yaml").write_bytes(b"models:\n  - id: \xff\n")
    lines = validate_cli(directory)
    assert len(lines) == 1 and lines[0].startswith("models.yaml:1: cannot read:"), lines


def test_start_up_reports_the_slip_first_and_alone(tmp_path):
    old, new, real = SLIPS["bad indentation"]
    directory = edited(tmp_path, "models.yaml", old, new)
    env = {**os.environ, "CONTENT_DIR": str(directory), "CONSOLE": "off", "PORT": "0",
           "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite"}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "run"], capture_output=True, text=True, env=env,
                            stdin=subprocess.DEVNULL, timeout=60)
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert len(lines) == 2 and lines[0].startswith(f"{directory}/{real}"), lines
    assert lines[1] == "newsbot: the content has 1 problem(s); nothing was served."


def test_a_running_bot_refuses_the_slip_with_it_alone(tmp_path):
    from tests.runtime.processes import Bot

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    bot = Bot({"CONTENT_DIR": str(content), "RELOAD": "false", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite"})
    try:
        models = content / "models.yaml"
        old, new, real = SLIPS["unclosed quote"]
        models.write_text(models.read_text().replace(old, new, 1))
        bot.process.send_signal(signal.SIGHUP)
        bot.wait_log("kept serving content version")
    finally:
        bot.stop()
    refused = [line for line in bot.log if "content edit refused" in line]
    assert len(refused) == 1 and real in refused[0], refused
