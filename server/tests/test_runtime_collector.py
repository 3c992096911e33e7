"""The collector pause used around a level's generation: counted across threads, always undone."""

from __future__ import annotations

import gc
import threading

import pytest

from lessonforge.runtime import collector_paused


def test_the_collector_is_off_inside_a_pause_and_back_on_after_it_even_when_the_body_raises() -> None:
    inside: list[bool] = []

    def failing_generation() -> None:
        with collector_paused():
            inside.append(gc.isenabled())
            raise RuntimeError("generation failed")

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        failing_generation()
    assert inside == [False]
    assert gc.isenabled()


def test_overlapping_pauses_of_two_threads_keep_the_collector_off_until_the_last_one_ends() -> None:
    first_inside, second_done = threading.Event(), threading.Event()
    seen: list[bool] = []

    def long_generation() -> None:
        with collector_paused():
            first_inside.set()
            second_done.wait(5)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=long_generation)
    thread.start()
    first_inside.wait(5)
    with collector_paused():
        pass
    second_done.set()
    thread.join(5)
    assert seen == [False]  # the short pause ending did not switch the collector back on under the long one
    assert gc.isenabled()
