"""Build the till's translations: `python -m pos_app.i18n_build [--check]`.

Default: update resources/i18n/pos_<lang>.ts from the sources with pyside6-lupdate (existing
translations are kept, strings gone from the code are dropped), then compile each .ts to .qm
with pyside6-lrelease (.qm files are build outputs and are not committed).

`--check` changes nothing: it extracts every marked string from pos_app/ itself (with `ast`:
`self.tr("…")`, `QCoreApplication.translate("ctx", "…")`, `QT_TRANSLATE_NOOP("ctx", "…")`) and
fails, listing them, if any lacks a finished Chinese translation or if a translation drops or
invents a `{placeholder}`. It doubles as a cross-check that lupdate extracted everything.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from pos_app.i18n import i18n_dir, qm_path, ts_path

PACKAGE_DIR = Path(__file__).resolve().parent
TRANSLATED_LANGS = ("zh_CN",)  # English is the source language: untranslated text is English.
NOOP_NAMES = {"QT_TRANSLATE_NOOP"}
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


@dataclass(frozen=True, slots=True, order=True)
class Message:
    context: str
    source: str
    where: str  # file:line of the first use


# -- extraction with ast -----------------------------------------------------------------------

def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


class _Extractor(ast.NodeVisitor):
    def __init__(self, where: str) -> None:
        self.where = where
        self.classes: list[str] = []
        self.found: list[Message] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        args = node.args
        if name == "tr" and self.classes and args and _literal(args[0]) is not None:
            self._add(self.classes[-1], _literal(args[0]), node)
        elif (name in NOOP_NAMES or name == "translate") and len(args) >= 2:
            context, text = _literal(args[0]), _literal(args[1])
            if context is not None and text is not None:
                self._add(context, text, node)
        self.generic_visit(node)

    def _add(self, context: str, text: str | None, node: ast.AST) -> None:
        if text is not None:
            self.found.append(Message(context, text, f"{self.where}:{node.lineno}"))


def extract(root: Path = PACKAGE_DIR) -> list[Message]:
    """Every literal translatable string under root, first use wins."""
    seen: dict[tuple[str, str], Message] = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).as_posix()
        extractor = _Extractor(rel)
        extractor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        for message in extractor.found:
            seen.setdefault((message.context, message.source), message)
    return sorted(seen.values())


# -- checking ----------------------------------------------------------------------------------

def _ts_messages(path: Path) -> dict[tuple[str, str], tuple[str, str | None]]:
    """{(context, source): (translation, type attribute)}."""
    table: dict[tuple[str, str], tuple[str, str | None]] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            node = message.find("translation")
            text = (node.text or "") if node is not None else ""
            table[(name, source)] = (text, node.get("type") if node is not None else None)
    return table


def problems(lang: str, root: Path = PACKAGE_DIR) -> list[str]:
    """What is wrong with the translations into lang; empty when all is well."""
    path = ts_path(lang)
    if not path.exists():
        return [f"{path}: missing (run: python -m pos_app.i18n_build)"]
    table = _ts_messages(path)
    found: list[str] = []
    for message in extract(root):
        entry = table.get((message.context, message.source))
        label = f"{message.where}: [{message.context}] {message.source!r}"
        if entry is None:
            found.append(f"{label}: not in {path.name} (run: python -m pos_app.i18n_build)")
            continue
        text, kind = entry
        if kind == "unfinished" or not text.strip():
            found.append(f"{label}: no {lang} translation")
        elif sorted(_PLACEHOLDER.findall(text)) != sorted(_PLACEHOLDER.findall(message.source)):
            found.append(f"{label}: placeholders differ in translation {text!r}")
    return found


# -- building ----------------------------------------------------------------------------------

def _tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease from this interpreter's environment, else PATH."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"i18n_build: {name} not found "
                         "(it comes with the Qt for Python wheel in requirements/lock.txt)")
    return found


def update(lang: str) -> None:
    """Merge the strings in pos_app/ into pos_<lang>.ts, keeping existing translations."""
    i18n_dir().mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [_tool("pyside6-lupdate"), "-silent", "-extensions", "py", "-no-obsolete",
         "-locations", "none", "-source-language", "en", "-target-language", lang,
         str(PACKAGE_DIR), "-ts", str(ts_path(lang))],
        check=True,
    )


def release(lang: str) -> Path:
    """Compile pos_<lang>.ts to pos_<lang>.qm next to it."""
    target = qm_path(lang)
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", str(ts_path(lang)), "-qm", str(target)],
        check=True,
    )
    return target


def release_if_stale(lang: str) -> Path:
    """Build the .qm unless it is newer than its .ts (used by the GUI tests)."""
    target, source = qm_path(lang), ts_path(lang)
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        release(lang)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pos_app.i18n_build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a string lacks a translation")
    parser.add_argument("--no-update", action="store_true",
                        help="only compile the .ts files to .qm (no lupdate)")
    args = parser.parse_args(argv)
    if args.check:
        failures = [p for lang in TRANSLATED_LANGS for p in problems(lang)]
        for line in failures:
            print(line, file=sys.stderr)
        if failures:
            print(f"i18n_build: {len(failures)} string(s) need work", file=sys.stderr)
            return 1
        print(f"i18n_build: all {len(extract())} strings translated")
        return 0
    for lang in TRANSLATED_LANGS:
        if not args.no_update:
            update(lang)
        print(f"i18n_build: {release(lang)}")
    failures = [p for lang in TRANSLATED_LANGS for p in problems(lang)]
    for line in failures:
        print(f"warning: {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
