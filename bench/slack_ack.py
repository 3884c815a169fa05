"""How fast does newsbot acknowledge Slack, and how soon is the answer posted?

Run:  .venv/bin/python bench/slack_ack.py [--events 50] [--runs 3] [--out bench/slack_ack.md]

Protocol
  * The real thing: ``newsbot slack --http --port N`` in its own process (as an operator runs it),
    over the seed article indexed with ``newsbot index`` into a temporary data directory. Its Web
    API calls go to the loopback stand-in from tests/slack, in this process, which records when
    each call arrives (``time.monotonic`` is system-wide, so times compare across processes).
  * Baseline, side by side: a bare Bolt app (same server code, same client, a no-op app_mention
    listener) in its own process, running at the same time; requests to the two apps are
    interleaved (baseline, newsbot, newsbot, baseline, …) so both see the same machine. The ratio
    newsbot/baseline isolates what newsbot adds to an acknowledgement (the durable dedupe record,
    listener middleware, starting the lazy listener).
  * Warm-up: 3 answered events first (first-use costs are not what is measured).
  * Burst: ``--events`` signed ``app_mention`` events per app, each sent as soon as the previous
    one is acknowledged, so newsbot's answers queue and acknowledgements compete with answering
    for the CPU. One at a time: the same, but the next pair only after newsbot's answer is posted.
    The questions cycle through the seed's 36 gold questions (Dutch and English, answerable or not).
  * ack = HTTP response latency seen by the sender. posting = event sent → its chat.postMessage
    received by the stand-in.
  * ``--runs`` repetitions (fresh processes each) give the machine's noise.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import argparse
import json
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.slack.slack_side import SlackSide  # noqa: E402
from tests.slack.stand_in import BOT_USER_ID, WebApiStandIn  # noqa: E402

BOT_TOKEN, APP_TOKEN, SIGNING_SECRET = "xoxb-bench-token", "xapp-bench-token", "bench-signing-secret"
SEED = REPO / "seeds" / "000_92c02bc8168e32f9.txt"
GOLD = REPO / "seeds" / "000_92c02bc8168e32f9.gold.jsonl"
NEWSBOT = str(Path(sys.executable).parent / "newsbot")
WARM_UP_EVENTS = 3


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = int(rank), min(int(rank) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(values: list[float]) -> dict:
    return {f"p{p}": round(percentile(values, p) * 1000, 2) for p in (50, 95, 99)} | {
        "max": round(max(values) * 1000, 2)}


def serve_baseline(port: int) -> None:
    """``--serve-baseline PORT``: a bare Bolt app (no-op listener) behind newsbot's HTTP server code."""
    from slack_bolt import App

    from bot.adapters.slack.app import web_client
    from bot.adapters.slack.server import http_server
    from bot.settings import Settings

    settings = Settings(_env_file=None)  # SLACK_* from the environment, like newsbot's
    secret = settings.slack_signing_secret.get_secret_value()
    app = App(client=web_client(settings), signing_secret=secret)

    def do_nothing(ack):
        ack()

    app.event("app_mention")(do_nothing)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    http_server(app, port, "0.0.0.0", secret).serve_forever(poll_interval=0.2)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list[str], env: dict, port: int) -> subprocess.Popen:
    """Start a server process and wait until it listens."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command} exited: {process.stderr.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{command} did not listen on {port}")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


def send_mention(slack: SlackSide, question: str) -> tuple[str, float, float]:
    """One signed mention: (its ts, when it was sent, how long the acknowledgement took)."""
    message = slack.message(f"<@{BOT_USER_ID}> {question}")
    event = {**message, "type": "app_mention", "event_ts": message["ts"]}
    started = time.monotonic()
    response = slack.send_event(event)
    ack = time.monotonic() - started
    assert response.status_code == 200, response.text
    return message["ts"], started, ack


def phase(bots: dict[str, SlackSide], web_api: WebApiStandIn, questions: list[str], count: int,
          one_at_a_time: bool) -> dict:
    """``count`` mentions to each app, interleaved (baseline, newsbot, newsbot, baseline, …) so both
    see the same machine; newsbot's answers are waited for at the end (burst) or after each one."""
    acks: dict[str, list[float]] = {name: [] for name in bots}
    sent: list[tuple[str, float]] = []
    for i in range(count):
        for name in (list(bots) if i % 2 == 0 else list(reversed(bots))):
            ts, started, ack = send_mention(bots[name], questions[i % len(questions)])
            acks[name].append(ack)
            if name == "newsbot":
                sent.append((ts, started))
        if one_at_a_time:
            web_api.wait_for_reply_in(sent[-1][0])
    posting = [web_api.wait_for_reply_in(ts).at - started for ts, started in sent]
    return {"baseline": {"ack": acks["baseline"]}, "newsbot": {"ack": acks["newsbot"], "posting": posting}}


def machine() -> dict:
    load = os.getloadavg()
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "load_average_1_5_15": [round(x, 2) for x in load]}


def run(events: int, runs: int) -> dict:
    questions = [json.loads(line)["question"] for line in GOLD.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp, WebApiStandIn(BOT_TOKEN, APP_TOKEN) as web_api:
        articles = Path(tmp, "articles")
        articles.mkdir()
        shutil.copy(SEED, articles)
        env = {**os.environ, "NEWSBOT_DATA_DIR": str(Path(tmp, "data")), "NEWSBOT_ARTICLES_DIR": str(articles),
               "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": web_api.url,
               "PYTHONPATH": str(REPO)}
        subprocess.run([NEWSBOT, "index", "--json"], env=env, check=True, capture_output=True)
        results = []
        for _ in range(runs):
            ports = {"baseline": free_port(), "newsbot": free_port()}
            processes = {
                "baseline": start([sys.executable, __file__, "--serve-baseline", str(ports["baseline"])], env,
                                  ports["baseline"]),
                "newsbot": start([NEWSBOT, "slack", "--http", "--port", str(ports["newsbot"])], env, ports["newsbot"]),
            }
            bots = {name: SlackSide(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET, web_api)
                    for name, port in ports.items()}
            try:
                for question in questions[:WARM_UP_EVENTS]:
                    web_api.wait_for_reply_in(send_mention(bots["newsbot"], question)[0])
                results.append({"burst": phase(bots, web_api, questions, events, one_at_a_time=False),
                                "one_at_a_time": phase(bots, web_api, questions, events, one_at_a_time=True)})
            finally:
                for name in bots:
                    bots[name].close()
                    stop(processes[name])
    return {"machine": machine(), "events_per_run": events, "runs": results}


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f} ms (±{(max(values) - min(values)) / 2 / statistics.mean(values) * 100:.0f} %)"


def report(data: dict) -> str:
    ack_rows, post_rows, worst_p99 = [], [], 0.0
    p50 = {(mode, app): [] for mode in ("burst", "one_at_a_time") for app in ("newsbot", "baseline")}
    ratios = {"burst": [], "one_at_a_time": []}
    for i, run_ in enumerate(data["runs"], start=1):
        cells = []
        for mode in ("burst", "one_at_a_time"):
            ours, base = summary(run_[mode]["newsbot"]["ack"]), summary(run_[mode]["baseline"]["ack"])
            p50[mode, "newsbot"].append(ours["p50"])
            p50[mode, "baseline"].append(base["p50"])
            ratios[mode].append(ours["p50"] / base["p50"])
            worst_p99 = max(worst_p99, ours["p99"])
            cells += [f"{ours['p50']} / {ours['p95']} / {ours['p99']}", f"{base['p50']} / {base['p95']} / {base['p99']}",
                      f"{ratios[mode][-1]:.2f}"]
        ack_rows.append(f"| {i} | " + " | ".join(cells) + " |")
        single, burst = summary(run_["one_at_a_time"]["newsbot"]["posting"]), summary(run_["burst"]["newsbot"]["posting"])
        post_rows.append(f"| {i} | {single['p50']} / {single['p95']} | {burst['p50']} / {burst['p95']} / {burst['max']} |")
    m = data["machine"]
    noise = "; ".join(f"{app} {mode.replace('_', ' ')} {spread(values)}" for (mode, app), values in p50.items())
    return f"""# Slack acknowledgement and answer-posting times

`bench/slack_ack.py`: `newsbot slack --http` in its own process over the seed article, its Web API calls going
to the loopback stand-in; side by side with a baseline: a bare Bolt app (no-op `app_mention` listener) behind
the same server code, also in its own process, the requests to the two interleaved. {data['events_per_run']}
signed `app_mention` events per app, mode and run; {len(data['runs'])} runs. Protocol in the script's docstring.
Machine: {m['cpus']} CPUs, Python {m['python']}, {m['platform']}; load average {m['load_average_1_5_15']} at the
end (the machine is shared with other work).

All times in milliseconds, as p50 / p95 / p99 (posting: p50 / p95 / max). *Burst*: each event sent as soon
as the previous one was acknowledged, so newsbot's answers queue (4 answer workers, 2 cores) and
acknowledgements compete with answering for the CPU. *One at a time*: the next pair of events only after
newsbot's previous answer reached the stand-in.

## Acknowledgement (HTTP response latency of a signed event)

| run | newsbot, burst | bare Bolt, burst | ratio p50 | newsbot, one at a time | bare Bolt, one at a time | ratio p50 |
|---|---|---|---|---|---|---|
{chr(10).join(ack_rows)}

## Answer posted (event sent → its `chat.postMessage` at the stand-in)

| run | one at a time p50 / p95 | burst p50 / p95 / max |
|---|---|---|
{chr(10).join(post_rows)}

## Summary

- Target ack p99 < 300 ms: worst newsbot p99 over all runs and modes {worst_p99} ms — {'met' if worst_p99 < 300 else 'NOT met'}.
- newsbot / bare-Bolt ack p50 ratio: burst {', '.join(f'{r:.2f}' for r in ratios['burst'])}; one at a time
  {', '.join(f'{r:.2f}' for r in ratios['one_at_a_time'])}.
- Noise (spread of ack p50 across runs): {noise}.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "slack_ack.md")
    parser.add_argument("--json", type=Path, help="also write the raw timings here")
    parser.add_argument("--serve-baseline", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_baseline:
        serve_baseline(args.serve_baseline)
        return
    data = run(args.events, args.runs)
    text = report(data)
    print(text)
    args.out.write_text(text)
    if args.json:
        args.json.write_text(json.dumps(data))


if __name__ == "__main__":
    main()
