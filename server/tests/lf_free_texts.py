"""A Spanish course for French speakers whose free texts are in either language: shared by the page and video
tests of the word evidence (docs/generators.md, "Free texts")."""

from __future__ import annotations

from typing import Any

from lf_examples import example

SPANISH_POINT = "La propina no es obligatoria en España."
FRENCH_POINT = "Au restaurant, le pourboire n'est pas obligatoire."
ENGLISH_POINT = "Tipping is not required in Spain."
MIXED_POINT = "Les noms ont un genre : el kilo, la cebolla."  # a French sentence naming two terms
SPANISH_SUMMARY = "Ya sabes comprar fruta y preguntar el precio en el mercado."
SPANISH_QUESTION = "¿Qué pide Julien en el mercado?"


def mixed_course() -> dict[str, Any]:
    """``spanish-a1-for-french-speakers`` with a term ``la propina``, Spanish, French and English key points, a
    Spanish summary and a Spanish source question (its French ones kept)."""
    raw = example("spanish-a1-for-french-speakers")
    lessons = raw["level"]["lessons"]
    lessons[0]["items"].append({"term": "la propina", "meaning": "le pourboire"})
    review = next(lesson for lesson in lessons if lesson["type"] == "review")
    review["summary"] = SPANISH_SUMMARY
    review["keyPoints"] += [SPANISH_POINT, FRENCH_POINT, ENGLISH_POINT, MIXED_POINT]
    quiz = next(lesson for lesson in lessons if lesson["type"] == "quiz")
    quiz["questions"].append(
        {"question": SPANISH_QUESTION, "choices": ["tomates y naranjas", "fresas"], "answer": "tomates y naranjas"}
    )
    return raw
