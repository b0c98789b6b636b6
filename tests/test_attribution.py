import pytest

import argmine


def attrs(text):
    """The rule attribution stage (the learned one re-ranks its boundaries: see test_learned.py)."""
    return argmine.annotate(text, model=None).attributions


def one(text):
    found = attrs(text)
    assert len(found) == 1, [(a.cue.text, a.source.text) for a in found]
    return found[0]


def test_verb_subject_order_with_long_source_phrase():
    a = one("وقال الناطق الرسمي باسم وزارة الداخلية في حكومة الوحدة الوطنية إن الأوضاع تحت السيطرة.")
    assert a.cue.text == "قال"
    assert a.source.text == "الناطق الرسمي باسم وزارة الداخلية في حكومة الوحدة الوطنية"
    assert a.source_type == "government"
    assert a.content.text == "الأوضاع تحت السيطرة"
    assert not a.anonymous


@pytest.mark.parametrize(
    "verb", ["قال", "قالت", "أكد", "أكدت", "أعلن", "أعلنت", "أفاد", "أفادت", "ذكرت", "كشفت", "أوضح", "أضاف", "يقول", "تقول"]
)
def test_reporting_verbs_in_their_inflections(verb):
    a = one(f"{verb} وزير الخارجية إن الوفد غادر.")
    assert a.cue.text == verb
    assert a.source.text == "وزير الخارجية"


def test_subject_verb_order():
    a = one("وكانت وزارة الصحة السودانية أعلنت أن عدد الإصابات ارتفع.")
    assert a.source.text == "وزارة الصحة السودانية"
    assert a.source_type == "government"


@pytest.mark.parametrize(
    "cue",
    ["بحسب", "حسب", "وفق", "نقلاً عن"],
)
def test_prepositional_cues(cue):
    a = one(f"قتل 12 شخصاً في القصف، {cue} مصادر طبية.")
    assert a.source.text == "مصادر طبية"
    assert a.anonymous
    assert a.content.text == "قتل 12 شخصاً في القصف"


def test_glued_preposition_and_end_of_sentence_attribution():
    text = "وخلّفت الاغتيالات نحو 80 قتيلاً، وفقاً لبيان قيادات مدينة جاسم عقب انتهاء العملية."
    a = one(text)
    assert a.cue.text == "وفقاً ل"
    assert a.source.text == "بيان قيادات مدينة جاسم"
    assert a.source_type == "local_leadership"
    assert a.canonical == "jasim-leadership"


def test_relative_cue():
    a = one("وتجدر الإشارة إلى ما نشرته وسائل إعلام محلية حول ضغوط على قيادات المدينة.")
    assert a.cue.text == "ما نشرته"
    assert a.source.text == "وسائل إعلام محلية"
    assert a.source_type == "media_local"
    assert a.content.text == "ضغوط على قيادات المدينة"


def test_chain_with_qawlahu():
    found = attrs("وكانت وزارة الإعلام السورية نقلت عن مصدر أمني قوله إن العملية مستمرة.")
    assert len(found) == 2
    ministry, source = found
    assert (ministry.source.text, ministry.source_type, ministry.via) == ("وزارة الإعلام السورية", "government", None)
    assert (source.source.text, source.source_type, source.anonymous) == ("مصدر أمني", "security", True)
    assert source.cue.text == "قوله" and source.via == ministry.id
    assert source.content.text == "العملية مستمرة"


def test_chain_with_verb_then_source_then_an():
    found = attrs("ونقلت وكالة رويترز عن شهود عيان أن الاشتباكات تجددت.")
    assert [a.source.text for a in found] == ["وكالة رويترز", "شهود عيان"]
    assert found[0].canonical == "reuters" and found[0].source_type == "media"
    assert found[1].via == found[0].id and found[1].anonymous


def test_chain_with_naqlan_an():
    found = attrs("وذكرت قناة الجزيرة نقلاً عن مصادر محلية أن الجيش انسحب.")
    assert [a.source.text for a in found] == ["قناة الجزيرة", "مصادر محلية"]
    assert found[1].via == found[0].id


def test_coordinated_sources_share_the_cue():
    found = attrs("وقتل عدد من قياداته، وفقاً لبيان قيادات مدينة جاسم، وتقارير إعلامية محلية.")
    assert [a.source.text for a in found] == ["بيان قيادات مدينة جاسم", "تقارير إعلامية محلية"]
    assert found[0].cue == found[1].cue


@pytest.mark.parametrize(
    "text",
    [
        "ركزت على أنشطة التنظيم وفقاً لما يُعرف بـ”المحكمة الشرعية”.",
        "بمشاركة عناصر مما يُعرف بـ”الفيلق الثامن”.",
        "وهو ما كشفت عنه الحملة العسكرية.",
        "تم الإعلان عن طلب الدعم.",
        "وأضاف أن الوضع مستقر.",
        "استمرت عمليات المداهمة بناءً على معلومات توفرت لدى تلك الفصائل.",
        "ويتم ذلك حسب الخطة المعلنة.",
    ],
)
def test_not_attributions(text):
    assert attrs(text) == []


@pytest.mark.parametrize(
    "source, stype, anonymous",
    [
        ("مصدر عسكري", "security", True),
        ("الجيش اللبناني", "security", False),
        ("قوات الدعم السريع", "armed_group", False),
        ("مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية", "ngo_monitor", False),
        ("المرصد السوري لحقوق الإنسان", "ngo_monitor", False),
        ("الباحث في الشؤون الليبية جلال حرشاوي", "expert", False),
        ("شهود عيان", "other", True),
        ("وجهاء المنطقة", "local_leadership", False),
        ("صحيفة الشرق الأوسط", "media", False),
    ],
)
def test_source_types(source, stype, anonymous):
    a = one(f"وقال {source} إن الوضع مستقر.")
    assert a.source.text == source
    assert (a.source_type, a.anonymous) == (stype, anonymous)


def test_canonical_ids_shared_by_shorter_mentions():
    text = "وقالت وزارة الداخلية الليبية إن الطريق آمن. وأكدت الوزارة أن الدوريات مستمرة."
    found = attrs(text)
    assert [a.source.text for a in found] == ["وزارة الداخلية الليبية", "الوزارة"]
    assert found[0].canonical == found[1].canonical


@pytest.mark.parametrize(
    "first, again",
    [
        ("وكالة الأنباء السعودية", "الوكالة"),  # typed media on its own, a government agency here
        ("المتحدث باسم الجيش اللبناني", "المتحدث"),  # a wrapper word alone
    ],
)
def test_one_definite_word_takes_the_source_it_points_back_at(first, again):
    found = attrs(f"وقالت {first} إن الطريق آمن. وأضاف {again} أن الدوريات مستمرة.")
    assert [a.source.text for a in found] == [first, again]
    assert (found[1].canonical, found[1].source_type) == (found[0].canonical, found[0].source_type)


def test_a_known_name_after_a_source_word_is_found_in_the_gazetteer():
    a = one('وقالت صحيفة "فايننشال تايمز" إن المفاوضات متعثرة.')
    assert (a.source.text, a.source_type, a.canonical) == ('صحيفة "فايننشال تايمز"', "media", "ft")


def test_different_sources_get_different_ids():
    text = "وقالت وزارة الصحة إن المستشفى يعمل. وقال الجيش السوداني إن القصف توقف."
    a, b = attrs(text)
    assert a.canonical != b.canonical


def test_offsets_exact_with_diacritics_and_tatweel():
    text = "وقـــالَ المتحدثُ باسمِ الجيشِ إنَّ العمليةَ انتهت."
    a = one(text)
    for span in (a.cue, a.source, a.content):
        assert text[span.start : span.end] == span.text
    assert a.source.text == "المتحدثُ باسمِ الجيشِ"


@pytest.mark.parametrize(
    "text, source",
    [
        # where or when the source spoke is not part of it
        ("وكشف ديوان الرقابة المالية في تقريره السنوي عن هدر كبير.", "ديوان الرقابة المالية"),
        ("وأكدت وزارة النقل في بيان مقتضب أن الطريق مفتوح.", "وزارة النقل"),
        ("وأعلنت الحكومة الأردنية في العاشر من الشهر أن المعبر سيفتح.", "الحكومة الأردنية"),
        ("وتصر نقابة المعلمين على أن الإضراب مستمر.", "نقابة المعلمين"),
        # where the source is from is
        ("وقال وجهاء من مديريات ريف إدلب إن القصف لم يتوقف.", "وجهاء من مديريات ريف إدلب"),
        ("وروى شهود عيان من حي الصناعة أن النيران امتدت إلى السوق.", "شهود عيان من حي الصناعة"),
        ("وأكدت الحكومة اليمنية المعترف بها دولياً أن المفاوضات متوقفة.", "الحكومة اليمنية المعترف بها دولياً"),
        # a statement speaks
        ("وشدد بيان الوزارة على أن الهدنة صامدة.", "بيان الوزارة"),
    ],
)
def test_where_a_source_phrase_ends(text, source):
    assert one(text).source.text == source


@pytest.mark.parametrize("verb", ["نفى", "حثّت", "جددت", "تحدثت", "أدانت", "يشكو", "نبّهت", "تساءلت"])
def test_more_reporting_verbs(verb):
    a = one(f"و{verb} منظمة الصحة العالمية هذه التقارير.")
    assert a.cue.text == verb
    assert a.source.text == "منظمة الصحة العالمية"


def test_a_conditional_is_not_part_of_a_source_before_its_verb():
    assert [a.source.text for a in attrs("هل يلام مواطن في المدينة إذا رأى في ذلك نفاقاً؟")] == []


@pytest.mark.parametrize(
    "text, source",
    [
        ("وأضاف الكبيسي، في اتصال هاتفي، أن الطريق مقطوع.", "الكبيسي"),  # an aside is not the source
        ("يقول أبو خالد، بائع الخضار في السوق القديم، إن الأسعار تضاعفت.", "أبو خالد، بائع الخضار في السوق القديم"),
        ("وحذّر السامرائي من أن الموسم سيتأخر.", "السامرائي"),
        ("وكانت الهيئة قد أعلنت مراراً أن التصدير متوقف.", "الهيئة"),  # "مراراً" is no subject
    ],
)
def test_a_name_then_what_was_said(text, source):
    assert one(text).source.text == source


@pytest.mark.parametrize("text", ["غير أن الواقع يقول شيئاً آخر.", "ودعت إليها الجماعة، فيما تحدثت عن ذلك."])
def test_no_name_without_what_was_said(text):
    assert [a.source.text for a in attrs(text) if a.cue.text in ("يقول", "دعت")] == []


@pytest.mark.parametrize(
    "text, source",
    [
        ("وأعلنت حكومة ولاية نهر النيل تشكيل لجنة لإيواء النازحين.", "حكومة ولاية نهر النيل"),
        ("وأكدت شركة النفط الوطنية عدم وجود تسرب.", "شركة النفط الوطنية"),
        # a verbal-noun look-alike inside a name, or an article, leaves the name whole
        ("وقالت هيئة تحرير الشام إن الهجوم صُدّ.", "هيئة تحرير الشام"),
        ("وقال صندوق التنمية وإعادة إعمار ليبيا إن المشاريع متوقفة.", "صندوق التنمية وإعادة إعمار ليبيا"),
    ],
)
def test_the_object_after_the_subject_is_not_the_source(text, source):
    assert one(text).source.text == source


@pytest.mark.parametrize(
    "text, source, stype",
    [
        ("وكانت هيئة الرقابة قد أكدت وجود مخالفات جسيمة.", "هيئة الرقابة", "government"),  # not "وجود مخالفات"
        ('وكانت وكالة "موديز" قد أعلنت خفض التصنيف.', 'وكالة "موديز"', "expert"),
        ("وكانت أنقرة قد أعلنت انتهاء العملية.", "أنقرة", "government"),
        ("وقالت واشنطن إن العقوبات باقية.", "واشنطن", "government"),
    ],
)
def test_a_subject_before_qad_and_states_named_by_their_capital(text, source, stype):
    a = one(text)
    assert (a.source.text, a.source_type) == (source, stype)


def test_an_accusative_before_the_verb_is_not_part_of_the_subject():
    assert attrs("وقّعت مصر وقبرص اتفاقاً إطارياً يتيح نقل الغاز إلى أوروبا.") == []


def test_a_quoted_unknown_name_before_qad_is_no_source():
    assert attrs('وكانت "أبيكور" قد أعلنت توقف الصادرات.') == []


def test_the_noun_after_a_word_with_lam_completes_the_source():
    a = one("وقالت مفوضية الأمم المتحدة لشؤون اللاجئين إن المخيم ممتلئ.")
    assert a.source.text == "مفوضية الأمم المتحدة لشؤون اللاجئين"


def test_a_quoted_sentence_before_a_verb_is_no_name():
    found = attrs('وقال متحدث باسم التحالف إن التحالف "يتابع التطورات عن كثب" ويدعو إلى التهدئة.')
    assert [a.source.text for a in found if a.cue.text == "يدعو"] == []


@pytest.mark.parametrize(
    "text, sources",
    [
        ("وقالت صحف ومواقع إخبارية محلية إن القصف استمر.", ["صحف ومواقع إخبارية محلية"]),  # one kind: one source
        ("وقال سكان في المنطقة وصفحات إخبارية محلية إن القصف استمر.", ["سكان في المنطقة", "صفحات إخبارية محلية"]),
        ("وأكدت المنظمة ذاتها أن المخيم ممتلئ.", ["المنظمة ذاتها"]),
        ("وأظهرت بيانات جمعتها وكالة رويترز أن الصادرات تراجعت.", ["بيانات جمعتها وكالة رويترز"]),
        ("وأكد بيان أصدره البرنامج أن الحصص ستقلص.", ["بيان أصدره البرنامج"]),
        # a name after a title may hold a word that is also an adjective or a source word
        ("وأوضحت أستاذة المناخ في الجامعة الوطنية هودن ورسمي أن الجفاف يتكرر.", ["أستاذة المناخ في الجامعة الوطنية هودن ورسمي"]),
    ],
)
def test_coordinated_sources_and_who_made_the_figures(text, sources):
    assert [a.source.text for a in attrs(text)] == sources


@pytest.mark.parametrize(
    "text, source",
    [
        ("وأكد مصرف ليبيا المركزي في نشرته الأخيرة أن الاحتياطي تراجع.", "مصرف ليبيا المركزي"),
        ("وتردد وسائل الإعلام الرسمية كل يوم أن الحصار سبب الأزمة.", "وسائل الإعلام الرسمية"),
        ("وقالت حركة الشباب، عبر إذاعة تابعة لها، إن الهجوم نُفذ.", "حركة الشباب"),
    ],
)
def test_the_medium_and_the_time_stay_out_of_the_source(text, source):
    assert attrs(text)[0].source.text == source


def test_figures_nobody_is_named_for_are_no_source():
    assert attrs("وتشير التقديرات إلى أن آلاف الألغام ما زالت مزروعة.") == []
    assert one("وتشير تقديرات وزارة الزراعة إلى أن الموسم سيتأخر.").source.text == "تقديرات وزارة الزراعة"
