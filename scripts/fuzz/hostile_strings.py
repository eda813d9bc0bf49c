"""Schemathesis hooks (SCHEMATHESIS_HOOKS=hostile_strings): besides what it generates from the
schemas, the fuzzer puts the characters attackers use into string values of bodies, queries and
path parameters: NUL, other control characters, lone surrogates, bidi and zero-width characters,
decomposed accents, 10 kB strings and Chinese text. Its own generators rarely draw them."""

from hypothesis import strategies as st

import schemathesis

HOSTILE = [
    "a\x00b",
    "bell\x07",
    "\x1b[2J",
    "x\x85y",
    "a\ud800b",
    "b\udc00",
    "invoice\u202egnp.exe",
    "x\u2066y\u2069",
    "Lian\u200bhua",
    "\ufeffBOM",
    "Cafe\u0301 Mu\u0308ller",
    "\u6761" * 10240,
    "\u676d\u5dde\u83b2\u82b1\u8d38\u6613\u6709\u9650\u516c\u53f8",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
]

# A URL carries UTF-8 only: a lone surrogate cannot be percent-encoded at all (the client fails
# before sending), and a 10 kB value overflows the request line (the server answers 431 and
# closes). test/resilience/hostile-input.e2e.spec.ts sends both as raw bytes instead.
HOSTILE_IN_URL = [
    text for text in HOSTILE if len(text) < 1024 and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
]


def _strings_in(value, path=()):
    """Paths to every string inside a JSON value."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings_in(item, (*path, index))


def _replaced(value, path, replacement):
    if not path:
        return replacement
    head, *rest = path
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = _replaced(value[head], rest, replacement)
    return copy


def _with_hostile_string(value, hostile_strings=HOSTILE):
    """The value as drawn, or with one of its strings replaced by a hostile one."""
    paths = list(_strings_in(value))
    if not paths:
        return st.just(value)
    hostile = st.tuples(st.sampled_from(paths), st.sampled_from(hostile_strings)).map(
        lambda choice: _replaced(value, choice[0], choice[1])
    )
    return st.one_of(st.just(value), hostile)


@schemathesis.hook
def flatmap_body(ctx, body):
    return _with_hostile_string(body)


@schemathesis.hook
def flatmap_query(ctx, query):
    return _with_hostile_string(query, HOSTILE_IN_URL) if query else st.just(query)


@schemathesis.hook
def flatmap_path_parameters(ctx, path_parameters):
    return (
        _with_hostile_string(path_parameters, HOSTILE_IN_URL)
        if path_parameters
        else st.just(path_parameters)
    )
