"""Long-lived kernels that run the notebooks, reused across notebooks and services.

A refresh runs its notebooks with papermill on a few kernels started once (:class:`KernelPool`)
rather than one new kernel a notebook: each kernel starts, and imports the report's modules,
while the refresh is still checking its inputs, and is cleared between notebooks. This module
imports nothing of the report itself, so that a command can start the kernels before it loads
the rest of the package.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import KernelManager
from traitlets import DottedObjectName

#: Notebooks a pooled kernel runs before it is replaced by a fresh one (about 28 services with
#: two kernels): it bounds the memory a kernel gathers over a long batch, for a restart that
#: costs a few seconds.
KERNEL_USES = 100
#: What every notebook imports, imported by each kernel as it starts. What the imports made
#: lives as long as the kernel: frozen, the garbage collector no longer walks it in every full
#: collection (a tenth of a second each, several times a notebook, and once more as the kernel
#: is cleared between notebooks).
WARM_IMPORTS = [
    "import yjanalysis.report.context, yjanalysis.report.scrutiny, yjanalysis.report.sections",
    "import gc; gc.freeze()",
]


class PooledClient(AsyncKernelClient):
    """papermill's client of a pooled kernel, ready as soon as the kernel has answered.

    jupyter_client's ``wait_for_ready`` ends by waiting 0.2 s for the output channel to fall
    quiet; papermill calls it before every notebook, and that wait (a fifth of a second a
    notebook, while a core idles) was most of a pooled kernel's time between notebooks. This
    one waits as long for the kernel's answer, and for the output channel to carry a message
    (so that no output of the first cell is lost), but drains what is left without waiting:
    papermill reads only the messages of the cells it sends.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Wait until the kernel answers on its shell channel and its output channel works."""
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except queue.Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:  # the kernel's status for that request: the output channel is connected
                    await self.iopub_channel.get_msg(timeout=0.2)
                except queue.Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while await self.iopub_channel.msg_ready():
            await self.iopub_channel.get_msg(timeout=0)


class PooledKernelManager(KernelManager):
    """A kernel manager for a pool: asynchronous clients, each stopped when its notebook ends.

    The kernel is this interpreter's own (``sys.executable -m ipykernel_launcher``).
    papermill's client (nbclient) waits for a kernel's messages; with the blocking client a
    plain manager makes, a kernel that dies in the middle of a cell (out of memory, killed)
    leaves it waiting for ever. With an asynchronous client nbclient notices within a second
    and the notebook fails with ``DeadKernelError``. papermill also leaves its client running
    when the kernel is not its own, and each held a ZeroMQ context: over a batch of services,
    hundreds of MB. :meth:`stop_clients` stops them when the kernel comes back to the pool.
    """

    client_class = DottedObjectName("yjanalysis.run.kernels.PooledClient")

    def __init__(self, **kwargs):
        from ipykernel.kernelspec import get_kernel_dict
        from jupyter_client.kernelspec import KernelSpec

        super().__init__(kernel_name="python3", **kwargs)
        # This interpreter's own kernel, whatever kernel specs the user has installed: the
        # notebooks must import the same yjanalysis as the refresh that runs them.
        self._kernel_spec = KernelSpec(resource_dir="", **get_kernel_dict())

    def client(self, **kwargs):
        """Make a client, remembered so that :meth:`stop_clients` can stop it."""
        made = super().client(**kwargs)
        self.__dict__.setdefault("_made_clients", []).append(made)
        return made

    def blocking_client(self):
        """Make a blocking client (for the pool's own short exchanges with the kernel)."""
        from jupyter_client.blocking import BlockingKernelClient

        made = BlockingKernelClient(
            **self.get_connection_info(session=True),
            connection_file=self.connection_file,
            parent=self,
        )
        self.__dict__.setdefault("_made_clients", []).append(made)
        return made

    def stop_clients(self) -> None:
        """Stop the channels of every client made since the last call.

        Called in the thread that used them: ZeroMQ sockets belong to one thread.
        """
        for made in self.__dict__.pop("_made_clients", []):
            try:
                made.stop_channels()
            except Exception:  # a client whose channels already closed
                pass


def _process_alive(pid: int) -> bool:
    import psutil  # os.kill(pid, 0) would end the process on Windows

    return bool(psutil.pid_exists(pid))


def connection_folder(base: Path | None = None) -> Path:
    """Return this process's folder for its kernels' connection files, clearing dead ones.

    A connection file holds the key that lets anyone drive the kernel. Each refresh keeps its
    kernels' files in a folder named for its process (only its user may read it) and removes
    it when it ends; a refresh killed outright (SIGKILL) cannot, so the next one removes the
    folders of processes that no longer run.
    """
    import getpass

    user = re.sub(r"[^\w.-]", "_", getpass.getuser())
    base = Path(base or tempfile.gettempdir()) / f"yjanalysis-kernels-{user}"
    base.mkdir(mode=0o700, exist_ok=True)
    for folder in base.iterdir():
        if folder.name.isdigit() and not _process_alive(int(folder.name)):
            shutil.rmtree(folder, ignore_errors=True)
    mine = base / str(os.getpid())
    mine.mkdir(mode=0o700, exist_ok=True)
    return mine


class KernelPool:
    """Long-lived kernels, one per worker, reused across notebooks and cleared between them."""

    def __init__(self, size: int, cwd: Path):
        self.cwd = cwd
        self.connections = connection_folder()
        #: Each notebook's last time, by name: the longest are started first.
        self.seconds: dict[str, float] = {}
        self.idle: queue.Queue = queue.Queue()
        self.all: list[PooledKernelManager] = []
        # The threads that drive the notebooks live as long as the pool: each thread that
        # runs papermill gets an event loop (and jupyter_core a runner thread) for good, so
        # new threads for every service would leave a few MB behind each time.
        self.workers = ThreadPoolExecutor(max_workers=size, thread_name_prefix="notebook")
        for _ in range(size):
            self.idle.put(self._start())

    def _start(self):
        manager = PooledKernelManager()
        manager.connection_file = str(self.connections / f"kernel-{uuid.uuid4()}.json")
        # The kernel listens on loopback only; its warning about that is noise for analysts.
        # No input history: a batch runs thousands of cells that nobody will recall.
        manager.start_kernel(
            cwd=str(self.cwd),
            env={**os.environ, "MPLBACKEND": "Agg"},
            extra_arguments=[
                "--IPKernelApp.log_level=ERROR",
                "--HistoryManager.enabled=False",
                # Imported as the kernel starts, while the refresh is still checking its
                # inputs; a module that fails to import fails again, with its message, in
                # the notebook that needs it.
                f"--IPKernelApp.exec_lines={WARM_IMPORTS!r}",
            ],
        )
        self.all.append(manager)
        return manager

    def acquire(self):
        """Take an idle kernel, cleared of the last notebook's variables and figures.

        A kernel that died is replaced, and so is one that has run :data:`KERNEL_USES`
        notebooks, so that whatever a kernel keeps between notebooks cannot grow without end
        over a long batch.
        """
        manager = self.idle.get()
        manager.uses = getattr(manager, "uses", 0) + 1
        if not manager.is_alive() or manager.uses > KERNEL_USES:
            self._stop(manager)
            manager = self._start()
            manager.uses = 1
            return manager
        # A client of this thread's own (zmq sockets belong to the thread that uses them).
        client = manager.blocking_client()
        client.start_channels()
        try:
            if manager.uses == 1:  # a kernel that has not yet answered may still be starting
                client.wait_for_ready(timeout=60)
            # Figures closed first, then everything the last notebook made; %reset collects
            # the garbage itself.
            client.execute_interactive(
                "import matplotlib.pyplot\nmatplotlib.pyplot.close('all')\n%reset -f",
                timeout=60,
                store_history=False,
                silent=True,
            )
        finally:
            manager.stop_clients()
        return manager

    def release(self, manager) -> None:
        """Give a kernel back to the pool."""
        manager.stop_clients()
        self.idle.put(manager)

    def _stop(self, manager) -> None:
        if manager in self.all:
            self.all.remove(manager)
        try:
            manager.stop_clients()
            manager.shutdown_kernel(now=True)
        except Exception:  # a kernel that died on its own is already gone
            pass

    def kill(self) -> None:
        """Kill every kernel's process at once, touching none of the sockets threads own.

        A notebook running on a killed kernel ends within a second (its client sees the
        kernel die), so an interrupted refresh does not wait for the notebooks to finish.
        """
        for manager in list(self.all):
            process = getattr(manager.provisioner, "process", None)
            if process is not None and process.poll() is None:
                process.kill()

    def close(self) -> None:
        """Shut every kernel down, and the threads that drove them."""
        self.workers.shutdown(wait=True, cancel_futures=True)
        for manager in list(self.all):
            self._stop(manager)
        if not self.all:
            shutil.rmtree(self.connections, ignore_errors=True)
