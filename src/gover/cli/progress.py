"""A one-line download progress bar for terminals (stderr); nothing when not a tty."""

from __future__ import annotations

import time
from collections.abc import Callable

from gover.cli.render import human_bytes

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import TextIO


def bar_factory(stream: TextIO) -> Callable[[str], Callable[[int, int | None], None]]:
    def make(label: str) -> Callable[[int, int | None], None]:
        start = time.monotonic()
        last = [0.0]

        def update(done: int, total: int | None) -> None:
            now = time.monotonic()
            finished = total is not None and done >= total
            if now - last[0] < 0.1 and not finished:
                return
            last[0] = now
            rate = done / max(now - start, 1e-6)
            if total:
                frac = min(done / total, 1.0)
                filled = int(frac * 24)
                bar = "█" * filled + "·" * (24 - filled)
                text = (f"\r  {label}  {bar} {frac * 100:3.0f}%  {human_bytes(done)}/"
                        f"{human_bytes(total)}  {human_bytes(int(rate))}/s")
            else:
                text = f"\r  {label}  {human_bytes(done)}  {human_bytes(int(rate))}/s"
            stream.write(text + ("\n" if finished else ""))
            stream.flush()

        return update

    return make
