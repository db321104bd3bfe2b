"""The generated docs site, opened in a real browser (headless Chromium): its home page is the project's
overview with the KPI glossary, a model page shows a KPI's definition, a tile's exposure page shows the tile.

`dbt docs generate` on the generated dataset, `target/` served over HTTP on a loopback port, each page loaded
by Debian's `chromium` (installed with apt-get when missing: CI starts from a clean machine) and asserted on
the DOM it renders. The glossary's links are checked against the manifest: each opens a page that shows
its KPI's doc block.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from helpers import ROOT, dbt, rendered_text

KPI_DOCS = ROOT / "models" / "_kpi__docs.md"


def _doc_blocks() -> dict[str, str]:
    return dict(re.findall(r"{% docs (\w+) %}\n(.*?){% enddocs %}", KPI_DOCS.read_text(), flags=re.S))


def _squash(text: str) -> str:
    """Text without markdown marks and without whitespace: the docs site breaks words with spans and spaces."""
    return re.sub(r"[\s*`_]", "", text)


@pytest.fixture(scope="module")
def site(duckdb_build, tmp_path_factory):
    """The docs site of the generated dataset, served on a loopback port; yields a function that renders a page."""
    tmp = tmp_path_factory.mktemp("docs_site")
    target = tmp / "target"
    dbt(["docs", "generate", "--target", "ci"], env=duckdb_build["env"], target_path=target)
    handler = functools.partial(_QuietHandler, directory=str(target))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]

    def render(route: str) -> str:
        """The page's visible text, as headless Chromium renders it."""
        return rendered_text(f"http://127.0.0.1:{port}/index.html#!/{route}")

    yield SimpleNamespace(render=render, manifest=json.loads((target / "manifest.json").read_text()))
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output readable
        pass


def test_the_home_page_is_the_project_overview_with_the_kpi_glossary(site):
    text = _squash(site.render("overview"))
    assert "Welcome!" not in text  # dbt's generic home page is gone
    assert _squash("Hot Rod AN data models") in text, text[:2000]
    # the page itself, without the navigation around it (which lists every node's name)
    page = text[text.index(_squash("Hot Rod AN data models")):]
    assert _squash("KPI glossary") in page and _squash("Reading the data-health views") in page
    tiles = page[:page.index(_squash("KPI glossary"))]
    glossary = page[page.index(_squash("KPI glossary")):page.index(_squash("Reading the data-health views"))]
    # every tile, with the relation that feeds it
    for tile, view in (("Salespulse", "v_sales_pulse_current"), ("Inventoryheatmap", "v_inventory_alerts"),
                       ("Fulfillmenthealth", "v_fulfillment_issues"), ("CXescalations", "v_cx_escalations"),
                       ("Opsmetrics", "v_sla_performance_7d")):
        assert tile in tiles and _squash(view) in tiles, tile
    # the glossary names every KPI doc block
    missing = [name for name in _doc_blocks()
               if not re.search(rf"(?<![a-z0-9]){_squash(name)}(?![a-z0-9])", glossary)]
    assert missing == [], f"KPIs missing from the rendered glossary: {missing}"
    assert _squash("Where production runs") in page


def test_every_glossary_link_opens_a_page_that_shows_its_kpi_definition(site):
    overview = site.manifest["docs"]["doc.hotrod_an.__overview__"]["block_contents"]
    glossary = overview[overview.index("## KPI glossary"):overview.index("## Reading the data-health views")]
    named = dict(re.findall(r"\[(\w+)\]\(#!/\w+/([\w.]+)\)", glossary))  # [kpi](#!/<kind>/<unique_id>)
    blocks = _doc_blocks()
    assert set(blocks) <= set(named), f"KPIs the glossary does not link: {set(blocks) - set(named)}"
    nodes = {**site.manifest["nodes"], **site.manifest["metrics"], **site.manifest["exposures"]}
    for kpi, body in blocks.items():
        node = nodes.get(named[kpi])
        assert node is not None, f"{kpi}: the glossary links to {named[kpi]}, which does not exist"
        shown = node["description"] + "".join(c["description"] for c in node.get("columns", {}).values())
        assert _squash(body)[:80] in _squash(shown), f"{kpi}: {named[kpi]} does not show its doc block"


def test_a_model_page_shows_a_kpi_definition(site):
    text = _squash(site.render("model/model.hotrod_an.sales_metrics_daily"))
    for kpi in ("total_revenue", "net_sales", "fulfillment_rate_pct"):
        assert _squash(_doc_blocks()[kpi])[:80] in text, kpi


def test_a_metric_page_shows_its_kpi_definition(site):
    text = _squash(site.render("metric/metric.hotrod_an.net_sales"))
    assert _squash(_doc_blocks()["net_sales"])[:80] in text
    assert _squash("Metric name net_sales") in text


def test_a_tile_exposure_page_shows_the_tile(site):
    text = _squash(site.render("exposure/exposure.hotrod_an.sales_pulse"))
    assert _squash("Exposure name sales_pulse") in text
    assert _squash("Maturity high") in text and _squash("Owner Hot Rod AN operations") in text
    assert _squash("Tile 1 of the operator dashboard") in text
    assert _squash("Depends On") in text and _squash("v_sales_pulse_current") in text
