"""Deprecated: the WARC middleware is ``newsarchive.middlewares.warc`` now
(kept for settings that name it, for one release)."""
from ..utils.deprecate import moved

__getattr__ = moved(__name__, {"WarcCaptureMiddleware": "newsarchive.middlewares.warc.WarcCaptureMiddleware"})
