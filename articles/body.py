"""A story body as readers see it: library pictures and embeds drawn from their references.

The stored body (sanitised by `articles.html`) holds `<figure data-image-id="42"></figure>`
for a picture, so a caption or credit changed in the library shows in every story, and a
deleted picture leaves nothing behind; `<figure data-embed="…"></figure>` becomes a
placeholder that loads the provider's player only when the reader asks.
"""

import html
import re

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .embeds import embed_for

# The exact markup the sanitiser writes (see articles/html.py).
IMAGE_REFERENCE = re.compile(r'<figure data-image-id="(\d{1,18})"></figure>')
EMBED_REFERENCE = re.compile(r'<figure data-embed="([^"]*)"></figure>')


def image_ids(body):
    """The library pictures a body refers to, in order, each once."""
    return list(dict.fromkeys(int(pk) for pk in IMAGE_REFERENCE.findall(body or "")))


def inline_images(*bodies):
    """The library pictures of `bodies`, by id, in one query (none when there are none)."""
    from .models import Image

    ids = {pk for body in bodies for pk in image_ids(body)}
    return Image.objects.in_bulk(ids) if ids else {}


def render_body(body, images=None):
    """The body's HTML for the reader's page; `images` saves the query when already loaded."""
    if not body:
        return ""
    if images is None:
        images = inline_images(body)

    def picture(match):
        image = images.get(int(match[1]))
        if image is None:
            return ""
        return render_to_string("articles/includes/body_image.html", {"image": image})

    def embed(match):
        found = embed_for(html.unescape(match[1]))
        if found is None:
            return ""
        return render_to_string("articles/includes/body_embed.html", {"embed": found})

    drawn = EMBED_REFERENCE.sub(embed, IMAGE_REFERENCE.sub(picture, body))
    return mark_safe(drawn)  # noqa: S308 - sanitised on save; the figures are our templates
