"""``newsarchive schedule``: the crontab line, and installing it in a fake crontab.

The real crontab is never touched: each test gives a fake ``crontab``
command (a shell script keeping the table in a file) through
``NEWSARCHIVE_CRONTAB`` or ``--crontab``.
"""
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from archive_runs import write_sites_file
from newsarchive.archive.layout import ArchiveLayout
from newsarchive.cli import main
from newsarchive.cron import CRONTAB_ENV, cron_line, cron_timing

FAKE_CRONTAB = """#!/bin/sh
table="$(dirname "$0")/table"
case "$1" in
  -l) [ -f "$table" ] || { echo "no crontab for tester" >&2; exit 1; }; cat "$table" ;;
  -) cat > "$table" ;;
  *) echo "usage: crontab -l | crontab -" >&2; exit 2 ;;
esac
"""
OTHER_JOB = "30 2 * * * /usr/local/bin/backup # the user's own"


@pytest.mark.parametrize("every, timing", [
    (timedelta(minutes=1), "* * * * *"), (timedelta(minutes=15), "*/15 * * * *"),
    (timedelta(hours=1), "0 * * * *"), (timedelta(hours=6), "0 */6 * * *"),
    (timedelta(days=1), "0 0 * * *"), (timedelta(weeks=1), "0 0 * * 0"),
])
def test_cron_timing_of_each_even_interval(every, timing):
    assert cron_timing(every) == timing


@pytest.mark.parametrize("every", [timedelta(minutes=7), timedelta(minutes=90), timedelta(hours=5), timedelta(days=2)])
def test_intervals_cron_cannot_keep_are_refused(every):
    with pytest.raises(ValueError, match="cron cannot run that evenly"):
        cron_timing(every)


def test_the_line_uses_absolute_paths_and_redirects_to_the_archive_log():
    line = cron_line(timedelta(hours=1), Path("/srv/news/sites.toml"), "demo",
                     ArchiveLayout(Path("/srv/news 100%/archive")), Path("/srv/news"),
                     Path("/srv/news/.venv/bin/newsarchive"))
    assert line == ("0 * * * * cd /srv/news && ARCHIVE_DIR='/srv/news 100\\%/archive' "
                    "/srv/news/.venv/bin/newsarchive run --sites /srv/news/sites.toml --only demo "
                    ">> '/srv/news 100\\%/archive/logs/run.log' 2>&1 "
                    "# newsarchive-run sites=/srv/news/sites.toml only=demo")


@pytest.fixture
def fake_crontab(tmp_path, monkeypatch) -> Path:
    """A fake crontab command, named by NEWSARCHIVE_CRONTAB; its table is ``table`` beside it."""
    folder = tmp_path / "cron"
    folder.mkdir()
    script = folder / "crontab"
    script.write_text(FAKE_CRONTAB, encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv(CRONTAB_ENV, str(script))
    return folder / "table"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project folder with a sites file, as the working directory."""
    write_sites_file(tmp_path, "http://127.0.0.1:8642")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def schedule(capsys, *args) -> tuple[int, str]:
    status = main(["schedule", *args])
    return status, capsys.readouterr().out


def test_printing_the_line_touches_no_crontab(project, fake_crontab, capsys):
    status, out = schedule(capsys, "--every", "30m", "--archive-dir", "archive")
    assert status == 0 and not fake_crontab.exists()
    executable = Path(sys.executable).absolute().parent / "newsarchive"
    assert out == (f"*/30 * * * * cd {project} && ARCHIVE_DIR={project}/archive {executable} run --sites "
                   f"{project}/sites.toml >> {project}/archive/logs/run.log 2>&1 "
                   f"# newsarchive-run sites={project}/sites.toml\n")
    assert (project / "archive" / "logs").is_dir()  # where cron appends the log


def test_install_list_and_remove_keep_the_users_other_lines(project, fake_crontab, capsys):
    fake_crontab.write_text(OTHER_JOB + "\n", encoding="utf-8")
    assert schedule(capsys, "--every", "1h", "--install")[0] == 0
    assert schedule(capsys, "--every", "15m", "--install")[0] == 0  # replaces its own line
    lines = fake_crontab.read_text(encoding="utf-8").splitlines()
    assert lines[0] == OTHER_JOB and len(lines) == 2
    assert lines[1].startswith("*/15 * * * * cd ") and lines[1].endswith(f"# newsarchive-run sites={project}/sites.toml")
    status, out = schedule(capsys, "--list")
    assert status == 0 and out == lines[1] + "\n"
    status, out = schedule(capsys, "--remove")
    assert status == 0 and "removed 1 line(s)" in out
    assert fake_crontab.read_text(encoding="utf-8") == OTHER_JOB + "\n"


def test_remove_takes_out_a_line_installed_with_only(project, fake_crontab, capsys):
    fake_crontab.write_text(OTHER_JOB + "\n", encoding="utf-8")
    assert schedule(capsys, "--install", "--only", "demo")[0] == 0
    assert schedule(capsys, "--install")[0] == 0
    assert len(fake_crontab.read_text(encoding="utf-8").splitlines()) == 3
    status, out = schedule(capsys, "--remove", "--only", "other")  # another site's line: none
    assert status == 0 and "no line of" in out and len(fake_crontab.read_text(encoding="utf-8").splitlines()) == 3
    status, out = schedule(capsys, "--remove")  # without --only: every line of the sites file
    assert status == 0 and "removed 2 line(s)" in out
    assert fake_crontab.read_text(encoding="utf-8") == OTHER_JOB + "\n"
    assert schedule(capsys, "--list")[1] == "no newsarchive line in your crontab\n"


def test_install_into_an_empty_crontab_with_the_crontab_option(project, fake_crontab, monkeypatch, capsys):
    command = str(fake_crontab.with_name("crontab"))
    monkeypatch.delenv(CRONTAB_ENV)
    status, out = schedule(capsys, "--install", "--only", "demo", "--crontab", command)
    assert status == 0 and out.startswith("installed in your crontab:\n0 * * * * ")
    assert fake_crontab.read_text(encoding="utf-8").rstrip("\n").endswith("only=demo")


def test_without_a_crontab_command_the_error_says_so(project, monkeypatch, caplog):
    monkeypatch.setenv(CRONTAB_ENV, "no-such-crontab-command")
    assert main(["schedule", "--install"]) == 1
    assert "no crontab command (no-such-crontab-command not found): install cron" in caplog.text


def test_a_broken_sites_file_is_not_scheduled_and_exits_as_run_does(project, fake_crontab, caplog):
    (project / "sites.toml").write_text("[[site]]\n", encoding="utf-8")
    assert main(["schedule", "--install"]) == main(["run", "--sites", "sites.toml"]) == 2
    assert "missing key 'name'" in caplog.text and not fake_crontab.exists()


@pytest.mark.parametrize("folder, message", [
    ("/proc/nope", "archive folder /proc/nope: cannot create it or write in it: No such file or directory"),
    ("sites.toml", "archive folder {project}/sites.toml: not a folder"),
    ("sites.toml/archive", "archive folder {project}/sites.toml/archive: cannot create it or write in it: "
                           "Not a directory"),
])
def test_an_archive_folder_that_cannot_be_used_is_not_scheduled(project, fake_crontab, caplog, folder, message):
    assert main(["schedule", "--install", "--archive-dir", folder]) == 2
    assert message.format(project=project) in caplog.text
    assert not fake_crontab.exists()
