"""Prometheus metrics, in a registry of their own so tests and replicas stay independent."""

from __future__ import annotations

from collections.abc import Mapping
from platform import python_version

from prometheus_client import (
    GC_COLLECTOR, PLATFORM_COLLECTOR, PROCESS_COLLECTOR, CollectorRegistry, Counter, Gauge, Histogram, Info,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot import __version__

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]


class Metrics:
    """Every metric newsbot exports. Later features add theirs here, on the same registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        for standard in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):  # process_* and python_*
            self.registry.register(standard)
        self._answered: dict[tuple[str, str, str], tuple[Counter, Histogram]] = {}
        self.commands = Counter(
            "newsbot_commands", "Commands answered", ["command", "platform", "outcome"], registry=self.registry
        )
        self.latency = Histogram(
            "newsbot_command_seconds",
            "Time to answer a command in the core",
            ["command", "platform"],
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
            registry=self.registry,
        )
        self.content_info = Gauge(
            "newsbot_content_info", "Content version being served", ["version"], registry=self.registry
        )
        self.content_reloads = Counter(
            "newsbot_content_reloads", "Content reload attempts", ["result"], registry=self.registry
        )
        self.content_errors = Gauge(
            "newsbot_content_load_errors", "Problems found in the last refused content edit", registry=self.registry
        )
        self.charts = Counter(
            "newsbot_charts", "Charts asked for, by result: drawn, cached or failed", ["result"], registry=self.registry
        )
        self.platform_up = Gauge(
            "newsbot_platform_connected", "1 when the platform connection is up", ["platform"], registry=self.registry
        )
        self.platform_listening = Gauge(
            "newsbot_platform_listening",
            "1 on the replica that receives the platform's commands; 0 on a stand-by (Discord: one replica at a time)",
            ["platform"], registry=self.registry,
        )
        self.feed_polls = Counter(
            "newsbot_feed_polls", "Feed polls by result: new, unchanged, not_modified, failed, rate_limited, disabled",
            ["feed", "result"], registry=self.registry,
        )
        self.feed_items = Counter("newsbot_feed_items", "Feed items stored", ["feed"], registry=self.registry)
        self.feeds = Gauge(
            "newsbot_feeds", "Followed feeds by state: new, ok, failing, disabled", ["state"], registry=self.registry
        )
        self.digest_deliveries = Counter(
            "newsbot_digest_deliveries", "Digest slots this process delivered, by outcome: posted, empty, failed, "
            "uncertain",
            ["platform", "outcome"], registry=self.registry,
        )
        self.digests_paused = Gauge(
            "newsbot_digest_subscriptions_paused",
            "Paused digest subscriptions (by a user or after repeated refusals), as of the digest scheduler's last "
            "look at the database", ["platform"], registry=self.registry,
        )
        Info("newsbot_build", "The running release", registry=self.registry).info(
            {"version": __version__, "python": python_version()}
        )

    def answered(self, command: str, platform: str, outcome: str, seconds: float) -> None:
        """Count one answered command and its latency (the labelled series are looked up once each)."""
        key = (command, platform, outcome)
        series = self._answered.get(key)
        if series is None:
            series = self._answered[key] = (
                self.commands.labels(command, platform, outcome), self.latency.labels(command, platform)
            )
        series[0].inc()
        series[1].observe(seconds)

    def content_loaded(self, version: str) -> None:
        """Record that `version` is now the content being served."""
        self.content_info.clear()
        self.content_info.labels(version=version).set(1)

    def paused(self, counts: Mapping[str, int]) -> None:
        """Record how many digest subscriptions are paused on each platform (0s included)."""
        self.digests_paused.clear()
        for name, count in counts.items():
            self.digests_paused.labels(name).set(count)

    def render(self) -> bytes:
        """The text exposition format for /metrics."""
        return generate_latest(self.registry)
