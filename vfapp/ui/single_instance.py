"""One Attune per user (and per data folder): a second launch asks the running one to come
forward and leaves; a socket left by a crash is cleared and taken over."""

from __future__ import annotations

import getpass
import hashlib
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"
CONNECT_MS = 500


def server_name(environ: os._Environ[str] | dict[str, str] = os.environ) -> str:
    """Per user, and per VFAPP_DATA_DIR when set (so tests and portable installs are apart)."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name to be had: the uid still tells users apart
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    data_dir = environ.get("VFAPP_DATA_DIR", "")
    digest = hashlib.sha256(f"{user}\0{data_dir}".encode()).hexdigest()[:16]
    return f"attune-{digest}"


class SingleInstance(QObject):
    """The running instance's server; `raise_requested` when a second launch asks."""

    raise_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._clients: list[QLocalSocket] = []

    def listen(self) -> bool:
        """Listen, clearing a stale socket (a crashed instance) first if need be."""
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        return bool(self._server.listen(self.name))

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while (client := self._server.nextPendingConnection()) is not None:
            self._clients.append(client)
            client.readyRead.connect(lambda c=client: self._read(c))
            client.disconnected.connect(lambda c=client: self._forget(c))
            self._read(client)

    def _read(self, client: QLocalSocket) -> None:
        if client.bytesAvailable() and bytes(client.readAll().data()).startswith(RAISE.strip()):
            self.raise_requested.emit()

    def _forget(self, client: QLocalSocket) -> None:
        self._read(client)  # what was sent just before hanging up
        if client in self._clients:
            self._clients.remove(client)
        client.deleteLater()


def ask_running(name: str) -> bool:
    """Tell a running instance to come forward; False when none answers (none, or a crash)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(RAISE)
    socket.flush()
    socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(CONNECT_MS)
    return True


def claim(app: QObject, name: str | None = None) -> SingleInstance | None:
    """This process becomes the one instance, or (None) the running one was asked forward."""
    name = name or server_name()
    lock = QLockFile(str(Path(tempfile.gettempdir()) / f"{name}.lock"))
    lock.setStaleLockTime(10_000)
    lock.tryLock(5_000)  # two launches at once: one claims while the other waits
    try:
        if ask_running(name):
            return None
        instance = SingleInstance(name, parent=app)
        if not instance.listen():
            return None if ask_running(name) else instance  # could not listen: run anyway
        return instance
    finally:
        if lock.isLocked():
            lock.unlock()
