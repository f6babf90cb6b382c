"""Image uploads through Pillow: validation, metadata-free re-encoding and responsive renditions.

Only JPEG, PNG, WebP and GIF are accepted. An upload is checked before anything is stored
(size, real format, pixel count against decompression bombs, a full decode against truncated
files), then re-encoded: EXIF orientation applied, metadata dropped, originals above
IMAGE_MAX_EDGE scaled down (as WordPress does with its "big image" threshold). Renditions are
WebP plus a JPEG (or PNG, when the picture has transparency) fallback at each configured width.
"""

import io
import os
import secrets
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps, ImageSequence, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def validate_upload(upload):
    """Raise ValidationError with a reader-friendly message unless `upload` is a usable image."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
    if size > settings.IMAGE_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; images may be at most %(limit)s.")
            % {
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.IMAGE_MAX_UPLOAD_BYTES),
            },
            code="too_large",
        )
    upload.seek(0)
    try:
        with PILImage.open(upload) as picture:
            image_format = picture.format
            width, height = picture.size
            if image_format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("%(format)s files are not accepted; upload a JPEG, PNG, WebP or GIF image.")
                    % {"format": image_format},
                    code="bad_format",
                )
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(
                    _(
                        "The image is %(width)s×%(height)s pixels, more than the %(limit)s "
                        "megapixels allowed."
                    )
                    % {
                        "width": width,
                        "height": height,
                        "limit": settings.IMAGE_MAX_PIXELS // 1_000_000,
                    },
                    code="too_many_pixels",
                )
            with warnings.catch_warnings():
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                for _frame in ImageSequence.Iterator(picture):  # every frame of a GIF or WebP
                    picture.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, PILImage.DecompressionBombError) as error:
        raise ValidationError(
            _("This file is not a JPEG, PNG, WebP or GIF image."), code="not_an_image"
        ) from error
    except Exception as error:  # Pillow raises many kinds on damaged data, as Django notes
        raise ValidationError(
            _("The image is damaged or incomplete; export it again and upload the new file."),
            code="damaged",
        ) from error
    finally:
        upload.seek(0)
    return image_format


def _encode(picture, image_format):
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True, "progressive": True},
               "WEBP": {"quality": 82, "method": 4},
               "PNG": {"optimize": True},
               "GIF": {}}[image_format]  # fmt: skip
    if image_format == "JPEG" and picture.mode not in ("RGB", "L"):
        if picture.mode == "CMYK":
            picture.info.pop("icc_profile", None)  # a CMYK profile would mislabel the RGB data
        picture = picture.convert("RGB")
    icc_profile = picture.info.get("icc_profile")
    if icc_profile and image_format in ("JPEG", "WEBP", "PNG") and picture.mode != "CMYK":
        options["icc_profile"] = icc_profile
    # Pillow writes a JPEG's or GIF's comment back by default: a comment can carry HTML or
    # script (a polyglot), so none is kept.
    picture.info.pop("comment", None)
    if image_format == "GIF" and getattr(picture, "is_animated", False):
        options["save_all"] = True  # every frame, and nothing that trailed the original
    picture.save(buffer, image_format, **options)
    return buffer.getvalue()


def _has_alpha(picture):
    return picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info


def prepare_upload(image):
    """Re-encode `image.file` in place: oriented, metadata-free, at most IMAGE_MAX_EDGE wide."""
    upload = image.file
    image_format = validate_upload(upload)
    max_edge = settings.IMAGE_MAX_EDGE
    with PILImage.open(upload) as picture:
        if image_format == "JPEG":
            # Decode at a reduced scale straight away when the original is far too large.
            picture.draft("RGB", (max_edge, max_edge))
        if image_format == "GIF" and getattr(picture, "is_animated", False):
            # Animated GIFs keep their frames, re-encoded (GIF carries no EXIF to turn by).
            data = _encode(picture, image_format)
        else:
            picture = ImageOps.exif_transpose(picture)
            if picture.mode == "P" and image_format != "GIF":
                picture = picture.convert("RGBA" if _has_alpha(picture) else "RGB")
            picture.thumbnail((max_edge, max_edge), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
            data = _encode(picture, image_format)
    stem = os.path.splitext(os.path.basename(upload.name))[0]
    name = f"{get_valid_filename(stem)[:80] or 'image'}.{ALLOWED_FORMATS[image_format]}"
    image.file = ContentFile(data, name=name)


def rendition_path(image, token, width, extension):
    """A new name for every refresh, so browsers and CDNs never keep a replaced picture."""
    return f"renditions/{image.pk}/{token}-{width}.{extension}"


def refresh_renditions(image):
    """Write the WebP and fallback renditions for each configured width below the original's."""
    widths = sorted(w for w in settings.IMAGE_RENDITION_WIDTHS if w < image.width)
    stale = [r[key] for r in image.renditions or [] for key in ("webp", "fallback")]
    token = secrets.token_hex(4)
    renditions = []
    if widths:
        with image.file.open("rb") as handle, PILImage.open(handle) as original:
            original.load()
            fallback = "PNG" if _has_alpha(original) else "JPEG"
            source = original.convert("RGBA" if fallback == "PNG" else "RGB")
            for width in reversed(widths):
                height = round(image.height * width / image.width)
                source = source.resize((width, height), PILImage.Resampling.LANCZOS)
                entry = {"width": width, "height": height}
                for image_format, key in (("WEBP", "webp"), (fallback, "fallback")):
                    path = rendition_path(image, token, width, ALLOWED_FORMATS[image_format])
                    entry[key] = default_storage.save(
                        path, ContentFile(_encode(source, image_format))
                    )
                renditions.append(entry)
    image.renditions = sorted(renditions, key=lambda r: r["width"])
    type(image).objects.filter(pk=image.pk).update(renditions=image.renditions)
    for path in stale:
        default_storage.delete(path)
    return image.renditions
