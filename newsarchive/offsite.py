"""Deprecated: the offsite middleware is ``newsarchive.middlewares.offsite``
now (kept for settings that name it, for one release)."""
from .utils.deprecate import moved

__getattr__ = moved(__name__, {"SiteOffsiteMiddleware": "newsarchive.middlewares.offsite.SiteOffsiteMiddleware"})
