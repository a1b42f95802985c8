"""Import a module of site/plugins/ (Datasette loads them by path; tests want their helpers)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

PLUGINS = Path(__file__).resolve().parent.parent / "site" / "plugins"


def load(name: str) -> ModuleType:
    if f"site_plugins.{name}" in sys.modules:
        return sys.modules[f"site_plugins.{name}"]
    spec = importlib.util.spec_from_file_location(f"site_plugins.{name}", PLUGINS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
