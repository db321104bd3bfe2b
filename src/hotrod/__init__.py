"""Hot Rod AN data project: loaders, synthetic data and the logic of the dbt Python models."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def project_vars() -> dict:
    """The vars of dbt_project.yml, the project's settings (shop_timezone, published_schemas, ...)."""
    import yaml

    return yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())["vars"]
