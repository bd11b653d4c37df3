"""The command line as a user runs it: ask, --json, --content, exit codes, and the console."""

import json
import os
import subprocess
import sys

from bot.core.chart_policy import NO_CHART
from tests.conftest import CONTENT, ROOT

NEWSBOT = [sys.executable, "-m", "bot.cli"]


def run(*args, stdin=None, env=None):
    return subprocess.run([*NEWSBOT, *args], capture_output=True, text=True, input=stdin, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=60)


def test_ask_prints_the_ranking():
    result = run("ask", "/rank healthbench hard")
    assert result.returncode == 0
    assert "HealthBench Hard: higher is better" in result.stdout
    assert "1  Muse Spark      42.8" in result.stdout
    assert "Source: Meta Muse Spark launch article" in result.stdout


def test_ask_json():
    result = run("ask", "--json", "/compare opus vs gpt")
    data = json.loads(result.stdout)
    assert data["title"] == "Claude Opus 4.6 vs GPT-5.4" and data["status"] == "ok"
    assert data["table"]["columns"][0] == "Benchmark"


def test_unknown_command_exits_2():
    result = run("ask", "/weather")
    assert result.returncode == 2
    assert "Unknown command" in result.stdout


def test_content_option_and_broken_content(tmp_path):
    result = run("ask", "--content", str(ROOT / "tests" / "fixtures" / "broken"), "/rank")
    assert result.returncode == 1
    assert "nothing was served" in result.stderr
    assert "Traceback" not in result.stderr
    result = run("--content", str(CONTENT), "ask", "/help")
    assert result.returncode == 0


def test_console_answers_typed_commands(tmp_path):
    result = run("run", stdin="/rank hle\nfaq 3\n\n/compare gpt vs gemini\n/quit\n/help\n",
                 env={"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite", "PORT": "0"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Humanity's Last Exam: higher is better" in out
    assert "Is Muse Spark open source?" in out
    assert "GPT-5.4 vs Gemini 3.1 Pro" in out
    assert "newsbot: sourced answers" not in out  # /help came after /quit


def test_invalid_setting_is_one_clear_line(tmp_path):
    result = run("run", env={"PORT": "eighty", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite"})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "newsbot: invalid setting: PORT: Input should be a valid integer, unable to parse string as an integer"
    )


def test_ask_reads_the_settings_file_and_refuses_an_unknown_headline(tmp_path):
    config = tmp_path / "newsbot.yaml"
    config.write_text("headline_benchmark: gdpval\n")
    result = run("ask", "/rank", env={"NEWSBOT_CONFIG": str(config)})
    assert result.stdout.startswith("GDPval: higher is better")
    result = run("ask", "/rank", env={"HEADLINE_BENCHMARK": "nosuch"})
    assert result.returncode == 1
    assert "HEADLINE_BENCHMARK: this content has no benchmark called 'nosuch'" in result.stderr


def test_ask_into_a_closed_pipe_is_quiet():
    process = subprocess.Popen([*NEWSBOT, "ask", "/help"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.read(10)
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""
    process.stderr.close()


def test_ask_chart_writes_a_png(tmp_path):
    out = tmp_path / "rank.png"
    result = run("ask", "/rank gdpval", "--chart", str(out))
    assert result.returncode == 0, result.stderr
    assert "GDPval" in result.stdout and f"Chart written to {out}" in result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_ask_chart_with_nothing_to_plot_exits_1(tmp_path):
    out = tmp_path / "faq.png"
    result = run("ask", "/faq what is muse spark", "--chart", str(out))
    assert result.returncode == 1 and NO_CHART in result.stderr
    assert not out.exists()
    unnamed = run("ask", "/rank", "--chart", "")
    assert unnamed.returncode == 2 and "--chart: give the PNG file to write" in unnamed.stderr
    unwritable = run("ask", "/rank", "--chart", str(tmp_path / "missing" / "x.png"))
    assert unwritable.returncode == 1 and "could not write the chart" in unwritable.stderr


def test_ask_without_chart_never_imports_matplotlib():
    code = "import sys; from bot.cli import main; main(['ask', '/rank']); print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.stdout.strip().endswith("False")
