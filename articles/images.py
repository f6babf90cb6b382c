"""Image uploads through Pillow: validation, metadata-free re-encoding and responsive renditions.

Only JPEG, PNG, WebP and GIF are accepted. An upload is checked before anything is stored
(size, real format, pixel count against decompression bombs, a full decode against truncated
files) and re-encoded in that same decode: EXIF orientation applied, metadata dropped,
originals above IMAGE_MAX_EDGE scaled down (as WordPress does with its "big image" threshold).
The upload returns then; the renditions (WebP plus a JPEG, or PNG when the picture has
transparency, at each configured width) are a background job (`articles.tasks.make_renditions`)
and pages show the stored original, scaled by the browser, until they exist.
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
    """Raise ValidationError with a reader-friendly message unless `upload` is a usable image;
    returns its format. The check decodes the picture once and keeps the re-encoded result on
    the upload, so that saving it (`prepare_upload`) decodes nothing again."""
    return _prepared(upload)[0]


def _holder(upload):
    """Where a checked upload's result is kept: the uploaded file itself, also when a model's
    FieldFile wraps it."""
    inner = getattr(upload, "_file", None)
    return inner if inner is not None else upload


def _prepared(upload):
    """(format, re-encoded bytes) of `upload`: checked (size, real format, pixel count, then a
    full decode against damaged files and decompression bombs) and re-encoded in that one
    decode. Kept on the upload: a form's check and the model's save share it."""
    holder = _holder(upload)
    kept = getattr(holder, "newsroom_prepared", None)
    if kept is not None:
        return kept
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
            _check_header(picture)
            with warnings.catch_warnings():
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                data = _reencode(picture, image_format)
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
    holder.newsroom_prepared = (image_format, data)
    return image_format, data


def _check_header(picture):
    """The format and the pixel count, read from the header before anything is decoded."""
    width, height = picture.size
    if picture.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("%(format)s files are not accepted; upload a JPEG, PNG, WebP or GIF image.")
            % {"format": picture.format},
            code="bad_format",
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            _(
                "The image is %(width)s×%(height)s pixels, more than the %(limit)s "
                "megapixels allowed."
            )
            % {"width": width, "height": height, "limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        )


def _reencode(picture, image_format):
    """The one decode: oriented, metadata-free, at most IMAGE_MAX_EDGE wide."""
    max_edge = settings.IMAGE_MAX_EDGE
    if getattr(picture, "is_animated", False):
        if image_format == "GIF":
            # Animated GIFs keep their frames, re-encoded (GIF carries no EXIF to turn by);
            # writing them decodes each frame.
            return _encode(picture, image_format)
        for _frame in ImageSequence.Iterator(picture):  # an animated WebP: every frame whole
            picture.load()
        picture.seek(0)
    elif image_format == "JPEG":
        # Decode at a reduced scale straight away when the original is far too large (the
        # whole stream is still read, so a truncated file is still found).
        picture.draft("RGB", (max_edge, max_edge))
    picture.load()
    picture = ImageOps.exif_transpose(picture)
    if picture.mode == "P" and image_format != "GIF":
        picture = picture.convert("RGBA" if _has_alpha(picture) else "RGB")
    picture.thumbnail((max_edge, max_edge), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    return _encode(picture, image_format)


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
    """Replace `image.file` with its checked, re-encoded version (decoded by the form's check
    already, or here, once)."""
    upload = image.file
    image_format, data = _prepared(upload)
    stem = os.path.splitext(os.path.basename(upload.name))[0]
    name = f"{get_valid_filename(stem)[:80] or 'image'}.{ALLOWED_FORMATS[image_format]}"
    image.file = ContentFile(data, name=name)


def rendition_path(image, token, width, extension):
    """A new name for every refresh, so browsers and CDNs never keep a replaced picture."""
    return f"renditions/{image.pk}/{token}-{width}.{extension}"


def rendition_files(renditions):
    return [r[key] for r in renditions or [] for key in ("webp", "fallback")]


def delete_files(paths):
    for path in paths:
        default_storage.delete(path)


def refresh_renditions(image):
    """Write the WebP and fallback renditions for each configured width below the original's."""
    widths = sorted(w for w in settings.IMAGE_RENDITION_WIDTHS if w < image.width)
    stale = rendition_files(image.renditions)
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
    made = sorted(renditions, key=lambda r: r["width"])
    # Only if the picture is still the one drawn: a replacement uploaded meanwhile has its
    # own job, and these renditions would show the old picture.
    if type(image).objects.filter(pk=image.pk, file=image.file.name).update(renditions=made):
        image.renditions = made
        delete_files(stale)
    else:
        delete_files(rendition_files(made))
    return made
