"""The deployment files read as they must (Docker is not available here to build the image):
.env.example lists every variable the settings read, gunicorn's config sizes itself from the CPU
count, compose.yaml runs exactly one beat, and the image and `scripts/dev.py prod` run the same commands."""

import importlib.util
import re
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "bontang_aker" / "gunicorn.conf.py"


def load_script(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dev = load_script("dev_runner_for_deploy", ROOT / "scripts" / "dev.py")
healthcheck = load_script("container_healthcheck", ROOT / "scripts" / "container_healthcheck.py")


def test_env_example_lists_every_variable_the_settings_read():
    # given every env("NAME"), env.int("NAME"), ... in the settings
    source = (ROOT / "bontang_aker" / "settings" / "base.py").read_text()
    names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', source))
    example = (ROOT / ".env.example").read_text()
    # then each has a line in .env.example (set, or commented out when it has no safe example)
    missing = sorted(name for name in names if not re.search(rf"^#? ?{name}=", example, re.M))
    assert names and not missing, f"add to .env.example, with a comment: {missing}"


def test_gunicorn_workers_follow_the_cpu_count_up_to_the_cap(monkeypatch):
    # given the environment an operator may set
    for name in ("GUNICORN_WORKERS", "GUNICORN_MAX_WORKERS", "GUNICORN_BIND", "PORT", "GUNICORN_CONTROL_SOCKET"):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(str(GUNICORN_CONF))
    # then 2 x CPU + 1, capped at 8 by default, and the access log goes to stdout
    assert config["default_workers"](1, 8) == 3 and config["default_workers"](2, 8) == 5
    assert config["default_workers"](16, 8) == 8
    assert config["workers"] == min(2 * config["cpu_count"]() + 1, 8)
    assert config["accesslog"] == "-" and config["bind"] == ["0.0.0.0:8000"]
    assert config["wsgi_app"] == "bontang_aker.wsgi:application"
    assert config["control_socket_disable"] is True
    # when the variables are set, then they win
    monkeypatch.setenv("GUNICORN_MAX_WORKERS", "2")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9000")
    monkeypatch.setenv("GUNICORN_FORWARDED_ALLOW_IPS", "10.0.0.2")
    config = runpy.run_path(str(GUNICORN_CONF))
    assert (config["workers"], config["bind"], config["forwarded_allow_ips"]) == (2, ["127.0.0.1:9000"], "10.0.0.2")
    monkeypatch.setenv("GUNICORN_WORKERS", "7")
    assert runpy.run_path(str(GUNICORN_CONF))["workers"] == 7


def test_prod_runs_production_settings_and_the_image_commands():
    env = dev.prod_settings_env()
    assert env == {"DJANGO_SETTINGS_MODULE": "bontang_aker.settings.base", "DJANGO_DEBUG": "0"}
    commands = dev.prod_commands("python", beat_schedule="/tmp/beat")
    assert commands["web"] == ["python", "-m", "gunicorn", "-c", str(GUNICORN_CONF)]
    assert commands["worker"][2:6] == ["celery", "-A", "bontang_aker", "worker"]
    assert commands["beat"][-2:] == ["--schedule", "/tmp/beat"]
    # and the image runs the same gunicorn config
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "-c", "bontang_aker/gunicorn.conf.py"]' in dockerfile


def test_dockerfile_is_slim_non_root_with_static_files_and_a_healthcheck():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    assert stages and all(image == "python:3.11-slim" for image in stages)
    runtime = dockerfile.rsplit("\nFROM ", 1)[1]
    assert re.search(r"^USER aker$", runtime, re.M)
    assert "pip install -r requirements.txt" in dockerfile
    assert "compilemessages" in dockerfile and "collectstatic --no-input" in dockerfile
    assert "HEALTHCHECK" in runtime and "container_healthcheck.py" in runtime
    assert "/healthz" in (ROOT / "scripts" / "container_healthcheck.py").read_text()
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".env", "var", "staticfiles"} <= set(ignored)


def test_healthcheck_sends_an_allowed_host():
    assert healthcheck.probe_host("aker.bontangkota.go.id,www.example") == "aker.bontangkota.go.id"
    assert healthcheck.probe_host(".bontangkota.go.id") == "bontangkota.go.id"
    assert healthcheck.probe_host("") == healthcheck.probe_host("*") == "localhost"


def test_compose_runs_one_beat_and_the_app_services_from_env():
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    beats = [name for name, s in services.items() if "beat" in " ".join(map(str, s.get("command") or []))]
    assert beats == ["beat"] and services["beat"]["deploy"]["replicas"] == 1
    assert services["worker"]["command"][:4] == ["celery", "-A", "bontang_aker", "worker"]
    for name in ("migrate", "web", "worker", "beat"):
        assert services[name]["env_file"] == ".env"
        assert services[name]["environment"]["DJANGO_SETTINGS_MODULE"] == "bontang_aker.settings.base"
    assert {"pgdata", "media", "reports", "backups"} <= set(compose["volumes"])
    assert "/data/media" in " ".join(services["web"]["volumes"])
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in services["caddy"]["volumes"]
    assert "reverse_proxy" in (ROOT / "Caddyfile").read_text()
