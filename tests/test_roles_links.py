import pytest

import argmine
from argmine.pipeline import Pipeline
from argmine.text.lexicon import Lexicon, LexiconError, read_tsv


def roles(text):
    """Roles from the rule classifier."""
    return [u.role for u in argmine.annotate(text, model=None).units]


def test_headings_and_list_introductions_are_other():
    assert roles("تكريس السيطرة\nويمكن إجمال ذلك على النحو التالي:\nتراجع نفوذ التنظيم كثيراً.")[:2] == ["other", "other"]


def test_a_list_introduction_that_asserts_is_not_other():
    assert roles("يمكن القول إن ثمة دوافع عديدة للحملة، أبرزها:\nنص.")[0] == "claim"


def test_point_titles_follow_their_list():
    motive_list = roles("دوافع متعددة\n1- تأمين المدينة: تهدف الحملة إلى تأمين المدينة.\n2- منع التدخل: سعت الفصائل إلى منع التدخل.")
    assert motive_list == ["other", "motive", "motive", "motive", "motive"]
    claim_list = roles("أبعاد رئيسية\n1- تحركات منظمة: استهدفت الفصائل مقرات التنظيم.")
    assert claim_list[:2] == ["other", "claim"]


@pytest.mark.parametrize(
    "text, role",
    [
        ("تهدف الحكومة إلى كسب الوقت قبل الانتخابات.", "motive"),
        ("ربما سعت الفصائل إلى استباق أي تدخل عسكري.", "motive"),
        ("قُتل 12 مدنياً في قصف استهدف سوقاً شعبية صباح الأحد.", "evidence"),
        ("وقال المتحدث باسم الجيش إن العملية تهدف إلى تأمين الطريق.", "evidence"),
        ("وبالتالي فإن الحملة تمثل تحولاً حاسماً في ميزان القوى.", "claim"),
        ("يمكن القول إن الاتفاق لم يعد قابلاً للحياة.", "claim"),
    ],
)
def test_roles_by_cues(text, role):
    assert roles(text) == [role]


def test_evidence_links_to_its_point_title_and_claims_to_the_thesis():
    doc = argmine.annotate(
        model=None,
        text="وبالتالي فإن الحملة تمثل تحولاً حاسماً في ميزان القوى.\n"
        "1- تحركات منظمة: استهدفت الفصائل عدة مقرات يوم الأحد.\n"
        "خلاصة القول إن الفصائل باتت تملك زمام المبادرة."
    )
    thesis, title, evidence, conclusion = doc.units
    assert (thesis.role, title.role, evidence.role, conclusion.role) == ("claim", "claim", "evidence", "claim")
    links = {(lk.from_, lk.to) for lk in doc.links}
    assert (evidence.id, title.id) in links
    assert all(lk.from_ != title.id for lk in doc.links)


def test_links_never_start_at_motives_or_other():
    doc = argmine.annotate(open("samples/jasim-2022-10.txt", encoding="utf-8").read(), model=None)
    roles_by_id = {u.id: u.role for u in doc.units}
    for lk in doc.links:
        assert roles_by_id[lk.from_] in ("evidence", "claim")
        assert roles_by_id[lk.to] in ("claim", "motive")


def test_pipeline_stages_are_replaceable():
    class AllClaims:
        name = "roles"

        def __call__(self, doc):
            for u in doc.units:
                u.role = "claim"

    pipeline = Pipeline.default().replace("roles", AllClaims())
    assert {u.role for u in pipeline("أبعاد رئيسية\nقال الوزير إن الوضع مستقر.").units} == {"claim"}
    with pytest.raises(ValueError, match="unknown segmenter"):
        Pipeline.default("nonsense")
    with pytest.raises(TypeError):
        argmine.annotate(b"bytes")


def test_lexicon_files_load_and_bad_rows_are_named(tmp_path):
    for name, cols in (("hedges", 2), ("not_hedges", 1), ("role_cues", 3)):
        assert len(Lexicon.load(name, cols)) > 10
    bad = tmp_path / "bad.tsv"
    bad.write_text("# comment\nربما\tstrong\nلعل\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=f"{bad}:3:"):
        read_tsv(bad, 2)
