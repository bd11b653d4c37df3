"""`newsbot --version` and `python -m bot`: the same program, saying the one version (bot.__version__,
which pyproject.toml reads too)."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from bot import __version__
from tests.conftest import ROOT


def test_python_dash_m_bot_is_newsbot_and_says_its_version():
    version = subprocess.run([sys.executable, "-m", "bot", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout == f"newsbot {__version__}\n"
    answer = subprocess.run([sys.executable, "-m", "bot", "ask", "/rank"], cwd=ROOT, capture_output=True, text=True)
    assert answer.returncode == 0 and answer.stdout.startswith("Artificial Analysis Intelligence Index")


def test_the_package_version_is_read_from_bot():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"] and "version" not in project["project"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "bot.__version__"}
