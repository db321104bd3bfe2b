"""The docs site shows every KPI definition on the models that carry it; sqlfluff passes on every model."""

from __future__ import annotations

import json
import re
import shutil

from conftest import SERVING_TABLES, SERVING_VIEWS
from helpers import BIN, ROOT, dbt, run

KPI_DOCS = ROOT / "models" / "_kpi__docs.md"


def _doc_blocks() -> dict[str, str]:
    text = KPI_DOCS.read_text()
    return dict(re.findall(r"{% docs (\w+) %}\n(.*?){% enddocs %}", text, flags=re.S))


def test_docs_site_shows_every_kpi_definition(duckdb_build):
    target = duckdb_build["tmp"] / "docs_target"
    dbt(["docs", "generate", "--target", "ci"], env=duckdb_build["env"], target_path=target)
    assert (target / "index.html").exists()
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())

    blocks = _doc_blocks()
    assert len(blocks) >= 30
    rendered = []
    for node in manifest["nodes"].values():
        if node["resource_type"] in ("model", "seed"):
            rendered.append(node["description"])
            rendered.extend(c["description"] for c in node["columns"].values())
    everything = "\n".join(rendered)
    unused = [name for name, body in blocks.items() if body.strip()[:60] not in everything]
    assert unused == [], f"KPI doc blocks not shown on any model: {unused}"

    # the KPI columns of the tile relations carry their definitions
    def column_doc(model: str, column: str) -> str:
        return manifest["nodes"][f"model.hotrod_an.{model}"]["columns"][column]["description"]

    assert "gift-card lines left out" in column_doc("sales_metrics_daily", "total_revenue")
    assert "shipping_refund" in column_doc("sales_metrics_daily", "shipping_charges")
    assert "critical" in column_doc("v_inventory_alerts", "alert_severity")
    assert "first outgoing" in column_doc("cx_conversations", "first_response_time_minutes")

    # every serving relation is documented on the site: a description, and a description for each column its
    # YAML lists, every one of them a column the built relation has (the catalog's)
    built_columns = {n["metadata"]["name"]: set(n["columns"]) for n in catalog["nodes"].values()}
    for relation in SERVING_TABLES + SERVING_VIEWS:
        node = manifest["nodes"][f"model.hotrod_an.{relation}"]
        assert node["description"].strip(), f"{relation} has no description"
        blank = [name for name, column in node["columns"].items() if not column["description"].strip()]
        assert blank == [], f"{relation}: columns listed without a description: {blank}"
        stale = set(node["columns"]) - built_columns[relation]
        assert stale == set(), f"{relation}: YAML documents columns it does not have: {sorted(stale)}"


def test_sqlfluff_lints_every_model_clean(hand_computed_build, tmp_path):
    # the dbt templater compiles against a built database (the incremental branches too); a copy of the small
    # fixture's, so that no connection to it can lock the file
    database = tmp_path / "ci.duckdb"  # the same file name: a DuckDB view names its database by it
    shutil.copy(hand_computed_build["path"], database)
    result = run([str(BIN / "sqlfluff"), "lint", "models", "--processes", "2"],
                 env={"HOTROD_CI_DUCKDB_PATH": str(database)}, check=False)
    assert result.returncode == 0, result.stdout[-5000:]
