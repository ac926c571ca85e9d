"""The one helper through which every environment variable is read.

Each variable is declared with a default and a help text, so `weerstand env-doc` can list
them and production can refuse to run on a demo default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

_REGISTRY: dict[str, EnvVar] = {}


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: str
    help: str
    secret: bool = False


def config(name: str, default: str = "", *, help: str, secret: bool = False) -> str:
    """Read an environment variable, recording it for documentation."""
    _REGISTRY[name] = EnvVar(name, default, help, secret)
    return os.environ.get(name, default)


def config_bool(name: str, default: bool, *, help: str) -> bool:
    raw = config(name, "true" if default else "false", help=help)
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def config_int(name: str, default: int, *, help: str) -> int:
    raw = config(name, str(default), help=help)
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


def registered() -> list[EnvVar]:
    """All variables read so far, for documentation and production checks."""
    return sorted(_REGISTRY.values(), key=lambda v: v.name)
