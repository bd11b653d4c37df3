"""Build and run the real image with podman: health, readiness, metrics, HEALTHCHECK, non-root,
content mounted over the baked-in copy, a clean SIGTERM stop, its labels and license. Skips without
podman, except in CI."""

from __future__ import annotations

import json
import time
import tomllib
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import bot
from tests.conftest import ROOT
from tests.container.conftest import podman, readable_content


class Container:
    def __init__(self, image: str, *args: str) -> None:
        self.name = f"newsbot-test-{uuid.uuid4().hex[:8]}"
        podman("run", "-d", "--name", self.name, "-p", "127.0.0.1::3000", *args, image)
        port = podman("port", self.name, "3000/tcp").stdout.strip().rsplit(":", 1)[1]
        self.url = f"http://127.0.0.1:{port}"

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.get("/readyz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError("not ready in time; logs:\n" + self.logs())

    def logs(self) -> str:
        result = podman("logs", self.name, check=False)
        return result.stdout + result.stderr

    def remove(self) -> None:
        podman("rm", "-f", "-v", "-t", "0", self.name, check=False)  # -v: and its /app/data volume


@pytest.fixture
def container(image: str) -> Iterator[Container]:
    running = Container(image)
    yield running
    running.remove()


def test_serves_health_readiness_and_metrics(container: Container):
    container.wait_ready()
    assert container.get("/healthz") == (200, '{"status": "ok"}')
    assert json.loads(container.get("/readyz")[1]) == {"status": "ready"}
    status, metrics = container.get("/metrics")
    assert status == 200 and "newsbot_content_info{version=" in metrics
    assert podman("healthcheck", "run", container.name, check=False).returncode == 0


def test_runs_as_non_root_and_answers(container: Container):
    container.wait_ready()
    assert podman("exec", container.name, "id", "-u").stdout.strip() == "10001"
    answer = podman("exec", container.name, "newsbot", "ask", "/rank hle").stdout
    assert "58% (Contemplating mode)" in answer


def test_draws_a_chart(container: Container):
    """matplotlib, its font list and the bundled font work for the non-root user, without warnings."""
    container.wait_ready()
    drawn = podman("exec", container.name, "newsbot", "ask", "/compare muse spark vs gpt-5.4", "--chart", "/tmp/c.png")
    assert drawn.returncode == 0 and drawn.stderr.strip() == "Chart written to /tmp/c.png"
    header = podman("exec", container.name, "python3", "-c", "print(open('/tmp/c.png', 'rb').read(8))").stdout
    assert header.strip() == repr(b"\x89PNG\r\n\x1a\n")


def test_sigterm_stops_cleanly_within_the_bound(container: Container):
    container.wait_ready()
    started = time.monotonic()
    podman("stop", "-t", "30", container.name, timeout=60)
    elapsed = time.monotonic() - started
    state = json.loads(podman("inspect", container.name).stdout)[0]["State"]
    assert state["ExitCode"] == 0, container.logs()
    assert elapsed < 10, f"took {elapsed:.1f}s"
    assert "stopped" in container.logs()


def test_mounted_content_replaces_the_baked_copy(image: str, tmp_path: Path):
    content = readable_content(tmp_path)
    benchmarks = content / "benchmarks.yaml"
    benchmarks.write_text(benchmarks.read_text().replace("{model: llama-4-maverick, value: 18,",
                                                         "{model: llama-4-maverick, value: 19,"))
    mounted = Container(image, "-v", f"{content}:/app/content:ro,Z")
    try:
        mounted.wait_ready()
        answer = podman("exec", mounted.name, "newsbot", "ask", "/rank").stdout
        assert "Llama 4 Maverick  19" in answer
    finally:
        mounted.remove()


def test_labels_name_the_version_license_and_source(image: str):
    """OCI labels: the package's version, pyproject's license; the source as the publisher passes it."""
    labels = json.loads(podman("image", "inspect", image).stdout)[0]["Labels"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert labels["org.opencontainers.image.version"] == bot.__version__
    assert labels["org.opencontainers.image.licenses"] == project["license"] == "MIT"
    assert labels["org.opencontainers.image.title"] == project["name"]
    assert "org.opencontainers.image.source" in labels


def test_the_license_ships_in_the_package_metadata(image: str):
    shown = podman("run", "--rm", "--entrypoint", "python3", image, "-c",
                   "import importlib.metadata as m; d = m.distribution('newsbot');"
                   "print(d.metadata['License-Expression']); print(d.read_text('licenses/LICENSE'))").stdout
    expression, _, text = shown.partition("\n")
    assert expression == "MIT"
    assert text.strip() == (ROOT / "LICENSE").read_text().strip()
