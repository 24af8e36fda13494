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
# Import edges allowed until a branch in flight lands, each with the reason (kept equal to .importlinter).
PENDING = {
    (
        "audit",
        "cases",
    ): "audit.selectors reads cases.crypto.EncryptedField until p7-privacy moves it to privacy",
}


def contracts() -> ConfigParser:
    parser = ConfigParser()
    parser.read(CONTRACTS)
    return parser


def lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip() and not line.strip().startswith("#")]


def project_packages() -> list[str]:
    return sorted({app_config.name.split(".")[0] for app_config in project_app_configs()} | {"tenancy"})


def app_imports() -> dict[str, set[str]]:
    packages = project_packages()
    graph = grimp.build_graph(*packages, exclude_type_checking_imports=True)
    for module in list(graph.modules):
        if ".tests" in module or module.endswith(".conftest"):
            graph.remove_module(module)
    return {
        importer: {
            imported
            for imported in packages
            if imported != importer
            and (importer, imported) not in PENDING
            and graph.direct_import_exists(importer=importer, imported=imported, as_packages=True)
        }
        for importer in packages
    }


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
