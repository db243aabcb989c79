"""The owner's photo on the home page, served at the size it is shown.

``identity.photo`` in cv.yaml names an image in the source folder, often a phone picture of
several megabytes. At ``config-inited`` it is checked (inside the source folder, an image
Pillow reads), so a wrong path fails naming the CV's line. At ``build-finished`` it is
written once as ``_images/photo-<digest>.webp``: turned upright as its EXIF says, scaled to
fit :data:`BOX` pixels (twice the size it is shown, for sharp screens; never enlarged), its
metadata (GPS position, camera) dropped. The digest of the source bytes names the file, so a
new photo is a new URL and caches never show the old one. Pillow, because decoding and
resampling images is not code to write by hand.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from weakref import WeakKeyDictionary

from PIL import Image, ImageOps, UnidentifiedImageError
from sphinx.application import Sphinx
from sphinx.config import Config

from ..atomic import write_atomically
from ..errors import ScholarsiteError, located
from ..paths import inside
from ..sources import SiteData

#: the largest width and height written, in pixels (shown at half that)
BOX = 480
#: the EXIF tag saying how the camera was turned
ORIENTATION = 0x0112


@dataclass(frozen=True)
class Photo:
    source: Path
    name: str  # the output file, relative to the output folder
    width: int
    height: int
    cv_path: Path  # where the photo is named, for errors
    cv_line: int

    def refuse(self, problem: str) -> ScholarsiteError:
        return ScholarsiteError(located(self.cv_path, self.cv_line,
                                        f"identity.photo: {problem}"))


_PHOTOS: WeakKeyDictionary[Config, Photo | None] = WeakKeyDictionary()


def check(app: Sphinx, site: SiteData) -> None:
    """At ``config-inited``: the photo exists inside the source folder and is an image."""
    value = site.cv.identity.photo
    _PHOTOS[app.config] = None
    if not value:
        return
    srcdir = Path(app.srcdir)
    source = (site.cv_path.parent / value)
    line = site.cv_sources.line(("identity", "photo"))
    unread = Photo(source, "", 0, 0, site.cv_path, line)
    if not inside(srcdir, source) or not source.is_file():
        raise unread.refuse(f"{value!r} names no file in {srcdir}: put the image there, or "
                            "remove the field")
    data = source.read_bytes()
    try:
        with Image.open(source) as image:  # reads the header only: the size, not the pixels
            width, height = image.size
            if image.getexif().get(ORIENTATION, 1) in {5, 6, 7, 8}:  # turned a quarter
                width, height = height, width
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        raise unread.refuse(f"{value!r} is not an image Pillow can read ({exc}): save it as "
                            "JPEG, PNG or WebP of a sensible size") from None
    scale = min(1.0, BOX / max(width, height))
    digest = hashlib.sha256(data).hexdigest()[:12]
    _PHOTOS[app.config] = Photo(source, f"_images/photo-{digest}.webp",
                                max(1, round(width * scale)), max(1, round(height * scale)),
                                site.cv_path, line)


def photo(config: Config) -> Photo | None:
    return _PHOTOS.get(config)


def write(app: Sphinx, exception: BaseException | None) -> None:
    """At ``build-finished``: the scaled photo, unless this very file is already there."""
    found = photo(app.config)
    if exception is not None or app.builder.format != "html" or found is None:
        return
    target = Path(app.outdir) / found.name
    if target.is_file():
        return
    encoded = io.BytesIO()
    try:
        with Image.open(found.source) as image:
            upright = ImageOps.exif_transpose(image)
            upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
            scaled = upright.resize((found.width, found.height), Image.Resampling.LANCZOS)
            scaled.save(encoded, "WEBP", quality=85, method=6)
    except (OSError, ValueError) as exc:  # a truncated file, a mode Pillow cannot convert
        raise found.refuse(f"{found.source.name!r} cannot be converted ({exc}): save it again "
                           "as a JPEG or PNG") from None
    write_atomically(target, encoded.getvalue())


def output_files(app: Sphinx) -> set[str]:
    """The outputs this module writes (for :mod:`scholarsite.build.outputs`)."""
    found = photo(app.config)
    return {found.name} if found else set()
