"""docker-compose.yml parses, names its services, and sets only variables the settings read."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ["web", "worker", "beat"]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def settings_variables():
    text = (ROOT / "portal" / "settings.py").read_text()
    return set(re.findall(r"""(?:os\.environ\.get|env_bool|env_int|env_list)\(\s*["']([A-Z_]+)["']""", text))


def env_file_variables(path):
    names = set()
    for line in (ROOT / path).read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.add(line.split("=", 1)[0])
    return names


def test_compose_names_the_services():
    services = compose()["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat", "proxy"}
    for name, service in services.items():
        assert "healthcheck" in service, name
    assert "pgdata:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "443:443" in services["proxy"]["ports"]


def test_every_variable_set_for_the_app_is_read_by_the_settings():
    read = settings_variables()
    services = compose()["services"]
    for name in APP_SERVICES:
        service = services[name]
        assert set(service["environment"]) <= read, name
        env_file = service["env_file"]
        example = env_file + ".example"
        assert env_file_variables(example) <= read


def test_required_production_settings_are_set():
    services = compose()["services"]
    for name in APP_SERVICES:
        service = services[name]
        provided = set(service["environment"]) | env_file_variables(service["env_file"] + ".example")
        assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"} <= provided, name
        assert service["environment"]["DEBUG"] == "0"


def test_exactly_one_beat():
    services = compose()["services"]
    beats = [n for n, s in services.items() if "beat" in str(s.get("command", ""))]
    assert beats == ["beat"]
    assert "deploy" not in services["beat"] or services["beat"]["deploy"].get("replicas", 1) == 1


def test_proxy_forwards_the_scheme_the_settings_trust():
    conf = (ROOT / "deploy" / "nginx" / "portal.conf").read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "ssl_certificate" in conf
