"""Console fixtures: webhooks may target the loopback receiver, and retries are due at once."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from lf_webhooks import Receiver, running_receiver

from lessonforge.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, webhook_allowed_hosts=("127.0.0.1",), webhook_retry_schedule=(0, 0))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as state:
        yield state
