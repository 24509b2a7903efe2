from __future__ import annotations

import pytest

from generator.constraints import marker_applies, parse_constraints
from generator.errors import InputError


def test_pins_names_epochs_markers_and_comments() -> None:
    pins = parse_constraints(
        "# header\n\n"
        "apache-airflow-providers-amazon==1!2.0.0\n"
        "Astronomer_Providers.Logging == 1.5.1  # trailing comment\n"
        "apache-airflow==2.9.3+astro.1\n"
        'numpy==1.26.4 ; python_version < "3.12"\n'
        "long-name==\\\n"
        "  1.0\n"
        "exact===2024.1\n",
        "c.txt",
    )
    got = [(p.name, p.key, p.version, p.marker, p.line) for p in pins]
    assert got == [
        ("apache-airflow-providers-amazon", "apache-airflow-providers-amazon", "1!2.0.0", None, 3),
        ("Astronomer_Providers.Logging", "astronomer-providers-logging", "1.5.1", None, 4),
        ("apache-airflow", "apache-airflow", "2.9.3+astro.1", None, 5),
        ("numpy", "numpy", "1.26.4", 'python_version < "3.12"', 6),
        ("long-name", "long-name", "1.0", None, 7),
        ("exact", "exact", "2024.1", None, 9),
    ]


def test_markers_follow_the_image_python() -> None:
    assert marker_applies('python_version < "3.12"', "3.11")
    assert not marker_applies('python_version < "3.12"', "3.12")
    assert not marker_applies('sys_platform == "win32"', "3.12")


@pytest.mark.parametrize(("line", "message"), [
    ("pkg @ https://example.com/pkg.whl", "URL"),
    ("-e git+https://example.com/x.git", "pip option"),
    ("--index-url https://example.com", "pip option"),
    ("pkg>=1.0", "one exact version"),
    ("pkg==1.*", "one exact version"),
    ("pkg", "one exact version"),
    ("pkg[extra]==1.0", "extras"),
    ("pkg==not-a-version", "PEP 440"),
    ("!!!", "not a pin"),
])
def test_not_a_pin_names_the_line(line: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_constraints(f"ok==1.0\n# comment\n{line}\n", "c.txt")
    assert info.value.line == 3
    assert message in info.value.message
    assert str(info.value).startswith("c.txt:3: ")
