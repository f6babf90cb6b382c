"""The «شاهد أيضاً» box: automatic picks on a labelled corpus, pins, exclusions, recompute on
publish, the excerpt, and one query per box."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.template import engines
from django.utils import timezone

from articles import publishing
from articles.models import Article
from articles.related.boxes import excerpt as box_excerpt
from articles.related.boxes import related_for
from articles.related.bulk import BulkScorer
from articles.related.models import PinnedStory, RelatedStory
from articles.related.scoring import recompute_related
from articles.related.terms import index_article, index_articles, term_weights, terms_of
from articles.text import excerpt
from tests.factories import ArticleFactory, SectionFactory, TagFactory
from tests.related.corpus import CLUSTERS

pytestmark = pytest.mark.django_db


def _load_corpus():
    sections, cluster_of = {}, {}
    now = timezone.now()
    index = 0
    for cluster, stories in CLUSTERS.items():
        for section, headline, body in stories:
            if section not in sections:
                sections[section] = SectionFactory(slug=section)
            article = ArticleFactory(
                published=True,
                section=sections[section],
                headline_ar=headline,
                standfirst_ar="",
                body_ar=f"<p>{body}</p>",
                # Interleave the clusters in time so recency cannot do the matching.
                published_at=now - timedelta(hours=7 * index),
            )
            cluster_of[article.pk] = cluster
            index += 1
    call_command("recompute_related", stdout=open("/dev/null", "w"), stderr=None)
    return cluster_of


def test_automatic_picks_come_from_the_story_s_own_cluster(capsys):
    cluster_of = _load_corpus()
    hits = shown = 0
    for article in Article.objects.all():
        picks = related_for(article, 4)
        assert len(picks) >= 3, f"only {len(picks)} picks for {article.headline_ar}"
        shown += len(picks)
        hits += sum(cluster_of[p.pk] == cluster_of[article.pk] for p in picks)
    precision = hits / shown
    print(f"precision@4 = {precision:.3f} over {len(cluster_of)} stories")
    assert precision >= 0.9


def test_spelling_variants_share_their_terms():
    assert terms_of("المصارف الإسلامية") == terms_of("المصارف الاسلاميه")
    assert terms_of("في سورية") == terms_of("في سوريه") == terms_of("في سُورِيَـة")
    assert terms_of("وقال مصدر مسؤول في الكويت اليوم") == terms_of("الكويت")


def test_variant_spelling_story_finds_its_cluster():
    cluster_of = _load_corpus()
    variant = Article.objects.get(headline_ar__startswith="إصدار صكوك اسلاميه")
    picks = related_for(variant, 4)
    assert {cluster_of[p.pk] for p in picks} == {"islamic_banking"}
    syria_variant = Article.objects.get(headline_ar__contains="شمال سوريه")
    assert {cluster_of[p.pk] for p in related_for(syria_variant, 4)} == {"syria"}


def _live(headline, **kwargs):
    kwargs = {"standfirst_ar": "", "body_ar": "", **kwargs}
    article = ArticleFactory(published=True, headline_ar=headline, **kwargs)
    index_article(article)
    return article


def test_unrelated_story_gets_an_empty_box_not_noise():
    lonely = _live("افتتاح معرض للطوابع النادرة", body_ar="<p>هواة جمع الطوابع يلتقون.</p>")
    _live("أسعار النفط ترتفع", body_ar="<p>النفط الخام والبرميل وأوبك.</p>")
    assert recompute_related(lonely) == []
    assert related_for(lonely) == []


def test_shared_tags_and_section_count():
    section = SectionFactory()
    tag = TagFactory()
    a = _live("خبر أول", section=section, tags=[tag])
    b = _live("حدث ثان", section=section, tags=[tag])
    _live("حدث ثالث", section=section)
    assert [pk for pk, _ in recompute_related(a)] == [b.pk]


def _cluster_of_three():
    text = "<p>أسعار النفط الخام ترتفع وأوبك تخفض الإنتاج والبرميل يصعد</p>"
    main = _live("النفط يرتفع مع خفض أوبك الإنتاج", body_ar=text)
    others = [_live(f"النفط والبرميل وأوبك {n}", body_ar=text) for n in range(3)]
    return main, others


def test_drafts_future_stories_and_the_article_itself_never_show():
    main, others = _cluster_of_three()
    recompute_related(main)
    Article.objects.filter(pk=others[0].pk).update(status=Article.Status.DRAFT)
    Article.objects.filter(pk=others[1].pk).update(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(hours=3)
    )
    shown = [story.pk for story in related_for(main)]
    assert shown == [others[2].pk]
    assert main.pk not in shown


def test_pinned_stories_come_first_in_the_editor_s_order():
    main, others = _cluster_of_three()
    pinned_far = _live("خبر رياضي لا علاقة له")
    PinnedStory.objects.create(article=main, story=pinned_far, position=2)
    PinnedStory.objects.create(article=main, story=others[2], position=1)
    recompute_related(main)
    shown = [story.pk for story in related_for(main, 4)]
    assert shown[:2] == [others[2].pk, pinned_far.pk]
    assert sorted(shown[2:]) == sorted([others[0].pk, others[1].pk])
    assert len(shown) == len(set(shown))


def test_unpublished_pin_is_not_shown():
    main, others = _cluster_of_three()
    draft = ArticleFactory(headline_ar="مسودة")
    PinnedStory.objects.create(article=main, story=draft, position=0)
    assert draft.pk not in [story.pk for story in related_for(main)]


def test_box_is_one_query(django_assert_num_queries):
    main, others = _cluster_of_three()
    PinnedStory.objects.create(article=main, story=others[0], position=0)
    recompute_related(main)
    with django_assert_num_queries(1):
        stories = related_for(main)
    with django_assert_num_queries(0):
        html = (
            engines["jinja2"]
            .from_string(
                "{% for s in stories %}{{ s.headline }}{{ s|excerpt }}{{ s.get_absolute_url() }}"
                "{% endfor %}"
            )
            .render({"stories": stories})
        )
    assert len(stories) == 3 and "النفط" in html


def test_publishing_recomputes_the_article_and_its_neighbours_after_commit(
    editor, django_capture_on_commit_callbacks
):
    main, others = _cluster_of_three()
    for other in others:
        recompute_related(other)
    newcomer = ArticleFactory(
        review=True,
        headline_ar="أوبك تقرر خفض إنتاج النفط",
        body_ar="<p>أسعار النفط الخام ترتفع وأوبك تخفض الإنتاج والبرميل يصعد</p>",
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publishing.publish(newcomer, by=editor)
    assert not RelatedStory.objects.filter(article=newcomer).exists()  # not before the commit
    for callback in callbacks:
        callback()
    assert RelatedStory.objects.filter(article=newcomer).count() == 4
    # Its neighbours' lists were refreshed and now include it.
    assert RelatedStory.objects.filter(story=newcomer).count() >= 3


def test_unpublishing_takes_the_story_out_of_other_boxes(
    editor, django_capture_on_commit_callbacks
):
    main, others = _cluster_of_three()
    recompute_related(main)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.unpublish(others[0], by=editor)
    assert others[0].pk not in [s.pk for s in related_for(main)]
    assert not RelatedStory.objects.filter(story=others[0]).exists()


@pytest.mark.parametrize(
    ("text", "length", "expected"),
    [
        ("قصير", 140, "قصير"),
        ("أعلنت وزارة التربية جدول الاختبارات", 20, "أعلنت وزارة التربية…"),
        ("أعلنت وزارة التربية، جدول", 21, "أعلنت وزارة التربية…"),
        ("كلمةطويلةجدابدونمسافات", 5, "كلمةط…"),
    ],
)
def test_excerpt_cuts_at_a_word_boundary_with_an_ellipsis(text, length, expected):
    assert excerpt(text, length) == expected


def test_the_boxs_teasers_always_end_in_an_ellipsis_and_keep_words_apart(db):
    short = ArticleFactory(standfirst_ar="أمطار غزيرة على الكويت.")
    assert box_excerpt(short) == "أمطار غزيرة على الكويت…"
    bodied = ArticleFactory(standfirst_ar="", body_ar="<h2>تفاصيل</h2><p>وأوضح الوزير</p>")
    assert box_excerpt(bodied) == "تفاصيل وأوضح الوزير…"
    long = ArticleFactory(standfirst_ar="كلمة " * 60)
    assert box_excerpt(long).endswith("كلمة…") and len(box_excerpt(long)) <= 141


def test_box_and_compact_box_render(client):
    main, others = _cluster_of_three()
    recompute_related(main)
    page = client.get(main.get_absolute_url())
    assert "شاهد أيضاً" in page.text
    assert page.text.count('class="related__item"') == 3
    compact = engines["jinja2"].from_string("{{ related_stories(article, compact=True) }}")
    html = compact.render({"article": main})
    assert "related--compact" in html and "<p>" not in html


def test_editor_pins_in_the_article_admin(client_for, editor):
    from django.urls import reverse

    from tests.factories import article_form_data

    main, others = _cluster_of_three()
    data = article_form_data(main)
    data.update(
        {
            "related_stories-TOTAL_FORMS": "1",
            "related_stories-INITIAL_FORMS": "0",
            "related_stories-MIN_NUM_FORMS": "0",
            "related_stories-MAX_NUM_FORMS": "1000",
            "related_stories-0-story": str(others[1].pk),
            "related_stories-0-position": "0",
        }
    )
    response = client_for(editor).post(
        reverse("admin:articles_article_change", args=[main.pk]), data
    )
    assert response.status_code == 302
    assert list(PinnedStory.objects.values_list("story", flat=True)) == [others[1].pk]


def test_term_weights_prefer_the_headline():
    article = ArticleFactory(headline_ar="الصكوك", body_ar="<p>التمويل</p>")
    weights = term_weights(article)
    assert max(weights, key=weights.get) == terms_of("الصكوك")[0]


def test_the_bulk_scorer_picks_what_one_by_one_scoring_picks():
    _load_corpus()
    one_by_one = {a.pk: recompute_related(a) for a in Article.objects.all()}
    live = list(Article.objects.prefetch_related("tags"))
    with transaction.atomic():
        BulkScorer(index_articles(live)).recompute(live)
    for article in live:
        stored = (
            RelatedStory.objects.filter(article=article, is_pinned=False)
            .order_by("-score", "-story_id")
            .values_list("story_id", "score")
        )
        assert list(stored) == one_by_one[article.pk], article.headline_ar


def test_in_bulk_each_term_is_read_near_the_articles_own_time(settings):
    """A large archive: the bulk scorer reads, for each term, the stories nearest the
    article's time (POSTINGS_PER_TERM of them), so a rebuild costs the same per story at any
    size; the nearest of equally similar stories are the ones the formula ranks first."""
    settings.RELATED_STORIES = {"POSTINGS_PER_TERM": 4, "MIN_SCORE": 0.0}
    now = timezone.now()
    stories = [
        ArticleFactory(
            published=True,
            headline_ar="المنتخب يفوز بالكأس",
            standfirst_ar="",
            body_ar="<p>مباراة نهائية</p>",
            published_at=now - timedelta(days=day),
        )
        for day in range(0, 100, 10)  # ten stories, ten days apart
    ]
    middle = stories[5]
    live = list(Article.objects.published())
    with transaction.atomic():
        scorer = BulkScorer(index_articles(live))
    read = set(scorer.text_candidates(middle))
    # Two on each side of it (ten days apart), not the farther ones, not itself.
    assert read == {stories[3].pk, stories[4].pk, stories[6].pk, stories[7].pk}
    picks = [pk for pk, _score in scorer.score(middle)]
    assert set(picks[:2]) == {stories[4].pk, stories[6].pk}  # the nearest first


def test_in_bulk_a_story_sharing_every_tag_beats_newer_ones_sharing_one(settings):
    settings.RELATED_STORIES = {"CANDIDATES": 3}
    now = timezone.now()
    kuwait, oil = TagFactory(slug="kuwait"), TagFactory(slug="oil")
    article = ArticleFactory(published=True, tags=[kuwait, oil])
    both = ArticleFactory(published=True, tags=[kuwait, oil], published_at=now - timedelta(days=30))
    newer = [
        ArticleFactory(published=True, tags=[kuwait], published_at=now - timedelta(hours=n))
        for n in range(1, 6)
    ]
    live = list(Article.objects.published())
    with transaction.atomic():
        scorer = BulkScorer(index_articles(live))
    picked = scorer.tag_candidates(article)
    # The most shared tags first, then the newest, as the one-story path orders them.
    assert picked == {both.pk: 1.0, newer[0].pk: 0.5, newer[1].pk: 0.5}
