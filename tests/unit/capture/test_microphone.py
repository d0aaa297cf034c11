from __future__ import annotations

import sys
import time

import numpy as np
import pytest

from tests.fakes.sounddevice_module import FakeInputStream, fake_sounddevice
from vfapp.capture.microphone import SoundDeviceMicrophone
from vfapp.domain.errors import MicrophoneLost, MicrophoneUnavailable


def test_blocks_are_stamped_from_the_adc_time_on_our_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice())
    mic = SoundDeviceMicrophone()
    mic.open()
    stream = FakeInputStream.last
    assert stream is not None and stream.started
    assert stream.options["samplerate"] == 48_000 and stream.options["dtype"] == "float32"
    before = time.monotonic()
    # The stream's clock is its own (here 1e9 s): only the 30 ms between ADC and now counts.
    stream.deliver(np.ones(480, np.float32), stream_now=1e9 + 0.030, adc=1e9)
    block = mic.read()
    assert before - 0.031 <= block.t <= time.monotonic() - 0.029
    assert block.samples.dtype == np.float32 and block.samples.shape == (480,)


def test_unplugging_is_reported_as_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice())
    mic = SoundDeviceMicrophone()
    mic.open()
    assert FakeInputStream.last is not None
    FakeInputStream.last.unplug()
    with pytest.raises(MicrophoneLost, match="disconnected"):
        mic.read()


def test_a_microphone_that_goes_quiet_is_reported_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice())
    mic = SoundDeviceMicrophone()
    mic.open()
    with pytest.raises(MicrophoneLost, match="half a second"):
        mic.read()


def test_no_input_device_means_picture_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice(has_input=False))
    with pytest.raises(MicrophoneUnavailable, match=r"no microphone was found.*picture only"):
        SoundDeviceMicrophone().open()


def test_the_real_portaudio_here_either_opens_or_says_why_not_in_words() -> None:
    mic = SoundDeviceMicrophone()
    try:
        mic.open()
    except MicrophoneUnavailable as error:
        assert "recording picture only" in str(error)
    else:
        mic.close()
