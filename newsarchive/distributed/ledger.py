"""What the workers of a run keep track of together, in Redis: each site's
URLs requested and canonical URLs seen and its count of requests
(``max_pages`` holds for the whole run, not per worker), and the pictures
fetched (each once in the run)."""
from __future__ import annotations

import redis

from ..spiders.site import Take
from .state import text

#: Mark a URL seen and count a request, unless seen already or the site is full.
_TAKE = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 'seen' end
if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[2]) then return 'full' end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('INCR', KEYS[2])
return 'taken'
"""


class SharedSiteLedger:
    """``spiders.site.SiteLedger`` in Redis, under ``PREFIX:site:NAME:``."""

    def __init__(self, server: redis.Redis, prefix: str):
        self.server = server
        self.prefix = prefix
        self._take = server.register_script(_TAKE)

    def _keys(self, site: str) -> tuple[str, str]:
        return f"{self.prefix}:site:{site}:seen", f"{self.prefix}:site:{site}:requests"

    def take(self, site: str, key: str, max_pages: int) -> Take:
        return Take(text(self._take(keys=list(self._keys(site)), args=[key, max_pages])))

    def give_back(self, site: str) -> None:
        self.server.decr(self._keys(site)[1])

    def add_seen(self, site: str, key: str) -> bool:
        return bool(self.server.sadd(self._keys(site)[0], key))


class SharedPictures:
    """The picture URLs requested in the run, by any worker."""

    def __init__(self, server: redis.Redis, prefix: str):
        self.server = server
        self.key = f"{prefix}:pictures"

    def new(self, urls: list[str]) -> list[str]:
        """Those of ``urls`` no worker requested yet, now requested."""
        with self.server.pipeline(transaction=False) as pipe:
            for url in urls:
                pipe.sadd(self.key, url)
            added = pipe.execute()
        return [url for url, new in zip(urls, added) if new]
