"""One statement, with a transaction only when it needs one."""

from contextlib import nullcontext

from django.db import transaction


def savepoint_if_in_transaction(using=None):
    """
    A lone INSERT, UPDATE or DELETE is atomic by itself in autocommit: no BEGIN and
    COMMIT around it. Inside a transaction it gets a savepoint, so that a refused
    statement (a unique constraint) cannot break the caller's transaction.
    """
    if transaction.get_connection(using).in_atomic_block:
        return transaction.atomic(using=using)
    return nullcontext()
