"""Shared pytest configuration: Hypothesis profiles and the ``slow`` marker.

Hypothesis profiles:

* ``ci`` (the default): derandomized (a fixed seed, so CI runs are reproducible), about 150
  examples per property, no deadline (CI machines stall);
* ``long``: 5000 examples per property, random seeds; select it for a long local run with
  ``HYPOTHESIS_PROFILE=long python -m pytest tests/test_properties.py``.

Tests marked ``@pytest.mark.slow`` are skipped unless selected with ``-m slow``.

The index cache (``entnorm._cache``) goes to a fresh directory for the session (also for the
command-line subprocesses, which inherit the environment), never to the user's own cache.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

_CACHE_DIR = tempfile.mkdtemp(prefix="entnorm-test-cache-")
os.environ["ENTNORM_CACHE_DIR"] = _CACHE_DIR
atexit.register(shutil.rmtree, _CACHE_DIR, ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: long-running test, skipped unless run with -m slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    markexpr = config.getoption("markexpr", "") or ""
    if "slow" in markexpr:
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
