"""Settings read once: where the data directory is and the limits the stages work under."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA_DIR = ".kg"
DEFAULT_SEEDS_DIR = "seeds"


@dataclass(frozen=True)
class Settings:
    """Paths and limits; build one with :func:`load_settings`."""

    data_dir: Path
    seeds_dir: Path = field(default_factory=lambda: Path(DEFAULT_SEEDS_DIR))
    # spaCy parses at most this many characters at once; longer documents are parsed
    # paragraph by paragraph instead of raising the model's max_length.
    max_chunk_chars: int = 100_000
    batch_size: int = 32

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "stores"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "documents"

    @property
    def current_file(self) -> Path:
        return self.data_dir / "CURRENT"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "build.lock"


def load_settings(data_dir: str | os.PathLike[str] | None = None) -> Settings:
    """Settings from an explicit data directory, else ``$KG_DATA``, else ``./.kg``."""
    chosen = data_dir or os.environ.get("KG_DATA") or DEFAULT_DATA_DIR
    return Settings(data_dir=Path(chosen))
