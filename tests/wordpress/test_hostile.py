"""Hostile and broken exports, built here: each gives a clear message, for the file or for the
item, never a crash, a file read outside --media-dir, or a network request."""

import http.server
import io
import threading
from pathlib import Path

import pytest
from PIL import Image as PILImage

from articles.models import Article, Image
from articles.wordpress.importer import Importer
from articles.wordpress.wxr import ExportError
from comments.models import Comment

pytestmark = pytest.mark.django_db

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>t</title><link>https://old.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://old.example.com</wp:base_site_url>
<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>local</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name>محليات</wp:cat_name></wp:category>
"""
TAIL = "</channel></rss>"


def post(wp_id, *, title="خبر", content="<p>نص</p>", extra="", comments=""):
    return f"""<item><title><![CDATA[{title}]]></title>
<link>https://old.example.com/?p={wp_id}</link><dc:creator>nobody</dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded></excerpt:encoded>
<wp:post_id>{wp_id}</wp:post_id><wp:post_date>2026-11-01 10:00:00</wp:post_date>
<wp:post_date_gmt>2026-11-01 07:00:00</wp:post_date_gmt><wp:post_name>s{wp_id}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="local">محليات</category>{extra}{comments}</item>"""


def attachment(wp_id, path, url=None):
    url = url or f"https://old.example.com/wp-content/uploads/{path}"
    return f"""<item><title>a{wp_id}</title><link>https://old.example.com/a{wp_id}/</link>
<content:encoded></content:encoded><excerpt:encoded></excerpt:encoded>
<wp:post_id>{wp_id}</wp:post_id><wp:post_name>a{wp_id}</wp:post_name><wp:status>inherit</wp:status>
<wp:post_parent>0</wp:post_parent><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>{url}</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>
<wp:meta_value><![CDATA[{path}]]></wp:meta_value></wp:postmeta>
</item>"""


def export(tmp_path, *items, head=HEAD, tail=TAIL, name="export.xml"):
    path = tmp_path / name
    path.write_text(head + "".join(items) + tail)
    return path


def jpeg_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (400, 300), (10, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_billion_laughs_is_refused_before_anything_is_written(tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{"&lol%s;" % (i - 1 if i > 1 else "") * 10}">' for i in range(1, 9)
        )
        + "]>"
    )
    path = export(tmp_path, post(1, title="&lol8;"), head=bomb + HEAD.split("?>", 1)[1])
    with pytest.raises(ExportError, match="DTD"):
        Importer(path).run()
    assert not Article.objects.exists()


def test_external_entities_are_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    dtd = f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    path = export(tmp_path, post(1, title="&xxe;"), head=dtd + HEAD.split("?>", 1)[1])
    with pytest.raises(ExportError):
        Importer(path).run()
    assert not Article.objects.filter(headline_ar__contains="SECRET").exists()


def test_a_truncated_file_is_refused_whole(tmp_path):
    full = export(tmp_path, post(1), post(2)).read_text()
    path = tmp_path / "truncated.xml"
    path.write_text(full[: len(full) - 200])
    with pytest.raises(ExportError, match="مبتور"):
        Importer(path).run()
    assert not Article.objects.exists()


def test_a_file_that_is_not_a_wordpress_export(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rss><channel><item><title>x</title></item></channel></rss>'
    )
    with pytest.raises(ExportError, match="ليس ملف تصدير من ووردبريس"):
        Importer(path).run()
    path.write_text("this is not xml at all")
    with pytest.raises(ExportError):
        Importer(path).run()


def test_missing_and_duplicated_ids_fail_alone(tmp_path):
    no_id = post(5).replace("<wp:post_id>5</wp:post_id>", "")
    path = export(tmp_path, post(1), post(1, title="نسخة"), no_id, post(2))
    summary = Importer(path).run()
    assert summary.counts[("post", "imported")] == 2
    assert summary.counts[("post", "failed")] == 2
    reasons = " ".join(reason for _label, reason in summary.failures)
    assert "لعنصر آخر نفس معرّف ووردبريس" in reasons


def test_hostile_markup_in_posts_and_comments_is_neutralised(tmp_path, client):
    hostile = (
        '<p onclick="steal()">نص</p><script>alert(1)</script><img src=x onerror=alert(1)>'
        '<a href="javascript:alert(1)">رابط</a><iframe src="https://evil.example"></iframe>'
        "<p>broken <b>html <i>never closed"
    )
    comment = """<wp:comment><wp:comment_id>1</wp:comment_id>
<wp:comment_author><![CDATA[\u202eevil]]></wp:comment_author>
<wp:comment_author_email>e@example.com</wp:comment_author_email>
<wp:comment_content><![CDATA[<script>alert(1)</script>تعليق]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
<wp:comment_parent>0</wp:comment_parent>
<wp:comment_date_gmt>2026-11-01 08:00:00</wp:comment_date_gmt></wp:comment>"""
    path = export(tmp_path, post(1, content=hostile, comments=comment))
    Importer(path).run()
    article = Article.objects.get()
    for bad in ("onclick", "<script", "onerror", "javascript:", "<iframe", "evil.example"):
        assert bad not in article.body_ar
    stored = Comment.objects.get()
    assert stored.name == "evil" and "<script" not in stored.text
    page = client.get(article.get_absolute_url()).text
    assert "<script>alert(1)" not in page


def test_a_ten_megabyte_field_fails_or_fits_but_never_crashes(tmp_path):
    huge = "ن" * (10 * 1024 * 1024 // 2)
    path = export(tmp_path, post(1, title=huge), post(2, content=f"<p>{huge}</p>"), post(3))
    summary = Importer(path).run()
    assert summary.counts[("post", "failed")] == 1  # a headline is at most 250 characters
    assert summary.counts[("post", "imported")] == 2
    assert "250" in summary.failures[0][1]


def test_an_attachment_that_is_not_a_picture_is_reported_and_the_story_comes_in(tmp_path):
    uploads = tmp_path / "uploads" / "2026" / "11"
    uploads.mkdir(parents=True)
    (uploads / "fake.jpg").write_bytes(b"<?php system($_GET['c']); ?>")
    featured = (
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>9</wp:meta_value></wp:postmeta>"
    )
    path = export(tmp_path, attachment(9, "2026/11/fake.jpg"), post(1, extra=featured))
    summary = Importer(path, media_dir=tmp_path / "uploads").run()
    assert summary.counts[("attachment", "failed")] == 1
    article = Article.objects.get()
    assert article.is_live and article.lead_image is None


def test_a_path_outside_the_uploads_folder_is_never_read(tmp_path):
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(jpeg_bytes())
    (tmp_path / "uploads").mkdir()
    path = export(
        tmp_path,
        attachment(9, "../outside.jpg"),
        attachment(10, "/etc/passwd"),
        attachment(11, "../../etc/passwd"),
    )
    summary = Importer(path, media_dir=tmp_path / "uploads").run()
    assert summary.counts[("attachment", "failed")] == 3
    assert all("خارج مجلد الملفات المرفوعة" in reason for _label, reason in summary.failures)
    assert not Image.objects.exists()


def test_no_network_without_fetch_media(tmp_path, monkeypatch):
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("the import made a network request")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    path = export(tmp_path, attachment(9, "2026/11/x.jpg"), post(1))
    summary = Importer(path).run()
    assert summary.counts[("attachment", "failed")] == 1
    assert summary.counts[("post", "imported")] == 1


class Uploads(http.server.BaseHTTPRequestHandler):
    """The old site, on this machine: a picture, a page that is not one, a huge file, a stall."""

    def do_GET(self):
        if self.path.endswith("/slow.jpg"):
            threading.Event().wait(3)
        if self.path.endswith("/trickle.jpg"):  # each read in time, the whole far too slow
            self.send_response(200)
            self.send_header("Content-Type", "image/jpeg")
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"\xff" * 10)
                self.wfile.flush()
                threading.Event().wait(0.1)
            return
        if self.path.endswith("/away.jpg"):
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return
        if self.path.endswith("/ftp.jpg"):  # the same host, another way in
            self.send_response(302)
            self.send_header("Location", f"ftp://{self.headers['Host']}/a.jpg")
            self.end_headers()
            return
        if self.path.endswith("/page.jpg"):
            body, kind = b"<html>not a picture</html>", "text/html"
        elif self.path.endswith("/huge.jpg"):
            body, kind = b"\xff" * (2 * 1024 * 1024), "image/jpeg"
        else:
            body, kind = jpeg_bytes(), "image/jpeg"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def old_site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Uploads)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_fetch_media_downloads_checks_and_limits(tmp_path, old_site, settings, monkeypatch):
    from articles.wordpress import media

    settings.IMAGE_MAX_UPLOAD_BYTES = 1024 * 1024
    monkeypatch.setattr(media, "FETCH_TIMEOUT", 1)
    names = ("good.jpg", "page.jpg", "huge.jpg", "slow.jpg", "trickle.jpg", "away.jpg", "ftp.jpg")
    items = [
        attachment(n, f"2026/11/{name}", url=f"{old_site}/wp-content/uploads/2026/11/{name}")
        for n, name in enumerate(names, start=1)
    ]
    # A picture the export places on another host is not fetched from there.
    items.append(attachment(9, "x.jpg", url="https://elsewhere.example.net/x.jpg"))
    summary = Importer(export(tmp_path, *items), fetch_media=True, site_url=old_site).run()
    assert summary.counts[("attachment", "imported")] == 1
    assert summary.counts[("attachment", "failed")] == 7
    reasons = dict(summary.failures)
    why = {label.split()[1]: reason for label, reason in reasons.items()}
    assert "ليس صورة (text/html)" in why["2"] and "أكبر من الحد" in why["3"]
    assert "1 ثانية" in why["5"]  # the whole download's time, not each read's
    assert "بعيداً عن الموقع القديم" in why["6"] and "بعيداً عن الموقع القديم" in why["7"]
    assert "ليس على الموقع القديم" in why["9"]
    # An export naming this machine (or the private network) as its own site is not believed:
    # only a site named with --site-url by whoever runs the import may be private.
    local = HEAD.replace("https://old.example.com", old_site)
    url = f"{old_site}/wp-content/uploads/2026/11/good.jpg"
    path = export(tmp_path, attachment(20, "2026/11/good.jpg", url=url), head=local, name="l.xml")
    summary = Importer(path, fetch_media=True).run()
    assert "ليس على عنوان عام" in summary.failures[0][1]
    assert Path(Image.objects.get().file.path).exists()  # the first run's picture only


def test_fetch_media_connects_only_to_the_public_address_it_checked(
    tmp_path, old_site, monkeypatch
):
    """A name that answers a public address when checked and this machine when connected to
    (DNS rebinding) gets no request: the address connected to is the one checked."""
    import socket

    port = int(old_site.rsplit(":", 1)[1])
    answers = iter(["93.184.216.34"])  # public once, then this machine
    real = socket.getaddrinfo
    asked = []

    def rebinding(host, *args, **kwargs):
        if host != "media.old.example.com":
            return real(host, *args, **kwargs)
        asked.append(host)
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, args[0] or port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    served = []
    monkeypatch.setattr(Uploads, "log_message", lambda self, *args: served.append(self.path))
    url = f"http://media.old.example.com:{port}/wp-content/uploads/2026/11/good.jpg"
    path = export(tmp_path, attachment(21, "2026/11/good.jpg", url=url))
    summary = Importer(path, fetch_media=True).run()
    assert len(asked) == 2  # checked, then resolved again to connect
    assert "ليس على عنوان عام" in summary.failures[0][1]
    assert served == [] and not Image.objects.exists()


@pytest.mark.parametrize(
    "address, public",
    [
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
        ("64:ff9b::5db8:d822", True),  # NAT64 to a public IPv4 address
        ("169.254.169.254", False),
        ("::ffff:127.0.0.1", False),
        ("64:ff9b::a00:1", False),  # NAT64 to 10.0.0.1
        ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1
        ("::127.0.0.1", False),
        ("fe80::1%eth0", False),
    ],
)
def test_an_ipv6_address_carrying_an_ipv4_one_is_judged_by_it(address, public):
    from articles.wordpress.media import _is_public

    assert _is_public(address) is public


def test_odd_ids_and_a_nul_in_a_path_fail_their_item_only(tmp_path):
    odd_id = post(7).replace("<wp:post_id>7</wp:post_id>", "<wp:post_id>²</wp:post_id>")
    huge_id = post(8).replace("<wp:post_id>8</wp:post_id>", f"<wp:post_id>{10**30}</wp:post_id>")
    bad_tag = (
        "<wp:tag><wp:term_id>x</wp:term_id><wp:tag_slug>odd</wp:tag_slug>"
        "<wp:tag_name>غريب</wp:tag_name></wp:tag>"
    )
    (tmp_path / "uploads").mkdir()
    path = export(
        tmp_path,
        attachment(9, "", url="https://old.example.com/wp-content/uploads/2026/11/a%00b.jpg"),
        odd_id,
        huge_id,
        post(1),
        head=HEAD + bad_tag,
    )
    summary = Importer(path, media_dir=tmp_path / "uploads").run()
    assert summary.counts[("post", "imported")] == 1
    assert summary.counts[("post", "failed")] == 2
    assert summary.counts[("attachment", "failed")] == 1
    assert summary.counts[("tag", "imported")] == 1


def test_a_failed_story_takes_the_section_it_made_with_it(tmp_path):
    local = '<category domain="category" nicename="local">محليات</category>'
    unlisted = '<category domain="category" nicename="unlisted">قسم جديد</category>'
    failing = post(1, title="ع" * 300).replace(local, unlisted)  # a headline over 250 letters
    fine = post(2).replace(local, unlisted)
    summary = Importer(export(tmp_path, failing, fine)).run()
    assert summary.counts[("post", "failed")] == 1
    assert summary.counts[("post", "imported")] == 1
    assert Article.objects.get().section.slug == "unlisted"


def test_an_older_wxr_1_1_export_is_read_too(tmp_path):
    older = HEAD.replace("export/1.2/", "export/1.1/").replace(">1.2<", ">1.1<")
    summary = Importer(export(tmp_path, post(1, title="خبر من تصدير أقدم"), head=older)).run()
    assert summary.counts[("post", "imported")] == 1
    assert Article.objects.get().headline_ar == "خبر من تصدير أقدم"
