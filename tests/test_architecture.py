"""The house rules of docs/architecture.md: no import cycles (imports inside functions count too), and
annotating never imports training, evaluation or scikit-learn."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "argmine"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Each argmine module and the argmine modules it imports, anywhere in its code."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # "from argmine.learn import modelio" imports the module argmine.learn.modelio
                targets = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module for a in node.names]
            else:
                continue
            edges |= {t for t in targets if t in modules and t != name}
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of ``graph``, each as a path that comes back to its start."""
    found, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt) :] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph()
    # argmine.load imports the pipeline inside the function: the graph must see it
    assert "argmine.pipeline" in graph["argmine"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_annotation_imports_no_training_evaluation_or_scikit_learn():
    code = (
        "import sys, argmine\n"
        "argmine.annotate('قال الوزير إن الوضع ربما يتحسن. وأضاف أن الحملة انتهت.')\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    loaded = [m for m in out if m.startswith("argmine")]
    assert "argmine.learn.fastlinear" in loaded  # the shipped model was used
    assert "argmine.roles.vectors" in loaded and "argmine.attribution.sequence" in loaded  # word vectors and CRF, with numpy
    forbidden = [m for m in out if m.endswith(".training") or m.startswith(("argmine.learn.experiment", "argmine.learn.estimators", "argmine.evaluation"))]
    assert forbidden == []
    heavy = ("sklearn", "scipy", "skops", "torch", "gensim", "pycrfsuite", "stanza", "datasets")
    assert [m for m in out if m.split(".")[0] in heavy] == []
    # camel-tools' character tables held 300,000 references that every full collection walked
    assert [m for m in out if m.startswith(("camel_tools.utils.charsets", "emoji"))] == []
