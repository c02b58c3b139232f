"""Kernels for the tests that run notebooks: each talks to its client over Unix sockets in a
folder of its own, never over TCP ports.

A TCP kernel's ports are found free, then bound a moment later by the kernel; with tests running
in parallel (`make test`), another worker's kernel or server can take one in between, and the
kernel dies with "Address already in use".
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jupyter_client import KernelManager

KERNEL_NAME = "python3"


@contextmanager
def private_kernel() -> Iterator[KernelManager]:
    """A kernel manager for one notebook run (nbclient's `km=`), its sockets in a temporary
    folder."""
    with tempfile.TemporaryDirectory(prefix="kernel-") as folder:
        yield KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(Path(folder) / "k"))


def server_options(folder: Path) -> list[str]:
    """The same for a Jupyter server's kernels (JupyterLab, Voila): command-line options."""
    return ["--KernelManager.transport=ipc", f"--KernelManager.ip={folder / 'kernel'}"]
