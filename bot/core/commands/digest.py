"""/digest: this channel's scheduled digest of what changed (subscribe, pause, list, preview, ...).

The command holds no database or platform code: it talks to the application's DigestDesk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from bot.core.answer import Answer, Field, Status, problem
from bot.core.commands.common import option
from bot.core import digest_compose  # a module: digest_compose imports bot.core.commands too
from bot.core.digests import DigestDesk, Subscription
from bot.core.registry import Command, Context, Option, Registry
from bot.core.request import Request
from bot.core.schedule import EXAMPLES, HOW, describe, parse_schedule, run_time, utcnow
from bot.core.text import clean, quote, shorten
from bot.errors import ScheduleError, StoreError

ACTIONS = ("subscribe", "unsubscribe", "pause", "resume", "list", "preview", "now")
CHANGES = frozenset({"subscribe", "unsubscribe", "pause", "resume", "now"})
POSTING = frozenset({"subscribe", "now"})
PLATFORMS = ("slack", "discord")
USAGE = "/digest subscribe <schedule> | unsubscribe | pause | resume | list | preview | now"
SUBSCRIBE_EXAMPLE = f"/digest subscribe {EXAMPLES[0]}"
HELP_LINES = (
    f"Usage: {USAGE}",
    "subscribe <schedule>: post a digest of what changed to this channel; a second subscribe replaces the schedule.",
    f"Schedules: {HOW}",
    "unsubscribe, pause, resume: stop, pause or restart this channel's digests (channel managers only).",
    "list: this channel's subscription. preview: the digest it would get now, only to you. now: post it now.",
)
Handler = Callable[[Context, DigestDesk, Request, str], Answer]


def register(registry: Registry) -> None:
    """Add this command to `registry`."""
    registry.add(
        Command(
            name="digest",
            summary="Scheduled digests of what changed in the AI model race, posted to this channel.",
            usage=USAGE,
            examples=(SUBSCRIBE_EXAMPLE, "/digest subscribe weekly mon 09:00 Europe/Berlin", "/digest list",
                      "/digest preview"),
            options=(
                Option("action", "What to do", kind="choice", required=True, choices=ACTIONS),
                Option("schedule", "For subscribe: daily HH:MM, weekly <day> HH:MM or cron, then a time zone"),
            ),
            handler=digest,
            blocking=True,
            for_managers=True,
        )
    )


def digest(context: Context, request: Request) -> Answer:
    """Answer /digest."""
    if request.options:
        action, rest = option(request.options, "action").lower(), option(request.options, "schedule")
    else:
        head, _, rest = request.text.partition(" ")
        action = head.lower()
    if not action or action == "help":
        return Answer(title="/digest: scheduled digests for this channel", lines=HELP_LINES,
                      suggestions=(SUBSCRIBE_EXAMPLE, "/digest preview"), ephemeral=True)
    if action not in ACTIONS:
        return problem(f"Unknown /digest subcommand {quote(action, 40)}", Status.BAD_INPUT, *HELP_LINES,
                       suggestions=("/digest list", "/digest preview"))
    desk = context.digests
    if desk is None:
        return problem("Digests need the running bot", Status.BAD_INPUT,
                       "The running bot (newsbot run) delivers scheduled digests to Slack and Discord channels; "
                       "newsbot digest preview prints what a new subscription would get.")
    if action in POSTING and request.platform not in PLATFORMS:
        return problem("Digests are for Slack and Discord channels", Status.BAD_INPUT,
                       "Type /digest subscribe in the channel that should get them. Here, /digest preview shows one.",
                       suggestions=("/digest preview",))
    if action in CHANGES and not (request.can_manage or desk.is_manager(request.user)):
        return _refusal(request.platform)
    try:
        return HANDLERS[action](context, desk, request, rest.strip())
    except StoreError:
        return problem("Digests are unavailable right now", Status.ERROR,
                       "The bot's database did not answer. Nothing was changed; try again in a minute.")


def _refusal(platform: str) -> Answer:
    who = {
        "discord": "On Discord: members with the Manage Channels permission.",
        "slack": "On Slack: workspace admins and owners.",
    }.get(platform, "On Discord: members with Manage Channels; on Slack: workspace admins and owners.")
    return problem(
        "Only channel managers can change this channel's digests",
        Status.BAD_INPUT,
        who,
        "The bot's operator can also allow people by user id (the DIGEST_MANAGERS setting).",
        "Anyone can use /digest list and /digest preview.",
        suggestions=("/digest list", "/digest preview"),
    )


def _next(desk: DigestDesk, subscription: Subscription) -> str:
    """When the subscription's next digest is due, in its zone, as words."""
    if subscription.paused:
        return "none while paused"
    try:
        return run_time(desk.next_run(subscription.schedule, utcnow()), subscription.schedule.zone)
    except ValueError:
        return "never: the scheduler does not accept this schedule; subscribe again with another"


def _no_subscription(title: str = "This channel has no digest subscription") -> Answer:
    return problem(title, Status.NOT_FOUND, f"A channel manager can start one: {SUBSCRIBE_EXAMPLE}.",
                   suggestions=(SUBSCRIBE_EXAMPLE, "/digest preview"))


def subscribe(context: Context, desk: DigestDesk, request: Request, text: str) -> Answer:
    """Subscribe this channel, or replace its schedule."""
    try:
        schedule = parse_schedule(text, desk.default_zone)
        next_run = desk.next_run(schedule, utcnow())
    except ScheduleError as error:
        return _bad_schedule(str(error))
    except ValueError as error:
        reason = shorten(clean(str(error)), 120)
        return _bad_schedule(f"The scheduler does not accept {quote(schedule.text, 40)}: {reason}. {HOW}")
    before = desk.find(request.channel)
    subscription = desk.subscribe(request.channel, schedule, request.user)
    lines = [f"Next digest: {run_time(next_run, schedule.zone)}."]
    if before is not None:
        lines.insert(0, f"This replaces {describe(before.schedule)}.")
    if subscription.paused:
        lines.append("Digests are paused here: /digest resume starts them again.")
    if subscription.last_delivery is None:
        lines.append("The first digest shows where things stand; later ones say what changed since the one before.")
    return Answer(title=f"This channel gets a digest {describe(schedule)}", lines=tuple(lines),
                  suggestions=("/digest preview", "/digest list"))


def _bad_schedule(message: str) -> Answer:
    return problem("That is not a schedule /digest can use", Status.BAD_INPUT, message,
                   suggestions=tuple(f"/digest subscribe {example}" for example in EXAMPLES))


def unsubscribe(context: Context, desk: DigestDesk, request: Request, text: str) -> Answer:
    """Remove this channel's subscription."""
    if not desk.unsubscribe(request.channel):
        return _no_subscription()
    return Answer(title="This channel no longer gets digests", suggestions=(SUBSCRIBE_EXAMPLE,))


def pause(context: Context, desk: DigestDesk, request: Request, text: str) -> Answer:
    """Pause this channel's digests, keeping the subscription."""
    if desk.set_paused(request.channel, True) is None:
        return _no_subscription()
    return Answer(title="Digests are paused for this channel", lines=("/digest resume starts them again.",),
                  suggestions=("/digest resume",))


def resume(context: Context, desk: DigestDesk, request: Request, text: str) -> Answer:
    """Resume this channel's digests (clearing any pause reason)."""
    subscription = desk.set_paused(request.channel, False)
    if subscription is None:
        return _no_subscription()
    return Answer(title="Digests are back on for this channel",
                  lines=(f"{_sentence(describe(subscription.schedule))}. Next digest: {_next(desk, subscription)}.",),
                  suggestions=("/digest list",))


def show(context: Context, desk: DigestDesk, request: Request, text: str) -> Answer:
    """This channel's subscription: schedule, next run, last delivery, state and pause reason."""
    subscription = desk.find(request.channel)
    if subscription is None:
        return replace(_no_subscription(), status=Status.OK)
    zone = subscription.schedule.zone
    state = "active"
    if subscription.paused:
        reason = shorten(clean(subscription.reason), 200)
        state = f"paused: {reason}" if reason else "paused"
    last = subscription.last_delivery
    return Answer(
        title="This channel's digest",
        fields=(
            Field("Schedule", describe(subscription.schedule)),
            Field("Next digest", _next(desk, subscription)),
            Field("Last digest", run_time(last, zone) if last else "none yet"),
            Field("State", state),
        ),
        suggestions=("/digest resume",) if subscription.paused else ("/digest preview",),
        ephemeral=True,
    )


def preview(context: Context, desk: DigestDesk, request: Request, text: str) -> Answer:
    """The digest this channel would get now, only to the asker; changes nothing."""
    subscription = desk.find(request.channel)
    previous = desk.last_snapshot(request.channel) if subscription is not None else None
    since = subscription.last_delivery if subscription is not None else None
    news = context.news.latest() if context.news is not None else None
    result = digest_compose.compose(
        context.catalog, previous, top_n=desk.top_n, since=since, chart=desk.chart, news=news
    )
    if subscription is None:
        note = "This channel has no subscription: this is what its first digest would show."
    elif not result.news:
        note = "Nothing changed since this channel's last digest."
    else:
        note = "Only you see this preview; nothing was posted or changed."
    answer = result.answer
    return replace(answer, title=f"Preview: {answer.title}", lines=(note, *answer.lines), ephemeral=True)


def now(context: Context, desk: DigestDesk, request: Request, text: str) -> Answer:
    """Post this channel's digest now, as a delivery."""
    if desk.find(request.channel) is None:
        return _no_subscription()
    delivery = desk.deliver_now(request.channel, request.created)
    if delivery.posted:
        return Answer(title="Posted this channel's digest", ephemeral=True)
    detail = shorten(clean(delivery.detail), 300) or "no reason was given"
    return Answer(title="The digest was not posted", lines=(_sentence(detail),), ephemeral=True)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


HANDLERS: dict[str, Handler] = {
    "subscribe": subscribe,
    "unsubscribe": unsubscribe,
    "pause": pause,
    "resume": resume,
    "list": show,
    "preview": preview,
    "now": now,
}
