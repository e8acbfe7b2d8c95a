"""The curious administrator: both database dumps and every log line, and still no link.

The scenario. A small agency of 102 employees in four token buckets (REHAT_MIN_BUCKET=20)
lives through one weekly pulse and one monthly screening. Every employee signs in once,
in random order, and their browser takes a token for both open periods, whether or not
they will answer. About 70 % answer the pulse and 35 % the screening; half of them in the
same visit as their sign-in (the worst case: sign-in order then follows answering order),
the others later, interleaved with other people's sign-ins. Every request carries its own
address and user agent. The shuffler's beat (`move_due`, run by `rehat shuffle`) falls
between events at random and moves each bucket that has at least BATCH answers waiting.
Then both periods close.

The administrator then holds: a dump of both databases (every table, every column, rows
in the order the database returns them without ORDER BY, plus SQLite's rowid or, on
PostgreSQL, ctid and xmin), every log record of the run (all loggers at DEBUG) and the
process output. We also give them what the dumps do not hold, as a worst case: the true
order in which people answered.

The statistic. A linking attack pairs an order of the submissions read from the anonymous
dump (row position, xmin, id, position / xmin / id of its answer rows) with an order of
the employees read from the administrator's knowledge (answering order, sign-in order,
issuance row position / xmin / id, employee id, user id, session row position / xmin,
session expiry). The dump shows, by design, the bucket of a submission (its token key)
and — as a worst case granted to the attacker, though the close-time reshuffle erases it
from the dump — the batch it was moved in, so the administrator's anonymity set is taken
to be a stratum (period, bucket, batch); within a stratum the
design promises a uniformly random order. For every attack we compute, over the true
(submission, author) pairs:

1. the pooled within-stratum Kendall τ between the two orders. Its null distribution
   under "uniform order within each stratum" is exact: the inversion count of a random
   permutation of n has the Mahonian generating function ∏ₖ₌₁ⁿ (1 + q + … + qᵏ⁻¹), and
   strata add up by convolution. The test is two-sided.
2. the exact-match accuracy of the attacker who pairs the i-th submission of a stratum
   with the i-th (and, separately, the last-but-i-th) employee of that stratum. Chance is
   one correct pair per stratum; the null distribution is the sum of the fixed points of
   independent uniform permutations, P(F = m) = C(n, m)·D(n − m) / n!, again exact.

Each test is held at family-wise α = 0.001 (Bonferroni over all attacks of the run), so
a correct implementation fails by bad luck with probability below 1/1000; storage in
arrival order fails with τ = 1 (p < 10⁻³⁰, see the control test below). The answers
themselves are the test's ground truth only: each answerer's WHO-5 (pulse) or PHQ-9
(screening) vector is unique, and no attack reads it.

Besides the statistic the test states: no anonymous table has a date/time column or an
integer sequence; every anonymous UUID is version 4; no identity value (NIP, email,
name, user or employee code, session key, issuance id or hash, address, user agent)
occurs anywhere in the anonymous dump; the only values both dumps share are the public
period, bucket and key values; no log record or output line carries an address or a
user agent, and none written while serving /anon/ carries a time.

Randomness is seeded (the scenario and the batch shuffle, which in production uses
SystemRandom; `test_production_shuffle_uses_the_system_random_source` pins that), so the
run is reproducible on SQLite and on PostgreSQL.
"""

import base64
import contextlib
import datetime
import hashlib
import io
import itertools
import json
import logging
import math
import random
import re
import secrets
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from django.apps import apps as django_apps
from django.contrib.sessions.backends.db import SessionStore
from django.db import connections
from django.test import Client, override_settings

from rehat.checkins.domain.periods import close_period, sync_periods
from rehat.checkins.models import Period
from rehat.instruments.domain import get_instrument
from rehat.instruments.domain.scoring import score_answers
from rehat.lib.blindrsa import VerifyingKey
from rehat.organizations.models import Agency, Employee, Unit
from rehat.responses import domain
from rehat.responses.domain import PULSE_INSTRUMENTS, SCREENING_INSTRUMENTS
from rehat.responses.models import Answer, Submission
from rehat.routers import ANONYMOUS, IDENTITY
from rehat.tests.blindrsa_client import blind, finalize
from rehat.tests.factories import make_employee, make_unit

ALL = [IDENTITY, ANONYMOUS]
SEED = 20261125
TODAY = datetime.date(2026, 11, 25)
MIN_BUCKET = 20
BATCH = 10
BEAT_SHARE = 0.25  # a shuffler beat after about one event in four
FAMILY_ALPHA = 0.001
CHECKIN = "checkin"  # the token purpose of check-ins (other purposes are taken, not used)

# code, parent, headcount. Buckets at 20: DINKES (34), DISDIK (22), DISDIK-SD (25) and
# SETDA (itself and the BAPPEDA subtree: 21).
UNITS = [
    ("SETDA", None, 4),
    ("DINKES", "SETDA", 18),
    ("DINKES-P2P", "DINKES", 9),
    ("DINKES-YANKES", "DINKES", 7),
    ("DISDIK", "SETDA", 22),
    ("DISDIK-SD", "DISDIK", 25),
    ("BAPPEDA", "SETDA", 12),
    ("BAPPEDA-EKO", "BAPPEDA", 5),
]
EXPECTED_BUCKETS = {"DINKES": 34, "DISDIK": 22, "DISDIK-SD": 25, "SETDA": 21}
BAND_WIDTH = Answer._meta.get_field("band").max_length
PULSE_SHARE, SCREENING_SHARE, SAME_VISIT_SHARE, RETRY_SHARE = 0.7, 0.35, 0.5, 0.05

# DESIGN.md's one exception: a conversation's reply deadline, rounded to the hour.
TIME_ALLOWED = {("conversations_conversation", "deadline")}

# A log line with any of these carries a time.
TIME_PATTERNS = re.compile(
    r"\d{4}-\d{2}-\d{2}"  # ISO date
    r"|\b\d{1,2}:\d{2}(:\d{2})?\b"  # clock time
    r"|\d{2}/[A-Z][a-z]{2}/\d{4}"  # access-log date
    r"|\b1[5-9]\d{8}(\.\d+)?\b"  # Unix time
)


# --- the scenario ---------------------------------------------------------------------


@dataclass
class Person:
    employee: Employee
    address: str
    user_agent: str
    bucket: str = ""
    tokens: dict[tuple[str, str], bytes] = field(default_factory=dict)  # (period, purpose)
    answers: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    help: dict[str, str] = field(default_factory=dict)


@dataclass
class Run:
    people: list[Person]
    periods: dict[str, Period]
    sign_in_order: list[int]  # employee pks
    answer_order: dict[str, list[int]]  # period code -> employee pks, first answer first
    batch_of: dict[tuple[str, int], int]  # (period, employee pk) -> batch number in bucket
    capture: "LogCapture"


class LogCapture(logging.Handler):
    """Every record of every logger, tagged with what the run was doing, and everything
    the project's own handlers write (`output`)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, logging.LogRecord]] = []
        self.output = io.StringIO()
        self.doing = "setup"
        self._seen: set[int] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if id(record) not in self._seen:
            self._seen.add(id(record))
            self.records.append((self.doing, record))


def _all_loggers() -> list[logging.Logger]:
    named = [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    return [logging.getLogger(), *named]


def _project_handlers(logger: logging.Logger) -> list[logging.Handler]:
    """The handlers settings.LOGGING installed (not pytest's, not ours)."""
    return [
        h
        for h in logger.handlers
        if not isinstance(h, LogCapture) and not type(h).__module__.startswith("_pytest")
    ]


@pytest.fixture
def capture() -> Iterator[LogCapture]:
    handler = LogCapture()
    saved, streams = [], []
    for logger in _all_loggers():
        saved.append((logger, logger.level, logger.disabled))
        for own in _project_handlers(logger):
            if isinstance(own, logging.StreamHandler):
                streams.append((own, own.setStream(handler.output)))
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
    try:
        yield handler
    finally:
        for own, stream in streams:
            own.setStream(stream)
        for logger, level, disabled in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.disabled = disabled


def _build_agency(rng: random.Random) -> list[Person]:
    Agency.objects.create(name="Pemerintah Kota Simulasi")
    units: dict[str, Unit] = {}
    for code, parent, _ in UNITS:
        units[code] = make_unit(code=code, name=f"Unit {code}", parent=units.get(parent or ""))
    people = []
    for code, _, headcount in UNITS:
        for _ in range(headcount):
            n = len(people) + 1
            people.append(
                Person(
                    employee=make_employee(unit=units[code]),
                    address=f"10.{rng.randrange(16, 32)}.{n // 250}.{n % 250 + 2}",
                    user_agent=f"Mozilla/5.0 (Linux; Android 14; HP-Pegawai-{n:03d}) Chrome/131",
                )
            )
    return people


def _band_fits(instrument: str, values: list[int]) -> bool:
    """Whether the band label fits Answer.band (see test_every_band_label_fits_the_answer_table).

    Until it does, the scenario leaves out WHO-5 totals 8–12, whose label is too long for
    PostgreSQL; once the column fits every label, nothing is left out.
    """
    band = score_answers(instrument=instrument, answers=values).band
    return band is None or len(band.label_en) <= BAND_WIDTH


def _unique_answers(rng: random.Random, people: list[Person], periods: dict[str, Period]):
    """Give each answerer a unique vector (the test's ground truth, never an attack)."""
    pulse, screening = periods["pulse"].code, periods["screening"].code
    fits = {t: _band_fits("who5", [t // 5 + (i < t % 5) for i in range(5)]) for t in range(26)}
    storable = [v for v in itertools.product(range(6), repeat=5) if fits[sum(v)]]
    who5 = rng.sample(storable, len(people))
    phq9 = rng.sample(list(itertools.product(range(4), repeat=8)), len(people))
    helps = list(Submission.Help.values)
    for person, w, p in zip(people, who5, phq9, strict=True):
        if rng.random() < PULSE_SHARE:
            person.answers[pulse] = {
                "who5": list(w),
                "single-item-burnout": [rng.randint(1, 5)],
            }
            person.help[pulse] = rng.choice(helps)
        if rng.random() < SCREENING_SHARE:
            person.answers[screening] = {"phq9": [*p, 0], "gad7": [rng.randint(0, 3)] * 7}
            person.help[screening] = rng.choice(helps)


def _schedule(rng: random.Random, people: list[Person]) -> list[tuple[float, str, Person, str]]:
    """Sign-ins at random times; answers in the same visit or any time later."""
    events = []
    for person in people:
        signed_in = rng.random()
        events.append((signed_in, "sign-in", person, ""))
        for rank, period in enumerate(sorted(person.answers)):
            if rng.random() < SAME_VISIT_SHARE:
                at = signed_in + (rank + 1) * 1e-9
            else:
                at = rng.uniform(signed_in, 1.2)
            events.append((at, "answer", person, period))
    events.sort(key=lambda e: (e[0], e[1] == "answer"))
    return events


def _take_tokens(client: Client, person: Person) -> None:
    """What tokens.js does on any visit: one directory, one blind token per open period."""
    for entry in client.get("/cek-kabar/token/").json()["periods"]:
        public = serialization.load_der_public_key(base64.b64decode(entry["spki"]))
        numbers = public.public_numbers()  # type: ignore[union-attr]
        key = VerifyingKey(n=numbers.n, e=numbers.e)
        key_id = base64.b64decode(entry["token_key_id"])
        token_type = entry["token_type"].to_bytes(2, "big")
        challenge = hashlib.sha256(base64.b64decode(entry["challenge"])).digest()
        token_input = token_type + secrets.token_bytes(32) + challenge + key_id
        blinded, inv = blind(key, token_input)
        request = base64.b64encode(token_type + key_id[-1:] + blinded).decode()
        purpose = entry.get("purpose", CHECKIN)
        response = client.post(
            "/cek-kabar/token/",
            json.dumps({"period": entry["period"], "purpose": purpose, "token_request": request}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        signature = finalize(key, base64.b64decode(response.json()["blind_signature"]), inv)
        person.bucket = entry["bucket"]
        person.tokens[(entry["period"], purpose)] = token_input + signature


def _post_answers(person: Person, period: str, *, expect: int = 200) -> None:
    client = Client(REMOTE_ADDR=person.address, HTTP_USER_AGENT=person.user_agent)
    response = client.post(
        "/anon/v1/cek-kabar/",
        json.dumps(
            {
                "period": period,
                "bucket": person.bucket,
                "token": base64.b64encode(person.tokens[(period, CHECKIN)]).decode(),
                "answers": person.answers[period],
                "help": person.help[period],
            }
        ),
        content_type="application/json",
        headers={"X-Forwarded-For": person.address},
    )
    assert response.status_code == expect, response.content
    assert not response.cookies


def simulate(capture: LogCapture, *, seed: int = SEED) -> Run:
    rng = random.Random(seed)
    people = _build_agency(rng)
    with override_settings(REHAT_MIN_BUCKET=MIN_BUCKET):
        sync_periods(today=TODAY)
    periods = {p.kind: p for p in Period.objects.filter(status=Period.Status.OPEN)}
    _unique_answers(rng, people, periods)

    sign_in_order: list[int] = []
    answer_order: dict[str, list[int]] = defaultdict(list)
    batch_of: dict[tuple[str, int], int] = {}
    # The shuffler (`rehat shuffle`) runs on its own beat, not in requests: a beat falls
    # after about one event in four, from its own seeded source so the scenario is the
    # same. The test keeps its own account of what waits to name each batch.
    beats = random.Random(seed + 1)
    waiting: dict[tuple[str, str], list[int]] = defaultdict(list)
    batches: dict[tuple[str, str], int] = defaultdict(int)

    def beat() -> None:
        due = [key for key, pks in waiting.items() if len(pks) >= BATCH]
        assert domain.move_due() == sum(len(waiting[key]) for key in due)
        for key in due:
            for waiting_pk in waiting.pop(key):
                batch_of[(key[0], waiting_pk)] = batches[key]
            batches[key] += 1

    for _, what, person, period in _schedule(rng, people):
        pk = person.employee.pk
        if what == "sign-in":
            capture.doing = "identity"
            client = Client(REMOTE_ADDR=person.address, HTTP_USER_AGENT=person.user_agent)
            client.force_login(person.employee.user)
            _take_tokens(client, person)
            sign_in_order.append(pk)
        else:
            capture.doing = "anonymous"
            _post_answers(person, period)
            if rng.random() < RETRY_SHARE:  # a browser that did not see the answer retries
                _post_answers(person, period, expect=409)
            answer_order[period].append(pk)
            waiting[(period, person.bucket)].append(pk)
        if beats.random() < BEAT_SHARE:
            capture.doing = "shuffle"
            beat()
    for (period, bucket), pks in waiting.items():  # closing moves the rest as one batch
        for waiting_pk in pks:
            batch_of[(period, waiting_pk)] = batches[(period, bucket)]
    capture.doing = "close"
    for period in periods.values():
        close_period(period=period)
    capture.doing = "done"
    return Run(
        people=people,
        periods={p.code: p for p in periods.values()},
        sign_in_order=sign_in_order,
        answer_order=answer_order,
        batch_of=batch_of,
        capture=capture,
    )


# --- the dumps ------------------------------------------------------------------------


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[Any, ...]]

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _tables(alias: str) -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return sorted(name for (name,) in cursor.fetchall())


def dump(alias: str) -> dict[str, Table]:
    """Every table, every column, rows as the database returns them without ORDER BY."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        extra = "ctid::text AS __ctid__, xmin::text::bigint AS __xmin__, "
    else:
        extra = "rowid AS __rowid__, "
    tables = {}
    with connection.cursor() as cursor:
        for name in _tables(alias):
            cursor.execute(f'SELECT {extra}* FROM "{name}"')  # noqa: S608 (our table names)
            columns = [c[0] for c in cursor.description]
            tables[name] = Table(columns, [tuple(row) for row in cursor.fetchall()])
    return tables


def columns_of(alias: str) -> list[tuple[str, str, str, str]]:
    """(table, column, declared type, default or identity) of every column."""
    connection = connections[alias]
    rows = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT table_name, column_name, data_type,"
                " coalesce(column_default, '') || CASE WHEN is_identity = 'YES'"
                " THEN 'identity' ELSE '' END"
                " FROM information_schema.columns WHERE table_schema = current_schema()"
            )
            rows = [tuple(r) for r in cursor.fetchall()]
        else:
            for table in _tables(alias):
                cursor.execute(f'PRAGMA table_info("{table}")')
                for _, name, kind, _, default, pk in cursor.fetchall():
                    # An INTEGER PRIMARY KEY is SQLite's rowid: a sequence.
                    seq = "rowid" if pk and kind.lower() == "integer" else str(default or "")
                    rows.append((table, name, kind.lower(), seq))
    return sorted(rows)


def _position(row: dict[str, Any]) -> tuple[int, ...]:
    """The physical place of a row: SQLite rowid or PostgreSQL ctid (block, item)."""
    if "__ctid__" in row:
        block, item = row["__ctid__"].strip("()").split(",")
        return (int(block), int(item))
    return (int(row["__rowid__"]),)


def _text(value: Any) -> str:
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _atoms(value: Any) -> Iterator[str]:
    """The values a join could use: text, bytes and ids, also inside JSON; no numbers."""
    if value is None or isinstance(value, bool | int | float):
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _atoms(key)
            yield from _atoms(item)
        return
    if isinstance(value, list):
        for item in value:
            yield from _atoms(item)
        return
    text = _text(value)
    if text[:1] in "[{":
        try:
            yield from _atoms(json.loads(text))
            return
        except ValueError:
            pass
    with contextlib.suppress(ValueError):
        text = uuid.UUID(text).hex
    if text:
        yield text


def _cells(tables: dict[str, Table]) -> Iterator[tuple[str, str, Any]]:
    for name, table in tables.items():
        for row in table.rows:
            for column, value in zip(table.columns, row, strict=True):
                if not column.startswith("__"):
                    yield name, column, value


# --- the statistic --------------------------------------------------------------------


def mahonian(n: int) -> list[int]:
    """Number of permutations of n with k inversions, for k = 0 … n(n−1)/2."""
    counts = [1]
    for size in range(1, n + 1):
        grown = [0] * (len(counts) + size - 1)
        for k, c in enumerate(counts):
            for extra in range(size):
                grown[k + extra] += c
        counts = grown
    return counts


def fixed_points(n: int) -> list[int]:
    """Number of permutations of n with exactly m fixed points, for m = 0 … n."""
    derangements = [1, 0]
    for k in range(2, n + 1):
        derangements.append((k - 1) * (derangements[-1] + derangements[-2]))
    return [math.comb(n, m) * derangements[n - m] for m in range(n + 1)]


def convolve(a: list[int], b: list[int]) -> list[int]:
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] += x * y
    return out


@dataclass(frozen=True)
class Null:
    """Exact null distributions for a list of stratum sizes, and the test thresholds."""

    inversions: list[int]
    matches: list[int]

    @classmethod
    def for_strata(cls, sizes: list[int]) -> "Null":
        inversions, matches = [1], [1]
        for n in sizes:
            inversions = convolve(inversions, mahonian(n))
            matches = convolve(matches, fixed_points(n))
        return cls(inversions, matches)

    @property
    def pairs(self) -> int:
        return len(self.inversions) - 1

    def tau_bound(self, alpha: float) -> float:
        """|τ| at or beyond this has two-sided probability ≤ alpha under the null."""
        total, tail, k = sum(self.inversions), 0, 0
        while (tail + self.inversions[k]) / total <= alpha / 2:
            tail += self.inversions[k]
            k += 1
        # Inversions ≤ k − 1 (and, by symmetry, ≥ pairs − k + 1) are the rejection region.
        return 1 - 2 * (k - 1) / self.pairs if k else 1.0

    def match_bound(self, alpha: float) -> int:
        """Smallest number of correct pairs m with P(M ≥ m) ≤ alpha under the null."""
        total, tail = sum(self.matches), 0
        m = len(self.matches)
        while m > 0 and (tail + self.matches[m - 1]) / total <= alpha:
            tail += self.matches[m - 1]
            m -= 1
        return m


@dataclass(frozen=True)
class Outcome:
    attack: str
    tau: float
    matches_forward: int
    matches_backward: int


Rank = Callable[[Any], Any]


def attack(
    strata: list[list[tuple[Any, Any]]], by_submission: Rank, by_employee: Rank, name: str
) -> Outcome:
    """Pooled Kendall τ and exact-match counts of one attack over (submission, author) pairs.

    Ties (xmin is the same for a whole batch) are broken by a seeded coin: the attacker
    learns nothing from them, and the null distribution stays exact.
    """
    tiebreak = random.Random(f"{SEED}:{name}")
    inversions = pairs = forward = backward = 0
    for stratum in strata:
        keyed = [
            ((by_submission(s), tiebreak.random()), (by_employee(e), tiebreak.random()), e)
            for s, e in stratum
        ]
        for a, b in itertools.combinations(keyed, 2):
            pairs += 1
            inversions += (a[0] < b[0]) != (a[1] < b[1])
        submissions = sorted(keyed, key=lambda k: k[0])
        employees = [k[2] for k in sorted(keyed, key=lambda k: k[1])]
        forward += sum(s[2] == e for s, e in zip(submissions, employees, strict=True))
        backward += sum(s[2] == e for s, e in zip(submissions, employees[::-1], strict=True))
    return Outcome(name, 1 - 2 * inversions / pairs, forward, backward)


# --- reading the dumps as the administrator -------------------------------------------


@dataclass
class Evidence:
    """What the dumps say, keyed the way each side can key it."""

    submission: dict[str, dict[str, Any]]  # submission id -> facts from the anonymous dump
    employee: dict[tuple[str, int], dict[str, Any]]  # (period, employee pk) -> facts
    author: dict[str, int]  # submission id -> employee pk (ground truth, from the answers)
    stratum: dict[str, tuple[str, str, int]]  # submission id -> (period, bucket, batch)


def read_evidence(run: Run, identity: dict[str, Table], anonymous: dict[str, Table]) -> Evidence:
    vendor = connections[ANONYMOUS].vendor
    fingerprint = {}
    for person in run.people:
        for period, answers in person.answers.items():
            key = "who5" if "who5" in answers else "phq9"
            fingerprint[(period, key, tuple(answers[key]))] = person.employee.pk

    submission: dict[str, dict[str, Any]] = {}
    for index, row in enumerate(anonymous["responses_submission"].dicts()):
        sid = _text(row["id"]).replace("-", "")
        submission[sid] = {
            "period": row["period"],
            "bucket": row["bucket"],
            "row position": index,
            "physical place": _position(row),
            "id": sid,
        }
        if vendor == "postgresql":
            submission[sid]["xmin"] = row["__xmin__"]
    author: dict[str, int] = {}
    for index, row in enumerate(anonymous["responses_answer"].dicts()):
        sid = _text(row["submission_id"]).replace("-", "")
        facts = submission[sid]
        facts["answer row position"] = min(facts.get("answer row position", index), index)
        aid = _text(row["id"]).replace("-", "")
        facts["answer id"] = min(facts.get("answer id", aid), aid)
        if vendor == "postgresql":
            facts["answer xmin"] = row["__xmin__"]
        values = row["values"] if isinstance(row["values"], list) else json.loads(row["values"])
        if row["instrument"] in ("who5", "phq9"):
            author[sid] = fingerprint[(facts["period"], row["instrument"], tuple(values))]

    period_code = {row["id"]: row["code"] for row in identity["checkins_period"].dicts()}
    employee: dict[tuple[str, int], dict[str, Any]] = defaultdict(dict)
    for index, row in enumerate(identity["checkins_issuance"].dicts()):
        if row["purpose"] not in (CHECKIN, "pulse", "screening"):
            continue  # the ledger row of another purpose's token
        facts = employee[(period_code[row["period_id"]], row["employee_id"])]
        facts["issuance row position"] = index
        facts["issuance id"] = _text(row["id"]).replace("-", "")
        if vendor == "postgresql":
            facts["issuance xmin"] = row["__xmin__"]
    user_of = {row["id"]: row["user_id"] for row in identity["organizations_employee"].dicts()}
    sessions = {}
    for index, row in enumerate(identity["django_session"].dicts()):
        user_id = int(SessionStore().decode(row["session_data"])["_auth_user_id"])
        sessions[user_id] = {
            "session row position": index,
            "session expiry": row["expire_date"],
            **({"session xmin": row["__xmin__"]} if vendor == "postgresql" else {}),
        }
    answered_at = {
        (period, pk): rank
        for period, pks in run.answer_order.items()
        for rank, pk in enumerate(pks)
    }
    signed_in_at = {pk: rank for rank, pk in enumerate(run.sign_in_order)}
    for (period, pk), facts in employee.items():
        facts["answering order"] = answered_at.get((period, pk))
        facts["sign-in order"] = signed_in_at[pk]
        facts["employee id"] = pk
        facts["user id"] = user_of[pk]
        facts.update(sessions[user_of[pk]])

    stratum = {
        sid: (facts["period"], facts["bucket"], run.batch_of[(facts["period"], author[sid])])
        for sid, facts in submission.items()
    }
    return Evidence(submission, dict(employee), author, stratum)


def strata_of(evidence: Evidence) -> dict[tuple[str, str, int], list[tuple[str, Any]]]:
    """(period, bucket, batch) -> [(submission id, (period, author pk))]."""
    grouped: dict[tuple[str, str, int], list[tuple[str, Any]]] = defaultdict(list)
    for sid, key in evidence.stratum.items():
        grouped[key].append((sid, (key[0], evidence.author[sid])))
    return grouped


def submission_orders(vendor: str) -> list[str]:
    orders = ["row position", "id", "answer row position", "answer id"]
    return orders + (["xmin", "answer xmin"] if vendor == "postgresql" else [])


def employee_orders(vendor: str) -> list[str]:
    orders = [
        "answering order",
        "sign-in order",
        "issuance row position",
        "issuance id",
        "employee id",
        "user id",
        "session row position",
        "session expiry",
    ]
    return orders + (["issuance xmin", "session xmin"] if vendor == "postgresql" else [])


# --- the tests ------------------------------------------------------------------------


def test_production_shuffle_uses_the_system_random_source():
    assert isinstance(domain._shuffle.__self__, random.SystemRandom)  # type: ignore[attr-defined]


def test_exact_null_distributions_match_their_definitions():
    assert mahonian(3) == [1, 2, 2, 1]
    assert sum(mahonian(7)) == math.factorial(7)
    assert fixed_points(4) == [9, 8, 6, 0, 1]
    null = Null.for_strata([2, 3])
    assert null.matches == convolve([1, 0, 1], [2, 3, 0, 1])
    assert sum(null.inversions) == sum(null.matches) == 12
    # Chance level: one correct pair per stratum on average.
    mean = sum(m * c for m, c in enumerate(null.matches)) / sum(null.matches)
    assert mean == pytest.approx(2)


def test_every_band_label_fits_the_answer_table():
    too_long = [
        (name, band.label_en)
        for name in PULSE_INSTRUMENTS + SCREENING_INSTRUMENTS
        for band in get_instrument(instrument_id=name).bands
        if len(band.label_en) > BAND_WIDTH
    ]
    assert too_long == []


@pytest.fixture
def seeded_shuffle(monkeypatch):
    monkeypatch.setattr(domain, "_shuffle", random.Random(f"{SEED}:shuffle").shuffle)


@pytest.mark.django_db(transaction=True, databases=ALL)
@override_settings(REHAT_SHUFFLE_BATCH=BATCH, REHAT_MIN_BUCKET=MIN_BUCKET)
def test_curious_administrator_cannot_link_submissions_to_employees(seeded_shuffle, capture, capfd):
    capfd.readouterr()
    run = simulate(capture)
    output = capture.output.getvalue() + "".join(capfd.readouterr())
    identity, anonymous = dump(IDENTITY), dump(ANONYMOUS)
    vendor = connections[ANONYMOUS].vendor
    people = {p.employee.pk: p for p in run.people}

    # The scenario is what the docstring says.
    assert {p.bucket for p in run.people} == set(EXPECTED_BUCKETS)
    assert {b: sum(p.bucket == b for p in run.people) for b in EXPECTED_BUCKETS} == (
        EXPECTED_BUCKETS
    )
    issued = identity["checkins_issuance"].rows
    assert len(issued) == sum(len(p.tokens) for p in run.people)  # every token of everyone
    assert all((code, CHECKIN) in p.tokens for p in run.people for code in run.periods)
    answered = sum(len(p.answers) for p in run.people)
    assert len(anonymous["responses_submission"].rows) == answered
    assert len(anonymous["responses_spenttoken"].rows) == answered
    assert anonymous["responses_pendingsubmission"].rows == []

    # 1. The anonymous schema holds no time and no sequence. django_migrations is
    # Django's own record of schema changes (when the database was set up), not data.
    schema = [c for c in columns_of(ANONYMOUS) if not c[0].startswith(("django_", "sqlite_"))]
    assert {c[0] for c in schema} >= {
        "responses_answer",
        "responses_pendingsubmission",
        "responses_publishedkey",
        "responses_spenttoken",
        "responses_submission",
    }
    timelike = [
        c for c in schema if re.search("date|time|interval", c[2]) and c[:2] not in TIME_ALLOWED
    ]
    sequences = [c for c in schema if re.search("nextval|identity|rowid|autoincrement", c[3])]
    integers = [c for c in schema if c[0].startswith("responses_") and re.search("int", c[2])]
    assert (timelike, sequences, integers) == ([], [], [])
    assert set(anonymous) - {"django_migrations", "sqlite_sequence"} == {c[0] for c in schema}
    if vendor == "postgresql":
        with connections[ANONYMOUS].cursor() as cursor:
            cursor.execute("SHOW track_commit_timestamp")
            assert cursor.fetchone() == ("off",)
    ids = [
        value
        for table, column, value in _cells(anonymous)
        if table.startswith("responses_") and column in ("id", "submission_id")
    ]
    assert {uuid.UUID(_text(v)).version for v in ids} == {4}

    # 2. No identity value is anywhere in the anonymous dump.
    blob = "\n".join(_text(v) for _, _, v in _cells(anonymous))
    personal = set()
    for table, columns in [
        ("accounts_user", ["code", "email", "name", "password"]),
        ("organizations_employee", ["nip"]),
        ("django_session", ["session_key", "session_data"]),
        ("checkins_issuance", ["id", "request_hash"]),
    ]:
        for row in identity[table].dicts():
            personal |= {_text(row[c]) for c in columns if row[c]}
    personal |= {uuid.UUID(v).hex for v in list(personal) if re.fullmatch("[0-9a-f-]{36}", v)}
    personal |= {p.address for p in run.people} | {p.user_agent for p in run.people}
    assert len(personal) > 6 * len(run.people)
    assert sorted(v for v in personal if v in blob) == []

    # 3. Values both sides share are the public period, bucket and key values only.
    public = set()
    for table, columns in [
        ("checkins_period", ["code", "kind"]),
        ("checkins_tokenkey", ["bucket", "purpose", "spki", "token_key_id"]),
    ]:
        for row in identity[table].dicts():
            public |= {_text(row[c]) for c in columns if c in row}
    # Fixed vocabularies (choice values such as the help choice "counselor" or the topic
    # "workload") are code constants, not data about anyone; other apps use the same words.
    for model in django_apps.get_models():
        for model_field in model._meta.get_fields():
            for value, _label in getattr(model_field, "choices", None) or []:
                public.add(_text(value))
    bookkeeping = ("django_migrations", "sqlite_sequence")  # names of migrations and tables
    anonymous_atoms = {
        a for t, _, v in _cells(anonymous) if t not in bookkeeping for a in _atoms(v)
    }
    identity_atoms = {a for t, _, v in _cells(identity) if t not in bookkeeping for a in _atoms(v)}
    assert anonymous_atoms & identity_atoms <= public
    # No stored text looks like a time (period codes name a week or a month, no day).
    texts = [v for t, _, v in _cells(anonymous) if t != "django_migrations" and isinstance(v, str)]
    assert [v for v in texts if TIME_PATTERNS.search(v)] == []

    # 4. Logs and output: no address, no user agent; nothing time-like from /anon/.
    secrets_of_requests = [p.address for p in run.people] + [p.user_agent for p in run.people]
    lines = []
    for doing, record in run.capture.records:
        lines.append((doing, record.getMessage()))
        for logger in _all_loggers():
            for handler in _project_handlers(logger):
                lines.append((doing, handler.format(record)))
    lines.append(("output", output))
    # The capture works: the retries were logged ("Conflict: /anon/v1/cek-kabar/").
    assert ("anonymous", "Conflict: /anon/v1/cek-kabar/") in lines
    assert [line for _, line in lines if any(s in line for s in secrets_of_requests)] == []
    timed = [
        line
        for doing, line in lines
        if doing in ("anonymous", "shuffle") and TIME_PATTERNS.search(line)
    ]
    assert timed == []
    # All the project's handlers wrote are the retries' conflicts (levels are at DEBUG).
    assert "Conflict: /anon/v1/cek-kabar/" in output.splitlines()

    # 5. The statistic: no order in the dumps pairs submissions with their authors
    # better than chance within the administrator's anonymity set (period, bucket, batch).
    evidence = read_evidence(run, identity, anonymous)
    assert sorted(evidence.author.values()) == sorted(
        pk for pk, p in people.items() for _ in p.answers
    )
    grouped = strata_of(evidence)
    strata = [grouped[key] for key in sorted(grouped)]
    # Batches as they were moved (the attacker is granted this knowledge, a worst case:
    # after the close-time reshuffle the dump itself no longer shows them).
    # Every batch the shuffler moved held at least BATCH answers; only what closing moved
    # (the last batch of a bucket) may hold fewer.
    last = defaultdict(int)
    for period, bucket, batch in grouped:
        last[(period, bucket)] = max(last[(period, bucket)], batch)
    assert len(grouped) > len(last)  # the beats did move batches before the close
    assert [
        (key, len(members))
        for key, members in grouped.items()
        if key[2] < last[key[:2]] and len(members) < BATCH
    ] == []
    for period in run.periods:
        for bucket in EXPECTED_BUCKETS:
            rows = sorted(
                (f["physical place"], evidence.stratum[sid][2], f.get("xmin"))
                for sid, f in evidence.submission.items()
                if (f["period"], f["bucket"]) == (period, bucket)
            )
            # Closing reshuffles the whole (period, bucket) in one transaction with fresh
            # ids, so batch borders are gone from the dump: one xmin for all of it.
            assert len({x for _, _, x in rows}) == 1
    # Rows come back in physical order (what "row position" means).
    by_scan = sorted(evidence.submission, key=lambda sid: evidence.submission[sid]["row position"])
    assert by_scan == sorted(
        evidence.submission, key=lambda sid: evidence.submission[sid]["physical place"]
    )

    sizes = [len(s) for s in strata]
    null = Null.for_strata(sizes)
    attacks = [(s, e) for s in submission_orders(vendor) for e in employee_orders(vendor)]
    alpha = FAMILY_ALPHA / (3 * len(attacks))  # τ, forward and backward matching
    tau_bound, match_bound = null.tau_bound(alpha), null.match_bound(alpha)
    outcomes = [
        attack(
            strata,
            lambda sid, s=s: evidence.submission[sid][s],
            lambda key, e=e: evidence.employee[key][e],
            f"{s} ~ {e}",
        )
        for s, e in attacks
    ]
    report = "\n".join(
        f"{o.attack:48} τ={o.tau:+.3f} matches={o.matches_forward}/{o.matches_backward}"
        for o in outcomes
    )
    print(
        f"{vendor}: {len(strata)} strata {sizes}, N={sum(sizes)}, chance={len(strata)} "
        f"matches; |τ| < {tau_bound:.3f}, matches < {match_bound} at α={alpha:.2e}\n{report}"
    )
    assert [o for o in outcomes if abs(o.tau) >= tau_bound] == []
    assert [o for o in outcomes if max(o.matches_forward, o.matches_backward) >= match_bound] == []


@pytest.mark.django_db(transaction=True, databases=ALL)
@override_settings(REHAT_SHUFFLE_BATCH=BATCH, REHAT_MIN_BUCKET=MIN_BUCKET)
def test_the_statistic_catches_storage_in_arrival_order(monkeypatch, capture):
    """The control: without the shuffle, row order gives every author away."""
    monkeypatch.setattr(domain, "_shuffle", lambda rows: None)
    run = simulate(capture, seed=SEED + 1)
    evidence = read_evidence(run, dump(IDENTITY), dump(ANONYMOUS))
    grouped = strata_of(evidence)
    strata = [grouped[key] for key in sorted(grouped)]
    null = Null.for_strata([len(s) for s in strata])
    outcome = attack(
        strata,
        lambda sid: evidence.submission[sid]["row position"],
        lambda key: evidence.employee[key]["answering order"],
        "row position ~ answering order",
    )
    assert (outcome.tau, outcome.matches_forward) == (1.0, sum(len(s) for s in strata))
    assert outcome.tau >= null.tau_bound(FAMILY_ALPHA)
    assert outcome.matches_forward >= null.match_bound(FAMILY_ALPHA)
    # The chance of a perfect order under the null: one over the product of n! per stratum.
    assert null.inversions[0] / sum(null.inversions) < 1e-30
