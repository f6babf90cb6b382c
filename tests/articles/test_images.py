"""Image uploads: every bad kind is refused with a message and nothing is stored; good ones
are re-encoded without metadata, upright, with renditions."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image as PILImage

from articles.demo import draw_picture
from articles.models import Image

ADD_URL = reverse("admin:articles_image_add")


def _picture(fmt="JPEG", size=(800, 600), mode="RGB", **save_options):
    buffer = io.BytesIO()
    PILImage.new(mode, size, (200, 30, 40) if mode == "RGB" else None).save(
        buffer, fmt, **save_options
    )
    return buffer.getvalue()


def _post(client, content, name="photo.jpg", content_type="image/jpeg"):
    """Upload through the admin, then run what it queued after its commit (the renditions)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            ADD_URL,
            {
                "file": SimpleUploadedFile(name, content, content_type=content_type),
                "alt_ar": "وصف الصورة",
                "caption_ar": "",
                "credit": "AFP",
            },
        )


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    if not os.path.exists(root):
        return []
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files]


BAD_UPLOADS = {
    "svg renamed .jpg": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "not a JPEG, PNG, WebP or GIF",
    ),
    "html renamed .jpg": (
        b"<!DOCTYPE html><html><body onload=alert(1)>hi</body></html>",
        "not a JPEG, PNG, WebP or GIF",
    ),
    "truncated jpeg": (draw_picture(3, 800, 450)[:4000], "damaged or incomplete"),
    "bmp": (_picture("BMP"), "BMP files are not accepted"),
    "tiff": (_picture("TIFF"), "TIFF files are not accepted"),
    "empty file": (b"", "empty"),
}


@pytest.mark.parametrize("kind", BAD_UPLOADS)
def test_bad_upload_is_refused_and_nothing_is_stored(client_for, editor, settings, kind):
    content, message = BAD_UPLOADS[kind]
    client = client_for(editor)
    response = client.post(
        "/en" + ADD_URL,
        {
            "file": SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg"),
            "alt_ar": "وصف",
            "credit": "AFP",
        },
    )
    assert response.status_code == 200
    assert message in response.text
    assert Image.objects.count() == 0
    assert _stored_files(settings) == []


def test_too_large_file_is_refused(client_for, editor, settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 10_000
    response = _post(client_for(editor), draw_picture(1, 1200, 800))
    assert "images may be at most" in response.text or "الحد" in response.text
    assert Image.objects.count() == 0
    assert _stored_files(settings) == []


def test_decompression_bomb_is_refused(client_for, editor, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    # A PNG of 4000×4000 one-colour pixels compresses to a few kilobytes.
    bomb = _picture("PNG", size=(4000, 4000), mode="1")
    assert len(bomb) < 50_000
    client = client_for(editor)
    response = client.post(
        "/en" + ADD_URL,
        {"file": SimpleUploadedFile("bomb.png", bomb), "alt_ar": "وصف", "credit": "AFP"},
    )
    assert "megapixels allowed" in response.text
    assert Image.objects.count() == 0


def test_arabic_message_for_a_fake_image(client_for, editor):
    response = _post(client_for(editor), b"<svg></svg>")
    assert Image.objects.count() == 0
    assert 'lang="ar"' in response.text
    assert "errorlist" in response.text


def test_good_jpeg_is_reencoded_upright_without_metadata(client_for, editor):
    picture = PILImage.new("RGB", (900, 300), (10, 120, 200))
    exif = picture.getexif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "SecretCam"  # camera make
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif.tobytes())
    response = _post(client_for(editor), buffer.getvalue())
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (300, 900)
    with PILImage.open(image.file.path) as stored:
        assert stored.size == (300, 900)
        assert not stored.getexif()
    assert image.uploaded_by == editor


def test_renditions_in_webp_and_fallback_below_the_original_width(client_for, editor, settings):
    settings.IMAGE_RENDITION_WIDTHS = [320, 640, 960, 1280]
    _post(client_for(editor), draw_picture(2, 1000, 500))
    image = Image.objects.get()
    assert [r["width"] for r in image.renditions] == [320, 640, 960]
    for rendition in image.renditions:
        with image.file.storage.open(rendition["webp"]) as handle, PILImage.open(handle) as webp:
            assert webp.format == "WEBP"
            assert webp.size == (rendition["width"], rendition["height"])
        with image.file.storage.open(rendition["fallback"]) as handle, PILImage.open(handle) as jpg:
            assert jpg.format == "JPEG"
    assert "320w" in image.srcset() and ".webp" in image.srcset()


def test_png_with_transparency_keeps_a_png_fallback(client_for, editor):
    _post(client_for(editor), _picture("PNG", size=(800, 400), mode="RGBA"), name="logo.png")
    image = Image.objects.get()
    assert image.file.name.endswith(".png")
    assert image.renditions and all(r["fallback"].endswith(".png") for r in image.renditions)


def test_mislabelled_png_is_stored_with_its_real_extension(client_for, editor):
    _post(client_for(editor), _picture("PNG"), name="photo.jpg")
    assert Image.objects.get().file.name.endswith(".png")


def test_huge_original_is_scaled_down_to_the_edge_limit(client_for, editor, settings):
    settings.IMAGE_MAX_EDGE = 1000
    _post(client_for(editor), draw_picture(4, 3000, 1500))
    image = Image.objects.get()
    assert (image.width, image.height) == (1000, 500)


def test_webp_and_gif_are_accepted(client_for, editor):
    client = client_for(editor)
    _post(client, _picture("WEBP"), name="a.webp")
    _post(client, _picture("GIF"), name="b.gif")
    names = Image.objects.values_list("file", flat=True)
    assert sorted(name.rsplit(".", 1)[1] for name in names) == ["gif", "webp"]


def test_animated_gif_keeps_its_frames(client_for, editor):
    frames = [
        PILImage.new("RGB", (120, 80), color) for color in ((200, 0, 0), (0, 200, 0), (0, 0, 200))
    ]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    response = _post(client_for(editor), buffer.getvalue(), name="anim.gif")
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (120, 80)
    with PILImage.open(image.file.path) as stored:
        assert stored.n_frames == 3


def test_writer_cannot_change_another_writers_picture(client_for, writer, other_writer):
    from tests.factories import ImageFactory

    theirs = ImageFactory(uploaded_by=other_writer)
    mine = ImageFactory(uploaded_by=writer)
    client = client_for(writer)
    url = reverse("admin:articles_image_change", args=[theirs.pk])
    response = client.post(url, {"alt_ar": "", "credit": ""})
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.credit == "TOPSHOTS-SYRIA-CONFLICT"
    assert client.get(reverse("admin:articles_image_change", args=[mine.pk])).status_code == 200


def test_replacing_a_picture_gives_new_rendition_addresses(client_for, editor):
    client = client_for(editor)
    _post(client, draw_picture(1, 1000, 500))
    image = Image.objects.get()
    old = [r["webp"] for r in image.renditions]
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            reverse("admin:articles_image_change", args=[image.pk]),
            {
                "file": SimpleUploadedFile("new.jpg", draw_picture(2, 1000, 500)),
                "alt_ar": "وصف",
                "credit": "AFP",
            },
        )
    image.refresh_from_db()
    assert image.renditions and not set(old) & {r["webp"] for r in image.renditions}
    assert not any(image.file.storage.exists(path) for path in old)


def test_pages_show_the_original_until_the_renditions_job_has_run(client, settings, db):
    from articles.tasks import make_renditions
    from tests.factories import ArticleFactory, ImageFactory

    settings.PAGE_CACHE_SECONDS = 60  # the page is kept, and purged by the job
    picture = ImageFactory(renditions=False)  # just uploaded: its job not run yet
    story = ArticleFactory(published=True, lead_image=picture)
    page = client.get(story.get_absolute_url()).text
    assert f'src="{picture.file.url}"' in page and "srcset" not in page
    assert f'width="{picture.width}" height="{picture.height}"' in page  # no layout shift
    with TestCase.captureOnCommitCallbacks(execute=True):
        made = make_renditions(picture.pk)
    assert made == len([w for w in settings.IMAGE_RENDITION_WIDTHS if w < picture.width]) > 0
    page = client.get(story.get_absolute_url()).text
    assert "srcset=" in page and ".webp" in page
    assert make_renditions(10**9) == 0  # a picture deleted since: nothing to do
