"""The package layout as a contract: no import cycles, typer/rich only at the edge, no `lang` in the core,
`render/` imported only by the CLI and the Python API, and the README's map of the code in step with the tree."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO

SRC = REPO / "src"
PACKAGE = SRC / "llm_advisor"
ROOT = "llm_advisor"
EDGE_ONLY = ("typer", "rich")  # imported only by cli/ and render/
NOWHERE = ("click",)  # typer vendors click privately since 0.26; reaching into it breaks (STYLE.md)
CORE = ("recommend", "check", "modelinfo", "hub", "catalog")  # services and their data: no `lang` parameter
RENDER_IMPORTERS = ("llm_advisor.cli", "llm_advisor.render", "llm_advisor.api")

# Known today and to be removed by the lead (issue 9, "two import cycles ... hidden by imports inside
# functions"). Each entry is the set of modules of one cycle; a new cycle fails, and so does a listed one
# that no longer exists (then delete its entry here).
# None left: each list is a ratchet (an entry added here needs a reason; a fixed one must be deleted).
KNOWN_CYCLES: set[frozenset[str]] = set()
KNOWN_LANG_PARAMETERS: set[str] = set()
KNOWN_RENDER_IMPORTS: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Import:
    importer: str
    target: str  # a module of ours, or a third-party top-level name
    file: str
    line: int
    in_function: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _known(name: str, known: dict[str, Path]) -> str | None:
    """The longest prefix of a dotted name that is one of our modules."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in known:
            return ".".join(parts[:end])
    return None


def _root_reexports() -> set[str]:
    """Names the root package re-exports lazily from llm_advisor.api (its module `__getattr__`)."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "llm_advisor.api":
            return {a.name for a in node.names}
    return set()


def imports() -> Iterator[Import]:
    """Every import statement of every module: module level, inside functions and under TYPE_CHECKING.

    The root package is transparent: its lazy re-exports of llm_advisor.api are not its own dependencies;
    `from llm_advisor import recommend` depends on llm_advisor.api, `from llm_advisor import __version__`
    on the root."""
    known = modules()
    reexports = _root_reexports()
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        functions = {
            id(inner)
            for fn in ast.walk(tree)
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
            for inner in ast.walk(fn)
            if inner is not fn
        }
        rel = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_package else name.split(".")[:-1]
                    base = base[: len(base) - node.level + 1]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module or ""
                if source == ROOT:
                    for a in node.names:
                        targets.append(
                            "llm_advisor.api"
                            if a.name in reexports
                            else f"{ROOT}.{a.name}"
                            if f"{ROOT}.{a.name}" in known
                            else ROOT
                        )
                else:
                    targets = [
                        source,
                        *(f"{source}.{a.name}" for a in node.names if f"{source}.{a.name}" in known),
                    ]
            for target in targets:
                ours = _known(target, known) if target.split(".")[0] == ROOT else None
                if name == ROOT and ours == "llm_advisor.api":
                    continue  # the root's lazy re-export, see above
                resolved = ours or target.split(".")[0]
                if resolved != name:
                    yield Import(name, resolved, rel, node.lineno, id(node) in functions)


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def _describe(component: set[str], edges: list[Import]) -> str:
    """The shortest cycle through the component's first module, with the file:line of each import."""
    inside = sorted(
        (e for e in edges if e.importer in component and e.target in component),
        key=lambda e: (e.target, e.line),
    )
    start = min(component)
    came: dict[str, Import] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for step in (e for e in inside if e.importer == node):
            if step.target == start:
                chain = [step]
                while chain[0].importer != start:
                    chain.insert(0, came[chain[0].importer])
                return start + "".join(
                    f" -[{e.file}:{e.line}{' (in a function)' if e.in_function else ''}]-> {e.target}"
                    for e in chain
                )
            if step.target not in came:
                came[step.target] = step
                queue.append(step.target)
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover - a component always has one


def test_no_import_cycles() -> None:
    edges = list(imports())
    ours = set(modules())
    graph: dict[str, set[str]] = {name: set() for name in ours}
    for e in edges:
        if e.target in ours:
            graph[e.importer].add(e.target)
    components = _cycles(graph)
    new = [c for c in components if frozenset(c) not in KNOWN_CYCLES]
    assert not new, (
        "import cycles (a shortest one, then every import inside the cycle's modules):\n"
        + "\n\n".join(
            _describe(c, edges)
            + "".join(
                f"\n  {e.file}:{e.line}: {e.importer} imports {e.target}{' (in a function)' if e.in_function else ''}"
                for e in sorted(edges, key=lambda e: (e.file, e.line))
                if e.importer in c and e.target in c
            )
            for c in new
        )
    )
    gone = {k for k in KNOWN_CYCLES if not any(k <= c for c in components)}
    assert not gone, (
        f"these known cycles are gone: delete them from KNOWN_CYCLES: {sorted(sorted(c) for c in gone)}"
    )


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert _cycles(graph) == [{"a", "b", "c"}]
    edges = [
        Import("a", "b", "a.py", 1, False),
        Import("b", "c", "b.py", 2, True),
        Import("c", "a", "c.py", 3, False),
    ]
    assert _describe({"a", "b", "c"}, edges) == "a -[a.py:1]-> b -[b.py:2 (in a function)]-> c -[c.py:3]-> a"


def test_the_import_scan_sees_function_level_and_relative_imports() -> None:
    edges = {(e.importer, e.target, e.in_function) for e in imports()}
    assert (
        "llm_advisor.catalog.loader",
        "llm_advisor.catalog.compiler",
        True,
    ) in edges  # inside load_catalog
    assert ("llm_advisor.cli", "typer", False) in edges
    assert not any(e[0] == ROOT for e in edges if e[1] == "llm_advisor.api")


def test_typer_and_rich_only_at_the_edge() -> None:
    bad = [
        f"{e.file}:{e.line}: {e.importer} imports {e.target}"
        for e in imports()
        if (e.target in EDGE_ONLY and not e.importer.startswith(("llm_advisor.cli", "llm_advisor.render")))
        or e.target in NOWHERE
    ]
    assert not bad, "\n".join(bad)


def test_only_the_cli_and_the_api_import_render() -> None:
    found = {
        (e.importer, e.target): f"{e.file}:{e.line}"
        for e in imports()
        if e.target.startswith("llm_advisor.render")
        and not any(e.importer == p or e.importer.startswith(p + ".") for p in RENDER_IMPORTERS)
    }
    bad = {pair: where for pair, where in found.items() if pair not in KNOWN_RENDER_IMPORTS}
    assert not bad, "\n".join(f"{where}: {a} imports {b}" for (a, b), where in sorted(bad.items()))
    gone = KNOWN_RENDER_IMPORTS - set(found)
    assert not gone, f"delete these from KNOWN_RENDER_IMPORTS: {sorted(gone)}"


def _public_functions(path: Path) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Module-level functions and methods of module-level classes whose names do not start with `_`."""

    def walk(
        body: list[ast.stmt], prefix: str
    ) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
                yield prefix + node.name, node
            elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                yield from walk(node.body, f"{prefix}{node.name}.")

    yield from walk(ast.parse(path.read_text(encoding="utf-8")).body, "")


def test_no_core_function_takes_lang() -> None:
    found: dict[str, str] = {}
    for name, path in modules().items():
        if name.split(".")[1:2] and name.split(".")[1] in CORE:
            for qualname, fn in _public_functions(path):
                a = fn.args
                if "lang" in [p.arg for p in [*a.posonlyargs, *a.args, *a.kwonlyargs]]:
                    found[f"{name}.{qualname}"] = f"{path.relative_to(PACKAGE).as_posix()}:{fn.lineno}"
    bad = {k: v for k, v in found.items() if k not in KNOWN_LANG_PARAMETERS}
    assert not bad, (
        "core functions that take `lang` (return message codes; render/ writes the text):\n"
        + "\n".join(f"{where}: {qualname}" for qualname, where in sorted(bad.items()))
    )
    gone = KNOWN_LANG_PARAMETERS - set(found)
    assert not gone, f"delete these from KNOWN_LANG_PARAMETERS: {sorted(gone)}"


def test_no_plain_import_of_the_recommend_or_check_packages() -> None:
    """`llm_advisor.recommend` and `llm_advisor.check` are the API functions (llm_advisor/__init__.py), so
    `import llm_advisor.recommend.ranking` then `llm_advisor.recommend.ranking.x` cannot work; write
    `from llm_advisor.recommend import ranking`."""
    bad = []
    paths = [*SRC.rglob("*.py"), *(REPO / "tests").rglob("*.py"), *(REPO / "bench").rglob("*.py")]
    for path in (p for p in paths if "fixtures" not in p.relative_to(REPO).parts):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                bad += [
                    f"{path.relative_to(REPO)}:{node.lineno}: import {a.name}"
                    for a in node.names
                    if a.name.startswith(("llm_advisor.recommend", "llm_advisor.check"))
                ]
    assert not bad, "\n".join(bad)


# ---------------------------------------------------------------------------------------------- README map


def readme_map() -> dict[str, str]:
    """`name` -> description from the README's "How the code is organised" section (one `- ` line each)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert "\n## How the code is organised\n" in text, (
        "README.md has no '## How the code is organised' section"
    )
    section = text.split("\n## How the code is organised\n", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^- `([a-z_]+(?:/|\.py))` — (.+)$", section, flags=re.MULTILINE))


def test_readme_names_every_package_once_and_only_real_ones() -> None:
    entries = readme_map()
    packages = sorted(f"{p.parent.name}/" for p in PACKAGE.glob("*/__init__.py"))
    assert sorted(k for k in entries if k.endswith("/")) == packages, (
        "README 'How the code is organised' lists other packages than src/llm_advisor has"
    )
    for module in (k for k in entries if k.endswith(".py")):
        assert (PACKAGE / module).is_file(), f"README names {module}, which src/llm_advisor does not have"
    assert {"msg.py", "sanitize.py", "errors.py", "api.py"} <= set(entries)


def test_readme_map_sits_between_commands_and_your_own_catalog() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    order = [
        text.index(h)
        for h in ("\n## Commands\n", "\n## How the code is organised\n", "\n## Your own catalog\n")
    ]
    assert order == sorted(order)
