"""The Dagster instance's dagster.yaml, from src/hotrod/orchestration/instance/ (scripts/dagster writes it).

``dagster.yaml`` holds what every instance shares (the run queue's limit of
one run per database); ``storage-local.yaml`` or ``storage-postgres.yaml``
adds the storage.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

TEMPLATES = Path(__file__).resolve().parent / "instance"
STORAGES = ("local", "postgres")
POSTGRES_VARIABLES = ("DAGSTER_PG_HOST", "DAGSTER_PG_PORT", "DAGSTER_PG_USER", "DAGSTER_PG_PASSWORD", "DAGSTER_PG_DB")


class InstanceError(Exception):
    """The instance cannot be configured as asked (a user-facing error)."""


def instance_config(storage: str) -> dict:
    if storage not in STORAGES:
        raise InstanceError(f"--storage is {' or '.join(STORAGES)}")
    if storage == "postgres":
        missing = [name for name in POSTGRES_VARIABLES if not os.environ.get(name)]
        if missing:
            raise InstanceError(f"--storage postgres needs {', '.join(missing)}")
    config = yaml.safe_load((TEMPLATES / "dagster.yaml").read_text())
    config.update(yaml.safe_load((TEMPLATES / f"storage-{storage}.yaml").read_text()))
    return config


def write_instance_config(home: Path, storage: str) -> bool:
    """Write `home`/dagster.yaml for `storage` unless it exists; True when written."""
    path = home / "dagster.yaml"
    if path.exists():
        return False
    config = instance_config(storage)
    home.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# written by scripts/dagster --storage {storage}\n" + yaml.safe_dump(config, sort_keys=False))
    return True
