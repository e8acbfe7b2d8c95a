"""The request form asks the special-rule questions of indonesia.md §2 only where they apply,
passes them to check_request and submit_request as RequestDetails, and keeps the answers that
are not stored (hajj, sick cause, Tim Penguji Kesehatan certificate) away from everyone else."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from rehat.audit.models import Entry
from rehat.leave.domain.balances import add_months
from rehat.leave.forms import LeaveRequestForm
from rehat.leave.models import Authority, LeaveRequest, RuleAdjustment, ServiceStart
from rehat.leave.tests.factories import make_request
from rehat.schedule.domain.calendar import count_working_days
from rehat.tests.factories import make_employee
from rehat.tests.personas import client_for

HAJJ_WARNING = (
    "Cuti besar untuk ibadah haji pertama tidak memerlukan masa kerja 5 tahun. "
    "Lampirkan jadwal keberangkatan (kloter) bila pejabat berwenang memintanya."
)
BESAR_SERVICE = "Cuti besar dapat diambil setelah bekerja terus-menerus paling sedikit 60 bulan"


def _plain_monday():
    """A Monday at least four weeks ahead whose week has no holiday."""
    today = timezone.localdate()
    day = today + datetime.timedelta(days=28 - today.weekday())
    while count_working_days(start=day, end=day + datetime.timedelta(days=4))[0] != 5:
        day += datetime.timedelta(days=7)
    return day


def _letter():
    return SimpleUploadedFile("surat.pdf", b"%PDF-1.4 x", content_type="application/pdf")


def _client(employee):
    client = Client()
    client.force_login(employee.user)
    return client


def _pppk(org, *, months_ago):
    pppk = make_employee(unit=org.alfa_satu, kind="PPPK", supervisor=org.leader)
    start = add_months(timezone.localdate(), -months_ago)
    ServiceStart.objects.create(employee=pppk, date=start)
    return pppk


def _short_service(org):
    """The `employee` persona with two years of service: no cuti besar without a waiver."""
    ServiceStart.objects.create(employee=org.employee, date=add_months(timezone.localdate(), -24))


def _names(form):
    return [field.name for field in form.detail_fields()]


# Which questions show for which type --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "leave_type", "months", "names"),
    [
        ("PNS", "tahunan", 120, ["travel_days", "travel_place"]),
        ("PNS", "besar", 120, ["hajj_first", "birth_order"]),
        ("PNS", "sakit", 120, ["sick_cause", "health_board"]),
        ("PNS", "melahirkan", 120, ["birth_order"]),
        ("PNS", "pemulihan", 120, []),
        ("PNS", "alasan_penting", 120, []),
        ("PNS", "cltn", 120, []),
        ("PPPK", "tahunan", 12, ["travel_days", "travel_place"]),
        ("PPPK", "tahunan", 11, ["travel_days", "travel_place", "early_reason"]),
        ("PPPK", "sakit", 3, ["sick_cause"]),
        ("PPPK", "melahirkan", 3, ["birth_order"]),
        ("PPPK", "pemulihan", 3, []),
    ],
)
def test_each_type_asks_only_its_own_questions(org, kind, leave_type, months, names):
    employee = make_employee(unit=org.alfa_satu, kind=kind)
    today = timezone.localdate()
    ServiceStart.objects.create(employee=employee, date=add_months(today, -months))
    form = LeaveRequestForm({"leave_type": leave_type}, employee=employee, today=today)
    assert _names(form) == names


@pytest.mark.django_db
def test_no_travel_question_where_the_agency_grants_no_travel_days(org):
    RuleAdjustment.objects.create(
        regime="PNS", leave_type="tahunan", field="remote_extra_days", value=0
    )
    form = LeaveRequestForm({"leave_type": "tahunan"}, employee=org.employee)
    assert _names(form) == []


@pytest.mark.django_db
def test_the_empty_form_shows_the_questions_of_the_first_type(org):
    response = client_for(org, "employee").get("/cuti/ajukan/")
    body = response.content.decode()
    assert response.status_code == 200
    assert _names(response.context["form"]) == ["travel_days", "travel_place"]
    assert '<input type="hidden" name="details_for" value="tahunan">' in body
    assert 'name="travel_days"' in body
    assert 'max="12"' in body
    assert 'name="hajj_first"' not in body
    assert 'name="sick_cause"' not in body
    assert "Tampilkan pertanyaan untuk jenis cuti ini" in body  # inside <noscript>


@pytest.mark.django_db
def test_changing_the_type_swaps_in_its_questions(org):
    response = client_for(org, "employee").post(
        "/cuti/ajukan/periksa/",
        {"leave_type": "besar", "details_for": "tahunan"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert '<div id="details" hx-swap-oob="true">' in body
    assert '<input type="hidden" name="details_for" value="besar">' in body
    assert 'name="hajj_first"' in body
    assert 'name="birth_order"' in body
    assert 'name="travel_days"' not in body
    assert '<div id="explanation"' in body


@pytest.mark.django_db
def test_other_changes_leave_the_questions_alone(org):
    start = _plain_monday()
    response = client_for(org, "employee").post(
        "/cuti/ajukan/periksa/",
        {"leave_type": "besar", "details_for": "besar", "start": start, "end": start},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "hx-swap-oob" not in body
    assert 'name="hajj_first"' not in body
    assert "1 hari kerja" in body


@pytest.mark.django_db
def test_without_javascript_the_button_shows_the_questions_and_sends_nothing(org):
    start = _plain_monday()
    response = client_for(org, "employee").post(
        "/cuti/ajukan/",
        {"leave_type": "sakit", "start": start, "end": start, "refresh": "1"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert _names(response.context["form"]) == ["sick_cause", "health_board"]
    assert f'value="{start.isoformat()}"' in body
    assert response.context["check"] is None
    assert "errorlist" not in body
    assert LeaveRequest.objects.count() == 0


@pytest.mark.django_db
def test_an_answer_the_chosen_type_does_not_ask_is_dropped(org):
    start = _plain_monday()
    form = LeaveRequestForm(
        {
            "leave_type": "tahunan",
            "start": start,
            "end": start,
            "reason": "Urusan keluarga",
            "hajj_first": "on",
            "sick_cause": "work_accident",
            "health_board": "on",
            "early_reason": "first_marriage",
        },
        employee=org.employee,
    )
    assert form.is_valid(), form.errors
    details = form.details()
    assert (details.hajj_first, details.sick_cause, details.health_board) == (False, "", False)
    assert details.early_reason == ""


# Each question: accepted and refused -------------------------------------------------


@pytest.mark.django_db
def test_a_first_hajj_waives_the_five_years(org):
    _short_service(org)
    start = _plain_monday()
    form = {
        "leave_type": "besar",
        "start": start,
        "end": start + datetime.timedelta(days=27),
        "reason": "Ibadah",
    }
    client = client_for(org, "employee")
    refused = client.post("/cuti/ajukan/", form)
    assert refused.status_code == 400
    assert refused.context["check"].problems[0].startswith(BESAR_SERVICE)
    assert _names(refused.context["form"]) == ["hajj_first", "birth_order"]
    live = client.post("/cuti/ajukan/periksa/", {**form, "hajj_first": "on"})
    assert live.context["check"].problems == []
    assert HAJJ_WARNING in live.content.decode()
    sent = client.post("/cuti/ajukan/", {**form, "hajj_first": "on"})
    created = LeaveRequest.objects.get()
    assert sent.status_code == 302
    assert (created.leave_type, created.birth_order) == ("besar", None)


@pytest.mark.django_db
@pytest.mark.parametrize(("order", "status"), [(3, 400), (4, 302)])
def test_a_fourth_birth_waives_the_five_years_for_cuti_besar(org, order, status):
    _short_service(org)
    start = _plain_monday()
    response = client_for(org, "employee").post(
        "/cuti/ajukan/",
        {
            "leave_type": "besar",
            "start": start,
            "end": start + datetime.timedelta(days=27),
            "reason": "Persalinan",
            "birth_order": str(order),
        },
    )
    assert response.status_code == status
    if status == 302:
        assert LeaveRequest.objects.get().birth_order == 4
    else:
        assert response.context["check"].problems[0].startswith(BESAR_SERVICE)


def _travel_form(start, **extra):
    return {
        "leave_type": "tahunan",
        "start": start,
        "end": start + datetime.timedelta(days=9),
        "reason": "Pulang kampung",
        **extra,
    }


@pytest.mark.django_db
def test_travel_days_are_explained_live_and_stored(org):
    start = _plain_monday()
    client = client_for(org, "employee")
    form = _travel_form(start, travel_days="3", travel_place="Pulau Miangas")
    live = client.post("/cuti/ajukan/periksa/", form, HTTP_HX_REQUEST="true")
    first, last = start + datetime.timedelta(days=7), start + datetime.timedelta(days=9)
    body = live.content.decode()
    assert "5 hari kerja" in body
    assert (
        f"Tambahan 3 hari kalender ({first.isoformat()} sampai {last.isoformat()}) tidak "
        "mengurangi saldo."
    ) in body
    sent = client.post("/cuti/ajukan/", form)
    created = LeaveRequest.objects.get()
    assert sent.status_code == 302
    assert (created.workdays, created.travel_days, created.travel_place) == (
        5,
        3,
        "Pulau Miangas",
    )
    leader = client_for(org, "leader").get(f"/cuti/{created.code}/").content.decode()
    assert "Pulau Miangas · termasuk 3 hari kalender perjalanan" in leader


@pytest.mark.django_db
def test_travel_days_need_the_place(org):
    response = client_for(org, "employee").post(
        "/cuti/ajukan/", _travel_form(_plain_monday(), travel_days="3")
    )
    assert response.status_code == 400
    assert response.context["check"].problems == ["Sebutkan tempat yang sulit dijangkau itu."]
    assert LeaveRequest.objects.count() == 0


@pytest.mark.django_db
def test_a_pns_may_add_twelve_travel_days_not_thirteen(org):
    client = client_for(org, "employee")
    start = _plain_monday()
    form = {
        "leave_type": "tahunan",
        "start": start,
        "end": start + datetime.timedelta(days=16),
        "reason": "Pulang kampung",
        "travel_place": "Pulau Miangas",
    }
    refused = client.post("/cuti/ajukan/", {**form, "travel_days": "13"})
    assert refused.status_code == 400
    assert refused.context["check"] is None
    assert [e.code for e in refused.context["form"].errors.as_data()["travel_days"]] == [
        "max_value"
    ]
    assert client.post("/cuti/ajukan/", {**form, "travel_days": "12"}).status_code == 302
    assert LeaveRequest.objects.get().travel_days == 12


@pytest.mark.django_db
def test_a_pppk_may_add_six_travel_days_not_seven(org):
    pppk = _pppk(org, months_ago=60)
    client = _client(pppk)
    start = _plain_monday()
    form = {
        "leave_type": "tahunan",
        "start": start,
        "end": start + datetime.timedelta(days=10),
        "reason": "Pulang kampung",
        "travel_place": "Pulau Miangas",
    }
    assert 'max="6"' in client.get("/cuti/ajukan/").content.decode()
    refused = client.post("/cuti/ajukan/", {**form, "travel_days": "7"})
    assert refused.status_code == 400
    assert list(refused.context["form"].errors) == ["travel_days"]
    assert client.post("/cuti/ajukan/", {**form, "travel_days": "6"}).status_code == 302
    assert LeaveRequest.objects.get().travel_days == 6


@pytest.mark.django_db
def test_a_new_pppk_gives_a_reason_for_early_annual_leave(org):
    pppk = _pppk(org, months_ago=3)
    client = _client(pppk)
    start = _plain_monday()
    form = {
        "leave_type": "tahunan",
        "start": start,
        "end": start + datetime.timedelta(days=1),
        "reason": "Menikah",
    }
    refused = client.post("/cuti/ajukan/", form)
    assert refused.status_code == 400
    assert refused.context["check"].problems == [
        "Sebelum 1 tahun masa kerja, cuti tahunan hanya dapat diberikan paling lama 6 hari "
        "kerja bila keluarga inti sakit keras atau meninggal dunia, atau untuk perkawinan "
        "pertama. Pilih alasannya."
    ]
    assert "early_reason" in _names(refused.context["form"])
    live = client.post("/cuti/ajukan/periksa/", {**form, "early_reason": "first_marriage"})
    assert live.context["check"].problems == []
    assert (
        "Cuti ini nanti mengurangi hak cuti tahunan Anda setelah masa kerja 1 tahun."
        in live.content.decode()
    )
    sent = client.post("/cuti/ajukan/", {**form, "early_reason": "first_marriage"})
    assert sent.status_code == 302
    assert LeaveRequest.objects.get().workdays == 2


@pytest.mark.django_db
def test_early_leave_for_a_family_illness_needs_the_hospital_letter(org):
    client = _client(_pppk(org, months_ago=3))
    start = _plain_monday()
    form = {
        "leave_type": "tahunan",
        "start": start,
        "end": start,
        "reason": "Ibu dirawat",
        "early_reason": "family_ill",
    }
    refused = client.post("/cuti/ajukan/", form)
    assert refused.context["check"].problems == [
        "Lampirkan surat keterangan rawat inap dari unit pelayanan kesehatan."
    ]
    assert client.post("/cuti/ajukan/", {**form, "letter": _letter()}).status_code == 302


@pytest.mark.django_db
def test_an_unknown_early_reason_is_refused_by_the_form(org):
    client = _client(_pppk(org, months_ago=3))
    start = _plain_monday()
    response = client.post(
        "/cuti/ajukan/",
        {
            "leave_type": "tahunan",
            "start": start,
            "end": start,
            "reason": "x",
            "early_reason": "holiday",
        },
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["early_reason"]


def _sick_form(start, months, **extra):
    return {
        "leave_type": "sakit",
        "start": start,
        "end": add_months(start, months),
        "reason": "Dirawat",
        "letter": _letter(),
        **extra,
    }


@pytest.mark.django_db
def test_sick_leave_after_a_miscarriage_is_at_most_one_and_a_half_months(org):
    client = client_for(org, "employee")
    start = _plain_monday()
    last = add_months(start, 1) + datetime.timedelta(days=14)
    refused = client.post("/cuti/ajukan/", _sick_form(start, 2, sick_cause="miscarriage"))
    assert refused.status_code == 400
    assert refused.context["check"].problems == [
        "Cuti sakit karena gugur kandungan paling lama 1,5 bulan: paling lambat sampai "
        f"{last.isoformat()}."
    ]
    sent = client.post(
        "/cuti/ajukan/", {**_sick_form(start, 1, sick_cause="miscarriage"), "end": last}
    )
    assert sent.status_code == 302
    assert LeaveRequest.objects.get().end == last


@pytest.mark.django_db
def test_sick_leave_after_a_work_accident_has_no_length_limit(org):
    client = client_for(org, "employee")
    start = _plain_monday()
    refused = client.post("/cuti/ajukan/", _sick_form(start, 14))
    assert refused.status_code == 400
    assert refused.context["check"].problems[0].startswith("Cuti sakit paling lama 12 bulan")
    sent = client.post("/cuti/ajukan/", _sick_form(start, 14, sick_cause="work_accident"))
    assert sent.status_code == 302


@pytest.mark.django_db
def test_sick_leave_beyond_a_year_needs_the_health_board_certificate(org):
    client = client_for(org, "employee")
    start = _plain_monday()
    refused = client.post("/cuti/ajukan/", _sick_form(start, 13))
    assert refused.status_code == 400
    assert len(refused.context["check"].problems) == 2
    assert "Tim Penguji Kesehatan" in refused.context["check"].problems[1]
    sent = client.post("/cuti/ajukan/", _sick_form(start, 13, health_board="on"))
    assert sent.status_code == 302
    too_long = client.post(
        "/cuti/ajukan/",
        _sick_form(add_months(start, 14), 6, health_board="on"),
    )
    assert too_long.status_code == 400
    assert (
        too_long.context["check"]
        .problems[0]
        .startswith("Cuti sakit paling lama 1 tahun ditambah 6 bulan.")
    )


@pytest.mark.django_db
def test_a_pppk_is_not_asked_about_the_health_board(org):
    client = _client(_pppk(org, months_ago=24))
    start = _plain_monday()
    response = client.post(
        "/cuti/ajukan/",
        {
            "leave_type": "sakit",
            "start": start,
            "end": start + datetime.timedelta(days=3),
            "reason": "Demam",
            "letter": _letter(),
            "health_board": "on",
        },
    )
    assert response.status_code == 302
    assert _names(LeaveRequestForm({"leave_type": "sakit"}, employee=org.employee)) == [
        "sick_cause",
        "health_board",
    ]


# The pejabat cannot postpone cuti besar for a 4th birth ---------------------------------


@pytest.mark.django_db
def test_postponing_cuti_besar_for_a_fourth_birth_is_explained(org):
    start = _plain_monday()
    leave_request = make_request(
        employee=org.employee,
        leave_type="besar",
        start=start,
        end=start + datetime.timedelta(days=27),
        status="decision",
        birth_order=4,
        approver=org.other_leader.user,
    )
    client = client_for(org, "other_leader")
    url = f"/cuti/{leave_request.code}/keputusan/"
    response = client.post(url, {"decide-outcome": "postpone", "decide-note": "Sibuk"})
    assert response.status_code == 400
    assert response.context["decide_form"].errors["outcome"] == [
        "Cuti besar untuk persalinan anak keempat atau seterusnya tidak dapat ditangguhkan "
        "(PP 11/2017 Pasal 327). Pilih disetujui atau ditolak."
    ]
    assert "tidak dapat ditangguhkan" in response.content.decode()
    leave_request.refresh_from_db()
    assert (leave_request.status, leave_request.events.count()) == ("decision", 0)
    assert client.post(url, {"decide-outcome": "approve"}).status_code == 302
    leave_request.refresh_from_db()
    assert leave_request.status == "approved"


# The calendar file names the travel days --------------------------------------------


@pytest.mark.django_db
def test_the_ics_covers_the_whole_period_and_names_the_travel_days(org):
    leave_request = make_request(
        employee=org.employee,
        start=datetime.date(2027, 3, 1),
        end=datetime.date(2027, 3, 10),
        travel_days=3,
        travel_place="Pulau Miangas",
        reason="Menjenguk nenek",
    )
    response = client_for(org, "employee").get(f"/cuti/{leave_request.code}/cuti.ics")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime.date(2027, 3, 1)
    assert event.decoded("dtend") == datetime.date(2027, 3, 11)
    assert str(event["description"]) == (
        "Termasuk 3 hari kalender perjalanan (8 Maret 2027 sampai 10 Maret 2027) yang "
        "tidak mengurangi saldo cuti."
    )
    body = response.content.decode()
    assert "Miangas" not in body
    assert "nenek" not in body


@pytest.mark.django_db
def test_the_ics_without_travel_days_has_no_description(org):
    leave_request = make_request(employee=org.employee, start=datetime.date(2027, 3, 1))
    response = client_for(org, "employee").get(f"/cuti/{leave_request.code}/cuti.ics")
    assert "description" not in Calendar.from_ical(response.content).walk("VEVENT")[0]


# Confidentiality ---------------------------------------------------------------------


SECRETS = [
    "haji",
    "hajj",
    "kecelakaan",
    "work_accident",
    "gugur",
    "miscarriage",
    "Penguji",
    "health_board",
    "perkawinan",
    "first_marriage",
]


def _leaks(text):
    return [secret for secret in SECRETS if secret.lower() in text.lower()]


@pytest.mark.django_db
def test_the_unstored_answers_reach_no_one_else(org, django_capture_on_commit_callbacks):
    _short_service(org)
    Authority.objects.create(unit=org.root, user=org.other_leader.user, title="Sekretaris Daerah")
    client = client_for(org, "employee")
    start = _plain_monday()
    with django_capture_on_commit_callbacks(execute=True):
        besar = client.post(
            "/cuti/ajukan/",
            {
                "leave_type": "besar",
                "start": start,
                "end": start + datetime.timedelta(days=27),
                "reason": "Ibadah",
                "hajj_first": "on",
            },
        )
        sick = client.post(
            "/cuti/ajukan/",
            _sick_form(add_months(start, 1), 13, sick_cause="work_accident", health_board="on"),
        )
    assert (besar.status_code, sick.status_code) == (302, 302)
    requests = list(LeaveRequest.objects.order_by("start"))
    leader, approver = client_for(org, "leader"), client_for(org, "other_leader")
    seen = {}
    for item in requests:
        seen[f"row {item.leave_type}"] = _leaks(str(model_to_dict(item)))
        seen[f"leader {item.leave_type}"] = _leaks(
            leader.get(f"/cuti/{item.code}/").content.decode()
        )
        with django_capture_on_commit_callbacks(execute=True):
            leader.post(f"/cuti/{item.code}/pertimbangan/", {"recommend-outcome": "approve"})
            approver.post(f"/cuti/{item.code}/keputusan/", {"decide-outcome": "approve"})
        item.refresh_from_db()
        seen[f"approver {item.leave_type}"] = _leaks(
            approver.get(f"/cuti/{item.code}/").content.decode()
        )
        pdf = approver.get(f"/cuti/{item.code}/surat-izin-cuti.pdf").content
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        seen[f"pdf {item.leave_type}"] = _leaks(text)
        seen[f"ics {item.leave_type}"] = _leaks(
            client.get(f"/cuti/{item.code}/cuti.ics").content.decode()
        )
    seen["approvals"] = _leaks(leader.get("/cuti/persetujuan/").content.decode())
    seen["unit"] = _leaks(
        leader.get("/cuti/unit/", {"start": start, "end": add_months(start, 16)}).content.decode()
    )
    seen["mail"] = _leaks(" ".join(f"{m.subject} {m.body}" for m in mail.outbox))
    seen["audit"] = _leaks(" ".join(f"{e.target_repr} {e.changes}" for e in Entry.objects.all()))
    assert [item.status for item in requests] == ["approved", "approved"]
    assert len(mail.outbox) == 6
    assert all(leaks == [] for leaks in seen.values()), seen


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "shown"),
    [
        (
            {},
            "Cuti sakit Anda sudah",
        ),
        (
            {"health_board": "on"},
            "Perlu dilampirkan: surat keterangan dokter.",
        ),
    ],
)
def test_the_live_check_explains_the_health_board_question(org, extra, shown):
    start = _plain_monday()
    response = client_for(org, "employee").post(
        "/cuti/ajukan/periksa/",
        {
            "leave_type": "sakit",
            "details_for": "sakit",
            "start": start,
            "end": add_months(start, 13),
            **extra,
        },
        HTTP_HX_REQUEST="true",
    )
    assert shown in response.content.decode()
    assert bool(response.context["check"].problems) is not bool(extra)


@pytest.mark.django_db
def test_the_live_check_explains_a_pppk_work_accident(org):
    client = _client(_pppk(org, months_ago=24))
    start = _plain_monday()
    response = client.post(
        "/cuti/ajukan/periksa/",
        {
            "leave_type": "sakit",
            "details_for": "sakit",
            "start": start,
            "end": add_months(start, 3),
            "sick_cause": "work_accident",
        },
        HTTP_HX_REQUEST="true",
    )
    check = response.context["check"]
    assert check.problems == []
    assert (
        "Cuti sakit karena kecelakaan kerja berlaku paling lama sampai perjanjian kerja berakhir."
        in check.warnings
    )
    assert "Cuti sakit PPPK lebih dari 1 bulan" not in response.content.decode()
