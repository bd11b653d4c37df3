"""compose.yaml as every Compose reads it: values all strings (podman-compose fails on a bare number),
the plain `env_file` form (podman-compose 1.0 and Compose before 2.24 read no other), no default that
hides a NAME_FILE from .env, the container's port pinned, and the image's HEALTHCHECK repeated for
podman-compose, whose OCI builds drop it."""

from __future__ import annotations

import re

import yaml

from bot.runtime.config import SECRETS
from tests.conftest import ROOT


def services() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]


def newsbot_service() -> dict:
    return services()["newsbot"]


def test_every_environment_value_is_a_quoted_string():
    for name, service in services().items():
        for key, value in service.get("environment", {}).items():
            assert isinstance(value, str), f"{name}: {key}: {value!r} must be quoted"


def test_env_file_is_the_plain_form():
    assert newsbot_service()["env_file"] == ".env"


def test_no_secret_is_given_a_value_that_would_hide_its_file():
    """A secret set here (even as ${NAME:-default}) would make NAME_FILE from .env an error, or lose to it."""
    environment = newsbot_service()["environment"]
    for secret in SECRETS:
        assert secret not in environment and f"{secret}_FILE" not in environment
    dockerfile_env = re.findall(r"\b([A-Z_]+)=", "\n".join(
        line for line in (ROOT / "Dockerfile").read_text().splitlines() if not line.lstrip().startswith("#")
    ))
    assert not set(SECRETS) & set(dockerfile_env)


def test_container_port_is_pinned_and_matches_every_mapping():
    """NEWSBOT_PORT wins over a PORT from .env, which only moves the host side of the mapping."""
    service = newsbot_service()
    environment = service["environment"]
    assert environment["NEWSBOT_PORT"] == "3000"
    assert environment["NEWSBOT_HOST"] == "0.0.0.0"
    for mapping in service["ports"]:
        container_side = str(mapping).rsplit(":", 1)[1]
        assert "$" not in container_side, f"the container side of {mapping!r} must not come from a variable"
        assert container_side == environment["NEWSBOT_PORT"]


def test_content_dir_is_the_mounted_one():
    environment = newsbot_service()["environment"]
    mounts = {volume.split(":")[1] for volume in newsbot_service()["volumes"]}
    assert environment["CONTENT_DIR"] in mounts


def test_healthcheck_repeats_the_images():
    dockerfile = (ROOT / "Dockerfile").read_text()
    options, command = re.search(r"^HEALTHCHECK (.*) CMD (\[.*\])$", dockerfile, re.MULTILINE).groups()
    image_check = dict(re.findall(r"--([a-z-]+)=(\S+)", options))
    compose_check = newsbot_service()["healthcheck"]
    assert compose_check["test"] == ["CMD", *yaml.safe_load(command)]
    assert {key.replace("_", "-"): str(value) for key, value in compose_check.items() if key != "test"} == image_check
