"""Old dotted paths kept importable for one release: a user's settings name
components (``ITEM_PIPELINES``, ``DOWNLOADER_MIDDLEWARES``...) by them."""
from __future__ import annotations

import warnings
from collections.abc import Callable
from importlib import import_module
from typing import Any


def moved(module: str, names: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that gives each name of ``names`` from its new
    dotted path, with a ``DeprecationWarning`` that says where it went."""
    def __getattr__(name: str) -> Any:
        target = names.get(name)
        if target is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        warnings.warn(f"{module}.{name} is deprecated: it is {target} now", DeprecationWarning, stacklevel=2)
        where, _, attribute = target.rpartition(".")
        return getattr(import_module(where), attribute)
    return __getattr__
