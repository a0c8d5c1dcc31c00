"""Files in the storage kept in step with their rows: a file written inside a transaction that fails is deleted
again (no file without its row), and a file whose row is deleted goes once the deletion committed (no row
without its file). Used by every app that stores uploads next to a row: article images and attachments,
evidence of the Four-Good evaluation, brand project and activity photos.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import default_storage
from django.db import transaction

logger = logging.getLogger(__name__)


def delete_quietly(name: str) -> None:
    """Delete a stored file; a failure is logged, not raised (an orphan file is harmless: no row points to it)."""
    try:
        default_storage.delete(name)
    except OSError:  # pragma: no cover - depends on the storage failing
        logger.exception("Could not delete %s", name)


def delete_after_commit(name: str) -> None:
    """Delete a stored file once the current transaction committed (its row is gone for good then)."""
    transaction.on_commit(lambda: delete_quietly(name))


@contextmanager
def written() -> Iterator[list[str]]:
    """The names of files written inside the block (append each one); deleted again if the block raises."""
    names: list[str] = []
    try:
        yield names
    except BaseException:
        for name in names:
            delete_quietly(name)
        raise
