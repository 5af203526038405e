#!/usr/bin/env python3
"""Publish a staged directory in one step: ``swap.py NEW TARGET``.

If TARGET exists, NEW and TARGET are exchanged atomically (Linux
``renameat2(RENAME_EXCHANGE)``): at every instant TARGET is either the whole
old tree or the whole new one, never missing or half-written. The old tree
ends up at NEW, for the caller to delete. Without RENAME_EXCHANGE (another
OS, an old kernel or a file system that lacks it) it falls back to two
renames, with a moment in which TARGET is missing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import sys

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def exchange(a: str, b: str) -> bool:
    """Atomically exchange *a* and *b*; False if the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), b)


def publish(new: str, target: str) -> None:
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    if exchange(new, target):
        return
    old = new + ".old"
    os.rename(target, old)
    os.rename(new, target)
    os.rename(old, new)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: swap.py NEW TARGET")
    publish(sys.argv[1], sys.argv[2])
