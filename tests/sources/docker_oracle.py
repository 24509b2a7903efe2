"""Docker's parseWords and ProcessWord modelled character by character: the oracle the product's
tokenizers are compared with.

Deliberately naive (one character at a time, recursion for nested defaults, no caps): easy to
check against Docker's Go source line by line, too slow and too trusting for untrusted input.
"""

from __future__ import annotations

import re

from generator.sources.dockerfile import Scope, _Unclosed, _Unresolved

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def split_words_loop(text: str) -> list[str]:
    """Docker's parseWords; raises `_Unclosed` on an open quote."""
    words: list[str] = []
    cur: list[str] = []
    quote = ""
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            cur.append(c)
            if c == "\\" and quote == '"' and i + 1 < len(text):
                cur.append(text[i + 1])
                i += 1
            elif c == quote:
                quote = ""
        elif c in " \t\r\n":
            if cur:
                words.append("".join(cur))
                cur = []
        else:
            cur.append(c)
            if c in "\"'":
                quote = c
            elif c == "\\" and i + 1 < len(text):
                cur.append(text[i + 1])
                i += 1
        i += 1
    if quote:
        raise _Unclosed(quote)
    if cur:
        words.append("".join(cur))
    return words


def expand_loop(word: str, scope: Scope) -> str:
    """Docker's ProcessWord."""
    out: list[str] = []
    i, n = 0, len(word)
    quote = ""
    while i < n:
        c = word[i]
        if quote == "'":
            if c == "'":
                quote = ""
            else:
                out.append(c)
            i += 1
            continue
        if c == "'" and not quote:
            quote = "'"
            i += 1
        elif c == '"':
            quote = "" if quote else '"'
            i += 1
        elif c == "\\" and i + 1 < n and (not quote or word[i + 1] in '"\\$'):
            out.append(word[i + 1])
            i += 2
        elif c == "$" and i + 1 < n and word[i + 1] == "{":
            end = _closing_brace(word, i + 1)
            out.append(_substitute(word[i + 2 : end], scope))
            i = end + 1
        elif c == "$" and (m := _NAME.match(word, i + 1)):
            out.append(scope.get(m[0]) or "")
            i = m.end()
        else:
            out.append(c)
            i += 1
    if quote:
        raise _Unclosed(quote)
    return "".join(out)


def _closing_brace(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise _Unclosed("${")


def _substitute(inner: str, scope: Scope) -> str:
    m = _NAME.match(inner)
    if not m:
        raise _Unresolved("${" + inner + "}")
    name, rest = m[0], inner[m.end():]
    if not rest:
        return scope.get(name) or ""
    value = scope.values.get(name)
    op = rest[:2] if rest[:2] in (":-", ":+", ":?") else rest[:1]
    word = rest[len(op):]
    if op in ("-", "+", "?") or op[1:] in ("-", "+", "?"):
        present = value is not None and (value != "" or ":" not in op)
        if op.endswith("-"):
            return value if present and value is not None else expand_loop(word, scope)
        if op.endswith("+"):
            return expand_loop(word, scope) if present else ""
        if not present or value is None:
            raise _Unresolved(name)
        return value
    raise _Unresolved("${" + inner + "}")
