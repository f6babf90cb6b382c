"""The import's later runs and the mappings the export shows only once changed: each test
writes a copy of the real export with one thing changed, as WordPress would have it later
(the export itself is never edited)."""

import re
import shutil
from collections import Counter
from datetime import UTC, datetime
from unittest import mock

from articles import publishing, search
from articles.related.models import ArticleTerm, RelatedStory
from articles.related.terms import terms_of
from articles.wordpress import content
from comments.models import Comment
from tests.wordpress.test_import import EXPORT, UPLOADS, comment, image, post, pytestmark, run

__all__ = ["pytestmark"]

NEW_COMMENTS = """
<wp:comment><wp:comment_id>50</wp:comment_id><wp:comment_author><![CDATA[سالم]]></wp:comment_author>
<wp:comment_author_email><![CDATA[salem@example.com]]></wp:comment_author_email>
<wp:comment_author_url>https://salem.example.org/</wp:comment_author_url>
<wp:comment_author_IP><![CDATA[203.0.113.50]]></wp:comment_author_IP>
<wp:comment_date><![CDATA[2026-12-01 10:00:00]]></wp:comment_date>
<wp:comment_date_gmt><![CDATA[2026-12-01 07:00:00]]></wp:comment_date_gmt>
<wp:comment_content><![CDATA[تعليق جديد بعد التصدير الأول]]></wp:comment_content>
<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
<wp:comment_type><![CDATA[comment]]></wp:comment_type><wp:comment_parent>0</wp:comment_parent>
</wp:comment>
<wp:comment><wp:comment_id>51</wp:comment_id><wp:comment_author><![CDATA[بوت]]></wp:comment_author>
<wp:comment_author_email><![CDATA[bot@example.net]]></wp:comment_author_email>
<wp:comment_author_url>https://cheap.example.net/</wp:comment_author_url>
<wp:comment_author_IP><![CDATA[198.51.100.99]]></wp:comment_author_IP>
<wp:comment_date><![CDATA[2026-12-01 11:00:00]]></wp:comment_date>
<wp:comment_date_gmt><![CDATA[2026-12-01 08:00:00]]></wp:comment_date_gmt>
<wp:comment_content><![CDATA[اشترِ الآن]]></wp:comment_content>
<wp:comment_approved><![CDATA[spam]]></wp:comment_approved>
<wp:comment_type><![CDATA[comment]]></wp:comment_type><wp:comment_parent>0</wp:comment_parent>
</wp:comment>
"""


def export_with(tmp_path, change):
    """A copy of the export, `change(text)` applied."""
    path = tmp_path / "later.xml"
    text = EXPORT.read_text()
    changed = change(text)
    assert changed != text, "the change found nothing to change"
    path.write_text(changed)
    return path


def in_comment(wp_id, old, new):
    """Change `old` to `new` inside one comment of the export."""
    return _within(f"<wp:comment_id>{wp_id}</wp:comment_id>", "</wp:comment>", old, new)


def in_post(wp_id, old, new):
    return _within(f"<wp:post_id>{wp_id}</wp:post_id>", "</item>", old, new)


def _within(opening, closing, old, new):
    def change(text):
        start = text.index(opening)
        end = text.index(closing, start)
        return text[:start] + text[start:end].replace(old, new, 1) + text[end:]

    return change


def rerun(path, capture, **options):
    with capture(execute=True):
        return run(path, **options)


def test_a_comment_approved_in_wordpress_since_is_approved_here(
    imported, tmp_path, django_capture_on_commit_callbacks
):
    assert comment(5).status == Comment.Status.PENDING and post(21).comment_count == 1
    # Meanwhile a moderator here took comment 4 down: WordPress did not change it, so that stands.
    Comment.objects.filter(pk=comment(4).pk).update(status=Comment.Status.REJECTED)
    approved = in_comment(
        5, "<![CDATA[0]]></wp:comment_approved>", "<![CDATA[1]]></wp:comment_approved>"
    )
    summary = rerun(export_with(tmp_path, approved), django_capture_on_commit_callbacks)
    assert summary.counts[("comment", "updated")] == 1
    assert summary.counts[("comment", "unchanged")] == 15
    assert comment(5).status == Comment.Status.APPROVED
    assert comment(4).status == Comment.Status.REJECTED
    assert post(21).comment_count == 1  # 5 in, 4 out
    # And once more: nothing to do.
    again = rerun(export_with(tmp_path, approved), django_capture_on_commit_callbacks)
    assert again.counts[("comment", "updated")] == 0


def test_new_comments_on_an_unchanged_story_come_in_and_are_counted(
    imported, tmp_path, django_capture_on_commit_callbacks, mailoutbox
):
    assert post(18).comment_count == 1
    later = in_post(18, "</wp:comment>", "</wp:comment>" + NEW_COMMENTS)
    summary = rerun(export_with(tmp_path, later), django_capture_on_commit_callbacks)
    assert summary.counts[("post", "unchanged")] == 13
    assert summary.counts[("comment", "imported")] == 2
    fresh, spam = comment(50), comment(51)
    assert (fresh.status, fresh.email, fresh.url) == (
        Comment.Status.APPROVED, "salem@example.com", "https://salem.example.org/",
    )  # fmt: skip
    assert fresh.ip_address == "203.0.113.50"
    assert fresh.created_at == datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    assert spam.status == Comment.Status.SPAM and spam.url == "https://cheap.example.net/"
    assert post(18).comment_count == 2  # the spam is not counted
    assert mailoutbox == []


def test_a_run_cut_short_is_finished_by_the_next(db, django_capture_on_commit_callbacks):
    # The first run stops after its stories were committed, before the end (killed, say).
    with mock.patch.object(publishing, "announce_import"):
        with django_capture_on_commit_callbacks(execute=True):
            run()
    oil = post(26)
    assert oil.comment_count == 0 and not ArticleTerm.objects.filter(article=oil).exists()
    assert not RelatedStory.objects.exists()
    summary = rerun(EXPORT, django_capture_on_commit_callbacks)
    assert summary.counts[("post", "unchanged")] == 13
    oil = post(26)
    assert oil.comment_count == 3  # its fourth is a pingback
    assert ArticleTerm.objects.filter(article=oil).exists()
    assert post(18).pk in RelatedStory.objects.filter(article=post(14)).values_list(
        "story", flat=True
    )  # «شاهد أيضاً» as after a whole run


def test_a_story_a_run_cut_short_updated_is_found_by_its_new_words(
    db, tmp_path, django_capture_on_commit_callbacks
):
    """A live story changed since the last run is searchable by its new words as soon as its
    item is committed: a run killed before its end does not leave the old text searched."""
    with django_capture_on_commit_callbacks(execute=True):
        run()

    def new_words(text):  # in post 26's content, which comes before its id
        end = text.index("<wp:post_id>26</wp:post_id>")
        start = text.rindex("<item>", 0, end)
        return text[:start] + text[start:end].replace("المرئي", "الزعفراني", 1) + text[end:]

    later = export_with(tmp_path, new_words)
    with mock.patch.object(publishing, "announce_import"):  # killed before its end
        summary = rerun(later, django_capture_on_commit_callbacks)
    assert summary.counts[("post", "updated")] == 1
    assert post(26).pk in search.find("الزعفراني", language="ar")
    assert post(26).pk not in search.find("المرئي", language="ar")
    # The next whole run finishes it: its related stories' terms are those of its new text.
    (new_term,) = terms_of("الزعفراني")
    (old_term,) = terms_of("المرئي")
    summary = rerun(later, django_capture_on_commit_callbacks)
    assert summary.counts[("post", "unchanged")] == 13
    indexed = set(ArticleTerm.objects.filter(article=post(26)).values_list("term", flat=True))
    assert new_term in indexed and old_term not in indexed


def test_dates_fall_back_to_the_sites_local_time(db, tmp_path):
    no_gmt = in_post(31, "2026-11-26 10:05:00", "0000-00-00 00:00:00")
    run(export_with(tmp_path, no_gmt))
    # 13:05 in Kuwait (the site's zone) is 10:05 UTC.
    assert post(31).published_at == datetime(2026, 11, 26, 10, 5, tzinfo=UTC)


def test_a_file_missing_from_the_uploads_folder_is_reported_and_the_story_comes_in(
    db, tmp_path, django_capture_on_commit_callbacks
):
    uploads = tmp_path / "uploads"
    shutil.copytree(UPLOADS, uploads)
    (uploads / "2026" / "11" / "oil-tanker-gulf.jpg").unlink()
    with django_capture_on_commit_callbacks(execute=True):
        summary = run(media_dir=uploads)
    reasons = dict(summary.failures)
    (label,) = [label for label in reasons if label.startswith("attachment 27")]
    assert "oil-tanker-gulf.jpg" in reasons[label]
    oil = post(26)
    assert oil.is_live and oil.lead_image is None
    assert image(19).renditions  # the others came in


def test_imported_stories_are_found_by_the_sites_search(imported, client):
    page = client.get("/search/", {"q": "الدائري السادس"}).text
    assert post(23).get_absolute_url() in page
    assert post(29).get_absolute_url() not in client.get("/search/", {"q": "الميزانية"}).text


def test_other_shortcodes_are_removed_and_counted():
    counts, missing = Counter(), []
    body = content.convert(
        'نص [gallery ids="1,2"] وسط [contact-form-7 id="3" title="اتصل"]\n\n'
        "[AFP] يبقى [su_button]زر[/su_button]\n\n"
        '<img src="https://alfareej.example.com/wp-content/uploads/gone.jpg" alt="">',
        content.PictureFinder({}, {}),
        counts,
        missing,
    )
    assert counts == {"gallery": 1, "contact-form-7": 1, "su_button": 1}
    assert "[AFP] يبقى زر" in body and "[" not in body.replace("[AFP]", "")
    assert missing == ["https://alfareej.example.com/wp-content/uploads/gone.jpg"]
    assert "<img" not in body


def test_wordpress_paragraph_rules():
    assert content.wpautop("سطر أول\nسطر ثان\n\nفقرة ثانية") == (
        "<p>سطر أول<br>\nسطر ثان</p>\n<p>فقرة ثانية</p>"
    )
    after_list = content.wpautop("<ul>\n\t<li>بند</li>\n</ul>\nنص بعد القائمة")
    assert re.sub(r"\s+", "", after_list) == "<ul><li>بند</li></ul><p>نصبعدالقائمة</p>"


def test_a_comment_trashed_or_edited_in_wordpress_since_follows_here(
    imported, tmp_path, django_capture_on_commit_callbacks
):
    assert post(23).comment_count == 4
    # Comment 9 trashed; comment 8 edited into comment 6's words, by the same reader: one
    # person's text is kept once, so only its status would follow then.
    same_text = comment(6).text
    trashed = in_comment(
        9, "<![CDATA[1]]></wp:comment_approved>", "<![CDATA[trash]]></wp:comment_approved>"
    )

    def both(text):
        start = text.index("<wp:comment_id>8</wp:comment_id>")
        end = text.index("</wp:comment>", start)
        edited = re.sub(
            r"<wp:comment_content><!\[CDATA\[.*?\]\]>",
            f"<wp:comment_content><![CDATA[{same_text}]]>",
            text[start:end],
            flags=re.S,
        )
        return trashed(text[:start] + edited + text[end:])

    summary = rerun(export_with(tmp_path, both), django_capture_on_commit_callbacks)
    assert summary.failures == [] and summary.counts[("comment", "updated")] == 2
    assert comment(9).status == Comment.Status.REJECTED
    assert comment(8).text != same_text
    assert post(23).comment_count == 3
    again = rerun(export_with(tmp_path, both), django_capture_on_commit_callbacks)
    assert again.counts[("comment", "updated")] == 0 and again.failures == []
