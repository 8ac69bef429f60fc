"""Archives checked from the outside before anything is unpacked: sizes, member counts, ratios, paths.

A `.zip` upload and every `.xlsx` (itself a zip) pass through `check_archive` first, so neither a zip bomb
nor a member named `../../etc/passwd` reaches a reader. Members are read with a bound, never trusting the
sizes the archive declares.
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..domain.model import Text

MiB = 1024 * 1024
READABLE = (".xlsx", ".csv")


@dataclass(frozen=True)
class Limits:
    """How much an upload may hold; the defaults fit a 10,000-enterprise workbook with room to spare."""

    max_file_bytes: int = 64 * MiB  # one file as uploaded, or one file of a .zip upload as unpacked
    max_members: int = 500  # members of one archive (a .zip upload or an .xlsx)
    max_unpacked_bytes: int = 1024 * MiB  # all members of one archive, unpacked (an .xlsx sheet's XML can be large)
    max_ratio: int = 200  # unpacked / packed size of a member bigger than 1 MiB (zip bombs reach ~1000)
    max_files: int = 500  # workbooks and CSV files in one upload


class Refused(Exception):
    """A file or archive that is not read at all; carries the reason in both languages."""

    def __init__(self, message: Text):
        super().__init__(message.en)
        self.message = message


def _unsafe_name(name: str) -> bool:
    """Absolute paths, drive letters, backslashes and '..' could escape a folder the archive is unpacked to."""
    path = PurePosixPath(name)
    return name.startswith(("/", "\\")) or "\\" in name or ":" in name or ".." in path.parts


def check_archive(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Open a zip held in memory after checking its directory against the limits; Refused otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, NotImplementedError, OSError, EOFError) as exc:
        raise Refused(Text("不是有效的 zip/xlsx 文件（文件已损坏或格式不符）",
                           "not a valid zip/xlsx file (damaged, or another format)")) from exc
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise Refused(Text(f"压缩包内文件过多（{len(members)} 个）；最多 {limits.max_members} 个",
                           f"too many members ({len(members)}); at most {limits.max_members}"))
    total = 0
    for info in members:
        _check_member(info, limits)
        total += info.file_size
    if total > limits.max_unpacked_bytes:
        raise Refused(Text(f"解压后共 {total // MiB} MiB，超过上限 {limits.max_unpacked_bytes // MiB} MiB",
                           f"unpacks to {total // MiB} MiB, over the limit of {limits.max_unpacked_bytes // MiB} MiB"))
    return archive


def _check_member(info: zipfile.ZipInfo, limits: Limits) -> None:
    name = info.filename
    if _unsafe_name(name):
        raise Refused(Text(f"压缩包内的路径 {name!r} 指向包外；拒绝读取整个压缩包",
                           f"member path {name!r} points outside the archive; the archive is refused"))
    if stat.S_ISLNK(info.external_attr >> 16):
        raise Refused(Text(f"压缩包内的 {name!r} 是符号链接；拒绝读取整个压缩包",
                           f"member {name!r} is a symbolic link; the archive is refused"))
    if info.file_size > MiB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        raise Refused(Text(f"{name} 的压缩比异常（{info.file_size // max(info.compress_size, 1)}:1），疑似压缩炸弹",
                           f"{name} has an abnormal compression ratio "
                           f"({info.file_size // max(info.compress_size, 1)}:1), a likely zip bomb"))


def _too_large(size: int, limit: int) -> Text:
    return Text(f"解压后 {size // MiB} MiB，超过单个文件上限 {limit // MiB} MiB",
                f"unpacks to {size // MiB} MiB, over the per-file limit of {limit // MiB} MiB")


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, reading at most its declared size plus one byte: a lying header is caught, not trusted."""
    if info.flag_bits & 0x1:
        raise Refused(Text("文件已加密，无法读取；请上传未加密的文件", "the file is encrypted; upload it unencrypted"))
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise Refused(Text(f"无法解压 {info.filename}：{exc}", f"cannot unpack {info.filename}: {exc}")) from exc
    if len(data) > info.file_size:
        raise Refused(Text(f"{info.filename} 的实际大小超过其声明大小；拒绝读取",
                           f"{info.filename} holds more than its declared size; refused"))
    return data


def upload_members(data: bytes, limits: Limits) -> Iterator[tuple[str, bytes | Refused]]:
    """Each workbook or CSV of a .zip upload as (name, bytes), or (name, Refused) for a member that is not read.

    Folders, macOS resource forks and hidden files are passed over silently; anything else that is not a
    .xlsx or .csv is reported, as are archives inside the archive (never unpacked recursively).
    """
    archive = check_archive(data, limits)
    for info in archive.infolist():
        name = info.filename
        parts = PurePosixPath(name).parts
        if info.is_dir() or parts[0] == "__MACOSX" or parts[-1].startswith("."):
            continue
        if not name.lower().endswith(READABLE):
            yield name, Refused(Text("不读取此类文件；可接受 .xlsx 和 .csv（压缩包内不能再嵌套压缩包）",
                                     "not read: accepted are .xlsx and .csv (no archives inside the archive)"))
            continue
        if info.file_size > limits.max_file_bytes:
            yield name, Refused(_too_large(info.file_size, limits.max_file_bytes))
            continue
        try:
            yield name, read_member(archive, info)
        except Refused as refused:
            yield name, refused
