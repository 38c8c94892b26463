"""The one bounded unzip of an uploaded Office file (.docx templates and letters, .xlsx bank exports).

A zip is untrusted: the sizes it declares may lie (a 2 MB file can inflate to gigabytes), so every part is read with a
hard limit whatever its header says, and everything a broken, encrypted or tampered zip raises while being read
becomes the caller's calm Dutch message instead of a crash.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import Callable

from naarnul.errors import ValidationError

# What reading a damaged zip raises besides BadZipFile: a corrupt deflate stream (zlib.error), an encrypted part
# (RuntimeError), an unknown compression method (NotImplementedError), a truncated file (EOFError, OSError), a bad
# header value (ValueError), a part named in the directory but absent (KeyError).
UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError,
              OSError, ValueError, KeyError)
RATIO_FROM_BYTES = 1024 * 1024  # small parts may compress very well (empty styles); only big ones are checked


@dataclass(frozen=True)
class Bounds:
    file_bytes: int  # the upload itself
    parts: int  # entries in the zip
    part_bytes: int  # one part, inflated
    total_bytes: int  # the parts read, inflated together
    too_large: str  # Dutch messages for the user
    unreadable: str
    ratio: int | None = None  # inflated / compressed of one part above RATIO_FROM_BYTES; None: not checked


def read_parts(data: bytes, bounds: Bounds, wanted: Callable[[str], object] = lambda name: True,
               required: str | None = None) -> dict[str, bytes]:
    """The parts whose name `wanted` accepts, inflated within `bounds`; ValidationError (Dutch) for a file that is
    too large, is no zip, or lacks the `required` part."""
    if len(data) > bounds.file_bytes:
        raise ValidationError(bounds.too_large)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > bounds.parts:
                raise ValidationError(bounds.too_large)
            if required is not None and required not in {info.filename for info in infos}:
                raise ValidationError(bounds.unreadable)
            chosen = [info for info in infos if not info.is_dir() and wanted(info.filename)]
            if sum(info.file_size for info in chosen) > bounds.total_bytes:
                raise ValidationError(bounds.too_large)
            parts, total = {}, 0
            for info in chosen:
                if info.file_size > bounds.part_bytes or (
                        bounds.ratio is not None and info.file_size > RATIO_FROM_BYTES
                        and info.file_size > bounds.ratio * max(info.compress_size, 1)):
                    raise ValidationError(bounds.too_large)
                with archive.open(info) as part:
                    content = part.read(bounds.part_bytes + 1)
                total += len(content)
                if len(content) > bounds.part_bytes or total > bounds.total_bytes:
                    raise ValidationError(bounds.too_large)
                parts[info.filename] = content
            return parts
    except UNREADABLE as error:
        raise ValidationError(bounds.unreadable) from error
