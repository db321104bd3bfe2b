"""Hot Rod AN data project: loaders, synthetic data and the logic of the dbt Python models."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
