"""The rule: domain code sends email only through `outbox_email` (and durable events through
`outbox_event`); it never calls send_mail/email_send or queues an email task itself.

The domain apps are read as source (AST), so a new offender fails here whatever file it is in.
ALLOWED would list exceptions as (app, enclosing function, what it calls); every domain email
is converted, so it is empty and stays so.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.subprocess_env import ROOT

DOMAIN_APPS = ("recruiting", "onboarding", "performance")
SENDING_CALLS = {
    "email_send",
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
    "get_connection",
}
QUEUEING_CALLS = {"enqueue", "delay", "apply_async", "send_task", "signature", "s"}
EMAIL_TASK_WORDS = ("email", "mail", "invitation", "notice", "notify")

# Calls allowed to send or queue an email outside the outbox: none. (The list was there while
# the domain apps were converted; the test below fails when it names a call that is gone.)
ALLOWED: set[tuple[str, str, str]] = set()


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


class _Finder(ast.NodeVisitor):
    def __init__(self, app: str):
        self.app = app
        self.scope = ["<module>"]
        self.found: set[tuple[str, str, str]] = set()

    def _visit_scope(self, node, name: str) -> None:
        self.scope.append(name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node):
        self._visit_scope(node, node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        self._visit_scope(node, "<lambda>")

    def visit_Call(self, node: ast.Call) -> None:
        callee = _name(node.func)
        if callee in SENDING_CALLS:
            self.found.add((self.app, self.scope[-1], callee))
        elif callee in QUEUEING_CALLS:
            task = (
                _name(node.args[0])
                if callee == "enqueue" and node.args
                else _name(node.func.value)
                if isinstance(node.func, ast.Attribute)
                else ""
            )
            if any(word in task.lower() for word in EMAIL_TASK_WORDS):
                self.found.add((self.app, self.scope[-1], f"enqueue:{task}"))
        self.generic_visit(node)


def email_calls_in_domain_apps() -> set[tuple[str, str, str]]:
    found: set[tuple[str, str, str]] = set()
    for app in DOMAIN_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            finder = _Finder(app)
            finder.visit(ast.parse(Path(path).read_text(), filename=str(path)))
            found |= finder.found
    return found


def test_no_domain_code_sends_email_or_queues_an_email_task_itself():
    found = email_calls_in_domain_apps()
    new = sorted(found - ALLOWED)
    assert not new, (
        "Send email with backoffice.notifications.services.outbox_email(...) inside the "
        f"transaction of the change (README, 'How to send an email'), not: {new}"
    )


def test_the_allow_list_only_names_calls_that_still_exist():
    gone = sorted(ALLOWED - email_calls_in_domain_apps())
    assert not gone, f"Converted to the outbox: remove from ALLOWED: {gone}"


def test_the_finder_sees_each_way_of_sending(tmp_path):
    source = """
def a():
    email_send(to=[], subject="", template="", context={})
def b():
    transaction.on_commit(lambda: enqueue(tasks.review_email_task, 1))
def c():
    welcome_email_task.delay(1)
def d():
    outbox_email(key="k", to=["x@example.com"], subject="", template="", context={})
    enqueue(recompute_task, 1)
"""
    finder = _Finder("app")
    finder.visit(ast.parse(source))
    assert finder.found == {
        ("app", "a", "email_send"),
        ("app", "<lambda>", "enqueue:review_email_task"),
        ("app", "c", "enqueue:welcome_email_task"),
    }
