"""The words of a question are assembled from its parts as it is written: always what reading it gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lessonforge.generation.assembly.keys import tokens
from lessonforge.generation.assembly.wording import _COMMON, _LANGUAGE, _SUBJECT, Wording
from lessonforge.i18n import translator

LANGUAGES = ("en", "es", "fr", "de", "pt", "pt-PT", "it")
NAMES = sorted({*_LANGUAGE, *_SUBJECT, *_COMMON} - {"true", "false"})
# Word characters next to punctuation and spaces, letters whose capital folds elsewhere (dotless i, sharp s,
# the fi ligature), a combining mark that case-folds to a letter, digits: what a payload may put next to a
# template's own words.
VALUE = st.text(alphabet="ab AZ_1.?!«»“”'-:ıßﬁ\u0345é한\t", max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    language=st.sampled_from(LANGUAGES),
    kind=st.sampled_from(("language", "subject")),
    name=st.sampled_from(NAMES),
    values=st.dictionaries(
        st.sampled_from(
            ("term", "meaning", "sentence", "translation", "lesson", "dialogue", "line", "speaker", "other")
        ),
        VALUE,
    ),
    plain_names=st.sets(st.sampled_from(("sentence", "statement", "part", "speaker", "other", "point"))),
    statement=VALUE,
)
def test_the_words_a_question_is_written_with_are_the_words_read_off_it(
    language: str, kind: str, name: str, values: dict[str, str], plain_names: set[str], statement: str
) -> None:
    wording = Wording(kind, language, translator(language, "quiz"))  # type: ignore[arg-type]
    plain = {key: values.get(key, statement) for key in plain_names}
    quoted = {key: value for key, value in values.items() if key not in plain}
    text = wording.text(name, plain=plain, **quoted)
    recorded = wording.words_of(text)
    if recorded is not None:
        assert recorded == tokens(text)


def test_questions_are_recorded_and_explanations_are_not() -> None:
    wording = Wording("language", "fr", translator("fr", "quiz"))
    question = wording.text("meaning", term="le loyer")
    explanation = wording.text("explain", term="le loyer", meaning="the rent")
    recorded = wording.words_of(question)
    assert recorded == tokens(question)
    assert "loyer" in (recorded or ())
    assert wording.words_of(question) is None  # handed over once
    assert wording.words_of(explanation) is None


class GluingCatalogue:
    """A translation that glues values to its own words and opens with a value (no shipped catalogue does yet)."""

    def gettext(self, message: str, /, **values: object) -> str:
        return "{sentence}word{part}_{statement}.{term}ﬁ"


@settings(max_examples=300, deadline=None)
@given(sentence=VALUE, part=VALUE, statement=VALUE, term=VALUE)
def test_values_glued_to_the_template_or_capitalised_away_still_give_the_words_read_off_the_text(
    sentence: str, part: str, statement: str, term: str
) -> None:
    wording = Wording("language", "en", GluingCatalogue())
    text = wording.text("meaning", term=term, plain={"sentence": sentence, "part": part, "statement": statement})
    recorded = wording.words_of(text)
    if recorded is not None:
        assert recorded == tokens(text)
