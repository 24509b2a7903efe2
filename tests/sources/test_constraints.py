from __future__ import annotations

import pytest
from packaging import markers
from packaging.requirements import Requirement

from generator.errors import InputError
from generator.sources import constraints
from generator.sources.constraints import PinReader

TEXT = (
    "# header\n\n"
    "zlib-ng==1.0\n"
    "apache-airflow-providers-amazon==1!2.0.0\n"
    "Astronomer_Providers.Logging == 1.5.1  # trailing comment\n"
    "apache-airflow==2.9.3+astro.1\n"
    'numpy==1.26.4 ; python_version < "3.12"\n'
    "long-name==\\\n"
    "  1.0\n"
    "exact===2024.1\n"
)


def test_pins_names_epochs_markers_and_comments_in_listing_order() -> None:
    pins = PinReader().read(TEXT, "c.txt", "3.11")
    got = [(p.name, p.key, p.version, line) for p, line in zip(pins.packages, pins.lines, strict=True)]
    assert got == [  # providers first, then by PEP 503 name; each with the line that pins it
        ("apache-airflow-providers-amazon", "apache-airflow-providers-amazon", "1!2.0.0", 4),
        ("apache-airflow", "apache-airflow", "2.9.3+astro.1", 6),
        ("Astronomer_Providers.Logging", "astronomer-providers-logging", "1.5.1", 5),
        ("exact", "exact", "2024.1", 10),
        ("long-name", "long-name", "1.0", 8),
        ("numpy", "numpy", "1.26.4", 7),
        ("zlib-ng", "zlib-ng", "1.0", 3),
    ]
    assert pins.findings == ()
    assert "numpy" not in [p.key for p in PinReader().read(TEXT, "c.txt", "3.12").packages]


def test_markers_are_evaluated_for_the_image_not_for_this_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ('a==1 ; platform_machine == "x86_64"\nb==1 ; platform_machine == "aarch64"\n'
            'c==1 ; sys_platform == "win32"\nd==1 ; platform_system == "Linux" and os_name == "posix"\n'
            'e==1 ; implementation_name == "cpython" and platform_release == ""\n')

    def keys(reader: PinReader) -> list[str]:
        return [p.key for p in reader.read(text, "c.txt", "3.12").packages]

    assert keys(PinReader()) == ["a", "d", "e"]
    assert keys(PinReader("aarch64")) == ["b", "d", "e"]
    # The machine running the generator says Windows on ARM: the image's pins must not change.
    windows = {"implementation_name": "pypy", "implementation_version": "7.3", "os_name": "nt",
               "platform_machine": "ARM64", "platform_python_implementation": "PyPy", "platform_release": "11",
               "platform_system": "Windows", "platform_version": "10.0", "python_full_version": "3.9.1",
               "python_version": "3.9", "sys_platform": "win32"}
    monkeypatch.setattr(markers, "default_environment", lambda: dict(windows))
    assert keys(PinReader()) == ["a", "d", "e"]


def test_a_python_marker_needs_the_image_python() -> None:
    with pytest.raises(InputError, match="needs the image's Python version") as info:
        PinReader().read('a==1\nb==1 ; python_version >= "3.10"\n', "c.txt", None)
    assert info.value.line == 2


def test_one_package_pinned_at_two_versions_is_an_error_finding() -> None:
    pins = PinReader().read("a==1.0\nb==2\nA==1.1\na==1.0\n", "c.txt", "3.12")
    assert [(p.key, p.version) for p in pins.packages] == [("a", "1.0"), ("b", "2")]
    (finding,) = pins.findings
    assert (finding.line, finding.severity) == (3, "error")
    assert finding.message == "A is pinned twice: 1.0 (line 1) and 1.1"


def test_a_line_is_parsed_once_per_reader_and_read_the_same_everywhere() -> None:
    reader = PinReader()
    first = reader.read("a==1.0\nb==2.0\n", "one.txt", "3.12")
    second = reader.read("b==2.0\na==1.0\n", "two.txt", "3.12")
    assert first.packages == second.packages and second.lines == (2, 1)


@pytest.mark.parametrize(("line", "message"), [
    ("pkg @ https://example.com/pkg.whl", "URL"),
    ("-e git+https://example.com/x.git", "pip option"),
    ("--index-url https://example.com", "pip option"),
    ("pkg>=1.0", "one exact version"),
    ("pkg==1.*", "one exact version"),
    ("pkg", "one exact version"),
    ("pkg[extra]==1.0", "extras"),
    ("pkg==not-a-version", "PEP 440"),
    ("pkg===not-a-version", "PEP 440"),
    ("!!!", "not a pin"),
    ("foo_==1.0", "not a package name"),  # packaging reads it, as `foo-`
    ("bar._ ==2.0", "not a package name"),
])
def test_not_a_pin_names_the_line(line: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        PinReader().read(f"ok==1.0\n# comment\n{line}\n", "c.txt", "3.12")
    assert info.value.line == 3
    assert message in info.value.message
    assert str(info.value).startswith("c.txt:3: ")


def test_a_marker_line_with_a_comment_is_still_evaluated() -> None:
    """A line first seen with a trailing comment is known by its text without it: the marker
    must still decide, whether the file is read line by line or as a whole."""
    text = 'a==1\nb==1 ; python_version >= "3.13"  # new Pythons only\n'
    reader = PinReader()
    assert [p.key for p in reader.read(text, "c.txt", "3.12").packages] == ["a"]
    assert [p.key for p in reader.read(text, "c.txt", "3.13").packages] == ["a", "b"]
    joined = 'a==1\nb==1 ; \\\n  python_version >= "3.13"\n'
    assert [p.key for p in reader.read(joined, "c.txt", "3.12").packages] == ["a"]


def test_plain_pins_are_read_without_packagings_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """`name==version`, the commonest line by far, takes the fast path: under churn a checkout has
    hundreds of thousands of distinct lines. Any other line still goes to packaging."""
    parsed: list[str] = []

    def requirement(line: str) -> Requirement:
        parsed.append(line)
        return Requirement(line)

    monkeypatch.setattr(constraints, "Requirement", requirement)
    text = "Foo.Bar_baz==1!2.0rc1.post2.dev3+local.7\nzlib-ng==V1.0\nb == 1.0\nc==1.0 ; python_version >= '3'\n"
    pins = PinReader().read(text, "c.txt", "3.12")
    assert [(p.name, p.key, p.version) for p in pins.packages] == [
        ("b", "b", "1.0"), ("c", "c", "1.0"), ("Foo.Bar_baz", "foo-bar-baz", "1!2.0rc1.post2.dev3+local.7"),
        ("zlib-ng", "zlib-ng", "V1.0")]
    assert parsed == ["b == 1.0", "c==1.0 ; python_version >= '3'"]


def test_the_lines_of_one_name_share_its_strings() -> None:
    """Under churn a name has hundreds of distinct lines; the model holds its name, key and
    order once, not once per line (the model 40 MB smaller at 2,000 releases, a third churning)."""
    reader = PinReader()
    one = reader.read("Foo_Bar==1.0\n", "one.txt", "3.12").packages[0]
    two = reader.read("Foo_Bar==1.1\n", "two.txt", "3.12").packages[0]
    assert (one.version, two.version) == ("1.0", "1.1")
    assert one.name is two.name and one.key is two.key
