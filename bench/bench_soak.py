"""Soak: mixed requests against the real `newsbot run` (Slack HTTP mode), beside a bare Bolt app.

The bot runs as a process on a temp copy of content/ and a temp SQLite file, against a loopback fake Slack
Web API (auth.test) in this process. Workers send signed slash commands, GET /healthz /readyz /metrics and
hostile POSTs (their status codes are reported, not judged), with two content reloads under load; RSS comes
from /proc; then the log is checked and the bot gets SIGTERM. The same POSTs go to a bare Bolt AsyncApp
(process_before_response=True, constant ack, Bolt's aiohttp web_app) in its own process, in blocks that
alternate with the bot's, so drift on a shared machine hits both. Signing happens before each timer starts;
all traffic is 127.0.0.1.
Run: .venv/bin/python -m bench.bench_soak [--requests N] [--concurrency C] [--max-seconds S]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

from bench.stats import report

ROOT = Path(__file__).resolve().parents[1]
TOKEN, SECRET = "xoxb-soak-bench-token", "soak-bench-signing-secret"
WARMUP = 500
RELOADS_AT = (0.35, 0.70)  # fractions of the measured requests
RELOAD_HOLD, RELOAD_SETTLE = 1.0, 1.0  # seconds the edit stays; seconds after restoring still counted as reload
ERROR_LINE = re.compile(r"\S+ \S+ ERROR ")  # text format: date time LEVEL logger: message
COMMAND_LINE = re.compile(r"\S+ \S+ INFO newsbot\.commands: .*command=")  # one per answered command
Process = asyncio.subprocess.Process
CHILDREN: list[Process] = []  # killed at exit if still running
COMMANDS = ["/rank", "/rank intelligence index", "/rank gdpval", "/rank hle top 3", "/rank terminal bench hard",
            "/rank no such benchmark", "/compare muse spark vs gpt-5.4", "/compare claude opus 4.6 vs gemini 3.1 pro",
            "/compare nobody vs nothing", "/timeline", "/timeline muse", "/faq is muse spark open source",
            "/faq what is meta muse spark", "/faq zzz qqq", "/help", "/help rank", "/frobnicate now"]
GETS = ("/healthz", "/readyz", "/metrics")
HOSTILE = {"unsigned": "none", "forged signature": "forged", "stale timestamp": "stale", "timestamp abc": "abc",
           "body {": "none", "invalid UTF-8": "none"}  # kind -> how it is (not) signed
Spec = tuple[str, str, str, bytes, str]  # kind, method, path, body, auth


def form(line: str) -> bytes:
    command, _, text = line.partition(" ")
    return urlencode({"token": "unused", "team_id": "T0SOAK", "channel_id": "C0SOAK", "channel_name": "general",
                      "user_id": "U0SOAK", "command": command, "text": text, "api_app_id": "A0SOAK",
                      "response_url": "http://127.0.0.1:9/unused", "trigger_id": "1.2.3"}).encode()


def mix(count: int, seed: int = 8) -> list[Spec]:
    """`count` requests: ~80% signed commands, ~8% GETs, ~12% hostile, in a fixed pseudo-random order."""
    rng, bodies, specs = random.Random(seed), {line: form(line) for line in COMMANDS}, []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.80:
            line = rng.choice(COMMANDS)
            specs.append((f"signed {line.split()[0]}", "POST", "/slack/events", bodies[line], "signed"))
        elif roll < 0.88:
            path = rng.choice(GETS)
            specs.append((f"GET {path}", "GET", path, b"", "none"))
        else:
            kind = rng.choice(list(HOSTILE))
            body = {"body {": b"{", "invalid UTF-8": b"text=\xff"}.get(kind, bodies["/rank gdpval"])
            specs.append((kind, "POST", "/slack/events", body, HOSTILE[kind]))
    return specs


def headers(body: bytes, auth: str) -> dict[str, str]:
    """Slack's signing headers for `body`: correct for auth 'signed', deliberately wrong otherwise."""
    base = {"Content-Type": "application/x-www-form-urlencoded"}
    if auth == "none":
        return base
    if auth == "abc":
        return {**base, "X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=0"}
    ts = str(int(time.time()) - (600 if auth == "stale" else 0))
    key = b"not-the-signing-secret" if auth == "forged" else SECRET.encode()
    digest = hmac.new(key, b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {**base, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=" + digest}


@dataclass
class Run:
    """What one load phase saw: statuses per kind, and (end, seconds, status) of each signed command."""

    statuses: dict[str, Counter[str]] = field(default_factory=dict)
    signed: list[tuple[float, float, str]] = field(default_factory=list)
    seconds: float = 0.0
    cut_short: bool = False

    @property
    def total(self) -> int:
        return sum(sum(counts.values()) for counts in self.statuses.values())

    def ok_latencies(self) -> list[float]:
        return [elapsed for _, elapsed, status in self.signed if status == "200"]


async def load(http: aiohttp.ClientSession, url: str, specs: list[Spec], concurrency: int, deadline: float,
               run: Run | None = None, actions: dict[int, Callable[[], None]] | None = None, offset: int = 0) -> Run:
    """Send `specs` with `concurrency` workers into `run`, until done or `deadline` (monotonic); run
    actions[offset + i] before request i."""
    run, indices = run or Run(), iter(range(len(specs)))

    async def worker() -> None:
        for index in indices:  # shared iterator: each index is taken by exactly one worker
            if time.monotonic() > deadline:
                run.cut_short = True
                return
            if actions and offset + index in actions:
                actions[offset + index]()
            kind, method, path, body, auth = specs[index]
            sent_headers = headers(body, auth) if method == "POST" else {}
            started = time.perf_counter()
            try:
                async with http.request(method, url + path, data=body or None, headers=sent_headers) as response:
                    await response.read()
                    status = str(response.status)
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                status = exc.__class__.__name__
            elapsed = time.perf_counter() - started
            run.statuses.setdefault(kind, Counter())[status] += 1
            if auth == "signed":
                run.signed.append((time.monotonic(), elapsed, status))

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    run.seconds += time.perf_counter() - started
    return run


def posts(specs: list[Spec]) -> list[Spec]:
    return [spec for spec in specs if spec[1] == "POST"]


def rss_mib(pid: int) -> float:
    return int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1)) / 1024


async def fake_web_api(calls: Counter[str]) -> tuple[web.AppRunner, str]:
    """Slack's Web API on 127.0.0.1 (under /api/ for newsbot, /bare/api/ for Bolt): every method answers ok."""
    async def api(request: web.Request) -> web.Response:
        calls[request.path] += 1
        return web.json_response({"ok": True, "url": "https://soak.slack.com/", "team": "Soak", "user": "newsbot",
                                  "team_id": "T0SOAK", "user_id": "U0BOT", "bot_id": "B0BOT"})

    app = web.Application()
    app.add_routes([web.post("/api/{method}", api), web.post("/bare/api/{method}", api)])
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


async def child(args: list[str], env: dict[str, str], log: Path) -> tuple[Process, str]:
    """`python ARGS` in the repository, stderr to `log`; its URL from the 'HTTP server on HOST:PORT' line."""
    with log.open("wb") as sink:  # the child keeps its own copy of the descriptor
        process = await asyncio.create_subprocess_exec(sys.executable, *args, cwd=ROOT, env=env, stderr=sink,
                                                       stdin=asyncio.subprocess.DEVNULL,
                                                       stdout=asyncio.subprocess.DEVNULL)
    CHILDREN.append(process)
    for _ in range(1500):  # at most ~30 s
        if match := re.search(r"HTTP server on [\d.]+:(\d+)", log.read_text(errors="replace")):
            return process, f"http://127.0.0.1:{match.group(1)}"
        if process.returncode is not None:
            break
        await asyncio.sleep(0.02)
    raise RuntimeError(f"{args} did not serve; its log ends:\n{log.read_text(errors='replace')[-1500:]}")


async def stop(process: Process, timeout: float = 30) -> str:
    """SIGTERM, then 'exit code, seconds to exit'; SIGKILL after `timeout` s."""
    started = time.perf_counter()
    process.send_signal(signal.SIGTERM)
    try:
        code = str(await asyncio.wait_for(process.wait(), timeout))
    except TimeoutError:
        process.kill()
        code = f"SIGKILL after {timeout:.0f} s: {await process.wait()}"
    return f"{code}, {time.perf_counter() - started:.2f}"


async def start_newsbot(http: aiohttp.ClientSession, api_url: str, work: Path) -> tuple[Process, str]:
    """`newsbot run` in Slack HTTP mode on a temp copy of content/ and a temp SQLite file, once /readyz is 200."""
    shutil.copytree(ROOT / "content", work / "content")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "NEWSBOT_", "DATABASE_"))}
    env |= {"PORT": "0", "HOST": "127.0.0.1", "CONSOLE": "off", "RELOAD": "true", "CONTENT_DIR": str(work / "content"),
            "DATABASE_URL": f"sqlite:///{work}/soak.db", "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": api_url + "/api", "LOG_FORMAT": "text", "LOG_LEVEL": "INFO"}
    started = time.perf_counter()
    process, url = await child(["-m", "bot.cli", "run"], env, work / "newsbot.log")
    for _ in range(3000):  # at most ~30 s
        async with http.get(url + "/readyz") as response:
            if response.status == 200:
                break
        await asyncio.sleep(0.01)
    print(f"newsbot run: /readyz 200 on {url} {time.perf_counter() - started:.2f} s after spawn (pid {process.pid})")
    return process, url


async def serve_bare_bolt(api_url: str) -> None:
    """Child-process mode: a bare Bolt AsyncApp acking a constant text, on Bolt's aiohttp web_app."""
    from slack_bolt.async_app import AsyncAck, AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    bolt = AsyncApp(client=AsyncWebClient(token=TOKEN, base_url=api_url + "/api/"), signing_secret=SECRET,
                    process_before_response=True)

    @bolt.command(re.compile(".*"))
    async def constant(ack: AsyncAck) -> None:
        await ack("constant")

    runner = web.AppRunner(bolt.web_app(path="/slack/events"), access_log=None, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    print(f"HTTP server on 127.0.0.1:{runner.addresses[0][1]}", file=sys.stderr, flush=True)
    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    await stopping.wait()
    await runner.cleanup()


async def main(requests: int, concurrency: int, max_seconds: float, blocks: int) -> None:
    calls: Counter[str] = Counter()
    api_runner, api_url = await fake_web_api(calls)
    specs = mix(WARMUP + requests)
    warm, measured = specs[:WARMUP], specs[WARMUP:]
    ours, bare, rss, bare_rss, windows, tasks = Run(), Run(), [], [], [], []
    try:
        with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
            work = Path(tmp)
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency),
                                             timeout=aiohttp.ClientTimeout(total=10)) as http:
                bot, bot_url = await start_newsbot(http, api_url, work)
                bolt, bolt_url = await child(["-m", "bench.bench_soak", "--serve-bare-bolt", api_url + "/bare"],
                                             dict(os.environ), work / "bare.log")
                deadline = time.monotonic() + max_seconds
                await load(http, bot_url, warm, concurrency, deadline)
                await load(http, bolt_url, posts(warm), concurrency, deadline)
                rss.append((0, rss_mib(bot.pid)))
                bare_rss.append(rss_mib(bolt.pid))
                faq = work / "content" / "faq.yaml"

                async def reload_once() -> None:
                    original, window = faq.read_bytes(), [time.monotonic(), float("inf")]
                    windows.append(window)
                    faq.write_bytes(original + b"\n# soak edit\n")
                    await asyncio.sleep(RELOAD_HOLD)
                    faq.write_bytes(original)
                    await asyncio.sleep(RELOAD_SETTLE)
                    window[1] = time.monotonic()

                step = max(1000, len(measured) // 4)
                actions: dict[int, Callable[[], None]] = {
                    i: (lambda i=i: rss.append((i, rss_mib(bot.pid)))) for i in range(step, len(measured), step)}
                for fraction in RELOADS_AT:
                    actions[int(len(measured) * fraction)] = lambda: tasks.append(asyncio.create_task(reload_once()))
                size = -(-len(measured) // blocks)
                for first in range(0, len(measured), size):  # alternating blocks: drift on the machine hits both
                    block = measured[first:first + size]
                    await load(http, bot_url, block, concurrency, deadline, ours, actions, first)
                    await load(http, bolt_url, posts(block), concurrency, deadline, bare)
                rss.append((ours.total, rss_mib(bot.pid)))
                bare_rss.append(rss_mib(bolt.pid))
                await asyncio.gather(*tasks)
                async with http.get(bot_url + "/metrics") as response:
                    reloads = re.findall(r'^newsbot_content_reloads_total\{result="(\w+)"\} (\S+)',
                                         await response.text(), re.M)
            stops = await stop(bot), await stop(bolt)
            lines = (work / "newsbot.log").read_text(errors="replace").splitlines()
    finally:
        for process in CHILDREN:
            if process.returncode is None:
                process.kill()
                await process.wait()
        await api_runner.cleanup()
    for name, run in (("newsbot", ours), ("bare Bolt", bare)):
        print(f"{name}: status codes per kind, {run.total} requests in {run.seconds:.1f} s of load"
              + (" (CUT SHORT by --max-seconds)" if run.cut_short else ""))
        for kind in sorted(run.statuses):
            print(f"  {kind:<20} " + "  ".join(f"{s}: {n}" for s, n in sorted(run.statuses[kind].items())))
    print(f"\nsigned commands answered 200, after {WARMUP} warm-up, concurrency {concurrency}, {blocks} alternating "
          "blocks, loopback (bare Bolt gets the same POSTs, no GETs):")
    if not (ours.ok_latencies() and bare.ok_latencies()):
        raise SystemExit("no signed command was answered 200 by both servers: nothing to compare")
    p = [report("newsbot run (real process, mixed load)", ours.ok_latencies()),
         report("bare Bolt AsyncApp (own process, same mix)", bare.ok_latencies())]
    print(f"ratio newsbot/bare: p50 {p[0][0] / p[1][0]:.2f}x   p99 {p[0][1] / p[1][1]:.2f}x")
    print("newsbot RSS MiB at request n: " + ", ".join(f"{n}: {mib:.1f}" for n, mib in rss))
    during = [status for at, _, status in ours.signed if any(start <= at <= end for start, end in windows)]
    signed_sent = sum(spec[4] == "signed" for spec in warm) + len(ours.signed)
    api = [" ".join(f"{k.rsplit('/', 1)[1]}={v}" for k, v in calls.items() if k.startswith(prefix)) or "none"
           for prefix in ("/api/", "/bare/api/")]
    rows = [("requests measured", ours.total, bare.total),
            ("throughput, req/s", *(f"{run.total / run.seconds:.0f}" for run in (ours, bare))),
            ("signed commands / not 200", *(f"{len(run.signed)} / {len(run.signed) - len(run.ok_latencies())}"
                                            for run in (ours, bare))),
            ("p50 / p99 ms", *(f"{p50:.2f} / {p99:.2f}" for p50, p99 in p)),
            ("RSS before -> after, MiB", f"{rss[0][1]:.1f} -> {rss[-1][1]:.1f}",
             f"{bare_rss[0]:.1f} -> {bare_rss[-1]:.1f}"),
            ("signed during reloads / not 200", f"{len(during)} / {sum(status != '200' for status in during)}", "-"),
            ("content reloads (metrics)", " ".join(f"{r}={n}" for r, n in reloads) or "none", "-"),
            ("log: command= lines (INFO) / any", f"{sum(COMMAND_LINE.match(line) is not None for line in lines)} / "
             f"{sum('command=' in line for line in lines)} of {signed_sent} signed", "-"),
            ("log: Traceback / ERROR lines", f"{sum(line.startswith('Traceback') for line in lines)} / "
             f"{sum(ERROR_LINE.match(line) is not None for line in lines)}", "-"),
            ("fake Web API calls", *api),
            ("SIGTERM: exit code, seconds", *stops)]
    print(f"\n{'':<34} {'newsbot':>28} {'bare Bolt':>16}")
    for name, a, b in rows:
        print(f"{name:<34} {a!s:>28} {b!s:>16}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=50, help="at most 50")
    parser.add_argument("--blocks", type=int, default=10, help="alternations between the two servers")
    parser.add_argument("--max-seconds", type=float, default=150, help="time limit of all the load together")
    parser.add_argument("--serve-bare-bolt", metavar="API_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare_bolt:
        asyncio.run(serve_bare_bolt(args.serve_bare_bolt))
    else:
        concurrency = max(1, min(args.concurrency, 50))
        asyncio.run(main(max(1, args.requests), concurrency, args.max_seconds, max(1, args.blocks)))
