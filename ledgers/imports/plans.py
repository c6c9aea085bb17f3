"""A validated plan kept on disk between an import's dry run and its commit.

The file is ``MAGIC``, an HMAC-SHA256 (keyed from SECRET_KEY) of everything after it, then the
SHA-256 of the uploaded file the plan was made from, then the kind's own part (pickles). The
signature is checked before anything is unpickled, and a plan is only used for the file it was
made from; the kind then checks the register (``ImportKind.kept``).
"""

import hashlib
import hmac
import pickle
from collections.abc import Callable
from typing import IO

from django.utils.crypto import salted_hmac

MAGIC = b"SXPLAN1\n"
SIGNATURE = 32  # bytes of an HMAC-SHA256
BLOCK = 1024 * 1024


def file_sha256(path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _mac():
    return salted_hmac("ledgers.imports.plans", b"", algorithm="sha256")


class _Signed:
    """Writes through to ``out`` and into the MAC."""

    def __init__(self, out: IO[bytes], mac) -> None:
        self.out, self.mac = out, mac

    def write(self, data) -> int:
        self.mac.update(data)
        return self.out.write(data)


def write(out: IO[bytes], file_sha: str, dump: Callable[[IO[bytes]], None]) -> None:
    """Write a plan to ``out`` (seekable): ``dump(stream)`` writes the kind's part."""
    out.write(MAGIC + bytes(SIGNATURE))
    mac = _mac()
    signed = _Signed(out, mac)
    pickle.dump(file_sha, signed, protocol=pickle.HIGHEST_PROTOCOL)
    dump(signed)  # type: ignore[arg-type]  # only write() is used
    out.seek(len(MAGIC))
    out.write(mac.digest())
    out.seek(0, 2)


def open_for(source: IO[bytes], file_sha: str) -> bool:
    """Whether ``source`` is a plan signed here for the file ``file_sha``; when it is, ``source`` is
    left at the kind's part."""
    head = source.read(len(MAGIC) + SIGNATURE)
    if len(head) != len(MAGIC) + SIGNATURE or not head.startswith(MAGIC):
        return False
    mac = _mac()
    while block := source.read(BLOCK):
        mac.update(block)
    if not hmac.compare_digest(mac.digest(), head[len(MAGIC) :]):
        return False
    source.seek(len(head))
    return pickle.load(source) == file_sha
