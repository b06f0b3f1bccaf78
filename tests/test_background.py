"""Work run beside the page writer (stable_output.background): what a forked task announces
(claimed files, validity moments, log records, failures) reaches the build process."""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime

import pytest
from newsroom.outputs import beside_pages, claim, valid_until
from stable_output import uptodate
from stable_output.background import BACKGROUND, BackgroundError
from stable_output.parallel import default_workers

forking = pytest.mark.skipif(default_workers() < 2, reason="needs two usable cores")
log = logging.getLogger("tests.background")
MOMENT = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clean_state():
    uptodate._claims.clear()
    uptodate._deadlines.clear()
    yield
    BACKGROUND.end()


def _work(folder, name="hasil.txt"):
    def work():
        target = folder / name
        target.write_text(str(os.getpid()))
        claim([target])
        valid_until([MOMENT])
        log.warning("peringatan dari %s", name)
        log.error("kesalahan dari %s", name)

    return work


def _counting_errors():
    counter = uptodate._ErrorCounter()
    logging.getLogger().addHandler(counter)
    return counter


@forking
def test_forked_work_announces_claims_deadlines_and_records(tmp_path, caplog):
    BACKGROUND.begin({})
    assert beside_pages("uji", _work(tmp_path))
    assert not (tmp_path / "hasil.txt").exists()  # taken, not run yet
    counter = _counting_errors()
    try:
        BACKGROUND.start()
        BACKGROUND.join()
    finally:
        logging.getLogger().removeHandler(counter)
    written = tmp_path / "hasil.txt"
    assert written.read_text() != str(os.getpid())  # another process wrote it
    assert str(written) in uptodate._claims
    assert uptodate._deadlines == [MOMENT]
    messages = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert ("WARNING", "peringatan dari hasil.txt") in messages
    assert ("ERROR", "kesalahan dari hasil.txt") in messages
    assert counter.count == 1  # an error of the task fails the build like any other


@forking
def test_failure_is_raised_in_build_process_naming_the_task(tmp_path):
    def broken():
        raise ValueError("berkas rusak")

    BACKGROUND.begin({})
    beside_pages("feeds", broken)
    beside_pages("sesudahnya", _work(tmp_path))
    BACKGROUND.start()
    with pytest.raises(BackgroundError, match=r"feeds: ValueError: berkas rusak"):
        BACKGROUND.join()
    assert not (tmp_path / "hasil.txt").exists()  # nothing after the failed task


@forking
def test_process_that_dies_is_an_error(tmp_path):
    BACKGROUND.begin({})
    beside_pages("mati", lambda: os._exit(3))
    BACKGROUND.start()
    with pytest.raises(BackgroundError, match="kode 3"):
        BACKGROUND.join()


def test_not_taken_outside_a_build(tmp_path):
    assert not beside_pages("uji", _work(tmp_path))
    assert not (tmp_path / "hasil.txt").exists()  # the caller runs it itself


def test_runs_in_build_process_when_turned_off(tmp_path):
    BACKGROUND.begin({"STABLE_OUTPUT_BACKGROUND": False})
    assert beside_pages("satu", _work(tmp_path, "satu.txt"))
    assert beside_pages("dua", _work(tmp_path, "dua.txt"))
    BACKGROUND.start()
    assert not (tmp_path / "satu.txt").exists()  # after the pages, not before
    BACKGROUND.join()
    assert (tmp_path / "satu.txt").read_text() == str(os.getpid())
    assert (tmp_path / "dua.txt").read_text() == str(os.getpid())
    assert str(tmp_path / "dua.txt") in uptodate._claims


def test_join_runs_work_never_started(tmp_path):
    BACKGROUND.begin({"STABLE_OUTPUT_BACKGROUND": False})
    beside_pages("uji", _work(tmp_path))
    BACKGROUND.join()
    assert (tmp_path / "hasil.txt").exists()


@forking
def test_abandoned_work_finishes_its_files_then_is_forgotten(tmp_path, caplog):
    BACKGROUND.begin({})
    for number in range(2000):  # more to send back than a pipe holds
        beside_pages("klaim", lambda n=number: claim([tmp_path / f"berkas-{n}.html"]))
    beside_pages("uji", _work(tmp_path))
    BACKGROUND.start()
    process = BACKGROUND.forked.process
    BACKGROUND.abandon(wait=20)  # the build failed while the work ran
    assert process.exitcode == 0  # finished by itself, not stopped
    assert (tmp_path / "hasil.txt").exists()
    assert str(tmp_path / "hasil.txt") not in uptodate._claims  # nothing announced
    assert "kesalahan dari" not in caplog.text
    BACKGROUND.end()
    assert not beside_pages("uji", _work(tmp_path))  # the build is over


@forking
def test_abandoned_work_that_hangs_is_stopped(tmp_path):
    BACKGROUND.begin({})
    beside_pages("lambat", lambda: __import__("time").sleep(60))
    BACKGROUND.start()
    process = BACKGROUND.forked.process
    BACKGROUND.abandon(wait=0.2)
    assert not process.is_alive()
