"""PyInstaller run-time hook: standard streams for the windowed executable on Windows.

A windowed (GUI-subsystem) program on Windows starts without a console, and Python sets
sys.stdout and sys.stderr to None: `print` then writes nowhere, and `sys.stderr.write` raises.
When such a program is given a command from a console (`cxdesk.exe quote …` typed in cmd or
PowerShell), attach to that console so the answer shows there; otherwise (double-click, the
Start menu) write to the null device. Scripts should call cxdesk-cli.exe instead, a console
build of the same program beside it, for which the shell waits and whose exit code it sees.

Linux and macOS keep their streams whatever the build: nothing to do there.
"""

import os
import sys


def _attach_streams() -> None:
    if sys.platform != "win32" or (sys.stdout is not None and sys.stderr is not None):
        return
    import ctypes

    attach_parent_process = -1
    attached = len(sys.argv) > 1 and bool(
        ctypes.windll.kernel32.AttachConsole(attach_parent_process)  # type: ignore[attr-defined]
    )
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is not None:
            continue
        try:
            stream = open(  # noqa: SIM115 - lives as long as the program
                "CONOUT$" if attached else os.devnull, "w", encoding="utf-8", errors="replace"
            )
        except OSError:
            stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        setattr(sys, name, stream)


_attach_streams()
del _attach_streams
