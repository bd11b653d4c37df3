"""podman for the container tests: the image built once per run, and content copies a container can read.
Without podman (or its local base image) the tests skip with the reason, except in CI, where they fail."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CONTENT, ROOT

IMAGE = "localhost/newsbot:test"


def podman(*args: str, timeout: float = 60, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["podman", *args], capture_output=True, text=True, timeout=timeout, check=check)


def _unusable() -> str | None:
    if shutil.which("podman") is None:
        return "podman is not installed"
    info = podman("info", check=False)
    if info.returncode != 0:
        return f"podman does not work here: {info.stderr.strip()[:200]}"
    base = python_base()
    if podman("image", "exists", base, check=False).returncode != 0:
        return f"base image {base} is not available locally (no registry here): eval \"$(../shared/tools/container-env.sh)\""
    return None


def python_base() -> str:
    """The base image the Dockerfile names."""
    return re.search(r"^ARG PYTHON_IMAGE=(\S+)", (ROOT / "Dockerfile").read_text(), re.MULTILINE).group(1)


def skip_or_fail(reason: str) -> None:
    """Container tests must run in CI; elsewhere a missing tool is a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"container tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def image() -> str:
    reason = _unusable()
    if reason:
        skip_or_fail(reason)
    build = podman("build", "--pull=never", "--format", "docker", "-t", IMAGE, str(ROOT), timeout=1500, check=False)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return IMAGE


def readable_content(directory: Path) -> Path:
    """A copy of the shipped content in `directory`, readable by the image's user once mounted."""
    content = directory / "content"
    shutil.copytree(CONTENT, content)
    content.chmod(0o755)
    for path in content.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return content
