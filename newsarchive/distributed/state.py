"""The state of a shared run, in Redis: the run itself, the workers taking
part, the requests each has in flight, and whether the run is done.

A worker takes a request from the shared queue and records it as in flight
under its name in one step (a Lua script: Redis runs it atomically), and
drops it from there once the request is done: fetched, its page parsed, its
links queued and its article stored.  A worker refreshes its heartbeat key
(``alive``, expiring after ``WORKER_TIMEOUT`` seconds) as long as it runs;
the in-flight requests of a worker whose key expired (killed, or its machine
gone) go back to the queue, taken by any worker or the coordinator that
notices (``reclaim``).  The run is done when its start requests are all
queued (``seeded``), the queue is empty and no worker has anything in
flight: checked in one script too, so no request can slip between the checks.

Keys, under a prefix (``REDIS_PREFIX``, default ``newsarchive``)::

    PREFIX:run              hash: id, started, sites (digest of the sites file), only, seeded, done
    PREFIX:requests         the queue (scrapy-redis's priority queue: a sorted set)
    PREFIX:requests:turns   hash: each domain's count of requests queued (``scheduler``)
    PREFIX:dupefilter       the request fingerprints seen (scrapy-redis)
    PREFIX:workers          hash: the workers taking part -> the run id
    PREFIX:alive:NAME       a worker's heartbeat, expiring
    PREFIX:inflight:NAME    hash: a worker's requests in flight (queue entry -> its score)
    PREFIX:stats            hash: the stats of each worker that finished (JSON)
    PREFIX:site:NAME:...    the sites' bookkeeping (``ledger``)
    PREFIX:pictures         the picture URLs fetched (``ledger``)
    PREFIX:robots:HOST      hash: a host's robots.txt, fetched by one worker for all (``ledger``)
    PREFIX:slots:DOMAIN     the per-domain leases (``domainlimit``)
"""
from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any, Self

import redis

from ..utils.timeutils import utc_now

log = logging.getLogger(__name__)

_POP = """
local item = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #item == 0 then return false end
redis.call('ZREM', KEYS[1], item[1])
redis.call('HSET', KEYS[2], item[1], item[2])
return item[1]
"""
#: Put a worker's in-flight requests back in the queue and forget the worker.
_GIVE_BACK = """
local function give_back(name)
  local entries = redis.call('HGETALL', ARGV[2] .. name)
  for i = 1, #entries, 2 do redis.call('ZADD', KEYS[2], entries[i + 1], entries[i]) end
  redis.call('DEL', ARGV[2] .. name)
  redis.call('HDEL', KEYS[1], name)
  return #entries / 2
end
"""
_RECLAIM = _GIVE_BACK + """
local reclaimed = {}
for _, name in ipairs(redis.call('HKEYS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. name) == 0 then
    table.insert(reclaimed, name)
    table.insert(reclaimed, give_back(name))
  end
end
return reclaimed
"""
_LEAVE = _GIVE_BACK + """
local back = give_back(ARGV[3])
redis.call('DEL', ARGV[1] .. ARGV[3])
redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
return back
"""
_CHECK_DONE = """
if redis.call('HGET', KEYS[1], 'done') == '1' then return 1 end
if redis.call('HGET', KEYS[1], 'seeded') ~= '1' then return 0 end
if redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
for _, name in ipairs(redis.call('HKEYS', KEYS[3])) do
  if redis.call('HLEN', ARGV[1] .. name) > 0 then return 0 end
end
redis.call('HSET', KEYS[1], 'done', '1')
return 1
"""


class RedisError(ConnectionError):
    """Redis cannot be reached or used; the message says why."""


@dataclass(frozen=True)
class RunInfo:
    id: str
    started: str
    sites: str  # the digest of the sites file's bytes
    only: str | None
    seeded: bool
    done: bool


def text(value: bytes | str) -> str:
    """A Redis reply as text (the client gives bytes: the queue holds pickled requests)."""
    return value.decode() if isinstance(value, bytes) else value


def run_key(prefix: str, *parts: str) -> str:
    """The Redis key of a shared run's ``parts`` (``PREFIX:alive:NAME``)."""
    return ":".join((prefix, *parts))


def connect(url: str) -> redis.Redis:
    """A client of the Redis server at ``url``, checked; ``RedisError`` says why not."""
    try:
        server = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10)
        server.ping()
    except ValueError as exc:
        raise RedisError(f"--redis {url}: {exc}") from None
    except redis.RedisError as exc:
        raise RedisError(f"cannot reach Redis at {url}: {exc}") from None
    return server


class SharedRun:
    def __init__(self, server: redis.Redis, prefix: str, timeout: float):
        self.server = server
        self.prefix = prefix
        #: Seconds without a heartbeat after which a worker counts as dead.
        self.timeout = timeout
        self._pop = server.register_script(_POP)
        self._reclaim = server.register_script(_RECLAIM)
        self._leave = server.register_script(_LEAVE)
        self._check_done = server.register_script(_CHECK_DONE)

    @classmethod
    def from_settings(cls, settings: Any) -> Self:
        return cls(connect(settings["REDIS_URL"]), settings["REDIS_PREFIX"], settings.getfloat("WORKER_TIMEOUT"))

    def key(self, *parts: str) -> str:
        return run_key(self.prefix, *parts)

    # -- the run

    def current(self) -> RunInfo | None:
        fields = {text(k): text(v) for k, v in self.server.hgetall(self.key("run")).items()}
        if "id" not in fields:
            return None
        return RunInfo(id=fields["id"], started=fields["started"], sites=fields["sites"],
                       only=fields.get("only") or None, seeded=fields.get("seeded") == "1",
                       done=fields.get("done") == "1")

    def going_on(self) -> bool:
        """Whether a run is under way: not done, with a live worker (a
        coordinator that stopped leaves its run to its workers)."""
        run = self.current()
        if run is None or run.done:
            return False
        self.reclaim()
        return bool(self.workers())

    def begin(self, sites_digest: str, only: str | None) -> RunInfo:
        """Forget the last run (its queue, duplicate filter, bookkeeping) and
        start a new one, not seeded yet."""
        self.reclaim()
        stale = [key for key in self.server.scan_iter(match=self.key("*"))
                 if not key.startswith(self.key("alive", "").encode())]
        if stale:
            self.server.delete(*stale)
        run = RunInfo(id=uuid.uuid4().hex[:12], started=utc_now().isoformat(), sites=sites_digest, only=only,
                      seeded=False, done=False)
        self.server.hset(self.key("run"), mapping={"id": run.id, "started": run.started, "sites": run.sites,
                                                   "only": run.only or ""})
        return run

    def seeded(self) -> None:
        """Every start request of the run is queued."""
        self.server.hset(self.key("run"), "seeded", "1")

    def check_done(self) -> bool:
        """Whether the run is done (seeded, nothing queued, nothing in flight
        anywhere); the first to find it so marks it done for everyone."""
        self.reclaim()
        return bool(self._check_done(keys=[self.key("run"), self.key("requests"), self.key("workers")],
                                     args=[self.key("inflight", "")]))

    def queued(self) -> int:
        return self.server.zcard(self.key("requests"))

    def in_flight(self) -> int:
        return sum(self.server.hlen(self.key("inflight", name)) for name in self.workers())

    # -- workers

    def workers(self) -> list[str]:
        """The workers taking part in the run (dead ones until reclaimed)."""
        return sorted(text(name) for name in self.server.hkeys(self.key("workers")))

    def join(self, worker: str, run_id: str) -> bool:
        """Take part in the run as ``worker``; ``False`` when a live worker has that name."""
        if not self.server.set(self.key("alive", worker), run_id, nx=True, px=int(self.timeout * 1000)):
            return False
        self.server.hset(self.key("workers"), worker, run_id)
        return True

    def heartbeat(self, worker: str, run_id: str) -> bool:
        """Say the worker is alive; ``False`` when it had been taken for dead
        (its in-flight requests went back to the queue): it has joined again."""
        if self.server.set(self.key("alive", worker), run_id, xx=True, px=int(self.timeout * 1000)):
            return True
        self.join(worker, run_id)
        return False

    def leave(self, worker: str, stats: dict[str, Any]) -> int:
        """The worker stops: what it still had in flight goes back to the
        queue (how many), its stats are kept for the run's report."""
        return int(self._leave(keys=[self.key("workers"), self.key("requests"), self.key("stats")],
                               args=[self.key("alive", ""), self.key("inflight", ""), worker,
                                     json.dumps(stats, default=str)]))

    def reclaim(self) -> dict[str, int]:
        """Put the in-flight requests of dead workers back in the queue; how many, by worker."""
        flat = self._reclaim(keys=[self.key("workers"), self.key("requests")],
                             args=[self.key("alive", ""), self.key("inflight", "")])
        reclaimed = {text(name): int(count) for name, count in zip(flat[::2], flat[1::2])}
        for name, count in reclaimed.items():
            log.warning("worker %s stopped answering: its %d request(s) in flight went back to the queue",
                        name, count)
        return reclaimed

    def worker_stats(self) -> dict[str, dict[str, Any]]:
        return {text(name): json.loads(value) for name, value in self.server.hgetall(self.key("stats")).items()}

    # -- requests in flight

    def pop(self, worker: str) -> bytes | None:
        """The next queue entry, now in flight for ``worker``."""
        return self._pop(keys=[self.key("requests"), self.key("inflight", worker)])

    def done(self, worker: str, entries: list[bytes]) -> None:
        if entries:
            self.server.hdel(self.key("inflight", worker), *entries)
