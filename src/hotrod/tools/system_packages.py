"""Debian packages the project's tooling needs on a clean machine, installed with apt-get when missing.

PostgreSQL's server (``scripts/pg_local``, the PostgreSQL tests) and Chromium
(the test that renders the Dagster UI in a headless browser): CI starts from a
clean machine, so the setup installs them itself, as root or through
``sudo -n``.
"""

from __future__ import annotations

import os
import shutil
import subprocess


class PackageError(Exception):
    """A package could not be installed (no apt-get, no root, or apt-get failed)."""


def apt_install(*packages: str) -> None:
    """`apt-get update` then `apt-get install -y PACKAGES`, as root or with `sudo -n`; PackageError on failure."""
    if shutil.which("apt-get") is None:
        raise PackageError(f"{', '.join(packages)}: not installed, and apt-get is not available to install it")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    print(f"installing {' '.join(packages)} with apt-get", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", *packages]):
        result = subprocess.run(sudo + command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise PackageError(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")


def ensure_command(command: str, package: str) -> str:
    """The path of `command`, installing the Debian `package` that provides it when it is missing."""
    path = shutil.which(command)
    if path is None:
        apt_install(package)
        path = shutil.which(command)
    if path is None:
        raise PackageError(f"apt-get installed {package} but {command} is still not on PATH")
    return path
