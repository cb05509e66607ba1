"""Settings: defaults < TOML file < EREJ_* environment < flags."""

from __future__ import annotations

import pytest

from erej_tui.config import ConfigError, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ("EREJ_BACKEND", "EREJ_LANG", "EREJ_THEME", "EREJ_DATA_DIR", "EREJ_CLOCK"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EREJ_CONFIG_FILE", str(tmp_path / "config.toml"))
    return tmp_path / "config.toml"


def test_defaults_without_a_file():
    s = load_settings()
    assert (s.backend, s.lang, s.theme, s.keymap) == ("embedded", "pl", "dark", {})
    assert s.embedded


def test_each_layer_overrides_the_one_below(clean_env, monkeypatch):
    clean_env.write_text(
        'backend = "http://file.example:8000"\nlang = "en"\ntheme = "light"\n'
        '[keymap]\n"app.quit" = "ctrl+q"\n',
        encoding="utf-8",
    )
    s = load_settings()
    assert (s.backend, s.lang, s.theme) == ("http://file.example:8000", "en", "light")
    assert s.keymap == {"app.quit": "ctrl+q"}
    assert s.api_url == "http://file.example:8000/api/v1"

    monkeypatch.setenv("EREJ_LANG", "pl")
    monkeypatch.setenv("EREJ_BACKEND", "http://env.example")
    s = load_settings()
    assert (s.backend, s.lang, s.theme) == ("http://env.example", "pl", "light")

    s = load_settings(backend="embedded", lang="en", theme=None)
    assert (s.backend, s.lang, s.theme) == ("embedded", "en", "light")


@pytest.mark.parametrize("content", [b"backend = \n", b"lang = '\xff'\n"])
def test_a_broken_file_is_a_plain_error(clean_env, content):
    clean_env.write_bytes(content)  # bad TOML, or bytes that are not UTF-8
    with pytest.raises(ConfigError, match="składni"):
        load_settings()


@pytest.mark.parametrize(("field", "value"), [("backend", "ftp://x"), ("lang", "de")])
def test_bad_values_are_plain_errors(field, value):
    with pytest.raises(ConfigError, match=field):
        load_settings(**{field: value})


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("EREJ_SEED", "abc", "seed: oczekiwano liczby całkowitej"),
        ("EREJ_TIMEOUT", "0", "timeout: od 0 do 300 sekund"),
        ("EREJ_CLOCK", "jutro", "clock: oczekiwano daty"),
        ("EREJ_KEYMAP", "{nie json", "keymap: oczekiwano obiektu JSON"),
        ("EREJ_THEME", "blue", "theme: dozwolone: dark, light"),
    ],
)
def test_bad_environment_values_are_plain_errors(monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=message):
        load_settings()


def test_environment_values_are_converted(monkeypatch):
    monkeypatch.setenv("EREJ_SEED", "7")
    monkeypatch.setenv("EREJ_TIMEOUT", "2.5")
    monkeypatch.setenv("EREJ_CLOCK", "2026-12-01T08:00")
    monkeypatch.setenv("EREJ_KEYMAP", '{"app.quit": "ctrl+x"}')
    s = load_settings()
    assert (s.seed, s.timeout, s.clock.hour, s.keymap) == (7, 2.5, 8, {"app.quit": "ctrl+x"})


def test_an_unreadable_file_is_a_plain_error(clean_env):
    clean_env.mkdir()  # a folder where the file should be
    with pytest.raises(ConfigError, match="Nie można odczytać pliku konfiguracji"):
        load_settings()
