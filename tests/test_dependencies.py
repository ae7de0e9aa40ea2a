"""Every dependency pyproject.toml declares is used by the package and said
why in the README: Scrapy brings its own (itemadapter, parsel).  So are
those of the optional extras the package uses (``distributed``); the test
extra's are the tests' own."""
import re
import tomllib
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


#: The optional extras whose packages the package itself imports.
PACKAGE_EXTRAS = ("distributed",)


def declared() -> list[str]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + [spec for extra in PACKAGE_EXTRAS
                                       for spec in project["optional-dependencies"][extra]]
    return [re.match(r"[A-Za-z0-9_.-]+", spec).group() for spec in specs]


def test_each_declared_dependency_is_imported_by_the_package():
    sources = "\n".join(path.read_text(encoding="utf-8") for path in (PROJECT / "newsarchive").rglob("*.py"))
    unused = [name for name in declared()
              if not re.search(rf"^\s*(?:import|from) {name.replace('-', '_')}\b", sources, re.M)]
    assert unused == []


def test_each_declared_dependency_is_explained_in_the_readme():
    table = re.findall(r"^\| ([^|]+?) \|", (PROJECT / "README.md").read_text(encoding="utf-8"), re.M)
    explained = {name.strip() for row in table for name in row.split(",")}
    assert [name for name in declared() if name not in explained] == []
