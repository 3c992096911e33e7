"""Webhook fixtures: a real HTTP receiver on 127.0.0.1, settings allowing it, a short retry schedule."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from lf_webhooks import Receiver, running_receiver

from lessonforge.settings import Settings

RETRY_SCHEDULE = (0, 0)  # three attempts in all, each due at once


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as state:
        yield state


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, webhook_allowed_hosts=("127.0.0.1",), webhook_retry_schedule=RETRY_SCHEDULE)
