"""The layout conventions a newcomer relies on (STYLE.md 1, 6, 7), checked on the files themselves."""

from __future__ import annotations

import re
from pathlib import Path

from hotrod import PROJECT_ROOT

MACROS = PROJECT_ROOT / "macros"
BLOCK = re.compile(r"{%-?\s*(macro|test|materialization)\s+(\w+)")
ADAPTERS = ("default", "duckdb", "postgres")
MART_DOMAINS = {"sales", "inventory", "fulfillment", "cx", "ops", "growth", "quality", "exports"}


def test_one_macro_per_file_named_as_the_file():
    """A macro file defines the macro of its name and, beside it, only that macro's adapter implementations."""
    problems = []
    for path in sorted(MACROS.rglob("*.sql")):
        blocks = BLOCK.findall(path.read_text())
        names = [name for _, name in blocks]
        allowed = {path.stem, *(f"{adapter}__{path.stem}" for adapter in ADAPTERS)}
        if path.stem not in names:
            problems.append(f"{path.relative_to(PROJECT_ROOT)} does not define {path.stem}")
        problems += [f"{path.relative_to(PROJECT_ROOT)} also defines {name}" for name in names if name not in allowed]
    assert not problems, "\n".join(problems)


def test_marts_are_grouped_by_domain_with_one_yaml_each():
    marts = PROJECT_ROOT / "models" / "marts"
    domains = {p.name for p in marts.iterdir() if p.is_dir()}
    assert domains == MART_DOMAINS
    for domain in domains:
        assert (marts / domain / f"_{domain}__models.yml").is_file(), domain


def test_source_is_read_in_staging_only():
    readers = [p.relative_to(PROJECT_ROOT) for p in (PROJECT_ROOT / "models").rglob("*.sql")
               if "source(" in p.read_text() and "staging" not in p.parts]
    assert not readers, readers
