"""Decrypt a SQLCipher database's pages (and its log's frames) with the raw key, to look at
what a freed page or an old log frame still holds. Test-only, written from the file format:
each page is AES-256-CBC with its IV in the reserved bytes at the page's end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

WAL_HEADER = 32
FRAME_HEADER = 24


def _reserve(hmac_algorithm: str) -> int:
    return 16 + (32 if hmac_algorithm == "HMAC_SHA256" else 64)


def _decrypt_page(page: bytes, number: int, key: bytes, reserve: int) -> bytes:
    start = 16 if number == 1 else 0  # page 1 begins with the plaintext salt
    iv = page[len(page) - reserve : len(page) - reserve + 16]
    body = page[start : len(page) - reserve]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def database_pages(path: Path, key: bytes, page_size: int, hmac_algorithm: str) -> Iterator[bytes]:
    data = path.read_bytes() if path.exists() else b""
    reserve = _reserve(hmac_algorithm)
    for index in range(len(data) // page_size):
        page = data[index * page_size : (index + 1) * page_size]
        yield _decrypt_page(page, index + 1, key, reserve)


def log_pages(path: Path, key: bytes, page_size: int, hmac_algorithm: str) -> Iterator[bytes]:
    data = path.read_bytes() if path.exists() else b""
    reserve = _reserve(hmac_algorithm)
    offset = WAL_HEADER
    while offset + FRAME_HEADER + page_size <= len(data):
        number = int.from_bytes(data[offset : offset + 4], "big")
        page = data[offset + FRAME_HEADER : offset + FRAME_HEADER + page_size]
        yield _decrypt_page(page, number, key, reserve)
        offset += FRAME_HEADER + page_size
