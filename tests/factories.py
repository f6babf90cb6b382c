"""factory_boy factories with traits for the states tests need."""

from datetime import timedelta
from importlib import import_module

import factory
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.demo import draw_picture
from articles.models import Article, Author, ChangeNote, Image, Section, Tag
from articles.roles import sync_roles


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """`UserFactory(role=roles.EDITORS)` puts the user in that newsroom group."""
        if create and extracted:
            if not Group.objects.filter(name=extracted).exists():
                # A transactional test flushed the groups the migrations made: make them again.
                ContentType.objects.clear_cache()
                sync_roles(django_apps)
                comments_roles = import_module("comments.migrations.0002_moderator_permissions")
                comments_roles.grant(django_apps, None)
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.Page"
        django_get_or_create = ["slug"]

    title_ar = factory.Sequence(lambda n: f"صفحة {n}")
    title_en = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "<p>عن الموقع</p>"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name_ar = factory.Sequence(lambda n: f"قسم {n}")
    name_en = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    position = factory.Sequence(int)


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name_ar = factory.Sequence(lambda n: f"وسم {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name_ar = factory.Sequence(lambda n: f"كاتب {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image
        skip_postgeneration_save = True

    alt_ar = "صورة من الحدث"
    caption_ar = "تعليق الصورة"
    credit = "TOPSHOTS-SYRIA-CONFLICT"
    file = factory.LazyFunction(
        lambda: ContentFile(draw_picture(1, width=800, height=450), name="picture.jpg")
    )

    @factory.post_generation
    def renditions(self, create, extracted, **kwargs):
        """As after the upload's job ran (its own tests run the job as it comes);
        `renditions=False` leaves a fresh upload's state."""
        if create and extracted is not False:
            from articles.images import refresh_renditions

            refresh_renditions(self)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline_ar = factory.Sequence(lambda n: f"خبر رقم {n}")
    standfirst_ar = "ملخص الخبر في سطر واحد."
    body_ar = "<p>نص الخبر.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.DRAFT

    class Params:
        review = factory.Trait(status=Article.Status.REVIEW)
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5)),
        )
        scheduled = factory.Trait(
            status=Article.Status.SCHEDULED,
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(hours=2)),
        )
        unpublished = factory.Trait(
            status=Article.Status.UNPUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.authors.set(extracted)


class ChangeNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChangeNote

    article = factory.SubFactory(ArticleFactory, published=True)
    note_ar = "تم تحديث الأرقام."


def article_form_data(article, **overrides):
    """The admin change form's fields for `article`, as a browser would post them."""
    data = {
        "headline_ar": article.headline_ar,
        "headline_en": article.headline_en or "",
        "slug": article.slug,
        "standfirst_ar": article.standfirst_ar or "",
        "standfirst_en": "",
        "body_ar": article.body_ar or "",
        "body_en": "",
        "section": article.section_id,
        "status": article.status,
        "published_at_0": "",
        "published_at_1": "",
        "allows_comments": "on",
        "comments_close_at_0": "",
        "comments_close_at_1": "",
        "loaded_version": article.version,
    }
    for inline in ("change_notes", "related_stories"):
        data.update(
            {
                f"{inline}-TOTAL_FORMS": "0",
                f"{inline}-INITIAL_FORMS": "0",
                f"{inline}-MIN_NUM_FORMS": "0",
                f"{inline}-MAX_NUM_FORMS": "1000",
            }
        )
    if article.published_at:
        local = timezone.localtime(article.published_at)
        data["published_at_0"] = local.strftime("%Y-%m-%d")
        data["published_at_1"] = local.strftime("%H:%M:%S")
    data.update(overrides)
    return data


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "comments.Comment"
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory, published=True)
    name = factory.Sequence(lambda n: f"قارئ {n}")
    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    text = factory.Sequence(lambda n: f"تعليق رقم {n} على الخبر")
    status = "approved"
    ip_address = "198.51.100.7"

    @factory.post_generation
    def counted(comment, create, extracted, **kwargs):
        """The story's comment counts, as the site keeps them after every moderation."""
        if create:
            from comments.moderation import refresh_articles

            refresh_articles([comment.article_id])
