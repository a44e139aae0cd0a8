"""The `csd` command (entry point `csd_desktop.cli:main`): app.py mounts one module per command group."""

from .app import main

__all__ = ["main"]
