"""Shared fixtures: the demo news site, served once for the whole session."""
import pytest

from newsarchive.demo.server import running_demo_site


@pytest.fixture(scope="session")
def demo_site() -> str:
    """The origin (``http://127.0.0.1:PORT``) of the demo site, served on a
    free loopback port in a background thread."""
    with running_demo_site() as origin:
        yield origin
