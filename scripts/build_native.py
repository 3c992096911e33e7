"""Compile the hot generation modules with mypyc into ``lessonforge/_native/`` (see ``lessonforge.native``).

``make install`` runs this. It does nothing when the manifest already matches the sources, the interpreter and the
mypyc version; otherwise it compiles in a temporary directory, then replaces ``_native/`` with the new build and its
manifest. If compiling fails (no C compiler, no Python headers, a construct mypyc rejects) it prints one warning and
exits 0: the product runs as pure Python. ``--force`` rebuilds anyway; ``--clean`` removes the build.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
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
    """The manifest a current build has: source hashes, the ABI suffix, the Python and mypyc versions."""
    from mypy.version import __version__ as mypyc_version

    return {
        "ext_suffix": ext_suffix(),
        "python": sys.version.split()[0],
        "mypyc": mypyc_version,
        "modules": {module: source_digest(PACKAGE_DIR / module) for module in MODULES},
        "depends": {module: source_digest(PACKAGE_DIR / module) for module in first_party_imports(MODULES)},
    }


def first_party_imports(modules: tuple[str, ...]) -> list[str]:
    """The ``lessonforge`` sources the given ones import, transitively (with their packages), the given excluded."""
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
    return sorted(seen - set(modules))


def _source(parts: list[str]) -> list[str]:
    """The source file of ``lessonforge.<parts>`` (a module or a package's ``__init__.py``), if there is one."""
    base = "/".join(parts)
    candidates = [f"{base}.py", f"{base}/__init__.py"] if parts else ["__init__.py"]
    return [candidate for candidate in candidates if (PACKAGE_DIR / candidate).is_file()]


def is_current(expected: dict[str, Any]) -> bool:
    """Whether ``_native/`` already holds a build of these sources for this interpreter and mypyc."""
    try:
        manifest = json.loads((NATIVE_DIR / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    files = manifest.pop("files", []) if isinstance(manifest, dict) else []
    return manifest == expected and all((NATIVE_DIR / name).is_file() for name in files)


def compile_into(out: Path) -> None:
    """Run mypyc and build the extensions into ``out`` (``out/lessonforge/...``); runs in a child process."""
    import setuptools  # noqa: F401  (imported first so mypyc builds setuptools extensions, not distutils ones)
    from mypyc.build import mypycify
    from setuptools import Distribution
    from setuptools.command.build_ext import build_ext

    os.chdir(REPO)  # mypy reads mypy.ini (strict, mypy_path) from here
    sources = [str((PACKAGE_DIR / module).relative_to(REPO)) for module in MODULES]
    extensions = mypycify(sources, opt_level="3", target_dir=str(out / "c"), group_name=GROUP)
    command = build_ext(Distribution({"ext_modules": extensions}))
    command.build_lib = str(out / "lib")
    command.build_temp = str(out / "temp")
    command.ensure_finalized()
    command.run()


def install(lib: Path, expected: dict[str, Any]) -> list[str]:
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
    manifest = {**expected, "files": files}
    (staging / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(NATIVE_DIR, ignore_errors=True)
    staging.rename(NATIVE_DIR)
    return files


def build(force: bool) -> int:
    """Compile unless current; a failure is a warning, never an error."""
    try:
        expected = expected_manifest()
    except ImportError:
        print("warning: mypyc is not installed (pip install -e './server[dev]'); generation runs as pure Python")
        return 0
    if not force and is_current(expected):
        return 0
    print(f"compiling {len(MODULES)} generation modules with mypyc (takes a minute) ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="lessonforge-native-") as tmp:
        child = [sys.executable, str(Path(__file__).resolve()), "--compile-into", tmp]
        result = subprocess.run(child, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            log = Path(tmp).parent / "lessonforge-native-build.log"
            log.write_text(result.stdout + result.stderr, encoding="utf-8")
            shutil.rmtree(NATIVE_DIR, ignore_errors=True)  # an older build would be stale or --force'd away anyway
            print(f"warning: mypyc compilation failed, generation runs as pure Python (details: {log})")
            return 0
        files = install(Path(tmp) / "lib", expected)
    print(f"compiled into {NATIVE_DIR.relative_to(REPO)}: {len(files)} extension modules")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even when the build is current")
    parser.add_argument("--clean", action="store_true", help="remove the build (pure Python from then on)")
    parser.add_argument("--compile-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.compile_into is not None:
        compile_into(args.compile_into)
        return 0
    if args.clean:
        shutil.rmtree(NATIVE_DIR, ignore_errors=True)
        return 0
    return build(args.force)


if __name__ == "__main__":
    sys.exit(main())
