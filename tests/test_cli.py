"""The ``newsarchive`` command line: options every command shares."""
import pytest

from newsarchive.cli import build_parser


@pytest.mark.parametrize("argv, verbose", [
    (["run", "--sites", "sites.toml"], False),
    (["-v", "run", "--sites", "sites.toml"], True),
    (["run", "--sites", "sites.toml", "-v"], True),
    (["-v", "crawl", "--sites", "sites.toml", "-v"], True),
    (["history", "--verbose", "0123456789abcdef"], True),
])
def test_verbose_goes_before_or_after_the_command(argv, verbose):
    assert build_parser().parse_args(argv).verbose is verbose
