"""Pictures: charts drawn off the event loop, once per chart and content version, failures logged."""

import asyncio
import logging
import threading

from bot.core import Core, Request
from bot.runtime.metrics import Metrics
from bot.runtime.pictures import Pictures
from bot.runtime.service import Service


def chart_of(catalog, line):
    return Core(catalog, charts="always").handle(Request.parse(line, pictures="upload")).chart


def count(metrics, result):
    return metrics.registry.get_sample_value("newsbot_charts_total", {"result": result}) or 0


async def test_each_chart_is_drawn_once_per_content_version(catalog):
    threads, metrics = [], Metrics()

    def draw(chart):
        threads.append(threading.current_thread().name)
        return chart.title.encode()

    pictures = Pictures(metrics, draw=draw)
    rank, gdpval = chart_of(catalog, "/rank"), chart_of(catalog, "/rank gdpval")
    assert await pictures.png(rank, "v1") == rank.title.encode()
    assert await pictures.png(chart_of(catalog, "/rank"), "v1") == rank.title.encode()  # an equal chart: cached
    await pictures.png(gdpval, "v1")
    assert len(threads) == 2 and all(name.startswith("newsbot-chart") for name in threads)
    assert (count(metrics, "drawn"), count(metrics, "cached")) == (2, 1)
    await pictures.png(rank, "v2")  # a reload drops the cache
    assert len(threads) == 3
    pictures.close()


async def test_the_cache_is_bounded(catalog):
    drawn = []
    pictures = Pictures(size=1, draw=lambda chart: drawn.append(chart) or b"png")
    rank, gdpval = chart_of(catalog, "/rank"), chart_of(catalog, "/rank gdpval")
    for chart in (rank, gdpval, rank):
        await pictures.png(chart, "v1")
    assert drawn == [rank, gdpval, rank]
    pictures.close()


async def test_a_failed_drawing_is_logged_and_answers_none(catalog, caplog):
    def broken(chart):
        raise ValueError("no font")

    metrics = Metrics()
    pictures = Pictures(metrics, draw=broken)
    with caplog.at_level(logging.ERROR, logger="newsbot.charts"):
        assert await pictures.png(chart_of(catalog, "/rank"), "v1") is None
    assert "could not draw the chart" in caplog.text and "ValueError: no font" in caplog.text
    assert count(metrics, "failed") == 1
    pictures.close()


async def test_drawing_never_holds_up_other_answers(catalog):
    release = threading.Event()

    def slow(chart):
        release.wait(5)
        return b"png"

    service = Service(Core(catalog, charts="always"))
    service.pictures = Pictures(draw=slow)
    drawing = asyncio.create_task(service.picture(chart_of(catalog, "/rank")))
    await asyncio.sleep(0.05)
    answer = await service.answer(Request.parse("/rank hle"))  # answered while the chart is still drawing
    assert answer.ok and not drawing.done()
    release.set()
    assert await drawing == b"png"
    service.pictures.close()


async def test_the_real_renderer_draws_a_png(catalog):
    service = Service(Core(catalog))
    png = await service.picture(chart_of(catalog, "/compare muse spark vs gpt-5.4"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    service.pictures.close()
