"""The receipt logo: an image file turned into the 1-bit bitmap a thermal head prints.

The image is flattened onto white (transparent PNG backgrounds become paper, not ink),
converted to grayscale, scaled down - never up - to fit the paper width and LOGO_MAX_HEIGHT
keeping its aspect ratio, then thresholded at THRESHOLD.

Thresholding rather than dithering: shop logos are line art and lettering, which a threshold
keeps crisp; error diffusion turns their anti-aliased edges and flat tints into scattered
single dots that a thermal head smears into grey fuzz. (A photo would want dithering, but a
photo makes a poor receipt logo.) It is also exactly reproducible, so the ESC/POS bytes of a
receipt with a logo stay deterministic.

A receipt matters more than its logo: a missing, unreadable or corrupt file gives None (the
logo is left out), with one warning per path in the log, never an exception. Results are
cached by path, modification time, size and paper width, so the file is decoded once, not
for every receipt and every renderer.
"""

from __future__ import annotations

import logging
import os
import stat as stat_mode
import threading
from collections import OrderedDict

from PIL import Image, ImageOps

log = logging.getLogger(__name__)

LOGO_MAX_HEIGHT = 160  # dots (20 mm at 203 dpi)
THRESHOLD = 128  # gray levels below this print as a dot
_CACHE_SIZE = 8

_lock = threading.Lock()
_cache: OrderedDict[tuple[str, int, int, int, int], Image.Image | None] = OrderedDict()
_warned: set[str] = set()


def logo_bitmap(path: str | None, dots: int,
                max_height: int = LOGO_MAX_HEIGHT) -> Image.Image | None:
    """The logo as a mode "1" image at most `dots` x `max_height`, or None when there is none.

    The returned image is shared by every caller: do not modify it.
    """
    if not path:
        return None
    try:
        stat = os.stat(path)
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        _warn(path, exc)
        return None
    if not stat_mode.S_ISREG(stat.st_mode):  # a directory, or a FIFO that would block the print
        _warn(path, "not a regular file")
        return None
    key = (path, stat.st_mtime_ns, stat.st_size, dots, max_height)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    bitmap = _load(path, dots, max_height)
    with _lock:
        _cache[key] = bitmap
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
        if bitmap is not None:
            _warned.discard(path)  # fixed: warn again should it break later
    return bitmap


def clear_cache() -> None:
    with _lock:
        _cache.clear()
        _warned.clear()


def _load(path: str, dots: int, max_height: int) -> Image.Image | None:
    try:
        with Image.open(path) as source:
            source.load()
            image = ImageOps.exif_transpose(source)  # a phone JPEG shot sideways
            if image.mode.startswith("I;16"):  # 16-bit gray PNG: 0..65535 would clip to white
                image = image.convert("I").point(lambda v: v / 256).convert("L")
            rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        gray = Image.alpha_composite(paper, rgba).convert("L")
        scale = min(1.0, dots / gray.width, max_height / gray.height)
        if scale < 1.0:
            size = (max(1, round(gray.width * scale)), max(1, round(gray.height * scale)))
            gray = gray.resize(size, Image.Resampling.LANCZOS)
        return gray.point(lambda v: 255 if v >= THRESHOLD else 0, mode="1")
    except Exception as exc:  # whatever a decoder raises on a bad file: no logo, a receipt
        _warn(path, exc)
        return None


def _warn(path: str, exc: BaseException | str) -> None:
    with _lock:
        if path in _warned:
            return
        _warned.add(path)
    log.warning("receipt logo %r left out: %s", path, exc)
