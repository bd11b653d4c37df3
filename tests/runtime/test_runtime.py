"""The runtime as `newsbot run` starts it: health, readiness, metrics, hot reload, shutdown."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import aiohttp
import pytest

from bot.core import Request
from bot.runtime.run import Runtime
from bot.runtime.settings import load_settings
from bot.store import Store
from tests.conftest import CONTENT


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
async def runtime(tmp_path: Path, content_dir: Path):
    settings = load_settings(
        {"PORT": "0", "CONTENT_DIR": str(content_dir), "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db"}
    )
    running = Runtime(settings)
    await running.start()
    yield running
    await running.stop()


async def get(runtime: Runtime, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{runtime.port}{path}") as response:
            return response.status, await response.text()


async def test_health_ready_and_metrics(runtime):
    assert await get(runtime, "/healthz") == (200, '{"status": "ok"}')
    status, body = await get(runtime, "/readyz")
    assert status == 200 and "ready" in body
    await runtime.service.answer(Request("rank", "hle"))
    status, metrics = await get(runtime, "/metrics")
    assert status == 200
    assert 'newsbot_commands_total{command="rank",outcome="ok",platform="console"} 1.0' in metrics
    assert "newsbot_command_seconds_bucket" in metrics
    assert f'newsbot_content_info{{version="{runtime.service.core.catalog.version}"}} 1.0' in metrics


async def test_not_ready_when_the_database_is_gone(runtime):
    runtime.store = Store("postgresql://nobody@127.0.0.1:1/none")
    status, body = await get(runtime, "/readyz")
    assert status == 503
    assert "database unreachable" in body


async def test_unknown_path_and_method(runtime):
    assert (await get(runtime, "/nope"))[0] == 404
    async with aiohttp.ClientSession() as session:
        async with session.post(f"http://127.0.0.1:{runtime.port}/healthz", data=b"x" * 10) as response:
            assert response.status == 405


async def wait_for(predicate, timeout: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


def first_row(runtime: Runtime, line: str) -> tuple[str, ...]:
    return runtime.service.core.handle(Request.parse(line)).table.rows[0]


async def test_valid_edit_goes_live_and_broken_edit_is_refused(runtime, content_dir):
    benchmarks = content_dir / "benchmarks.yaml"
    original = benchmarks.read_text()
    benchmarks.write_text(original.replace("{model: gemini-3.1-pro, value: 57,", "{model: gemini-3.1-pro, value: 61,"))
    await wait_for(lambda: first_row(runtime, "/rank") == ("1", "Gemini 3.1 Pro", "61", "2026-04-08"))
    live_version = runtime.service.core.catalog.version

    benchmarks.write_text(original.replace("direction: lower", "direction: downward"))
    await wait_for(lambda: runtime.metrics.content_reloads.labels("refused")._value.get() >= 1)
    assert runtime.service.core.catalog.version == live_version
    assert first_row(runtime, "/rank")[2] == "61"
    status, metrics = await get(runtime, "/metrics")
    assert 'newsbot_content_reloads_total{result="refused"} 1.0' in metrics
    assert "newsbot_content_load_errors 1.0" in metrics


async def test_an_edit_to_a_source_text_goes_live(runtime, content_dir):
    article = content_dir / "sources" / "muse-spark-launch-article.md"
    article.write_text(article.read_text() + "\nMuse Spark now speaks Klingon.\n")
    await wait_for(lambda: "Muse Spark now speaks Klingon." in [p.text for p in runtime.service.core.catalog.passages])


async def test_stop_waits_for_in_flight_work(runtime):
    finished = []

    async def slow_command():
        async with runtime.service.work():
            await asyncio.sleep(0.3)
            finished.append(True)

    task = asyncio.create_task(slow_command())
    await asyncio.sleep(0.05)
    await runtime.service.drain(5)
    assert finished == [True]
    assert (await runtime.service.answer(Request("help"))).title == "newsbot is restarting"
    await task


async def test_load_error_gauge_clears_when_the_broken_file_is_removed(runtime, content_dir):
    broken = content_dir / "broken.yaml"
    broken.write_text("models: [\n")
    await wait_for(lambda: runtime.metrics.content_errors._value.get() == 1)
    broken.unlink()  # the content is what it was before: the unchanged-version path
    await wait_for(lambda: runtime.metrics.content_errors._value.get() == 0)
    assert "newsbot_content_load_errors 0.0" in (await get(runtime, "/metrics"))[1]
