"""compose.yaml brought up as a new user would, with settings in .env: on SQLite, and with the PostgreSQL
profile and DATABASE_URL given as a file (a Compose secret), each until the bot's healthcheck passes,
then down. The Compose is the podman-compose that `pip install -e '.[test]'` brings; NEWSBOT_TEST_COMPOSE
may name another (e.g. "docker compose", with DOCKER_HOST at `podman system service`'s socket)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.container.conftest import podman, python_base, readable_content, skip_or_fail

COMPOSE_IMAGE = "localhost/newsbot:compose-test"
STANDIN = ROOT / "tests" / "container" / "postgres-standin"


def compose_command() -> list[str]:
    if named := os.environ.get("NEWSBOT_TEST_COMPOSE"):
        return shlex.split(named)
    found = shutil.which("podman-compose") or str(Path(sys.executable).with_name("podman-compose"))
    if not Path(found).exists():
        skip_or_fail("podman-compose is not installed (pip install -e '.[test]' brings it)")
    return [found]


@pytest.fixture(scope="module")
def compose_image(image: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The test image without its HEALTHCHECK, as podman-compose builds it (in OCI format, which has
    none): the same image in a second instead of a second full build."""
    context = tmp_path_factory.mktemp("compose-image")
    (context / "Containerfile").write_text(f"FROM {image}\nHEALTHCHECK NONE\n")
    podman("build", "--pull=never", "--format", "docker", "-t", COMPOSE_IMAGE, str(context), timeout=300)
    return COMPOSE_IMAGE


@pytest.fixture(scope="module")
def postgres_image(image: str) -> Iterator[str]:
    """compose.yaml's PostgreSQL image; where it is missing (no registry here), a stand-in built under its
    name from Debian's PostgreSQL on the project's base image, and untagged afterwards."""
    name = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]["postgres"]["image"]
    if podman("image", "exists", name, check=False).returncode == 0:
        yield name
        return
    build = podman("build", "--pull=never", "--build-arg", f"BASE={python_base()}", "-t", name, str(STANDIN),
                   timeout=600, check=False)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    yield name
    podman("untag", name, check=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Project:
    """One Compose project in a directory of its own: the shipped compose.yaml (naming the test image),
    a .env made as the README says (.env.example with the given settings set), the content, and any
    extra files."""

    def __init__(self, directory: Path, env: dict[str, str], profiles: tuple[str, ...] = ()) -> None:
        shipped = (ROOT / "compose.yaml").read_text()
        assert shipped.count("image: newsbot:latest") == 1
        (directory / "compose.yaml").write_text(shipped.replace("image: newsbot:latest", f"image: {COMPOSE_IMAGE}"))
        example = (ROOT / ".env.example").read_text()
        (directory / ".env").write_text(example + "".join(f"{key}={value}\n" for key, value in env.items()))
        readable_content(directory)
        self.directory = directory
        self.name = f"newsbot-test-{uuid.uuid4().hex[:8]}"
        self.command = [*compose_command(), "-p", self.name, *(f"--profile={profile}" for profile in profiles)]
        self.port = int(env["PORT"])

    def compose(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen([*self.command, *args], cwd=self.directory, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def container(self, service: str) -> str:
        names = podman("ps", "-a", "--filter", f"label=com.docker.compose.project={self.name}",
                       "--filter", f"label=com.docker.compose.service={service}", "--format", "{{.Names}}").stdout
        return names.strip()

    def up_until_healthy(self, services: tuple[str, ...] = ("newsbot",), timeout: float = 120) -> None:
        """`up -d`, running every service's healthcheck meanwhile (nothing runs them on a timer here, and
        Docker Compose waits for PostgreSQL's), until the bot's passes and `up` is done."""
        up = self.compose("up", "-d")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            checks = {service: podman("healthcheck", "run", name, check=False)
                      for service in services if (name := self.container(service))}
            if up.poll() is not None:
                assert up.returncode == 0 and "newsbot" in checks, up.stdout.read()
                assert "no defined healthcheck" not in checks["newsbot"].stderr, checks["newsbot"].stderr
                if checks["newsbot"].returncode == 0:
                    return
            time.sleep(0.5)
        up.kill()
        raise AssertionError(f"not healthy in {timeout:.0f} s:\n{self.logs('newsbot')}\n{up.stdout.read()}")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def logs(self, service: str) -> str:
        result = podman("logs", self.container(service), check=False)
        return result.stdout + result.stderr

    def down(self) -> None:
        """`down -v`, then whatever it left behind is removed (and reported)."""
        down = self.compose("down", "-v")
        output, _ = down.communicate(timeout=120)
        label = f"label=com.docker.compose.project={self.name}"
        leftovers = podman("ps", "-aq", "--filter", label).stdout.split()
        podman("rm", "-f", "-t", "0", *leftovers, check=False)
        podman("volume", "rm", "-f", *podman("volume", "ls", "-q", "--filter", label).stdout.split(), check=False)
        podman("network", "rm", "-f", f"{self.name}_default", check=False)
        assert down.returncode == 0 and not leftovers, output


@pytest.fixture
def project(compose_image: str, tmp_path: Path) -> Iterator[Callable[..., Project]]:
    """Makes the test's project (with a free host PORT in its .env) and takes it down afterwards."""
    started: list[Project] = []

    def make(env: dict[str, str], profiles: tuple[str, ...] = ()) -> Project:
        started.append(Project(tmp_path, {"PORT": str(free_port()), **env}, profiles))
        return started[-1]

    yield make
    for each in started:
        each.down()


def test_sqlite_with_settings_in_env(project):
    """LOG_FORMAT from .env reaches the bot, PORT from .env picks the host port, the healthcheck comes
    from compose.yaml (the image has none), and PostgreSQL stays out of it (a Compose that ignores
    profiles, as podman-compose 1.0 does, would start it)."""
    bot = project({"LOG_FORMAT": "json"})
    bot.up_until_healthy()
    assert not bot.container("postgres")
    assert bot.get("/readyz") == (200, '{"status": "ready"}')
    messages = [json.loads(line)["message"] for line in bot.logs("newsbot").splitlines() if line.startswith("{")]
    assert any("SQLite file" in message for message in messages), messages


def test_postgres_profile_with_the_database_url_in_a_file(project, postgres_image: str, tmp_path: Path):
    """DATABASE_URL_FILE in .env, the URL in a Compose secret: nothing in compose.yaml or the image hides
    it, and the bot migrates and answers on the profile's PostgreSQL."""
    password = uuid.uuid4().hex
    secret = tmp_path / "database_url.txt"
    secret.write_text(f"postgresql://newsbot:{password}@postgres:5432/newsbot\n")
    secret.chmod(0o644)  # the file is mounted as it is, and the bot runs as uid 10001
    (tmp_path / "compose.override.yaml").write_text(
        'services:\n  newsbot:\n    secrets: ["database_url"]\n'
        'secrets:\n  database_url:\n    file: "./database_url.txt"\n'
    )
    bot = project({"POSTGRES_PASSWORD": password, "DATABASE_URL_FILE": "/run/secrets/database_url"},
                  profiles=("postgres",))
    bot.up_until_healthy(services=("postgres", "newsbot"))
    assert bot.get("/readyz") == (200, '{"status": "ready"}')
    migrated = podman("exec", bot.container("postgres"), "psql", "-U", "newsbot", "-d", "newsbot", "-tAc",
                      "SELECT count(*) FROM alembic_version")
    assert migrated.stdout.strip() == "1"
    logs = bot.logs("newsbot")
    assert password not in logs
    assert "is not a setting" not in logs  # POSTGRES_PASSWORD from .env reaches the bot too
