"""The team store in an S3-compatible bucket (AWS, MinIO, Garage, `rclone serve s3`) via boto3."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from vfapp.sync.folder_store import check_key, concurrently
from vfapp.sync.store import ObjectInfo, ObjectMissing, StoreUnreachable

_MISSING = {"NoSuchKey", "404", "NotFound"}
_REFUSED = {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "403"}
_BATCH = 1000


class S3Store:
    """Objects are keys `prefix + key` in `bucket`; a PutObject is atomic for readers."""

    def __init__(
        self,
        endpoint_url: str,
        bucket: str,
        access_key: str,
        secret_key: str,
        region: str = "us-east-1",
        prefix: str = "",
        workers: int = 8,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.workers = workers
        self._host = urlsplit(endpoint_url).hostname or endpoint_url
        config = Config(
            # boto3 >= 1.36 adds CRC checksums by default; `rclone serve s3` and other
            # S3-alikes refuse some of them. Sealed objects carry their own authentication.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=30,
            max_pool_connections=max(10, workers * 2),
            s3={"addressing_style": "path"},
        )
        self._s3: Any = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint_url,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            region_name=region,
            config=config,
        )

    @property
    def description(self) -> str:
        return f"the bucket {self.bucket} at {self._host}"

    def _unreachable(self, error: Exception) -> StoreUnreachable:
        if isinstance(error, ClientError):
            code = str(error.response.get("Error", {}).get("Code", ""))
            if code in _REFUSED:
                detail = "it refused this team's access key"
            elif code == "NoSuchBucket":
                detail = "the bucket is not there"
            else:
                detail = f"it answered with an error ({code or 'unknown'})"
        else:
            detail = "it did not answer (is the network connected and the server running?)"
        return StoreUnreachable(self.description, detail)

    def ensure_bucket(self) -> None:
        """Create the bucket if it is not there yet (a team's first sync)."""
        try:
            self._s3.head_bucket(Bucket=self.bucket)
            return
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            if code not in _MISSING and code != "NoSuchBucket":
                raise self._unreachable(error) from None
        except BotoCoreError as error:
            raise self._unreachable(error) from None
        try:
            self._s3.create_bucket(Bucket=self.bucket)
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            if code not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                raise self._unreachable(error) from None
        except BotoCoreError as error:
            raise self._unreachable(error) from None

    def _put(self, item: tuple[str, bytes]) -> str:
        key, data = item
        try:
            self._s3.put_object(Bucket=self.bucket, Key=self.prefix + check_key(key), Body=data)
        except (ClientError, BotoCoreError) as error:
            raise self._unreachable(error) from None
        return key

    def _get(self, key: str) -> tuple[str, bytes]:
        try:
            answer = self._s3.get_object(Bucket=self.bucket, Key=self.prefix + check_key(key))
            return key, bytes(answer["Body"].read())
        except ClientError as error:
            if str(error.response.get("Error", {}).get("Code", "")) in _MISSING:
                raise ObjectMissing(key) from None
            raise self._unreachable(error) from None
        except BotoCoreError as error:
            raise self._unreachable(error) from None

    def _exists(self, key: str) -> str | None:
        try:
            self._s3.head_object(Bucket=self.bucket, Key=self.prefix + check_key(key))
            return key
        except ClientError as error:
            if str(error.response.get("Error", {}).get("Code", "")) in _MISSING:
                return None
            raise self._unreachable(error) from None
        except BotoCoreError as error:
            raise self._unreachable(error) from None

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> Iterator[str]:
        return concurrently(self._put, items, self.workers)

    def get_many(self, keys: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        return concurrently(self._get, keys, self.workers)

    def list(self, prefix: str) -> list[ObjectInfo]:
        found: list[ObjectInfo] = []
        try:
            pages = self._s3.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix + prefix
            )
            for page in pages:
                for entry in page.get("Contents", []):
                    key = str(entry["Key"])[len(self.prefix) :]
                    found.append(ObjectInfo(key=key, size=int(entry["Size"])))
        except (ClientError, BotoCoreError) as error:
            raise self._unreachable(error) from None
        return sorted(found, key=lambda info: info.key)

    def delete_many(self, keys: Iterable[str]) -> int:
        # S3 reports absent keys as deleted too, so count what is there first (HEAD is cheap
        # and deletes are rare: only old op batches and media of erased films).
        present = [key for key in concurrently(self._exists, keys, self.workers) if key]
        for start in range(0, len(present), _BATCH):
            batch = present[start : start + _BATCH]
            try:
                self._delete_batch(batch)
            except (ClientError, BotoCoreError) as error:
                raise self._unreachable(error) from None
        return len(present)

    def _delete_batch(self, batch: Sequence[str]) -> None:
        try:
            answer = self._s3.delete_objects(
                Bucket=self.bucket,
                Delete={"Objects": [{"Key": self.prefix + k} for k in batch], "Quiet": True},
            )
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            if code not in {"NotImplemented", "MissingContentMD5", "InvalidRequest", "501"}:
                raise
            for key in batch:  # a server without multi-object delete
                self._s3.delete_object(Bucket=self.bucket, Key=self.prefix + key)
            return
        if answer.get("Errors"):
            code = str(answer["Errors"][0].get("Code", "unknown"))
            raise ClientError({"Error": {"Code": code}}, "DeleteObjects")
