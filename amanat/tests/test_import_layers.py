"""The apps import each other without cycles, and every app is held by the import contracts.

``.importlinter`` (run by ``lint-imports`` in ``.ci/run``) holds the layer order; this test checks what a
layers contract does not: that no two apps import each other in a circle (also apps not yet placed in a
layer) and that every app of the project is named in ``root_packages`` and in the layers, so that a new
app cannot stand outside them. Test packages are left out: tests arrange data of every layer."""

from configparser import ConfigParser
from pathlib import Path

import grimp
from django.conf import settings

from accounts.tests.test_tenancy import project_app_configs

CONTRACTS = Path(settings.BASE_DIR) / ".importlinter"


def contracts() -> ConfigParser:
    parser = ConfigParser()
    parser.read(CONTRACTS)
    return parser


def lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip() and not line.strip().startswith("#")]


def project_packages() -> list[str]:
    return sorted({app_config.name.split(".")[0] for app_config in project_app_configs()} | {"tenancy"})


def node_of(module: str) -> str:
    """The app a module belongs to."""
    return module.split(".")[0]


def app_imports() -> dict[str, set[str]]:
    packages = project_packages()
    graph = grimp.build_graph(*packages, exclude_type_checking_imports=True)
    modules = [
        module for module in graph.modules if ".tests" not in module and not module.endswith(".conftest")
    ]
    edges: dict[str, set[str]] = {node_of(module): set() for module in modules}
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if ".tests" in imported or node_of(imported) == node_of(module):
                continue
            edges[node_of(module)].add(node_of(imported))
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    visiting: list[str] = []
    done: set[str] = set()

    def visit(node):
        if node in visiting:
            return [*visiting[visiting.index(node) :], node]
        if node in done:
            return None
        visiting.append(node)
        for target in sorted(edges.get(node, ())):
            cycle = visit(target)
            if cycle:
                return cycle
        visiting.pop()
        done.add(node)
        return None

    for node in sorted(edges):
        cycle = visit(node)
        if cycle:
            return cycle
    return None


def test_apps_import_each_other_without_cycles():
    cycle = find_cycle(app_imports())

    assert cycle is None, (
        f"Apps import each other in a circle: {' -> '.join(cycle)}. Move the code to its layer "
        f"(docs/architecture.md), or let the lower app offer a registry the upper one fills."
    )


def test_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_every_app_is_named_in_the_import_contracts():
    parser = contracts()
    roots = set(lines(parser["importlinter"]["root_packages"]))
    layered = {
        part.strip(" ()").split(".")[0]
        for line in lines(parser["importlinter:contract:layers"]["layers"])
        for part in line.replace(":", "|").split("|")
    }

    missing = [(package, package in roots, package in layered) for package in project_packages()]

    assert [entry for entry in missing if not all(entry[1:])] == [], (
        "(app, in root_packages, in the layers contract): add each app to both in .importlinter."
    )
