"""HQ settings from the environment (prefix POS_HQ_), e.g. POS_HQ_DB_URL=postgresql://..."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_DIR_NAME = "pos-hq"


def default_db_url() -> str:
    return f"sqlite:///{Path(user_data_dir(APP_DIR_NAME)) / 'hq.sqlite'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POS_HQ_", extra="ignore")

    db_url: str = default_db_url()
    host: str = "127.0.0.1"
    port: int = 8765
    # A terminal seen within this many seconds counts as online on the dashboard.
    online_window_seconds: int = 120
    # Tills older than this are told so in every push answer.
    min_app_version: str = "0.1.0"
    # How long a one-time enrolment code stays valid.
    enrol_code_hours: int = 24
    # Clock skew (terminal_time vs HQ time) above which the dashboard highlights a terminal.
    clock_skew_warn_seconds: int = 300


@lru_cache
def get_settings() -> Settings:
    return Settings()
