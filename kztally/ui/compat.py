"""A guard against PySide6 6.12.0 releasing one reference to None on every call of a Qt
method that returns nothing (`setText`, `start`, `processEvents`...).

On Python 3.12 and newer None is immortal and this does no harm. On 3.11 None's reference
count (a few thousand at start) runs down as the app works, and the interpreter aborts
with "none_dealloc: deallocating None" after some thousands of such calls: minutes of
election night. Measured: 6.12.0 loses 1 per call; 6.11.3 loses none. Until 6.12.0 is
excluded from the dependencies, None is given the reference count an immortal object
gets on 3.12, so it can never reach zero.
"""

from __future__ import annotations

import ctypes
import sys

IMMORTAL_REFCOUNT = 1 << 32
"""What CPython 3.12 gives immortal objects on 64-bit builds (_Py_IMMORTAL_REFCNT)."""


def keep_none_alive() -> bool:
    """Raise None's reference count out of reach; True when it was needed (Python < 3.12)."""
    if sys.version_info >= (3, 12):
        return False
    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value < IMMORTAL_REFCOUNT:
        count.value += IMMORTAL_REFCOUNT
    return True
