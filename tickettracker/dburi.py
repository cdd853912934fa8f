"""Database URIs: which store a URI names, and how to show one without its password."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

SQLITE = "sqlite:///"
POSTGRES_PREFIXES = ("postgresql+psycopg://", "postgresql://", "postgres://")


def is_postgres_uri(uri: str) -> bool:
    return uri.startswith(POSTGRES_PREFIXES)


def normalize(uri: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3 (the only PostgreSQL driver TicketTracker uses)."""
    for prefix in POSTGRES_PREFIXES[1:]:
        if uri.startswith(prefix):
            return POSTGRES_PREFIXES[0] + uri[len(prefix) :]
    return uri


def mask(uri: str) -> str:
    """``uri`` with any password replaced by ``***`` (safe for messages and logs)."""
    try:
        return make_url(uri).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        # Not parseable: hide whatever sits between "://user:" and "@".
        head, sep, rest = uri.partition("://")
        if not sep or "@" not in rest:
            return uri
        creds, _, host = rest.rpartition("@")
        user = creds.split(":", 1)[0]
        return f"{head}://{user}{':***' if ':' in creds else ''}@{host}"


def check(uri: str) -> str:
    """The normalized URI, or ValueError saying (with the password masked) why it is not one we can use."""
    if uri.startswith(SQLITE):
        return uri
    if not is_postgres_uri(uri):
        raise ValueError(
            f"{mask(uri)!r} is not a supported database URI: use sqlite:///PATH or"
            " postgresql+psycopg://USER:PASSWORD@HOST[:PORT]/DATABASE"
        )
    try:
        url = make_url(normalize(uri))
    except (ArgumentError, ValueError):
        raise ValueError(f"{mask(uri)!r} is not a valid PostgreSQL URI") from None
    if not url.database:
        raise ValueError(f"{mask(uri)!r} names no database (…/DATABASE at the end)")
    return normalize(uri)
