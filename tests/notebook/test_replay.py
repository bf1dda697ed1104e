"""recording.replay(): a play button and slider with ipywidgets, the final state without."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import inspector

from .markup import check_markup

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def test_widget_replay_moves_through_the_stream(hostile_recording: Path) -> None:
    rec = inspector.load(hostile_recording)
    view = rec.replay()
    assert view.uses_widgets and view.total == 4 and view.position == 0
    bundle = view._repr_mimebundle_()
    assert WIDGET_MIME in bundle
    # The static fallback sent with the widget is the complete response.
    assert "after chunk 4 of 4 (complete)" in check_markup(bundle["text/html"])
    frame = view.widget.children[1]
    slider = view.widget.children[0].children[1]
    assert "after chunk 0 of 4" in check_markup(frame.value)
    slider.value = 1  # what dragging the slider or pressing play does
    text = check_markup(frame.value)
    assert view.position == 1 and "Hello <b>world</b>" in text and "& more" not in text
    view.position = 3
    text = check_markup(frame.value)
    assert slider.value == 3 and "Hello <b>world</b> & more" in text and "Lisbon" in text
    assert "this chunk:" in text and "tool_calls[0].args" in text


def test_frames_come_from_the_core_replay(hostile_recording: Path) -> None:
    rec = inspector.load(hostile_recording)
    for n in range(rec.core.replay.total + 1):
        assert rec.state(n) == rec.core.replay.state(n)
    assert rec.state(99).primary.text == rec.rebuild.text


def test_static_replay_shows_the_final_response(hostile_recording: Path) -> None:
    view = inspector.load(hostile_recording).replay(widgets=False)
    assert view.widget is None and view.position == view.total
    bundle = view._repr_mimebundle_()
    assert WIDGET_MIME not in bundle
    text = check_markup(bundle["text/html"])
    assert "after chunk 4 of 4 (complete)" in text and "Hello <b>world</b> & more" in text and "prompt_tokens" in text
    assert "after chunk 2 of 4" in check_markup(inspector.load(hostile_recording).replay(2, widgets=False)._repr_html_())


def test_without_ipywidgets_the_replay_is_static(hostile_recording: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import now fails
    view = inspector.load(hostile_recording).replay()
    assert not view.uses_widgets and WIDGET_MIME not in view._repr_mimebundle_()
    with pytest.raises(ImportError, match=r"recording-inspector\[jupyter\]"):
        inspector.load(hostile_recording).replay(widgets=True)


def test_a_response_that_was_not_streamed_has_nothing_to_animate(tmp_path: Path, samples_dir: Path) -> None:
    rec = inspector.open(samples_dir).filter("kind:embeddings")[0]
    view = rec.replay()
    assert not view.uses_widgets
    assert "not streamed" in check_markup(view._repr_html_())


def test_long_streams_skip_chunks_to_finish_in_time(hostile_recording: Path) -> None:
    view = inspector.load(hostile_recording).replay(interval=10_000)
    assert view.step == 2  # 4 chunks x 10 s would take 40 s
    with pytest.raises(ValueError):
        inspector.load(hostile_recording).replay(step=0)
