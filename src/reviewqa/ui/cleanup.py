"""What a stopped server leaves behind: nothing. Gradio's temporary files go to a folder of the process's own,
removed at exit however the server is stopped (Ctrl+C, SIGTERM, SIGHUP); a folder of a process that was killed
(SIGKILL runs no handler) is removed by the next server of the same user.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

TEMP_PREFIX = "reviewqa-gradio-"


def private_temporary_folder() -> str:
    """Gradio's cache in a folder of this process's own (0700), not the shared system one: removed at exit (SIGTERM
    included: `stop_on_signals`), and the folders of this user's processes that are gone (killed) removed too."""
    if not os.environ.get("GRADIO_TEMP_DIR"):
        remove_orphaned_folders(Path(tempfile.gettempdir()))
        folder = tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-")
        atexit.register(shutil.rmtree, folder, True)
        os.environ["GRADIO_TEMP_DIR"] = folder
    return os.environ["GRADIO_TEMP_DIR"]


def remove_orphaned_folders(parent: Path) -> list[Path]:
    """Remove the `reviewqa-gradio-<pid>-…` folders of this user whose process no longer runs; which were removed."""
    removed = []
    for folder in parent.glob(f"{TEMP_PREFIX}*-*"):
        pid = folder.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        try:
            mine = folder.is_dir() and not folder.is_symlink() and folder.stat().st_uid == os.getuid()
        except OSError:
            continue
        if mine and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP stop the server the way Ctrl+C does (so the exit handlers run and the temporary folder
    goes); only the main thread can set signal handlers, elsewhere nothing changes."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), interrupt)
