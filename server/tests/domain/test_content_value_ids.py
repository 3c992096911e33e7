"""Field value ids stay exactly the uuid5 they always were (clients keep them to update values)."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from lessonforge.domain.content import tokens


@given(st.text(), st.text(), st.text())
def test_value_id_is_the_uuid5_of_content_field_and_language(content: str, field: str, language: str) -> None:
    expected = str(uuid.uuid5(tokens._VALUE_NAMESPACE, f"{content}:{field}:{language}"))
    assert tokens.value_id(content, field, language) == expected
