"""Demo content for `manage.py seed_demo`: Arabic stories (some translated), drawn pictures,
one user per role. Every object is looked up by a stable key first, so seeding twice adds
nothing new."""

import io
import random
import secrets
from datetime import timedelta

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from . import publishing, roles
from .models import Article, Author, ChangeNote, Image, Page, Section, Tag

SECTIONS = [
    ("local", "محليات", "Local"),
    ("gulf", "خليجيات", "Gulf"),
    ("economy", "اقتصاد", "Economy"),
    ("sports", "رياضة", "Sports"),
    ("world", "دوليات", "World"),
    ("culture", "ثقافة وفنون", "Culture"),
]

TAGS = [
    ("kuwait", "الكويت", "Kuwait"),
    ("oil", "النفط", "Oil"),
    ("national-assembly", "مجلس الأمة", "National Assembly"),
    ("football", "كرة القدم", "Football"),
    ("syria", "سورية", "Syria"),
    ("education", "التعليم", "Education"),
    ("weather", "الطقس", "Weather"),
    ("stock-market", "البورصة", "Stock market"),
]

AUTHORS = [
    ("fatima-alali", "فاطمة العلي", "Fatima Al-Ali", "محررة الشؤون المحلية."),
    ("ahmad-alsaleh", "أحمد الصالح", "Ahmad Al-Saleh", "محرر اقتصادي يغطي أسواق الخليج."),
    ("noura-alhajri", "نورة الهاجري", "Noura Al-Hajri", "مراسلة رياضية."),
]

# (section, tags, headline ar, headline en or None, standfirst ar, credit)
STORIES = [
    ("local", ["kuwait", "weather"], "الأرصاد: أمطار رعدية متفرقة على الكويت نهاية الأسبوع",
     "Met office: scattered thunderstorms over Kuwait at the weekend",
     "توقعت إدارة الأرصاد الجوية هطول أمطار رعدية متفرقة مع نشاط في الرياح.", "KUNA"),
    ("local", ["kuwait", "education"], "وزارة التربية تعلن مواعيد اختبارات نهاية الفصل الدراسي",
     "Education ministry announces end-of-term exam dates",
     "أعلنت وزارة التربية جدول اختبارات نهاية الفصل الدراسي الأول لجميع المراحل.", "كونا"),
    ("local", ["kuwait"], "افتتاح جسر جديد يربط المناطق الجنوبية بمدينة الكويت", None,
     "يهدف المشروع إلى تخفيف الازدحام المروري على الطرق الرئيسية.", "AFP"),
    ("local", ["kuwait", "national-assembly"], "مجلس الأمة يناقش تعديلات قانون الإسكان",
     "National Assembly debates housing law amendments",
     "ناقش مجلس الأمة في جلسته العادية تعديلات مقترحة على قانون الرعاية السكنية.", "KUNA"),
    ("local", ["education"], "جامعة الكويت تطلق برنامجاً جديداً للذكاء الاصطناعي", None,
     "يبدأ البرنامج استقبال الطلبة في العام الجامعي المقبل.", "جامعة الكويت"),
    ("gulf", ["oil"], "قمة خليجية تبحث التكامل الاقتصادي وأمن الطاقة",
     "Gulf summit discusses economic integration and energy security",
     "بحث قادة دول مجلس التعاون ملفات التكامل الاقتصادي وأمن إمدادات الطاقة.", "REUTERS"),
    ("gulf", [], "السعودية تعلن عن مشروع سياحي جديد على البحر الأحمر", None,
     "يضم المشروع منتجعات ومرافق ترفيهية على امتداد الساحل.", "SPA"),
    ("gulf", ["education"], "الإمارات تعتمد منهجاً موحداً للغة العربية في المدارس", None,
     "يبدأ تطبيق المنهج الجديد مطلع العام الدراسي المقبل.", "WAM"),
    ("gulf", [], "قطر تستضيف مؤتمراً دولياً للإعلام الرقمي", None,
     "يشارك في المؤتمر خبراء من أكثر من ثلاثين دولة.", "QNA"),
    ("gulf", ["oil"], "عُمان توقّع اتفاقية لتطوير حقل غاز جديد", None,
     "تتوقع الحكومة أن يبدأ الإنتاج خلال ثلاث سنوات.", "ONA"),
    ("economy", ["oil", "kuwait"], "أسعار النفط ترتفع مع تراجع المخزونات الأمريكية",
     "Oil prices rise as US inventories fall",
     "ارتفع سعر خام برنت بأكثر من واحد في المئة في تعاملات اليوم.", "BLOOMBERG"),
    ("economy", ["stock-market", "kuwait"], "بورصة الكويت تغلق على ارتفاع بدعم من أسهم البنوك",
     "Boursa Kuwait closes higher, led by banks",
     "أغلق المؤشر العام مرتفعاً وسط تداولات نشطة على أسهم القطاع المصرفي.", "كونا"),
    ("economy", ["oil"], "أوبك+ تبقي على سياسة الإنتاج دون تغيير", None,
     "قرر التحالف الإبقاء على مستويات الإنتاج الحالية حتى نهاية الربع المقبل.", "REUTERS"),
    ("economy", ["stock-market"], "البنك المركزي يثبت سعر الخصم للمرة الثالثة", None,
     "أكد البنك أن القرار يدعم الاستقرار النقدي والنمو الاقتصادي.", "KUNA"),
    ("economy", ["kuwait"], "ارتفاع الإنفاق الاستهلاكي في الكويت خلال الربع الثالث", None,
     "أظهرت بيانات رسمية نمو الإنفاق بنسبة أربعة في المئة.", "KUNA"),
    ("sports", ["football", "kuwait"], "منتخب الكويت يتأهل إلى نهائي كأس الخليج",
     "Kuwait reach the Gulf Cup final",
     "حقق الأزرق فوزاً مثيراً في نصف النهائي بهدفين مقابل هدف.", "AFP"),
    ("sports", ["football"], "القادسية يتصدر الدوري بعد فوزه على العربي", None,
     "عزز القادسية صدارته لجدول الترتيب بفارق ثلاث نقاط.", "الأنباء"),
    ("sports", ["football"], "مدرب المنتخب يعلن قائمة المعسكر الخارجي", None,
     "ضمت القائمة خمسة وعشرين لاعباً بينهم وجوه جديدة.", "AFP"),
    ("sports", [], "بطولة الكويت المفتوحة للتنس تنطلق الأسبوع المقبل", None,
     "يشارك في البطولة لاعبون من عشرين دولة.", "KUNA"),
    ("sports", ["football"], "الكويت تستضيف بطولة آسيا للشباب لكرة القدم", None,
     "أعلن الاتحاد الآسيوي اختيار الكويت لاستضافة النسخة المقبلة.", "AFP"),
    ("world", ["syria"], "الأمم المتحدة تدعو إلى هدنة إنسانية في سورية",
     "UN calls for humanitarian truce in Syria",
     "طالب الأمين العام بوقف إطلاق النار لإدخال المساعدات إلى المناطق المتضررة.",
     "TOPSHOTS-SYRIA-CONFLICT"),
    ("world", ["syria"], "مؤتمر المانحين يتعهد بمساعدات جديدة للاجئين السوريين", None,
     "تعهدت الدول المشاركة بتقديم مليارات الدولارات لدعم اللاجئين.", "AFP"),
    ("world", [], "انتخابات رئاسية في فرنسا وسط منافسة حادة", None,
     "يتوجه الناخبون الفرنسيون إلى صناديق الاقتراع في جولة أولى متقاربة.", "AFP"),
    ("world", [], "زلزال بقوة 6 درجات يضرب جنوب تركيا", None,
     "لم ترد تقارير فورية عن وقوع إصابات أو أضرار كبيرة.", "AP"),
    ("world", ["oil"], "الصين تزيد وارداتها من النفط الخليجي", None,
     "سجلت واردات الصين من النفط الخام مستوى قياسياً الشهر الماضي.", "REUTERS"),
    ("culture", ["kuwait"], "معرض الكويت الدولي للكتاب يفتح أبوابه بمشاركة 500 دار نشر",
     "Kuwait International Book Fair opens with 500 publishers",
     "يستمر المعرض عشرة أيام ويتضمن ندوات وأمسيات شعرية.", "كونا"),
    ("culture", [], "مهرجان المسرح الخليجي يكرم رواد الفن الكويتي", None,
     "كرم المهرجان عدداً من الفنانين الذين أسهموا في نهضة المسرح.", "الأنباء"),
    ("culture", [], "افتتاح معرض للفن التشكيلي في دار الآثار الإسلامية", None,
     "يضم المعرض أعمالاً لفنانين من الكويت والخليج.", "دار الآثار الإسلامية"),
    ("culture", ["education"], "إطلاق مسابقة وطنية للقراءة بين طلبة المدارس", None,
     "تهدف المسابقة إلى تعزيز عادة القراءة لدى النشء.", "KUNA"),
    ("culture", [], "فيلم كويتي ينافس في مهرجان دولي للسينما", None,
     "يروي الفيلم قصة عائلة كويتية في خمسينيات القرن الماضي.", "AFP"),
]  # fmt: skip

BODY_AR = (
    "<p>{standfirst}</p>"
    "<p>وقال مصدر مسؤول لـ«{credit}» إن الجهات المعنية تتابع التطورات عن كثب، "
    "مشيراً إلى أن الخطوات المقبلة ستعلن خلال الأيام القليلة القادمة.</p>"
    "<h2>تفاصيل</h2>"
    "<p>وأوضح أن العمل جارٍ وفق خطة زمنية محددة، وأن النتائج الأولية مشجعة، "
    "مضيفاً أن التعاون بين الجهات الحكومية والقطاع الخاص أسهم في تحقيق هذا الإنجاز.</p>"
    "<blockquote><p>«نعمل على تقديم أفضل الخدمات للمواطنين والمقيمين»</p></blockquote>"
    "<p>يذكر أن الموضوع حظي باهتمام واسع على وسائل التواصل الاجتماعي خلال الساعات الماضية.</p>"
)
DEMO_EMBED = '<figure data-embed="https://www.youtube.com/watch?v=aqz-KE-bpKQ"></figure>'
BODY_EN = (
    "<p>{standfirst}</p><p>An official told {credit} that the authorities were following "
    "developments closely and that the next steps would be announced within days.</p>"
)

PALETTES = [
    ((138, 16, 32), (240, 200, 120)),
    ((20, 70, 120), (170, 210, 230)),
    ((30, 110, 70), (220, 230, 170)),
    ((90, 60, 130), (230, 190, 220)),
    ((160, 90, 20), (250, 230, 180)),
    ((40, 40, 40), (200, 200, 200)),
]


def draw_picture(seed, width=1600, height=900):
    """A JPEG of gradients and shapes, different for each seed."""
    rng = random.Random(seed)
    dark, light = PALETTES[seed % len(PALETTES)]
    picture = PILImage.new("RGB", (width, height), light)
    draw = ImageDraw.Draw(picture)
    for y in range(0, height, 6):
        t = y / height
        colour = tuple(int(dark[i] * t + light[i] * (1 - t)) for i in range(3))
        draw.rectangle([0, y, width, y + 6], fill=colour)
    for _ in range(7):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(60, 260)
        tone = tuple(min(255, c + rng.randrange(-40, 60)) for c in light)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=tone, width=rng.randrange(4, 18))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _user(username, *, group=None, superuser=False, first_name=""):
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=username, defaults={"first_name": first_name, "email": f"{username}@example.com"}
    )
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    user.is_staff = True
    user.is_superuser = superuser
    user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user, password


@transaction.atomic
@reversion.create_revision()
def seed():
    """Create (or complete) the demo newsroom; return the logins as (role, username, password)."""
    logins = []
    admin, password = _user("admin", superuser=True, first_name="مدير الموقع")
    logins.append(("admin", "admin", password))
    editor, password = _user("editor", group=roles.EDITORS, first_name="رئيس التحرير")
    logins.append((roles.EDITORS, "editor", password))
    writer, password = _user("writer", group=roles.WRITERS, first_name="فاطمة العلي")
    logins.append((roles.WRITERS, "writer", password))
    _, password = _user("moderator", group=roles.MODERATORS, first_name="مشرف التعليقات")
    logins.append((roles.MODERATORS, "moderator", password))

    sections = {}
    for position, (slug, name_ar, name_en) in enumerate(SECTIONS):
        sections[slug], _ = Section.objects.get_or_create(
            slug=slug, defaults={"name_ar": name_ar, "name_en": name_en, "position": position}
        )
    tags = {}
    for slug, name_ar, name_en in TAGS:
        tags[slug], _ = Tag.objects.get_or_create(
            slug=slug, defaults={"name_ar": name_ar, "name_en": name_en}
        )
    authors = []
    for slug, name_ar, name_en, bio in AUTHORS:
        author, _ = Author.objects.get_or_create(
            slug=slug, defaults={"name_ar": name_ar, "name_en": name_en, "bio_ar": bio}
        )
        authors.append(author)
    if authors[0].user_id is None:
        authors[0].user = writer
        authors[0].save()

    now = timezone.now()
    created = 0
    previous_image = None
    for index, (section, tag_slugs, headline_ar, headline_en, standfirst, credit) in enumerate(
        STORIES
    ):
        if Article.objects.filter(headline_ar=headline_ar).exists():
            continue
        image = Image(alt_ar=headline_ar, caption_ar=standfirst, credit=credit)
        image.file = ContentFile(draw_picture(index), name=f"demo-{index + 1}.jpg")
        image.uploaded_by = editor
        image.save()
        body_ar = BODY_AR.format(standfirst=standfirst, credit=credit)
        if index == 1 and previous_image:
            # One story shows what the editor's desk makes: a library picture and an embed.
            body_ar += f'<figure data-image-id="{previous_image.pk}"></figure>' + DEMO_EMBED
        previous_image = image
        article = Article(
            headline_ar=headline_ar,
            headline_en=headline_en,
            standfirst_ar=standfirst,
            standfirst_en=headline_en and f"{headline_en}.",
            body_ar=body_ar,
            body_en=headline_en and BODY_EN.format(standfirst=f"{headline_en}.", credit=credit),
            section=sections[section],
            lead_image=image,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=3 * index + 1),
            is_breaking=index == 0,
            is_featured=index % 7 == 0,
            created_by=writer if index % 3 == 0 else editor,
        )
        publishing.save_article(
            article,
            by=editor,
            was_live=False,
            before_revision=lambda a=article, i=index, s=tag_slugs: (
                a.tags.set(tags[slug] for slug in s),
                a.authors.set([authors[i % len(authors)]]),
            ),
        )
        if index == 3:
            ChangeNote.objects.create(
                article=article,
                kind=ChangeNote.Kind.CORRECTION,
                note_ar="صُحّح اسم اللجنة البرلمانية في الفقرة الثانية.",
                note_en="The name of the parliamentary committee was corrected.",
                editor=editor,
            )
        created += 1

    unfinished = [
        ("مسودة: خطة لتطوير الواجهة البحرية", Article.Status.DRAFT, None, writer),
        ("قيد المراجعة: تقرير عن أسعار العقارات", Article.Status.REVIEW, None, writer),
        ("مجدول: افتتاح مستشفى جديد في الجهراء", Article.Status.SCHEDULED, now + timedelta(days=1),
         editor),
    ]  # fmt: skip
    for headline, status, published_at, author in unfinished:
        if not Article.objects.filter(headline_ar=headline).exists():
            story = Article(
                headline_ar=headline,
                section=sections["local"],
                status=status,
                published_at=published_at,
                created_by=author,
                body_ar="<p>نص أولي للخبر.</p>",
            )
            publishing.save_article(story, by=author, was_live=False)
    for position, (slug, title_ar, title_en, body_ar) in enumerate(
        [
            ("about", "من نحن", "About us", "<p>صحيفة إلكترونية كويتية مستقلة.</p>"),
            ("contact", "اتصل بنا", "Contact", "<p>للتواصل: newsroom@example.com</p>"),
        ]
    ):
        Page.objects.get_or_create(
            slug=slug,
            defaults={
                "title_ar": title_ar,
                "title_en": title_en,
                "body_ar": body_ar,
                "position": position,
            },
        )
    return logins, created
