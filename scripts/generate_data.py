#!/usr/bin/env python3
"""Generate realistic Shopify and Chatwoot webhook deliveries for a hot-rod parts store.

Writes straight into the landing tables of a dbt target (default: dev, the
local DuckDB file) or, with --out, into NDJSON files in the loader's format
(shopify.ndjson and chatwoot.ndjson, loadable with scripts/load_webhooks.py,
plus one NDJSON file per raw_ops table).

The data covers --days days ending on --end (default: today in the shop's
time zone, cut at the current time) and includes the mess real webhooks
have: 2% duplicate deliveries, 1% stale retries, 1% out-of-order arrivals
and 0.05% malformed payloads. The same --seed, --orders and --end give the
same deliveries.

Examples:
  python scripts/generate_data.py --orders 20000 --replace
  python scripts/generate_data.py --target pg --orders 100000 --replace
  python scripts/generate_data.py --out /tmp/deliveries --orders 500 --end 2026-06-30
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import duckdb  # noqa: E402

from hotrod import targets  # noqa: E402
from hotrod.tools import generator  # noqa: E402


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--orders", type=_positive, default=20000, help="orders to generate (default 20000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--end", type=_date, default=None, help="last day of data, YYYY-MM-DD (default: today)")
    parser.add_argument("--days", type=_positive, default=730, help="days of history (default 730)")
    parser.add_argument("--timezone", default=generator.DEFAULT_TIMEZONE, help="the shop's time zone")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--target", default=None, help="dbt target whose landing tables receive the data (default dev)")
    where.add_argument("--out", type=Path, default=None, help="write NDJSON files to this directory instead")
    parser.add_argument("--received-through", type=_date, default=None, metavar="DATE",
                        help="write only deliveries received by the end of DATE (shop time); with "
                             "--received-after DATE on a second run this appends the following day(s)")
    parser.add_argument("--received-after", type=_date, default=None, metavar="DATE",
                        help="write only deliveries received after the end of DATE (shop time)")
    parser.add_argument("--replace", action="store_true",
                        help="empty the landing tables first (default: append); then build with "
                             "`dbt build --full-refresh`, as the incremental staging models still hold the old events")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = parser.parse_args(argv)

    started = time.monotonic()
    now = None
    end = args.end
    if end is None:
        end = generator.today_in(args.timezone)
        now = datetime.now(timezone.utc)
    if args.out and (args.received_through or args.received_after):
        parser.error("--received-through/--received-after apply to --target writes, not --out")
    received = generator.Received(
        through=generator.end_of_day(args.received_through, args.timezone) if args.received_through else None,
        after=generator.end_of_day(args.received_after, args.timezone) if args.received_after else None,
    )
    progress = generator.Progress(quiet=args.quiet)
    try:
        target = None if args.out else targets.resolve(args.target)
        if target is not None and target.type == "duckdb":
            con = target.connect()
        else:
            con = duckdb.connect()
        generator.generate(con, args.orders, args.seed, end, days=args.days, timezone=args.timezone,
                           now=now, progress=progress)
        progress("writing")
        if args.out:
            counts = {str(path): rows for path, rows in generator.write_ndjson(con, args.out).items()}
            where_to = str(args.out)
        elif target.type == "duckdb":
            counts = generator.write_duckdb(con, replace=args.replace, received=received)
            where_to = target.describe()
        else:
            counts = generator.write_postgres(con, target.connect, replace=args.replace, received=received)
            where_to = target.describe()
        con.close()
    except (generator.GeneratorError, targets.TargetError) as exc:
        progress.close()
        print(f"error: {exc}", file=sys.stderr)
        return 2
    progress.close()
    if not args.quiet:
        rows = ", ".join(f"{Path(name).name}: {count}" for name, count in counts.items())
        print(f"generated {args.orders} orders ending {end} in {time.monotonic() - started:.1f}s -> {where_to} ({rows})",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
