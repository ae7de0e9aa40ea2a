"""Deprecated: the revisit middleware is ``newsarchive.middlewares.revisits``
now, its policy ``newsarchive.archive.revisits`` (kept for settings that
name it, for one release)."""
from ..utils.deprecate import moved

__getattr__ = moved(__name__, {"RevisitPolicyMiddleware": "newsarchive.middlewares.revisits.RevisitPolicyMiddleware"})
