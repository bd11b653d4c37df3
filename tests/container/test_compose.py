"""compose.yaml: the port the bot listens on inside the container is pinned, so a PORT in .env (which
`env_file` hands to the container too) can only move the host side of the mapping."""

from __future__ import annotations

import yaml

from tests.conftest import ROOT


def newsbot_service() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]["newsbot"]


def test_container_port_is_pinned_and_matches_every_mapping():
    service = newsbot_service()
    environment = service["environment"]
    assert str(environment["PORT"]) == "3000"
    assert environment["HOST"] == "0.0.0.0"
    for mapping in service["ports"]:
        container_side = str(mapping).rsplit(":", 1)[1]
        assert "$" not in container_side, f"the container side of {mapping!r} must not come from a variable"
        assert container_side == str(environment["PORT"])


def test_settings_that_point_inside_the_image_cannot_be_moved_by_env_file():
    environment = newsbot_service()["environment"]
    mounts = {volume.split(":")[1] for volume in newsbot_service()["volumes"]}
    assert environment["CONTENT_DIR"] in mounts
    assert environment["DATABASE_URL"].endswith("/app/data/newsbot.db}")
