"""Attachments → the image library, through the same checks and renditions as an upload, with
WordPress's alt text, caption (its excerpt), description (its content) and credit (the photo's
own metadata, when the camera or agency wrote one)."""

import html
import logging
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from ..images import validate_upload
from ..models import Image
from .media import MediaError
from .models import Kind, LegacyAddress
from .wxr import checksum

logger = logging.getLogger(__name__)

# `_wp_attachment_metadata` is PHP-serialized: read the one string wanted, never unserialize.
PHP_CREDIT = re.compile(r's:6:"credit";s:\d+:"(.*?)";', re.DOTALL)


def text(value, limit):
    return html.unescape(strip_tags(value or "")).strip()[:limit]


def credit_of(item):
    metadata = (item.meta.get("_wp_attachment_metadata") or [""])[0]
    match = PHP_CREDIT.search(metadata)
    return text(match[1], 200) if match else ""


def import_attachment(importer, item):
    """The library picture for an attachment (None when it cannot be had: reported)."""
    summary = importer.summary
    label = importer.label(item)
    if item.wp_id is None:
        summary.fail(Kind.ATTACHMENT, label, _("The item has no WordPress id."))
        return None
    digest = checksum(item.fields, item.meta)
    record = importer.known(Kind.ATTACHMENT, item.wp_id)
    image = Image.objects.filter(pk=record.object_id).first() if record else None
    if image is not None and record.checksum == digest:
        summary.count(Kind.ATTACHMENT, "unchanged")
        _remember_addresses(importer, item, image)
        return image
    values = {
        "alt_ar": text((item.meta.get("_wp_attachment_image_alt") or [""])[0], 250),
        "caption_ar": text(item["excerpt:encoded"], 500),
        "description": text(item["content:encoded"], 5000),
        "credit": credit_of(item),
    }
    try:
        with transaction.atomic():
            if image is None:
                upload = importer.media_file(item)
                validate_upload(upload)
                upload.seek(0)
                if importer.dry_run:
                    summary.count(Kind.ATTACHMENT, "imported")
                    return None
                image = Image(file=upload)
                outcome = "imported"
            else:
                outcome = "updated"
            for name, value in values.items():
                setattr(image, name, value)
            image.save()
            importer.remember(Kind.ATTACHMENT, item.wp_id, image, digest)
            _remember_addresses(importer, item, image)
    except MediaError as error:
        summary.fail(Kind.ATTACHMENT, label, str(error))
        return None
    except ValidationError as error:
        summary.fail(Kind.ATTACHMENT, label, "; ".join(error.messages))
        return None
    except Exception as error:  # one bad item never stops the run
        logger.exception("WordPress attachment %s failed", item.wp_id)
        importer.forget(Kind.ATTACHMENT, item.wp_id, record)
        summary.fail(Kind.ATTACHMENT, label, f"{error.__class__.__name__}: {error}"[:300])
        return None
    summary.count(Kind.ATTACHMENT, outcome)
    return image


def _remember_addresses(importer, item, image):
    """`/?attachment_id=N` and the attachment page lead to the picture (the story it belongs
    to takes them over when that story is imported)."""
    importer.addresses.add(f"/?attachment_id={item.wp_id}", LegacyAddress.Target.IMAGE, image.pk)
    importer.addresses.add_link(item["link"], LegacyAddress.Target.IMAGE, image.pk)
