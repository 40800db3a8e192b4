"""Rules of the layout that import-linter cannot state (docs/adr/0017-capability-packages.md).

- No import cycle anywhere in the product code, module by module (lazy imports included).
- No module imports a private name (``_name``) from another capability or app.
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

APPS = ("standards", "community", "adoption", "portal")
ROOT = Path(settings.BASE_DIR)


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imports(module: str, path: Path, modules: dict[str, Path]):
    """(imported module, name or None, line) for every import in ``module``."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full in modules:
                    yield full, None, node.lineno
                elif base in modules:
                    yield base, alias.name, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    yield alias.name, None, node.lineno


def _capability(module: str) -> str:
    """standards.proposals.voting.services -> standards.proposals; community.x -> community."""
    parts = module.split(".")
    if parts[0] in ("standards", "adoption") and len(parts) > 2:
        return ".".join(parts[:2])
    return parts[0]


def test_no_import_cycle_anywhere_in_the_product_code():
    modules = _modules()
    graph = defaultdict(set)
    for module, path in modules.items():
        for imported, _, _ in _imports(module, path, modules):
            if imported != module and not module.startswith(imported + "."):
                graph[module].add(imported)
    # Tarjan's strongly connected components
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    assert cycles == []


def test_no_module_imports_another_capabilitys_private_names():
    modules = _modules()
    found = []
    for module, path in modules.items():
        for imported, name, line in _imports(module, path, modules):
            if name and name.startswith("_") and _capability(imported) != _capability(module):
                found.append(f"{module}:{line} imports {imported}.{name}")
    assert found == []


# The lock order, written once (docs/adr/0017-capability-packages.md). A service that locks more
# than one row locks them in this order; rows of equal rank are only ever locked under the lock
# of a row ranked before them (a group's requests and invitations under the group's lock).
LOCK_ORDER = {
    "Standard": 0,
    "StandardVersion": 1,
    "ImportRun": 2,
    "Release": 3,
    "ProposalComment": 4,
    "Proposal": 5,
    "Ballot": 6,
    "WebhookDelivery": 10,
    "WebhookEndpoint": 11,
    "WorkingGroup": 20,
    "Membership": 21,
    "JoinRequest": 21,
    "Invitation": 21,
    "AdoptionRecord": 30,
}
# Helpers that lock one row, by the model they lock.
LOCK_HELPERS = {
    "proposal_lock": "Proposal",
    "_lock_open_ballot": "Ballot",
    "version_draft_lock": "StandardVersion",
    "_lock_release": "Release",
    "_run_lock": "ImportRun",
    "_lock_group": "WorkingGroup",
    "_lock_membership": "Membership",
}
RELATED_MANAGERS = {"join_requests": "JoinRequest", "invitations": "Invitation"}


def _locked_model(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        if func.id in LOCK_HELPERS:
            return LOCK_HELPERS[func.id]
        if func.id == "_lock" and call.args and isinstance(call.args[0], ast.Name):
            return call.args[0].id
        return None
    if not (isinstance(func, ast.Attribute) and func.attr == "select_for_update"):
        return None
    target = func.value
    if (
        isinstance(target, ast.Attribute)
        and target.attr == "objects"
        and isinstance(target.value, ast.Name)
    ):
        return target.value.id
    if isinstance(target, ast.Attribute) and target.attr in RELATED_MANAGERS:
        return RELATED_MANAGERS[target.attr]
    return None


def test_every_service_takes_its_locks_in_the_one_order():
    wrong = []
    for module, path in _modules().items():
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            calls = sorted(
                (node.lineno, node.col_offset, model)
                for node in ast.walk(function)
                if isinstance(node, ast.Call) and (model := _locked_model(node)) in LOCK_ORDER
            )
            ranks = [LOCK_ORDER[model] for _, _, model in calls]
            if ranks != sorted(ranks):
                wrong.append(f"{module}.{function.name}: {[m for _, _, m in calls]}")
    assert wrong == []


def test_the_engine_imports_no_orm():
    """``standards.engine`` is pure: plain data in, plain data out (import-linter checks that it
    imports no models or services; this checks Django's ORM, which import-linter cannot name)."""
    found = []
    for module, path in _modules().items():
        if not module.startswith("standards.engine"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            found += [f"{module}:{node.lineno} {n}" for n in names if n.startswith("django.db")]
    assert found == []


def test_every_form_of_the_portal_checks_its_text_for_hidden_characters():
    import importlib
    import inspect

    from django import forms

    from portal.forms import TextHygieneMixin

    missing, checked = [], 0
    for module_name in _modules():
        last = module_name.rsplit(".", 1)[-1]
        if module_name.startswith("portal.settings") or last.startswith("urls"):
            continue  # Settings need a production environment; URLs need their converters.
        module = importlib.import_module(module_name)
        for name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module_name:
                checked += 1
                if not issubclass(value, TextHygieneMixin):
                    missing.append(f"{module_name}.{name}")

    assert missing == []
    assert checked > 60
