import random

import pytest

from rehat.releases.domain import (
    AlreadyReleasedError,
    Budget,
    BudgetExceededError,
    PeriodInfo,
    Tree,
    min_group,
    release_period,
    spent_epsilon,
)
from rehat.releases.domain.noise import Mechanism
from rehat.releases.domain.suppression import AGENCY
from rehat.releases.models import EpsilonLedger, ImmutableError, Release, ReleasedStat
from rehat.releases.tests.attack import naive_differences, recoverable
from rehat.releases.tests.factories import add_pulse, add_random_pulse

pytestmark = pytest.mark.django_db(databases=["default", "anonymous"])

PULSE = PeriodInfo(code="pulse-2026-W10", kind="pulse", year=2026)


@pytest.fixture
def no_noise(monkeypatch):
    monkeypatch.setattr(Mechanism, "release", lambda self, values: list(values))


def flat_tree(*codes: str) -> Tree:
    return Tree(parent=dict.fromkeys(codes, AGENCY), bucket_root={c: c for c in codes})


def rows(release: Release) -> dict[tuple[str, str], ReleasedStat]:
    return {(r.scope, r.unit): r for r in release.stats.all()}


def test_release_period_counts_means_and_shares(no_noise):
    add_pulse(period=PULSE.code, bucket="A", n=20, who5=15, burnout=4, help="rest")
    add_pulse(period=PULSE.code, bucket="B", n=30, who5=10, burnout=1, help="listen")

    release = release_period(period=PULSE, tree=flat_tree("A", "B"))

    got = rows(release)
    a = got["subtree", "A"]
    assert (a.suppressed, a.n, a.stats["who5_mean"]["value"]) == (False, 20, 60.0)
    assert a.stats["burnout_share"]["value"] == 1.0
    assert a.stats["help:rest"]["value"] == 1.0
    agency = got["agency", ""]
    assert agency.n == 50
    assert agency.stats["who5_low_share"]["value"] == 0.6
    low, high = agency.stats["who5_mean"]["low"], agency.stats["who5_mean"]["high"]
    assert low < agency.stats["who5_mean"]["value"] < high


def test_release_period_threshold_applies_to_the_noisy_count_at_the_edge(no_noise, settings):
    settings.REHAT_MIN_GROUP = 10
    add_pulse(period=PULSE.code, bucket="A", n=9)
    add_pulse(period=PULSE.code, bucket="B", n=10)
    add_pulse(period=PULSE.code, bucket="C", n=40)

    got = rows(release_period(period=PULSE, tree=flat_tree("A", "B", "C")))

    assert {u: got["subtree", u].suppressed for u in "ABC"} == {"A": True, "B": True, "C": False}
    assert (got["subtree", "A"].n, got["subtree", "A"].stats) == (None, {})
    assert got["subtree", "C"].n == 40


def test_release_period_threshold_reads_noisy_not_true_count(monkeypatch, settings):
    settings.REHAT_MIN_GROUP = 10
    monkeypatch.setattr(Mechanism, "release", lambda self, values: [v + 1 for v in values])
    add_pulse(period=PULSE.code, bucket="A", n=9)
    add_pulse(period=PULSE.code, bucket="B", n=40)
    add_pulse(period=PULSE.code, bucket="C", n=40)

    got = rows(release_period(period=PULSE, tree=flat_tree("A", "B", "C")))

    assert got["subtree", "A"].suppressed is False
    assert got["subtree", "A"].n == 10


@pytest.mark.parametrize(("configured", "used"), [(3, 5), (5, 5), (10, 10), (25, 25)])
def test_min_group_is_never_below_five(settings, configured, used):
    settings.REHAT_MIN_GROUP = configured
    assert min_group() == used


def test_release_period_ledger_refuses_an_over_budget_release(no_noise):
    budget = Budget(per_period=1.0, per_year=2.5)
    for week in (1, 2, 3):
        add_pulse(period=f"pulse-2026-W0{week}", bucket="A", n=20)
    for week in (1, 2):
        release_period(
            period=PeriodInfo(f"pulse-2026-W0{week}", "pulse", 2026),
            tree=flat_tree("A"),
            budget=budget,
        )

    with pytest.raises(BudgetExceededError):
        release_period(
            period=PeriodInfo("pulse-2026-W03", "pulse", 2026), tree=flat_tree("A"), budget=budget
        )

    assert not Release.objects.filter(period="pulse-2026-W03").exists()
    assert spent_epsilon(bucket="A", year=2026) == pytest.approx(2.0)
    # A new budget year starts afresh.
    release_period(
        period=PeriodInfo("pulse-2026-W03", "pulse", 2027), tree=flat_tree("A"), budget=budget
    )


def test_release_period_charges_every_bucket_what_opendp_says(no_noise):
    add_pulse(period=PULSE.code, bucket="A", n=20)

    release = release_period(period=PULSE, tree=flat_tree("A", "B"), budget=Budget(0.5, 10))

    charges = dict(EpsilonLedger.objects.values_list("bucket", "epsilon"))
    assert charges == {"A": pytest.approx(0.5), "B": pytest.approx(0.5)}
    assert release.epsilon == pytest.approx(0.5)
    # The help histogram is one measurement: its cells share one ε.
    queries = release.method["queries"]
    assert queries["help:rest"]["epsilon"] == queries["help:listen"]["epsilon"]
    assert queries["help:rest"]["epsilon"] == pytest.approx(0.05)


def test_release_period_twice_is_refused(no_noise):
    add_pulse(period=PULSE.code, bucket="A", n=20)
    release_period(period=PULSE, tree=flat_tree("A"))

    with pytest.raises(AlreadyReleasedError):
        release_period(period=PULSE, tree=flat_tree("A"))


def test_released_rows_are_immutable(no_noise):
    add_pulse(period=PULSE.code, bucket="A", n=20)
    release = release_period(period=PULSE, tree=flat_tree("A"))
    row = release.stats.get(scope="agency")

    row.n = 1
    with pytest.raises(ImmutableError):
        row.save()
    with pytest.raises(ImmutableError):
        row.delete()
    with pytest.raises(ImmutableError):
        ReleasedStat.objects.filter(pk=row.pk).update(n=1)
    with pytest.raises(ImmutableError):
        Release.objects.all().delete()
    with pytest.raises(ImmutableError):
        EpsilonLedger.objects.all().delete()


def test_release_period_adds_noise(settings):
    add_pulse(period=PULSE.code, bucket="A", n=400)

    release = release_period(period=PULSE, tree=flat_tree("A"))

    agency = release.stats.get(scope="agency")
    interval = agency.stats["respondents"]
    assert interval["low"] <= agency.n <= interval["high"]
    assert release.method["queries"]["respondents"]["scale"] == pytest.approx(2.5)


def generated_agency(rng: random.Random, units: int) -> Tree:
    parent: dict[str, str] = {}
    for i in range(units):
        parent[f"U{i:03d}"] = AGENCY if i < 4 else f"U{rng.randrange(i):03d}"
    leaves = set(parent) - set(parent.values())
    roots = leaves | {u for u in parent if rng.random() < 0.4}
    return Tree(parent=parent, bucket_root={u: u for u in roots} | {"INSTANSI": AGENCY})


def test_differencing_attack_on_a_generated_agency_recovers_no_suppressed_value():
    # Real noise, real rows: many small buckets, so many units are suppressed.
    rng = random.Random(8)
    tree = generated_agency(rng, 120)
    for bucket in tree.bucket_root:
        add_random_pulse(period=PULSE.code, bucket=bucket, n=rng.choice([2, 6, 9, 14, 30]), rng=rng)

    release = release_period(period=PULSE, tree=tree)

    # The attacker sees only released rows; the public structure is the tree and which
    # units root a bucket (bucket codes are unit codes).
    stats = list(ReleasedStat.objects.filter(release=release))
    parent = {r.unit: r.parent for r in stats if r.scope == "subtree"}
    roots = {r for r in tree.bucket_root.values()}
    hidden = {r.unit for r in stats if r.scope != "bucket" and r.suppressed}
    known = {f"S:{r.unit}" for r in stats if r.scope != "bucket" and not r.suppressed}
    known |= {f"own:{r.unit}" for r in stats if r.scope == "bucket"}
    assert hidden, "the generated agency must have suppressed units"

    found = recoverable(parent=parent, roots=roots, known=known)
    assert {f"S:{u}" for u in hidden} & found == set()

    shown = {r.unit: r.n for r in stats if r.scope != "bucket" and not r.suppressed}
    assert naive_differences(parent=parent, shown=shown, roots=roots, hidden=hidden) == {}
