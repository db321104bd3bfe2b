#!/usr/bin/env python3
"""Append captured webhook deliveries (NDJSON files) to a dbt target's landing table.

Usage:
  python scripts/load_webhooks.py --source shopify|chatwoot [--target TARGET] [--account-id N] FILE...

Each line of FILE is one delivery:
  {"received_at": "<ISO 8601>", "headers": {"X-Shopify-Topic": ..., ...}, "body": {...}}
(Chatwoot lines need no headers: the event name is in the body. Chatwoot's
conversation bodies do not name their account: --account-id gives the account
the files' deliveries belong to, the one whose webhook sent them; a message
body whose account.id differs is a bad line. Without it the account is the
message bodies' account.id, and none for conversation bodies.)

The target is a target of this project's dbt profile (default: dev, the local
DuckDB file, which HOTROD_DUCKDB_PATH moves). Every line of every file is
checked first; if any line is bad, each bad line is reported as FILE:LINE and
nothing is written (exit status 2). Loading a file twice is harmless: a
delivery landed already (same event id, same received_at) is skipped, and the
staging models de-duplicate the deliveries of an event by its id.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from hotrod import targets  # noqa: E402
from hotrod.ingestion import loader  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--source", required=True, choices=loader.SOURCES, help="which system sent the deliveries")
    parser.add_argument("--target", default=None, help="dbt target to load into (default: the profile's default, dev)")
    parser.add_argument("--account-id", type=int, default=None, metavar="N",
                        help="Chatwoot: the account the deliveries belong to (its conversation bodies do not say)")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="newline-delimited JSON files")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    args = parser.parse_args(argv)

    if args.account_id is not None and args.source != "chatwoot":
        print("error: --account-id is for Chatwoot deliveries (--source chatwoot)", file=sys.stderr)
        return 2
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        target = targets.resolve(args.target)
        total_lines = 0
        for f in args.files:
            with f.open("rb") as handle:
                total_lines += sum(1 for _ in handle)
        progress = None
        if total_lines > 50_000 and sys.stderr.isatty():
            from tqdm import tqdm

            progress = tqdm(total=total_lines, unit="line", desc="validating", file=sys.stderr)
        try:
            result = loader.load(args.source, args.files, target, progress=progress, account_id=args.account_id)
        finally:
            if progress is not None:
                progress.close()
    except loader.LoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except targets.TargetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        table = loader.landing_table(args.source).qualified
        skipped = result.lines - result.written
        print(f"loaded {result.written} {args.source} deliveries from {len(args.files)} file(s) into {table} "
              f"on {target.describe()}" + (f" ({skipped} landed already, skipped)" if skipped else ""))
    if result.older_than_staged:
        model = loader.staged_model(args.source)
        print(f"note: {result.older_than_staged} of them were received before {result.staged_through:%Y-%m-%d %H:%M:%S %Z}, "
              f"the newest delivery already staged; an incremental build does not pick them up: run "
              f"`dbt build --full-refresh --select {model}+`", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
