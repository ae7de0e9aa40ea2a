"""Deprecated: the per-domain limit across workers is
``newsarchive.distributed.domainlimit`` now, with the rest of the shared runs
(kept for settings that name it, for one release)."""
from ..utils.deprecate import moved

__getattr__ = moved(__name__, {
    "SharedDomainLimitMiddleware": "newsarchive.distributed.domainlimit.SharedDomainLimitMiddleware"})
