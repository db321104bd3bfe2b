"""Every column of every model is described, and every macro and its arguments (STYLE.md convention 16).

The columns a relation really has come from the catalog of a built database
(`dbt docs generate`), not from the YAML: a view's columns are whatever its
select returns, so a column the YAML forgets is found. The database is built
from empty landing tables, which takes the shape of every relation without
generating data.
"""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from conftest import SERVING_TABLES, SERVING_VIEWS, VARS
from helpers import ROOT, dbt
from hotrod.ingestion import landing

PROJECT = "hotrod_an"
SHARED_COLUMN_DOCS = ROOT / "models" / "_columns__docs.md"


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory):
    """manifest.json and catalog.json of the project built on empty landing tables (seeds and models, no tests)."""
    tmp = tmp_path_factory.mktemp("documentation")
    path = tmp / "documentation.duckdb"
    with duckdb.connect(str(path)) as con:
        landing.ensure_landing_tables(con, "duckdb")
    env = {"HOTROD_CI_DUCKDB_PATH": str(path)}
    target = tmp / "target"
    dbt(["build", "--target", "ci", "--vars", VARS, "--exclude-resource-type", "test",
         "--exclude-resource-type", "unit_test"], env=env, target_path=target)
    dbt(["docs", "generate", "--target", "ci", "--vars", VARS, "--no-compile"], env=env, target_path=target)
    return {
        "manifest": json.loads((target / "manifest.json").read_text()),
        "catalog": json.loads((target / "catalog.json").read_text()),
    }


def _models(manifest: dict) -> dict[str, dict]:
    return {uid: node for uid, node in manifest["nodes"].items()
            if node["resource_type"] == "model" and node["package_name"] == PROJECT}


def _catalog_columns(docs_site: dict) -> dict[str, list[str]]:
    """Every model's columns as the database has them, by unique id."""
    models = _models(docs_site["manifest"])
    return {uid: [name.lower() for name in node["columns"]]
            for uid, node in docs_site["catalog"]["nodes"].items() if uid in models}


def test_the_catalog_holds_every_model_and_the_whole_serving_layer(docs_site):
    models = _models(docs_site["manifest"])
    built = _catalog_columns(docs_site)
    assert sorted(set(models) - set(built)) == []
    names = {models[uid]["name"] for uid in built}
    assert set(SERVING_TABLES) | set(SERVING_VIEWS) <= names
    assert all(built[uid] for uid in built), "a relation without columns in the catalog"


def test_every_column_of_every_model_is_described(docs_site):
    models = _models(docs_site["manifest"])
    undocumented = []
    for uid, columns in _catalog_columns(docs_site).items():
        described = {name.lower(): column["description"].strip() for name, column in models[uid]["columns"].items()}
        undocumented += [f"{models[uid]['name']}.{column}" for column in columns if not described.get(column)]
    assert undocumented == [], (
        f"{len(undocumented)} columns have no description in their model's YAML "
        f"(models/**/_*__models.yml; a shared meaning uses a block of models/_columns__docs.md): {undocumented}")


def test_the_yaml_describes_no_column_a_relation_does_not_have(docs_site):
    models = _models(docs_site["manifest"])
    stale = []
    for uid, columns in _catalog_columns(docs_site).items():
        stale += [f"{models[uid]['name']}.{name}" for name in models[uid]["columns"] if name.lower() not in columns]
    assert stale == [], f"columns described in YAML that the relation does not have: {stale}"


def test_every_model_is_described(docs_site):
    undescribed = sorted(node["name"] for node in _models(docs_site["manifest"]).values()
                         if not node["description"].strip())
    assert undescribed == []


def _shared_blocks() -> dict[str, str]:
    text = SHARED_COLUMN_DOCS.read_text()
    return {name: body.strip() for name, body in re.findall(r"{% docs (\w+) %}\n(.*?){% enddocs %}", text, flags=re.S)}


def test_a_shared_column_renders_its_doc_block_everywhere(docs_site):
    """A column named like a block of _columns__docs.md uses that block in every model; every block is used."""
    blocks = _shared_blocks()
    assert len(blocks) >= 50
    nodes = [node for node in docs_site["manifest"]["nodes"].values()
             if node["resource_type"] in ("model", "seed") and node["package_name"] == PROJECT]
    rendered = "\n".join(column["description"] for node in nodes for column in node["columns"].values())
    unused = sorted(name for name, body in blocks.items() if body not in rendered)
    assert unused == [], f"doc blocks of _columns__docs.md no column uses: {unused}"
    diverging = sorted(f"{node['name']}.{name}" for node in nodes if node["resource_type"] == "model"
                       for name, column in node["columns"].items()
                       if name in blocks and blocks[name] not in column["description"])
    assert diverging == [], f"columns that do not use the shared doc block of their name: {diverging}"


def _split_arguments(signature: str) -> list[str]:
    """The argument names of a Jinja signature `a, b='x, y', c=f(1, 2)`: commas inside quotes or brackets do not split."""
    names, depth, quote, current = [], 0, None, ""
    for char in signature + ",":
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            if current.strip():
                names.append(current.split("=")[0].strip())
            current = ""
            continue
        current += char
    return names


def _jinja_arguments(macro: dict) -> list[str] | None:
    """The arguments a macro (or generic test) is defined with; None for a materialization, which takes none."""
    if re.match(r"\s*{%-?\s*materialization\b", macro["macro_sql"]):
        return None
    match = re.search(r"{%-?\s*(?:macro|test)\s+\w+\s*\((.*?)\)\s*-?%}", macro["macro_sql"], flags=re.S)
    assert match, f"no definition found in {macro['original_file_path']}"
    return _split_arguments(match.group(1))


def test_every_macro_and_every_argument_is_documented(docs_site):
    macros = [m for m in docs_site["manifest"]["macros"].values() if m["package_name"] == PROJECT]
    assert len(macros) >= 100
    problems = []
    for macro in sorted(macros, key=lambda m: m["name"]):
        name = macro["name"]
        if not macro["description"].strip():
            problems.append(f"{name}: no description (macros/<folder>/_<folder>__macros.yml)")
        defined = _jinja_arguments(macro)
        documented = [argument["name"] for argument in macro["arguments"]]
        if defined is not None and documented != defined:
            problems.append(f"{name}: arguments documented {documented}, defined {defined}")
        problems += [f"{name}({argument['name']}): no type or no description" for argument in macro["arguments"]
                     if not (argument.get("type") or "").strip() or not (argument.get("description") or "").strip()]
    assert problems == [], "\n".join(problems)
