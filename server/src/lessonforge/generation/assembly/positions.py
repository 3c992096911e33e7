"""Where the key goes among the options: seeded by the job and the item, near-uniform over a level.

Each option count has its own cycle of key positions, shuffled afresh (seeded by the job) every time it
runs out, so over a level every position is the key's within one cycle's difference; the other options
are shuffled by a random source seeded by the job and the item id. Options whose order carries meaning
(all numbers, or an option referring to the others) keep their order.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from typing import TypeVar

_REFERS = re.compile(
    r"\b(all|none|both|neither) of the (above|others|these)\b|\b(todas?|ninguna?|tous|toutes|aucune?|alle|keine?"
    r"|nenhuma?|tutte|tutti|nessuna?) (las |los |les |die |as |os |le |i )?(anteriores|ci-dessus|oben|precedenti"
    r"|de cima|acima|above)\b",
    re.IGNORECASE,
)
T = TypeVar("T")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?\s*%?")


def seeded(*parts: str) -> random.Random:
    """A random source seeded by the sha256 of ``parts``: same parts, same draws."""
    digest = hashlib.sha256(":".join(parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def order_matters(options: Sequence[str]) -> bool:
    """Whether the options' order means something: all numbers, or one refers to the others."""
    if options and all(_NUMBER.fullmatch(o.strip()) for o in options):
        return True
    return any(_REFERS.search(o) for o in options)


class KeyPositions:
    """Hands out key positions per option count from reshuffled cycles (seeded by ``job``)."""

    def __init__(self, job: str) -> None:
        self._job = job
        self._cycles: dict[int, list[int]] = {}
        self._rounds: dict[int, int] = {}

    def next(self, count: int) -> int:
        cycle = self._cycles.get(count)
        if not cycle:
            number = self._rounds.get(count, 0)
            self._rounds[count] = number + 1
            cycle = list(range(count))
            hash_shuffle(cycle, f"{self._job}:positions:{count}:{number}")
            self._cycles[count] = cycle
        return cycle.pop()

    def arrange(self, key: str, others: Sequence[str], item_id: str) -> list[str]:
        """``others`` shuffled (seeded by job and item) with ``key`` at the next position of the cycle."""
        rest = list(others)
        hash_shuffle(rest, f"{self._job}:{item_id}")
        rest.insert(self.next(len(rest) + 1), key)
        return rest


_HASH_SHUFFLE_MAX = 20
"""20! < 2**64: one 64-bit hash draws a whole permutation of up to 20 elements."""


def hash_shuffle(values: list[T], seed: str) -> None:
    """Fisher-Yates in place, the draws taken from one 64-bit hash of ``seed`` (a seeded ``random.Random``
    for longer lists): deterministic, and far cheaper than seeding a Mersenne Twister per shuffle."""
    if len(values) > _HASH_SHUFFLE_MAX:
        seeded(seed).shuffle(values)
        return
    draw = int.from_bytes(hashlib.blake2b(seed.encode(), digest_size=8).digest(), "big")
    for i in range(len(values) - 1, 0, -1):
        draw, j = divmod(draw, i + 1)
        values[i], values[j] = values[j], values[i]
