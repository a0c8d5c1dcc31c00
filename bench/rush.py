"""The registration rush of docs/performance.md: N enterprises register for one popular meeting at once.

    python bench/rush.py prepare N SEATS     # N enterprise users with API tokens, one open meeting (no approval step)
    python bench/rush.py fire URL            # from its own process: every user POSTs at the same moment
    python bench/rush.py check               # seats never over-booked, every enterprise once, waitlist in order

Run by bench/rush.sh (DJANGO_SETTINGS_MODULE=kaopu.settings_bench, DATABASE_URL set).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

TOKENS = Path(os.environ.get("RUSH_TOKENS", "var/bench/rush-tokens.json"))


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaopu.settings_bench")
    import django

    django.setup()


def prepare(count: int, seats: int) -> None:
    from django.contrib.auth.hashers import make_password

    from kaopu.accounts.models import ApiToken, Organisation, User
    from kaopu.accounts.roles import OrganisationKind, Role
    from kaopu.dialogues.testing import make_meeting
    from kaopu.directory.models import District, Enterprise

    district = District.objects.get(name="普陀区")
    enterprises = list(Enterprise.objects.filter(district=district).order_by("id")[:count])
    if len(enterprises) < count:
        raise SystemExit(f"only {len(enterprises)} enterprises: seed more (kaopu seed --enterprises {count})")
    fic, _created = Organisation.objects.get_or_create(kind=OrganisationKind.FIC, district=district,
                                                       defaults={"name": "普陀区工商联"})
    organiser = User.objects.create(username="rush_staff", name="压测员", role=Role.FIC_STAFF, organisation=fic,
                                    password=make_password(None))
    meeting = make_meeting(district, organiser, theme="人工智能企业专场", capacity=seats, requires_approval=False)
    unusable = make_password(None)
    tokens = []
    for n, enterprise in enumerate(enterprises):
        organisation = Organisation.objects.create(kind=OrganisationKind.ENTERPRISE, name=enterprise.name,
                                                   district=district, enterprise=enterprise)
        user = User.objects.create(username=f"rush{n}", name=f"企业用户{n}", role=Role.ENTERPRISE_USER,
                                   organisation=organisation, password=unusable)
        tokens.append(ApiToken.issue(user, "rush")[1])
    TOKENS.parent.mkdir(parents=True, exist_ok=True)
    TOKENS.write_text(json.dumps({"meeting": meeting.pk, "seats": seats, "tokens": tokens}))
    print(f"meeting {meeting.pk} with {seats} seats; {len(tokens)} enterprise users")


def fire(base: str) -> int:
    """One thread per enterprise; all wait at a barrier, then POST their registration at once."""
    plan = json.loads(TOKENS.read_text())
    url = f"{base}/api/v1/dialogues/meetings/{plan['meeting']}/registrations"
    body = json.dumps({"seats": 1, "topic": "希望了解人工智能算力补贴政策"}).encode()
    barrier = threading.Barrier(len(plan["tokens"]))
    results: list[tuple[int, float]] = []
    lock = threading.Lock()

    def one(token: str) -> None:
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        barrier.wait()
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        with lock:
            results.append((status, (time.perf_counter() - started) * 1000))

    threads = [threading.Thread(target=one, args=(token,)) for token in plan["tokens"]]
    wall = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - wall
    times = sorted(ms for _status, ms in results)
    statuses: dict[int, int] = {}
    for status, _ms in results:
        statuses[status] = statuses.get(status, 0) + 1
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))]  # noqa: E731
    print(f"requests {len(results)} in {wall:.1f} s; statuses {statuses}")
    print(f"latency ms: p50 {statistics.median(times):.0f}, p90 {p(0.90):.0f}, p99 {p(0.99):.0f}, max {times[-1]:.0f}")
    return 0 if statuses == {201: len(plan["tokens"])} else 1


def check() -> int:
    from django.db.models import Sum

    from kaopu.dialogues.models import Registration

    plan = json.loads(TOKENS.read_text())
    registrations = Registration.objects.filter(meeting_id=plan["meeting"])
    approved = registrations.filter(state="approved")
    taken = approved.aggregate(n=Sum("seats"))["n"] or 0
    waitlisted = registrations.filter(state="waitlisted").count()
    per_enterprise = registrations.values("enterprise_id").distinct().count()
    print(f"approved {approved.count()} ({taken} seats of {plan['seats']}), waitlisted {waitlisted}, "
          f"registrations {registrations.count()} from {per_enterprise} enterprises")
    ok = taken <= plan["seats"] and taken == min(plan["seats"], len(plan["tokens"])) \
        and registrations.count() == per_enterprise == len(plan["tokens"])
    print("no over-booking, every enterprise once" if ok else "!!! over-booked or lost registrations")
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    command = argv[0]
    if command == "fire":
        return fire(argv[1])
    setup_django()
    if command == "prepare":
        prepare(int(argv[1]), int(argv[2]))
        return 0
    return check()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
