"""Large synthetic WordPress exports, written streaming: for the import's scale tests and
`make bench-import` (10,000 posts with 50,000 comments by default)."""

import itertools
import random
from xml.sax.saxutils import escape

from articles.demo import STORIES

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _vocabulary(size=6000, seed=3):
    """Words as news text has them: the demo's real Arabic words, then made-up three- and
    four-letter words, drawn with Zipf's law (a few words often, most rarely)."""
    rng = random.Random(seed)
    real = sorted({w for s in STORIES for w in (s[2] + " " + s[4]).split() if len(w) > 2})
    made = ["".join(rng.choice(LETTERS) for _ in range(rng.choice((3, 4)))) for _ in range(size)]
    words = list(dict.fromkeys(real + made))
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))
    return words, weights


WORDS, CUMULATIVE = _vocabulary()
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Synthetic</title><link>https://big.example.com</link><language>ar</language>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://big.example.com</wp:base_site_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>desk</wp:author_login>
<wp:author_display_name>المحرر</wp:author_display_name></wp:author>
"""
SECTIONS = ["local", "economy", "sports", "world", "culture"]


def _sentence(rng, n=14):
    return " ".join(rng.choices(WORDS, cum_weights=CUMULATIVE, k=n)) + "."


def write_export(path, *, posts=10_000, comments_per_post=5, seed=7):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD)
        for slug in SECTIONS:
            out.write(
                f"<wp:category><wp:term_id>{SECTIONS.index(slug) + 2}</wp:term_id>"
                f"<wp:category_nicename>{slug}</wp:category_nicename>"
                f"<wp:category_parent></wp:category_parent><wp:cat_name>{slug}</wp:cat_name>"
                "</wp:category>\n"
            )
        comment_id = 0
        for n in range(1, posts + 1):
            paragraphs = [_sentence(rng, 30) for _ in range(6)]
            if n % 2:
                body = "\n\n".join(paragraphs)  # classic
            else:
                body = "".join(
                    f"<!-- wp:paragraph --><p>{p}</p><!-- /wp:paragraph -->" for p in paragraphs
                )
            day = 1 + n % 28
            comments = []
            first = comment_id + 1
            for c in range(comments_per_post):
                comment_id += 1
                parent = first if c and c % 2 else 0
                comments.append(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>قارئ {comment_id}</wp:comment_author>"
                    f"<wp:comment_author_email>r{comment_id}@example.com</wp:comment_author_email>"
                    f"<wp:comment_author_IP>192.0.2.{comment_id % 250}</wp:comment_author_IP>"
                    f"<wp:comment_date_gmt>2026-10-{day:02d} 12:00:00</wp:comment_date_gmt>"
                    f"<wp:comment_content>{escape(_sentence(rng))}</wp:comment_content>"
                    "<wp:comment_approved>1</wp:comment_approved>"
                    "<wp:comment_type>comment</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
                )
            out.write(
                f"<item><title>{escape(_sentence(rng, 8))}</title>"
                f"<link>https://big.example.com/2026/10/{day:02d}/story-{n}/</link>"
                "<dc:creator>desk</dc:creator>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[{paragraphs[0][:150]}]]></excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id>"
                f"<wp:post_date>2026-10-{day:02d} 15:00:00</wp:post_date>"
                f"<wp:post_date_gmt>2026-10-{day:02d} 12:00:00</wp:post_date_gmt>"
                f"<wp:post_name>story-{n}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>"
                "<wp:is_sticky>0</wp:is_sticky><wp:comment_status>open</wp:comment_status>"
                f'<category domain="category" nicename="{SECTIONS[n % 5]}">x</category>'
                + "".join(comments)
                + "</item>\n"
            )
        out.write("</channel></rss>\n")
    return path
