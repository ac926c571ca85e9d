"""Objects shared by the request threads of a threaded server are immutable or per thread
(issue 14, finding 9: one Snowball stemmer shared through `lru_cache` failed 8 % of searches).

Every process-wide cache in the source is listed here with the reason it is safe; a new one
fails the test until someone has looked at what it shares.
"""

from __future__ import annotations

import ast
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from weerstand.core.crypto import fields as crypto

SRC = Path(crypto.__file__).resolve().parent.parent.parent

CACHE_DECORATORS = {"lru_cache", "cache", "cached"}
# (module path, function): why sharing its result between threads is safe.
REVIEWED = {
    ("core/crypto/fields.py", "_parse_keys"): "a read-only mapping of bytes",
    ("search/text.py", "_index_key"): "bytes (an HKDF output)",
    ("matching/digests.py", "_domain_key"): "bytes (an HKDF output per selector kind and key)",
    ("core/extensions.py", "contributions"): "a tuple built once when the app registry is ready",
    ("experience/questions.py", "_data"): "the parsed question file; only read, callers build "
    "their own Question objects from it",
    ("advisory/disclosure.py", "publish"): "a frozenset of cells, a pure function of its "
    "hashable arguments (the counts grid and the calendar state)",
    ("advisory/disclosure.py", "publish_pair"): "a frozenset of cells, a pure function of its "
    "hashable arguments (numerator and denominator grids and the calendar state)",
}


def _cached_functions() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if "tests" in rel.parts or "migrations" in rel.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                name = (
                    target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                )
                if name in CACHE_DECORATORS:
                    found.add((rel.as_posix(), node.name))
    return found


def test_every_process_wide_cache_is_reviewed() -> None:
    assert _cached_functions() == set(REVIEWED)


def test_the_keyring_cannot_be_changed_by_a_caller() -> None:
    ring = crypto.keyring()
    with pytest.raises(TypeError):
        ring[99] = b"\x00" * 32  # type: ignore[index]


def test_field_encryption_is_safe_under_concurrent_threads() -> None:
    """Each call makes its own AESGCM object; the shared keyring holds bytes only."""
    texts = [f"Kerkstraat {n}, 1234 AB Ergens" for n in range(40)]

    def round_trip(n: int) -> bool:
        text = texts[n % len(texts)]
        return all(
            crypto.decrypt(
                crypto.encrypt(text, "registry.Person.address"), "registry.Person.address"
            )
            == text
            for _ in range(20)
        )

    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=20) as pool:
            assert all(pool.map(round_trip, range(40)))
    finally:
        sys.setswitchinterval(previous)


def _extension_bases() -> list[type]:
    from drf_spectacular import extensions as ext

    return [
        ext.OpenApiAuthenticationExtension,
        ext.OpenApiSerializerExtension,
        ext.OpenApiSerializerFieldExtension,
        ext.OpenApiViewExtension,
        ext.OpenApiFilterExtension,
    ]


def test_the_openapi_document_survives_concurrent_first_requests(monkeypatch: Any) -> None:
    """drf-spectacular imports each extension's target class lazily, on the first schema
    request, in class attributes shared by all threads: two first requests at once failed
    with AttributeError (found by the 20-client test on PostgreSQL)."""
    from django.test import Client

    # Back to the state right after start-up: every target still a dotted path.
    for base in _extension_bases():
        for extension in base._registry:  # type: ignore[attr-defined]
            target = extension.target_class
            if target is None:  # an extension for a package that is not installed
                path = "weerstand_not_installed.Field"
            elif isinstance(target, str):
                continue
            else:
                path = f"{target.__module__}.{target.__qualname__}"
            monkeypatch.setattr(extension, "target_class", path)

    def fetch(_: int) -> int:
        return Client(raise_request_exception=False).get("/api/v1/openapi.json").status_code

    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(fetch, range(8)))
    finally:
        sys.setswitchinterval(previous)
    assert statuses == [200] * 8
