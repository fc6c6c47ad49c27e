"""The check every uploaded idea image passes: judged by its content with Pillow, never by its name."""

from __future__ import annotations

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_SIDE = 6000
# Formats every browser shows; the stored name gets the extension of the detected format.
# MPO is how Pillow names the JPEG files many phone cameras write.
EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# Only these parsers run: Pillow never hands an upload to, say, Ghostscript for EPS.
FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
ACCEPT = "image/jpeg,image/png,image/gif,image/webp"


def checked_image(upload: UploadedFile) -> ContentFile[bytes]:
    """Return the upload's bytes, unchanged, under a new name with the extension of its real format.

    Raises ValidationError (German) for a file that is too large, is not a JPEG, PNG, GIF or WebP
    image, is damaged, or has a side longer than MAX_IMAGE_SIDE pixels.
    """
    if upload.size is not None and upload.size > MAX_IMAGE_BYTES:
        raise _too_large()
    upload.seek(0)
    data = upload.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise _too_large()
    extension = _image_extension(data)
    return ContentFile(data, name=f"{secrets.token_hex(12)}.{extension}")


def _too_large() -> ValidationError:
    return ValidationError(
        _("Das Bild ist zu groß. Erlaubt sind höchstens %(megabytes)d MB.")
        % {"megabytes": MAX_IMAGE_BYTES // (1024 * 1024)},
        code="image_too_large",
    )


def _image_extension(data: bytes) -> str:
    not_an_image = ValidationError(
        _("Die Datei ist kein Bild im Format JPEG, PNG, GIF oder WebP, oder sie ist beschädigt."),
        code="not_an_image",
    )
    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as image:
            image_format, (width, height) = image.format or "", image.size
            _check_dimensions(width, height)
            image.verify()
        with Image.open(io.BytesIO(data), formats=FORMATS) as image:
            # verify() skips the pixel data; decoding it finds truncated or corrupt files.
            image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise not_an_image from exc
    return EXTENSIONS[image_format]


def _check_dimensions(width: int, height: int) -> None:
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
        raise ValidationError(
            _(
                "Das Bild ist %(width)d × %(height)d Pixel groß. Erlaubt sind höchstens "
                "%(limit)d × %(limit)d Pixel."
            )
            % {"width": width, "height": height, "limit": MAX_IMAGE_SIDE},
            code="image_too_many_pixels",
        )
