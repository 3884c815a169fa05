"""Dating yardstick: how often the derived publication date agrees with the known one.

news-dev's articles whose date is known (MANIFEST ``date`` from a header or the URL, leaving out
headers its notes call crawl or update dates) are loaded with that date hidden: the header line is
removed, and an article dated by its URL is loaded without the URL (one dated by a header keeps its
URL, as a fetched page would). The derived date either agrees (same day where both give a day, else
same month), is close (within a month), is wrong by more than a month, or the article is undated;
a derived date later than the truth is counted apart — it is the error that makes an old report
look current. For undated articles, the lower bound (``not_before``) must not be later either. An
article still undated that carries the same agency copy as other news-dev articles (index/dates.py,
``copy_digests``) takes the earliest date those are loaded with, as the catalogue does ("agency").

    .venv/bin/python bench/dating.py [--list]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from index.dates import COPY_SHARED, Dating, copy_digests, dating  # noqa: E402
from index.loading import parse_fields  # noqa: E402

NEWS_DEV = HERE.parent.parent / "shared" / "datasets" / "news-dev"


def known_dates(root: Path) -> list[dict]:
    rows = [json.loads(line) for line in (root / "MANIFEST.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if r["date"] and r["date_from"] in ("header", "url")
            and not ("crawl" in (r.get("note") or "") and "header date" in (r.get("note") or ""))]


def derive(root: Path, row: dict, loaded) -> Dating:
    raw = (root / row["file"]).read_text(encoding="utf-8")
    fields = parse_fields(raw, ".txt", row["file"])  # the date header is read here, then dropped
    url = row["url"] if row["date_from"] == "header" else None
    derived = dating(None, url, fields["text"])
    return (derived.date is None and by_agency(row, fields["text"], loaded)) or derived


def as_loaded(root: Path) -> list[tuple[str, str | None, set[str]]]:
    """Every news-dev article as the loader dates it (nothing hidden), with its copy fingerprints."""
    rows = [json.loads(line) for line in (root / "MANIFEST.jsonl").read_text(encoding="utf-8").splitlines() if line]
    loaded = []
    for row in rows:
        fields = parse_fields((root / row["file"]).read_text(encoding="utf-8", errors="replace"), ".txt", row["file"])
        derived = dating(fields.get("date"), row["url"], fields["text"])
        loaded.append((row["file"], derived.date, copy_digests(fields["text"])))
    return loaded


def by_agency(row: dict, text: str, loaded: list[tuple[str, str | None, set[str]]]) -> Dating | None:
    mine = copy_digests(text)
    dates = [d for file, d, digests in loaded if file != row["file"] and d and len(mine & digests) >= COPY_SHARED]
    return Dating(min(dates), "agency") if dates else None


def _day(iso: str) -> date:
    parts = [int(p) for p in iso.split("-")] + [1]
    return date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)


def verdict(truth: str, derived: Dating) -> str:
    if derived.date is None:
        return "undated"
    precision = min(len(truth), len(derived.date))
    if truth[:precision] == derived.date[:precision]:
        return "agrees"
    if derived.date[:precision] > truth[:precision] and abs((_day(derived.date) - _day(truth)).days) > 31:
        return "later"
    return "close" if abs((_day(derived.date) - _day(truth)).days) <= 31 else "wrong"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news-dev", type=Path, default=NEWS_DEV)
    parser.add_argument("--list", action="store_true", help="print every article's verdict")
    args = parser.parse_args()
    if not (args.news_dev / "MANIFEST.jsonl").is_file():
        print(f"news-dev not found at {args.news_dev}; skipped", file=sys.stderr)
        return 0
    rows = known_dates(args.news_dev)
    counts = dict.fromkeys(("agrees", "close", "wrong", "later", "undated"), 0)
    bound_later = agency = 0
    loaded = as_loaded(args.news_dev)
    for row in rows:
        derived = derive(args.news_dev, row, loaded)
        agency += derived.source == "agency"
        counts[kind := verdict(row["date"], derived)] += 1
        late_bound = derived.not_before is not None and derived.not_before[:len(row["date"])] > row["date"]
        bound_later += late_bound
        if args.list:
            print(f"{kind:8s} truth {row['date']:10s} derived {derived.date or '-':10s} ({derived.source or '-'}) "
                  f"not_before {derived.not_before or '-':10s}{' LATE' if late_bound else ''} {row['file']}")
    n = len(rows)
    print(f"{n} articles with a known date (header or URL), date hidden\n")
    print("| agrees | within a month | wrong by > a month | later than the truth | undated | lower bound later "
          "| dated by agency copy |")
    print("|---|---|---|---|---|---|---|")
    print("| " + " | ".join(f"{counts[k]} ({counts[k] / n:.0%})" for k in counts) + f" | {bound_later} | {agency} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
