"""The entry points' garbage-collector pause: nested and overlapping pauses end with the collector as
the first of them found it."""

import gc
import threading

import pytest

from bot import collector


@pytest.fixture
def collecting():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_a_pause_switches_the_collector_off_and_back_on(collecting) -> None:
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_switch_it_back_on_only_at_the_outermost_end(collecting) -> None:
    with collector.paused():
        with collector.paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_leaves_a_collector_switched_off_elsewhere_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_overlapping_pauses_of_two_threads_end_with_the_last_of_them(collecting) -> None:
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def second() -> None:
        first_in.wait(5)
        with collector.paused():
            second_in.set()
            first_out.wait(5)  # the first thread's pause ended meanwhile: still paused for this one
            seen.append(gc.isenabled())

    thread = threading.Thread(target=second)
    thread.start()
    with collector.paused():
        first_in.set()
        second_in.wait(5)
    first_out.set()
    thread.join(5)
    assert seen == [False] and gc.isenabled()


def test_a_command_runs_paused_and_the_collector_is_back_after_an_error(collecting) -> None:
    @collector.paused()
    def command() -> None:
        assert not gc.isenabled()
        raise ValueError("broken input")

    with pytest.raises(ValueError):
        command()
    assert gc.isenabled()
