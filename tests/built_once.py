"""Rows built once per test module and kept in a transaction that the module's tests run inside.

Building a Wagtail page tree (a course, its lessons, their revisions) takes a few hundred
queries; building it again for every test was a large share of the suite's time. A
module-scoped fixture whose body is :func:`built_once` builds the rows once, inside an open
transaction, as Django's ``TestCase.setUpTestData`` does for a class. Each test then runs in
its own transaction nested on top (pytest-django's savepoint), so whatever the test writes,
publishing, moving or deleting those very pages included, is rolled back when it ends and the
next test sees the tree as it was built. When the module ends, the outer transaction is rolled
back as well: nothing is ever committed, nothing needs deleting.

Some tests cannot run inside that transaction and build their own rows instead (the fixture
gives them ``value`` None):

- transactional tests (``transaction=True``, ``live_server``) commit, and flush the database
  when they end; they get a database without the shared rows;
- database tests in the module that do not ask for the rows must not see them: the
  transaction is rolled back before such a test and opened again, with a fresh build, before
  the next test that asks.

``pytest_runtest_setup`` in tests/conftest.py calls :func:`before_test` before each test's
fixtures are set up, which is the only moment a transaction can go under pytest-django's.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction

# Fixtures that give a test the database (pytest-django's names).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}
TRANSACTIONAL_FIXTURES = DATABASE_FIXTURES - {"db"}

_current_test: pytest.Item | None = None
# Open or closed, in the order they were set up; an open one sits inside those opened before.
_trees: list["BuiltOnce"] = []


def uses_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


class BuiltOnce:
    """One module's shared rows: ``value`` is what the build returned, while they exist."""

    def __init__(self, name: str, module: pytest.Module, build: Callable[[], Any], blocker):
        self.name = name
        self.module = module
        self.build = build
        self.blocker = blocker
        self.value: Any = None
        self._transaction: transaction.Atomic | None = None

    @property
    def is_open(self) -> bool:
        return self._transaction is not None

    def wanted_by(self, item: pytest.Item) -> bool:
        return (
            item.getparent(pytest.Module) is self.module
            and self.name in getattr(item, "fixturenames", ())
            and not is_transactional(item)
        )

    def open(self) -> None:
        with self.blocker.unblock():
            self._transaction = transaction.atomic()
            self._transaction.__enter__()
            try:
                self.value = self.build()
            except BaseException:
                self._roll_back()
                raise

    def close(self) -> None:
        # Transactions nest: the ones opened after this one end first.
        for later in reversed(_trees[_trees.index(self) + 1 :]):
            later.close()
        if self.is_open:
            with self.blocker.unblock():
                self._roll_back()

    def _roll_back(self) -> None:
        atomic, self._transaction, self.value = self._transaction, None, None
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def built_once(request, django_db_blocker, build: Callable[[], Any]) -> Iterator[BuiltOnce]:
    """The body of a module-scoped fixture (``yield from built_once(...)``) whose rows `build`
    makes; it must take ``django_db_setup`` too, so the test database exists first."""
    tree = BuiltOnce(request.fixturename, request.node, build, django_db_blocker)
    _trees.append(tree)
    try:
        if _current_test is not None and tree.wanted_by(_current_test):
            tree.open()
        yield tree
    finally:
        tree.close()
        _trees.remove(tree)


def before_test(item: pytest.Item) -> None:
    """Open the trees `item` shares and close those it must not see, before its fixtures."""
    global _current_test
    _current_test = item
    for tree in list(_trees):
        if tree.is_open and not tree.wanted_by(item) and uses_database(item):
            tree.close()
    for tree in _trees:
        if not tree.is_open and tree.wanted_by(item):
            tree.open()
