"""Whether this instance can serve: its database answers and has the schema
the code expects, and its job queue answers when one is configured."""

from dataclasses import dataclass
from functools import cache

import redis
import sqlalchemy as sa
import sqlalchemy.orm as so
from alembic.config import Config
from alembic.script import ScriptDirectory

OK = "ok"
INLINE = "inline"  # no REDIS_URL: jobs run in the web process, nothing to reach
GOOD_STATES = frozenset({OK, INLINE})
# A readiness probe runs every few seconds: a queue that does not answer
# within this is as good as down.
QUEUE_TIMEOUT_SECONDS = 1.0


@dataclass(frozen=True)
class Readiness:
    database: str
    migrations: str
    queue: str

    @property
    def ready(self) -> bool:
        return {self.database, self.migrations, self.queue} <= GOOD_STATES


@cache
def code_heads(migrations_directory: str) -> frozenset[str]:
    """The schema revisions this code expects (read once: they ship with it)."""
    config = Config()
    config.set_main_option("script_location", migrations_directory)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def readiness(session: so.Session, *, migrations_directory: str, redis_url: str | None) -> Readiness:
    try:
        session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        session.rollback()
        return Readiness(database="unreachable", migrations="unknown", queue=_queue(redis_url))
    try:
        applied = frozenset(session.scalars(sa.text("SELECT version_num FROM alembic_version")))
    except sa.exc.SQLAlchemyError:  # no schema at all yet
        session.rollback()
        applied = frozenset()
    migrations = OK if applied == code_heads(migrations_directory) else "behind"
    return Readiness(database=OK, migrations=migrations, queue=_queue(redis_url))


def _queue(redis_url: str | None) -> str:
    if not redis_url:
        return INLINE
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=QUEUE_TIMEOUT_SECONDS, socket_timeout=QUEUE_TIMEOUT_SECONDS)
    try:
        client.ping()
    except redis.RedisError:
        return "unreachable"
    finally:
        client.close()
    return OK
