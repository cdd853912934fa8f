"""Access links on a real SQLite file: one per colleague, revocable one at a time, named in the update log."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.conftest import Clock
from tickettracker.domain.records import Person
from tickettracker.domain.validation import TicketInput
from tickettracker.errors import ValidationFailed
from tickettracker.services.access import CACHE_SECONDS, AccessService
from tickettracker.services.power import PowerService
from tickettracker.services.tickets import TicketService


class Ticks:
    """A settable monotonic clock for the link cache."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def access(service: TicketService) -> AccessService:
    return AccessService(service)


def test_each_link_names_its_person_and_only_its_digest_is_stored(
    access: AccessService, service: TicketService
) -> None:
    ana, ana_token = access.create("  Ana   Lima ")
    bob, bob_token = access.create("Bob")
    assert (ana.name, bob.name) == ("Ana Lima", "Bob")
    assert access.identify(ana_token) == Person("Ana Lima", ana.id)
    assert access.identify(bob_token) == Person("Bob", bob.id)
    assert access.identify("not-a-token") is None
    assert access.identify(ana_token[:-1]) is None
    with service.db.read() as s:
        raw = s.execute(text("SELECT * FROM access_link")).all()
    assert ana_token not in repr(raw) and bob_token not in repr(raw)


def test_revoking_one_link_leaves_the_others_working(access: AccessService, clock: Clock) -> None:
    ana, ana_token = access.create("Ana")
    _bob, bob_token = access.create("Bob")
    clock.advance(hours=1)
    revoked = access.revoke(ana.id)
    assert revoked.revoked_at == clock.now
    assert access.identify(ana_token) is None
    assert access.identify(bob_token) is not None
    assert [(r.name, r.revoked_at is None) for r in access.links()] == [("Bob", True), ("Ana", False)]
    assert access.revoke(ana.id).revoked_at == revoked.revoked_at  # a second revoke changes nothing


def test_one_live_link_per_name(access: AccessService) -> None:
    ana, _ = access.create("Ana")
    with pytest.raises(ValidationFailed, match="Ana already has a link"):
        access.create("ana")
    with pytest.raises(ValidationFailed, match="the person's name"):
        access.create("   ")
    access.revoke(ana.id)
    assert access.create("Ana")[0].id != ana.id


def test_last_use_is_recorded_at_most_once_a_minute(access: AccessService, clock: Clock) -> None:
    ana, token = access.create("Ana")
    assert access.links()[0].last_used is None
    first = clock.now
    access.identify(token)
    clock.advance(seconds=30)
    access.identify(token)
    assert access.links()[0].last_used == first
    clock.advance(seconds=31)
    access.identify(token)
    assert access.links()[0].last_used == clock.now
    assert access.links()[0].id == ana.id


def test_a_revocation_by_another_instance_takes_effect_within_the_cache_time(service: TicketService) -> None:
    ticks = Ticks()
    here = AccessService(service, monotonic=ticks)
    elsewhere = AccessService(service)
    ana, token = elsewhere.create("Ana")
    assert here.identify(token) == Person("Ana", ana.id)
    elsewhere.revoke(ana.id)
    ticks.now += CACHE_SECONDS + 0.1
    assert here.identify(token) is None


def test_the_log_records_whose_link_made_each_change(access: AccessService, service: TicketService) -> None:
    ana, _ = access.create("Ana")
    via_ana = Person("Ana", ana.id)
    tid = service.create(TicketInput(title="Printer jam"), author=via_ana)
    service.post_update(tid, "Called the vendor", author=Person("Bob", ana.id))
    service.change_status(tid, "In Progress", author="Carol")
    PowerService(service).bulk_priority([tid], "High", author=via_ana)
    access.revoke(ana.id)  # the log keeps naming a revoked link
    log = [(u.kind, u.author, u.link_name) for u in service.get(tid).updates]
    assert log == [
        ("created", "Ana", "Ana"),
        ("note", "Bob", "Ana"),
        ("status", "Carol", None),
        ("field", "Ana", "Ana"),
    ]


def test_a_link_without_a_name_writes_the_default_author(
    access: AccessService, service: TicketService
) -> None:
    ana, _ = access.create("Ana")
    tid = service.create(TicketInput(title="Printer jam"), author=Person("  ", ana.id))
    assert [(u.author, u.link_name) for u in service.get(tid).updates] == [("Me", "Ana")]
