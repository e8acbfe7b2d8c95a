import json

import pytest
from django.template.loader import render_to_string

from rehat.instruments.domain import DefinitionError, crisis_resources


@pytest.mark.django_db
def test_crisis_resources_lists_counselors_first_then_national_lines(org):
    resources = crisis_resources()

    assert [r.kind for r in resources] == [
        "counselor",
        "emergency",
        "national",
        "national",
        "facility",
    ]
    assert resources[0].name == org.counselor.user.name
    assert resources[0].href == f"mailto:{org.counselor.user.email}"
    assert [r.contact for r in resources[1:4]] == ["119", "healing119.id", "119, lalu tekan 8"]
    assert resources[3].hours == "Hanya jam kerja"


@pytest.mark.django_db
def test_crisis_resources_adds_agency_lines_before_the_nearest_facility(org, agency_dir):
    config = {
        "resources": [
            {
                "name": "Psikolog Dinkes Kota",
                "contact": "0811-000-111",
                "href": "tel:0811000111",
                "hours": "Senin–Jumat",
            }
        ]
    }
    (agency_dir / "crisis-resources.json").write_text(json.dumps(config))

    names = [r.name for r in crisis_resources()]

    assert names[0] == org.counselor.user.name
    assert names[-2:] == ["Psikolog Dinkes Kota", "Puskesmas atau IGD terdekat"]
    assert len(names) == 6


@pytest.mark.django_db
def test_crisis_resources_can_replace_national_lines(org, agency_dir):
    config = {"replace_defaults": True, "resources": [{"name": "Layanan lokal", "contact": "112"}]}
    (agency_dir / "crisis-resources.json").write_text(json.dumps(config))

    kinds = [r.kind for r in crisis_resources(include_counselors=False)]

    assert kinds == ["local", "facility"]


@pytest.mark.parametrize(
    ("config", "field"),
    [
        (
            {"resources": [{"name": "X", "contact": "1", "href": "javascript:alert(1)"}]},
            "resources[0].href",
        ),
        ({"resources": [{"name": "X"}]}, "resources[0].contact"),
        ({"replace_defaults": "yes", "resources": []}, "replace_defaults"),
        ({"replace_defaults": True, "resources": []}, "resources"),
    ],
)
def test_malformed_crisis_file_names_file_and_field(agency_dir, config, field):
    (agency_dir / "crisis-resources.json").write_text(json.dumps(config))
    with pytest.raises(DefinitionError) as caught:
        crisis_resources(include_counselors=False)
    assert caught.value.file.endswith("crisis-resources.json")
    assert caught.value.field == field


@pytest.mark.django_db
def test_crisis_resources_include_renders_every_resource(org):
    resources = crisis_resources()

    html = render_to_string(
        "instruments/includes/crisis_resources.html", {"crisis_resources": resources}
    )

    for resource in resources:
        assert resource.name in html
    assert 'href="tel:119"' in html
    assert 'href="https://healing119.id/"' in html
    assert "telepon 119" in html
