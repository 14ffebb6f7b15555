"""One scrubber per test session: the spaCy model and recognizers load once."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def scrubber():
    from curator.stages.pii.scrubber import PiiScrubber

    return PiiScrubber()


@pytest.fixture(scope="session")
def pseudonymizer():
    from curator.stages.pii.scrubber import PiiScrubber

    return PiiScrubber(replacement="pseudonym")
