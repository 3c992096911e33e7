"""Compile the hot generation modules with mypyc into ``lessonforge/_native/`` (see ``lessonforge.native``).

``make install`` runs this. It does nothing when the manifest already matches the sources, the interpreter and the
mypyc version; otherwise it compiles in a temporary directory, then replaces ``_native/`` with the new build and its
manifest. A module mypyc refuses, or one that uses ``functools.cached_property``, is left out with a warning (it
runs as pure Python; the manifest lists it under ``excluded``). If compiling fails otherwise (no C compiler, no
Python headers) it prints one warning and exits 0: the product runs as pure Python. ``--force`` rebuilds anyway;
``--clean`` removes the build.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from lessonforge.native import MANIFEST_NAME, NATIVE_DIR, PACKAGE_DIR, ext_suffix, source_digest

REPO = Path(__file__).resolve().parent.parent

# Pure, typed, CPU-bound modules (paths under lessonforge/), compiled as one mypyc group. A module is listed only when
# its compiled form passes the tests and is measurably faster; see docs/architecture.md.
MODULES = (
    "generation/_lessons.py",
    "generation/_memo.py",
    "generation/_present.py",
    "generation/_quiz_items.py",
    "generation/quiz.py",
    "generation/assembly/balance.py",
    "generation/assembly/cues.py",
    "generation/assembly/forms.py",
    "generation/assembly/keys.py",
    "generation/assembly/positions.py",
    "generation/assembly/practice.py",
    "generation/assembly/quality.py",
    "generation/assembly/truth.py",
    "generation/assembly/typography.py",
    "generation/assembly/wording.py",
    "generation/module.py",
    "generation/video.py",
    "generation/video_script.py",
    "generation/video_words.py",
    "domain/course.py",
)

# The group's shared library lives inside the build directory, so no sys.path entry is needed to find it.
GROUP = "lessonforge._native.rt"


def expected_manifest() -> dict[str, Any]:
    """What a current build is made from: the ABI suffix, the Python and mypyc versions, the module list and the
    sha256 of each of those modules and of every first-party module they import."""
    from mypy.version import __version__ as mypyc_version

    return {
        "ext_suffix": ext_suffix(),
        "python": sys.version.split()[0],
        "mypyc": mypyc_version,
        "requested": list(MODULES),
        "sources": {module: source_digest(PACKAGE_DIR / module) for module in first_party_closure(MODULES)},
    }


def is_current(expected: dict[str, Any]) -> bool:
    """Whether ``_native/`` already holds a build of these sources for this interpreter and mypyc."""
    try:
        manifest = json.loads((NATIVE_DIR / MANIFEST_NAME).read_text(encoding="utf-8"))
        same = all(manifest[key] == expected[key] for key in ("ext_suffix", "python", "mypyc", "requested"))
        sources = {**manifest["modules"], **manifest["depends"]}
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return same and sources == expected["sources"] and all((NATIVE_DIR / name).is_file() for name in files)


def first_party_closure(modules: tuple[str, ...]) -> list[str]:
    """The given ``lessonforge`` sources and those they import, transitively (with their packages' ``__init__``)."""
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        relative = todo.pop()
        if relative in seen:
            continue
        seen.add(relative)
        for node in ast.walk(ast.parse((PACKAGE_DIR / relative).read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] != "lessonforge":
                    continue
                for end in range(1, len(parts) + 1):  # the module and every package above it
                    todo.extend(_source(parts[1:end]))
    return sorted(seen)


def _source(parts: list[str]) -> list[str]:
    """The source file of ``lessonforge.<parts>`` (a module or a package's ``__init__.py``), if there is one."""
    base = "/".join(parts)
    candidates = [f"{base}.py", f"{base}/__init__.py"] if parts else ["__init__.py"]
    return [candidate for candidate in candidates if (PACKAGE_DIR / candidate).is_file()]


def unsafe(modules: list[str]) -> dict[str, str]:
    """Modules mypyc compiles but would run wrongly or slowly: a ``functools.cached_property`` in a compiled class
    has no instance ``__dict__`` to cache in, so it recomputes on every access (quadratic where it is a level's)."""
    found: dict[str, str] = {}
    for module in modules:
        for node in ast.walk(ast.parse((PACKAGE_DIR / module).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name | ast.Attribute) and "cached_property" in (
                getattr(node, "id", None),
                getattr(node, "attr", None),
            ):
                found.setdefault(module, f"line {node.lineno}: functools.cached_property recomputes when compiled")
    return found


def compile_into(out: Path, modules: list[str]) -> None:
    """Run mypyc and build the extensions into ``out`` (``out/lib/lessonforge/...``); runs in a child process."""
    import setuptools  # noqa: F401  (imported first so mypyc builds setuptools extensions, not distutils ones)
    from mypyc.build import mypycify
    from setuptools import Distribution
    from setuptools.command.build_ext import build_ext

    os.chdir(REPO)  # mypy reads mypy.ini (strict, mypy_path) from here
    sources = [str((PACKAGE_DIR / module).relative_to(REPO)) for module in modules]
    extensions = mypycify(sources, opt_level="3", target_dir=str(out / "c"), group_name=GROUP)
    command = build_ext(Distribution({"ext_modules": extensions}))
    command.build_lib = str(out / "lib")
    command.build_temp = str(out / "temp")
    command.ensure_finalized()
    command.run()


def rejected(log: str, modules: list[str]) -> dict[str, str]:
    """The modules mypyc refused (``path:line: error: ...`` lines) with their first error."""
    prefix = PACKAGE_DIR.relative_to(REPO).as_posix() + "/"
    found: dict[str, str] = {}
    for match in re.finditer(r"^(\S+?\.py):(\d+): error: (.*)$", log, re.MULTILINE):
        module = match[1].removeprefix(prefix)
        if module in modules:
            found.setdefault(module, f"line {match[2]}: {match[3]}")
    return found


def install(lib: Path, expected: dict[str, Any], modules: list[str], excluded: dict[str, str]) -> list[str]:
    """Replace ``_native/`` with the built extensions from ``lib`` and write the manifest; returns the file names."""
    staging = NATIVE_DIR.with_name(NATIVE_DIR.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    files = []
    for built in sorted((lib / "lessonforge").rglob("*" + ext_suffix())):
        # The group library goes to _native/, each module to _native/lessonforge/...: the layout mypyc derives the
        # modules' __file__ from (the library's directory plus the dotted module name).
        parts = built.relative_to(lib / "lessonforge").parts
        relative = Path(*parts[1:]) if parts[0] == NATIVE_DIR.name else Path("lessonforge", *parts)
        (staging / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, staging / relative)
        files.append(relative.as_posix())
    sources = expected["sources"]
    manifest = {
        **{key: value for key, value in expected.items() if key != "sources"},
        "modules": {module: sources[module] for module in modules},
        "depends": {module: digest for module, digest in sources.items() if module not in modules},
        "excluded": excluded,
        "files": files,
    }
    (staging / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(NATIVE_DIR, ignore_errors=True)
    staging.rename(NATIVE_DIR)
    return files


def build(force: bool) -> int:
    """Compile unless current; a module mypyc refuses is left out (warning), any other failure is a warning too."""
    try:
        expected = expected_manifest()
    except ImportError:
        print("warning: mypyc is not installed (pip install -e './server[dev]'); generation runs as pure Python")
        return 0
    if not force and is_current(expected):
        return 0
    excluded = unsafe(list(MODULES))
    for module, error in excluded.items():
        print(f"warning: {module} is not compiled ({error}); it stays pure Python", flush=True)
    modules = [module for module in MODULES if module not in excluded]
    print(f"compiling {len(modules)} generation modules with mypyc (takes a minute) ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="lessonforge-native-") as tmp:
        while True:
            out = Path(tmp) / f"try{len(excluded)}"
            child = [sys.executable, str(Path(__file__).resolve()), "--compile-into", str(out), *modules]
            result = subprocess.run(child, capture_output=True, text=True, check=False)  # noqa: S603
            if result.returncode == 0:
                break
            refused = rejected(result.stdout + result.stderr, modules)
            if not refused or len(refused) == len(modules):
                log = Path(tmp).parent / "lessonforge-native-build.log"
                log.write_text(result.stdout + result.stderr, encoding="utf-8")
                shutil.rmtree(NATIVE_DIR, ignore_errors=True)  # an older build would be stale or --force'd away
                print(f"warning: mypyc compilation failed, generation runs as pure Python (details: {log})")
                return 0
            for module, error in refused.items():
                print(f"warning: mypyc refuses {module} ({error}); it stays pure Python", flush=True)
            excluded.update(refused)
            modules = [module for module in modules if module not in refused]
        files = install(out / "lib", expected, modules, excluded)
    print(f"compiled into {NATIVE_DIR.relative_to(REPO)}: {len(files)} extension modules")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even when the build is current")
    parser.add_argument("--clean", action="store_true", help="remove the build (pure Python from then on)")
    parser.add_argument("--compile-into", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("modules", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.compile_into is not None:
        compile_into(args.compile_into, args.modules)
        return 0
    if args.clean:
        shutil.rmtree(NATIVE_DIR, ignore_errors=True)
        return 0
    return build(args.force)


if __name__ == "__main__":
    sys.exit(main())
