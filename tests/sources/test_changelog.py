"""`CHANGELOG.md` is parsed, not patched: sections are the parser's headings, notes a whitelisted tree."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.errors import WARNING, Finding
from generator.notes import (
    Block,
    Code,
    CodeBlock,
    Emphasis,
    HardBreak,
    Heading,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    SoftBreak,
    Strong,
    Text,
)
from generator.sources import load
from generator.sources.changelog import Section, parse_changelog

from ..helpers import make_checkout


def _notes(text: str, version: str = "1.0.0") -> tuple[Block, ...]:
    return parse_changelog(text).sections[version].notes


def test_sections_with_their_dates_lines_and_notes() -> None:
    text = ("# Changelog\n\nSome introduction.\n\n## 3.1-2 (2025-10-28)\n\n- Upgrades *Airflow* to `3.1.1`.\n"
            "- Adds [Git](https://example.org/git).\n\n## 3.1-1\n\nFirst **one**.\nSecond line.  \nThird.\n")
    changelog = parse_changelog(text)
    assert list(changelog.sections) == ["3.1-2", "3.1-1"]
    assert changelog.sections["3.1-2"] == Section("3.1-2", "2025-10-28", 5, (ListBlock(False, 1, (
        (Paragraph((Text("Upgrades "), Emphasis((Text("Airflow"),)), Text(" to "), Code("3.1.1"), Text("."))),),
        (Paragraph((Text("Adds "), Link("https://example.org/git", (Text("Git"),)), Text("."))),),
    ), tight=True),))
    assert changelog.sections["3.1-1"] == Section("3.1-1", None, 10, (Paragraph((
        Text("First "), Strong((Text("one"),)), Text("."), SoftBreak(), Text("Second line."), HardBreak(),
        Text("Third."))),))
    assert changelog.warnings == ()


def test_line_numbers_count_every_line_ending() -> None:
    """CR LF and lone CR end lines as for the parser, line separators that are not line endings to
    CommonMark (form feed, U+2028) do not shift the numbers, and a byte order mark is not text."""
    text = "\ufeff# Title\r\n\r\n## 1.0.0\r\nA\x0cB\u2028C\r## 1.0.1\n"
    assert [(s.version, s.line) for s in parse_changelog(text).sections.values()] == [("1.0.0", 3), ("1.0.1", 5)]


def test_a_heading_that_names_no_version_stays_in_its_section() -> None:
    """`## Fixes` inside a release's section is part of its notes; the old reader ended the
    section there (and took `Fixes` for a version)."""
    changelog = parse_changelog("## 1.0.0\n\nIntro.\n\n## Fixes\n\n- One.\n\n## 1.0.1 (2024-01-01) ##\n\nNext.\n")
    assert list(changelog.sections) == ["1.0.0", "1.0.1"]
    assert changelog.sections["1.0.0"].notes == (
        Paragraph((Text("Intro."),)), Heading(2, (Text("Fixes"),)),
        ListBlock(False, 1, ((Paragraph((Text("One."),)),),)))
    assert changelog.sections["1.0.1"].notes == (Paragraph((Text("Next."),)),)


def test_a_heading_in_a_fenced_code_block_is_not_a_section() -> None:
    text = ("## 3.1-3 (2025-11-18)\n\nThe format:\n\n```markdown\n## 3.1-2 (2025-10-28)\n\n- a note\n```\n\n"
            "~~~~\n## 3.1-1\n~~~\n~~~~\n\nEnd of 3.1-3.\n")
    changelog = parse_changelog(text)
    assert list(changelog.sections) == ["3.1-3"]
    assert changelog.sections["3.1-3"].notes == (
        Paragraph((Text("The format:"),)), CodeBlock("markdown", "## 3.1-2 (2025-10-28)\n\n- a note\n"),
        CodeBlock("", "## 3.1-1\n~~~\n"), Paragraph((Text("End of 3.1-3."),)))


def test_a_fence_closed_after_the_next_heading_holds_it() -> None:
    """As CommonMark reads the file: the fence that opens in 1.0.2 closes after the `## 1.0.1` line,
    so that line is code; a section is read again from the fence once the heading proves inside it."""
    text = "## 1.0.2\n\n````\ncode\n## 1.0.1\n```\n````\n\nAfter.\n\n## 1.0.0\n\nOld.\n"
    changelog = parse_changelog(text)
    assert list(changelog.sections) == ["1.0.2", "1.0.0"]
    assert changelog.sections["1.0.2"].notes == (CodeBlock("", "code\n## 1.0.1\n```\n"), Paragraph((Text("After."),)))


def test_an_unclosed_fence_ends_with_its_section() -> None:
    """A fence never closed is code to the end of its own section, not of the file: the releases
    after it keep their sections."""
    text = "## 1.0.2\n\nBefore.\n\n```sh\nrun it\n\n## 1.0.1 (2024-02-01)\n\n*Kept.*\n\n## 1.0.0\n\n~~~\nx\n"
    changelog = parse_changelog(text)
    assert list(changelog.sections) == ["1.0.2", "1.0.1", "1.0.0"]
    assert changelog.sections["1.0.2"].notes == (Paragraph((Text("Before."),)), CodeBlock("sh", "run it\n"))
    assert changelog.sections["1.0.1"] == Section("1.0.1", "2024-02-01", 8, (Paragraph((Emphasis((Text("Kept."),)),)),))
    assert changelog.sections["1.0.0"].notes == (CodeBlock("", "x\n"),)


def test_a_second_section_for_a_release_is_reported_and_the_first_kept() -> None:
    changelog = parse_changelog("## 1.0.0\n\nFirst.\n\n## 1.0.1\n\nOther.\n\n## 1.0.0 (2024-01-01)\n\nSecond.\n")
    assert changelog.sections["1.0.0"] == Section("1.0.0", None, 1, (Paragraph((Text("First."),)),))
    assert changelog.warnings == ((9, "a second section for release 1.0.0: only the first, on line 1, is used"),)


def test_reading_the_checkout_reports_a_second_section_once(tmp_path: Path) -> None:
    repo = make_checkout(tmp_path, {"1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {}}})
    (repo / "CHANGELOG.md").write_text("## 1.0.0 (2024-01-01)\n\nFirst.\n\n## 1.0.0 (2024-01-01)\n\nSecond.\n")
    model = load(repo)
    assert [f for f in model.findings if "second section" in f.message] == [
        Finding(str(repo / "CHANGELOG.md"), 5, WARNING,
                "a second section for release 1.0.0: only the first, on line 1, is used")]
    assert model.releases[0].notes == (Paragraph((Text("First."),)),)


def test_a_heading_starts_a_section_only_at_the_start_of_its_line() -> None:
    """The contract is a `## <version>` line: an indented one, a setext one or one with a date that is
    not `YYYY-MM-DD` is a heading of the section it stands in."""
    changelog = parse_changelog("## 0.9.0 (2024-13)\n\n## 1.0.0\n\n ## 1.0.1\n\n1.0.2\n---\n\n## 1.0.3 (soon)\n\n"
                                "## Fixes\n\n```\n## 1.0.4 (soon)\n```\n")
    assert list(changelog.sections) == ["1.0.0"]
    assert [b.level for b in changelog.sections["1.0.0"].notes if isinstance(b, Heading)] == [2, 2, 2, 2]
    # Said, so that a typo does not silently give a release's notes to another.
    assert [(line, message.split(" but ")[0]) for line, message in changelog.warnings] == [
        (1, "'## 0.9.0 (2024-13)' names release 0.9.0"), (5, "'## 1.0.1' names release 1.0.1"),
        (10, "'## 1.0.3 (soon)' names release 1.0.3")]


def test_a_release_without_notes_has_none(tmp_path: Path) -> None:
    repo = make_checkout(tmp_path, {"1.0.0": {"airflow": "2.0.0", "date": "2024-01-01", "pins": {}},
                                    "1.0.1": {"airflow": "2.0.0", "date": "2024-01-02", "pins": {}}})
    (repo / "CHANGELOG.md").write_text("## 1.0.1\n\n## 1.0.0\n\n<!-- -->\n")
    assert [r.notes for r in load(repo).releases] == [(Paragraph((Text("<!-- -->"),)),), None]


def test_links_lead_only_to_the_web() -> None:
    """A link to anything but http(s), in any letter case, keeps its text and loses its destination."""
    notes = _notes("## 1.0.0\n\n[a](ftp://x) [b](mailto:a@b.example) <mailto:c@d.example> <e@f.example> "
                   "[g](/relative) [h](#anchor) [i](HTTPS://ok.example/i) <http://ok.example/j> [k][r]\n\n"
                   "[r]: Https://ok.example/k\n")
    links = [n for block in notes if isinstance(block, Paragraph) for n in block.inlines if isinstance(n, Link)]
    assert links == [Link("HTTPS://ok.example/i", (Text("i"),)), Link("http://ok.example/j", (Text("http://ok.example/j"),)),
                     Link("Https://ok.example/k", (Text("k"),))]
    assert notes[0] == Paragraph((
        Text("a b mailto:c@d.example e@f.example g h "), links[0], Text(" "), links[1], Text(" "), links[2]))


def test_script_links_are_text() -> None:
    """The parser refuses `javascript:` destinations in any spelling; they stay the source text."""
    notes = _notes("## 1.0.0\n\n[a](JaVaScRiPt:alert(1)) [b](&#106;avascript:x) <javascript:y> ![c](javascript:z)\n")
    assert notes == (Paragraph((Text("[a](JaVaScRiPt:alert(1)) [b](javascript:x) <javascript:y> "
                                     "![c](javascript:z)"),)),)


def test_raw_html_is_text_and_hides_no_markdown() -> None:
    """Raw HTML is off in the parser: tags are text where they stand, and neither a `<div>` nor an
    unclosed comment takes the Markdown or the sections after it."""
    changelog = parse_changelog("## 1.0.1\n\n<div>\n*x*\n</div>\n\nInline <b>b</b> &amp; &#x3C;i&#x3E;\n\n"
                                "<!--\n\n## 1.0.0\n\nStill read.\n")
    assert list(changelog.sections) == ["1.0.1", "1.0.0"]
    assert changelog.sections["1.0.1"].notes == (
        Paragraph((Text("<div>"), SoftBreak(), Emphasis((Text("x"),)), SoftBreak(), Text("</div>"))),
        Paragraph((Text("Inline <b>b</b> & <i>"),)), Paragraph((Text("<!--"),)))
    assert changelog.sections["1.0.0"].notes == (Paragraph((Text("Still read."),)),)


def test_what_has_no_node_becomes_text() -> None:
    notes = _notes("## 1.0.0\n\n![alt *text*](https://x/i.png) ![](https://x/j.png)\n\n* * *\n\n> ---\n\n"
                   "| a | b |\n| - | - |\n")
    assert notes == (
        Paragraph((Text("alt text https://x/j.png"),)), Paragraph((Text("* * *"),)),
        Quote((Paragraph((Text("---"),)),)), Paragraph((Text("| a | b |"), SoftBreak(), Text("| - | - |"))))


def test_lists_quotes_and_code() -> None:
    notes = _notes("## 1.0.0\n\n3. three\n\n   > quoted\n\n4. four\n\n       indented code\n\n- a\n  - b\n")
    assert notes == (
        ListBlock(True, 3, ((Paragraph((Text("three"),)), Quote((Paragraph((Text("quoted"),)),))),
                            (Paragraph((Text("four"),)), CodeBlock("", "indented code\n"))), tight=False),
        ListBlock(False, 1, ((Paragraph((Text("a"),)), ListBlock(False, 1, ((Paragraph((Text("b"),)),),))),)))


def test_absurd_input_ends_quickly() -> None:
    """Thousands of unclosed fences, each shorter than the one before (so none closes another), and
    deep nesting: read in about a second, never a recursion error (the parser caps nesting)."""
    fences = "".join(f"## 3.1-{n}\n\n{'`' * (2000 - n)}\nx\n" for n in range(1, 1998))
    assert len(parse_changelog(fences).sections) == 1997
    nested = "## 1.0.0\n\n" + ">" * 5000 + " a " + "[" * 5000 + "*" * 5000 + "\n\n" + "- " * 3000 + "b\n"
    assert parse_changelog(nested).sections["1.0.0"].notes


# Lines that make Markdown structure, often, so that examples combine them.
_LINES = st.sampled_from(["## 1.0.1 (2024-01-01)", "## 1.0.2", "## Fixes", "```", "````", "~~~", "```py", "    ```",
                          "- item", "> quote", "text", "", "   ## 1.0.3", "## 1.0.4 ##", "<!--", "-->", "1. one"])
_MD = MarkdownIt("commonmark", {"html": False})


@given(st.lists(_LINES, max_size=30))
def test_sections_are_the_parsers_top_level_headings(lines: list[str]) -> None:
    """Whenever the file leaves no fence open at its end (where the reader differs on purpose), its
    sections start exactly at the lines the parser, reading the whole file, takes for level-2 headings
    at the top level, written `## <version>` at the start of the line (the first of each version)."""
    text = "## 1.0.0\n\n" + "\n".join(lines) + "\n"
    source = text.split("\n")
    tokens = _MD.parse(text)
    assume(not any(t.type == "fence" and t.level == 0 and t.map and t.map[1] == len(source) - 1
                   and not (t.map[1] - t.map[0] > 1 and _closes(source[t.map[1] - 1], t.markup)) for t in tokens))
    expected: dict[str, int] = {}
    for t in tokens:
        if t.type == "heading_open" and t.tag == "h2" and t.level == 0 and t.map:
            line = source[t.map[0]]
            if line.startswith("## 1.0."):
                expected.setdefault(line.split()[1], t.map[0] + 1)
    assert [s.line for s in parse_changelog(text).sections.values()] == list(expected.values())


def _closes(line: str, markup: str) -> bool:
    return re.fullmatch(rf" {{0,3}}{re.escape(markup[0])}{{{len(markup)},}}[ \t]*", line) is not None
