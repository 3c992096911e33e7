"""Optional compiled (mypyc) generation modules, used only while they match the sources.

``scripts/build_native.py`` (run by ``make install``) compiles the hot generation modules into ``lessonforge/_native/``
(gitignored): the group's shared library, the modules under ``_native/lessonforge/...`` and a ``manifest.json`` with
the sha256 of every compiled module's source and of the first-party modules they import, and the ABI suffix.
A package whose modules may be compiled calls ``prefer_compiled`` first thing in its ``__init__.py``: the compiled
directory then goes first on the package's ``__path__`` — so an import finds the ``.so`` before the ``.py`` — but only
when every recorded source still hashes the same, the ABI is this interpreter's and ``LESSONFORGE_PURE_PYTHON`` is not
``1``. Otherwise everything runs as pure Python (one debug log line says why). The compiled modules form one mypyc
group, so the check is all or nothing, done once per process (about 1 ms).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import sysconfig
from pathlib import Path

__all__ = [
    "MANIFEST_NAME",
    "NATIVE_DIR",
    "PACKAGE_DIR",
    "PURE_PYTHON_ENV",
    "active",
    "check",
    "ext_suffix",
    "manifest_modules",
    "prefer_compiled",
    "reason",
    "source_digest",
]

PACKAGE_DIR = Path(__file__).resolve().parent
NATIVE_DIR = PACKAGE_DIR / "_native"
MANIFEST_NAME = "manifest.json"
PURE_PYTHON_ENV = "LESSONFORGE_PURE_PYTHON"

_log = logging.getLogger(__name__)


def source_digest(path: Path) -> str:
    """The sha256 (hex) of one source file, as the manifest records it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ext_suffix() -> str:
    """This interpreter's extension-module suffix (e.g. ``.cpython-311-x86_64-linux-gnu.so``): the ABI tag."""
    return str(sysconfig.get_config_var("EXT_SUFFIX"))


@functools.cache
def reason() -> str | None:
    """Why the compiled modules are not used (``None`` when they are); checked and logged once per process."""
    why = check()
    if why is not None:
        _log.debug("generation runs as pure Python: %s", why)
    return why


def check() -> str | None:
    """Why the compiled modules cannot be used, read afresh (``reason`` caches it per process)."""
    if os.environ.get(PURE_PYTHON_ENV) == "1":
        return f"{PURE_PYTHON_ENV}=1"
    try:
        manifest = json.loads((NATIVE_DIR / MANIFEST_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "not built"
    except (OSError, ValueError) as exc:
        return f"unreadable manifest ({exc})"
    if not isinstance(manifest, dict) or manifest.get("ext_suffix") != ext_suffix():
        return "built for another interpreter"
    modules, depends, files = manifest.get("modules"), manifest.get("depends", {}), manifest.get("files", [])
    if not isinstance(modules, dict) or not modules or not isinstance(depends, dict) or not isinstance(files, list):
        return "empty manifest"
    # The compiled code also relies on the types of the first-party modules it imports: those are hashed too.
    for relative, digest in {**modules, **depends}.items():
        try:
            if source_digest(PACKAGE_DIR / relative) != digest:
                return f"{relative} changed since the build"
        except OSError:
            return f"{relative} is missing"
    if not all((NATIVE_DIR / name).is_file() for name in files):
        return "incomplete build"
    return None


def manifest_modules() -> list[str]:
    """The compiled modules' sources as the manifest lists them (``generation/quiz.py``); empty if not built."""
    try:
        manifest = json.loads((NATIVE_DIR / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return sorted(manifest.get("modules", {})) if isinstance(manifest, dict) else []


def active() -> bool:
    """Whether this process uses the compiled modules."""
    return reason() is None


def prefer_compiled(package: str, path: list[str]) -> None:
    """Put the package's compiled directory first on its ``__path__`` when the compiled build is current.

    ``package`` is the package's ``__name__`` and ``path`` its ``__path__``; a package with no compiled module is left
    alone. Subpackages without an ``__init__.py`` (namespace packages) follow their parent's ``__path__`` by themselves.
    """
    if reason() is not None:
        return
    compiled = NATIVE_DIR.joinpath(*package.split("."))
    if compiled.is_dir() and str(compiled) not in path:
        path.insert(0, str(compiled))
