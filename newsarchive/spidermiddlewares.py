"""Deprecated: these spider middlewares are ``newsarchive.middlewares.errbacks``
now (kept for settings that name them, for one release)."""
from .utils.deprecate import moved

__getattr__ = moved(__name__, {name: f"newsarchive.middlewares.errbacks.{name}"
                               for name in ("FetchErrbackMiddleware", "PageFailureMiddleware")})
