"""The compiled (mypyc) generation modules: used when current, pure Python otherwise, same outputs either way."""

from __future__ import annotations

import json
import os
import runpy
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from lf_examples import EXAMPLES

from lessonforge import native

# Prints every compiled module's __file__ (import order as the product: the package first).
WHERE = """
import importlib, json, lessonforge.generation
from lessonforge import native
modules = [m.removesuffix(".py").replace("/", ".") for m in native.manifest_modules()]
print(json.dumps({m: importlib.import_module("lessonforge." + m).__file__ for m in modules}))
"""

# Generates every example level and prints all outputs as JSON.
GENERATE = """
import json, pathlib, sys
from lessonforge.domain.payload import parse_payload
from lessonforge.generation import OUTPUT_TYPES, generate_all
out = {}
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    results = generate_all(OUTPUT_TYPES, parse_payload(json.loads(path.read_text("utf-8"))))
    out[path.name] = [[r.title, r.body] if hasattr(r, "body") else repr(r) for r in results]
print(json.dumps(out, sort_keys=True, ensure_ascii=False, default=str))
"""


def _can_compile() -> bool:
    include = Path(sysconfig.get_paths()["include"])
    return (
        shutil.which(sysconfig.get_config_var("CC").split()[0] or "cc") is not None and (include / "Python.h").exists()
    )


@pytest.fixture(scope="module")
def built() -> None:
    """Skips unless the compiled build matches the sources (``make install`` builds it)."""
    why = native.reason()
    if why is None:
        return
    if why == "not built" and _can_compile() and not os.environ.get(native.PURE_PYTHON_ENV):
        pytest.fail("a C compiler and Python headers are present but nothing is compiled: run `make install`")
    pytest.skip(f"no current compiled build: {why}")


def _python(code: str, *args: str, src: Path | None = None, pure: bool = False) -> str:
    env = {key: value for key, value in os.environ.items() if key != native.PURE_PYTHON_ENV}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    if pure:
        env[native.PURE_PYTHON_ENV] = "1"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def _files(src: Path | None = None, pure: bool = False) -> dict[str, str]:
    files: dict[str, str] = json.loads(_python(WHERE, src=src, pure=pure))
    return files


def test_compiled_modules_are_the_ones_imported(built: None) -> None:
    files = _files()
    assert files
    for module, file in files.items():
        assert Path(file).is_relative_to(native.NATIVE_DIR), module
        assert file.endswith(native.ext_suffix()), module


def test_mypyc_compiles_every_listed_module(built: None) -> None:
    manifest = json.loads((native.NATIVE_DIR / native.MANIFEST_NAME).read_text("utf-8"))
    # A module mypyc refuses runs as pure Python (scripts/build_native.py warns): make it compile or unlist it.
    assert manifest["excluded"] == {}


def test_pure_python_switch(built: None) -> None:
    assert all(file.endswith(".py") for file in _files(pure=True).values())


def test_stale_manifest_falls_back_to_pure_python(built: None, tmp_path: Path) -> None:
    tree = tmp_path / "src"
    shutil.copytree(native.PACKAGE_DIR, tree / "lessonforge", ignore=shutil.ignore_patterns("__pycache__"))
    assert all(file.endswith(native.ext_suffix()) for file in _files(tree).values())  # a copied build still works
    edited = tree / "lessonforge" / native.manifest_modules()[0]
    edited.write_text(edited.read_text("utf-8") + "\n# edited after the build\n", "utf-8")
    assert all(file.endswith(".py") for file in _files(tree).values())


def test_compiled_and_pure_outputs_are_identical(built: None) -> None:
    compiled = _python(GENERATE, str(EXAMPLES))
    assert compiled == _python(GENERATE, str(EXAMPLES), pure=True)
    assert len(json.loads(compiled)) == len(list(EXAMPLES.glob("*.json")))


def test_manifest_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "lessonforge"
    (package / "generation").mkdir(parents=True)
    (package / "generation" / "quiz.py").write_text("x = 1\n", "utf-8")
    monkeypatch.setattr(native, "PACKAGE_DIR", package)
    monkeypatch.setattr(native, "NATIVE_DIR", package / "_native")
    monkeypatch.delenv(native.PURE_PYTHON_ENV, raising=False)
    assert native.check() == "not built"
    manifest = {"ext_suffix": native.ext_suffix(), "modules": {"generation/quiz.py": "0" * 64}}
    (package / "_native").mkdir()
    (package / "_native" / native.MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    assert native.check() == "generation/quiz.py changed since the build"
    manifest["modules"] = {"generation/quiz.py": native.source_digest(package / "generation" / "quiz.py")}
    (package / "_native" / native.MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    assert native.check() is None
    monkeypatch.setenv(native.PURE_PYTHON_ENV, "1")
    assert native.check() == f"{native.PURE_PYTHON_ENV}=1"
    monkeypatch.delenv(native.PURE_PYTHON_ENV)
    manifest["ext_suffix"] = ".cpython-27-other.so"
    (package / "_native" / native.MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    assert native.check() == "built for another interpreter"


def test_no_compiled_module_relies_on_a_construct_mypyc_compiles_differently() -> None:
    """mypyc compiles ``functools.cached_property`` to a plain property: the value is worked out again at every
    read (a video voicing that read the whole level per line made mixed levels 10x slower, compiled only)."""
    package = Path(native.__file__).resolve().parent
    build_script = runpy.run_path(str(package.parents[2] / "scripts" / "build_native.py"), run_name="build_native")
    offending = [
        module
        for module in build_script["MODULES"]
        if "cached_property" in (package / module).read_text("utf-8").replace("``functools.cached_property``", "")
    ]
    assert offending == []
