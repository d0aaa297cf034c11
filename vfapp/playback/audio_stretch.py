"""Slower or faster sound at the same pitch (FFmpeg's atempo), resampled for the output."""

from __future__ import annotations

from fractions import Fraction

import av
import av.error
import av.filter
import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.float32]  # interleaved float32, `channels` per frame
MIN_SPEED, MAX_SPEED = 0.1, 2.0


def atempo_factors(speed: float) -> list[float]:
    """atempo takes 0.5-2.0 per stage: a chain of stages whose product is `speed`."""
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise ValueError(f"speed must be between {MIN_SPEED} and {MAX_SPEED}")
    factors, rest = [], speed
    while rest < 0.5:
        factors.append(0.5)
        rest /= 0.5
    return [*factors, rest]


class TempoStretcher:
    """Push decoded audio frames in; get float32 samples at `out_rate`, `channels` wide."""

    def __init__(self, speed: float, out_rate: int, channels: int) -> None:
        self.speed, self.out_rate, self.channels = speed, out_rate, channels
        self._factors = atempo_factors(speed)
        self._graph: av.filter.Graph | None = None
        self._pts = 0

    def _build(self, first: av.AudioFrame) -> av.filter.Graph:
        """The graph is shaped by the decoder's own format, known from its first frame."""
        graph = av.filter.Graph()
        last = graph.add(
            "abuffer",
            sample_rate=str(first.sample_rate),
            sample_fmt=first.format.name,
            channel_layout=first.layout.name,
            time_base=f"1/{first.sample_rate}",
        )
        layout = "mono" if self.channels == 1 else "stereo"
        stages = [("atempo", f"{factor:.6f}") for factor in self._factors]
        stages.append(
            ("aformat", f"sample_fmts=flt:sample_rates={self.out_rate}:channel_layouts={layout}")
        )
        for name, args in stages:
            node = graph.add(name, args)
            last.link_to(node)
            last = node
        sink = graph.add("abuffersink")
        last.link_to(sink)
        graph.configure()
        return graph

    def push(self, frame: av.AudioFrame) -> Samples:
        if self._graph is None:
            self._graph = self._build(frame)
        frame.pts, frame.time_base = self._pts, Fraction(1, frame.sample_rate)
        self._pts += frame.samples
        self._graph.push(frame)
        return self._drain()

    def flush(self) -> Samples:
        if self._graph is None:
            return np.zeros(0, np.float32)
        self._graph.push(None)
        return self._drain()

    def _drain(self) -> Samples:
        assert self._graph is not None
        pieces = []
        while True:
            try:
                out = self._graph.pull()
            except (av.error.BlockingIOError, av.error.EOFError):
                break
            pieces.append(out.to_ndarray().reshape(-1))
        if not pieces:
            return np.zeros(0, np.float32)
        return np.concatenate(pieces).astype(np.float32, copy=False)
