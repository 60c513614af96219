#!/usr/bin/env bash
# eng/lib/packages.sh — sourced by eng/run.sh and eng/test.sh.
#
#   rabat_ensure_packages   the Debian packages the AppHost's process mode runs (PostgreSQL, RabbitMQ,
#                           aiosmtpd, Redis), curl, and kubectl (the tests render deploy/ offline): installs
#                           the missing ones with apt when root, otherwise prints the command to run
#                           and returns 1.
#
# Nothing here starts a server: the AppHost does (AppHost/Infrastructure).

if [[ -n "${_RABAT_PACKAGES_SH_LOADED:-}" ]]; then
    return 0
fi
_RABAT_PACKAGES_SH_LOADED=1

# Debian's own python: the python3 on PATH may be a pyenv build without aiosmtpd.
RABAT_SYS_PYTHON=/usr/bin/python3

_rabat_has_postgres() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x "$d/postgres" && -x "$d/initdb" ]] && return 0
    done
    return 1
}

_rabat_missing_packages() {
    [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || echo rabbitmq-server
    _rabat_has_postgres || echo postgresql
    # The gateway's shared state (AppHost/Infrastructure: redis-server as a process).
    command -v redis-server >/dev/null 2>&1 || echo redis-server
    { [[ -x "$RABAT_SYS_PYTHON" ]] && "$RABAT_SYS_PYTHON" -c 'import aiosmtpd' >/dev/null 2>&1; } || echo python3-aiosmtpd
    command -v curl >/dev/null 2>&1 || echo curl
    # Renders deploy/ offline for the manifest tests (tests/RabatPlatform.ArchitectureTests/DeploymentTests.cs).
    command -v kubectl >/dev/null 2>&1 || echo kubectl
    return 0
}

rabat_ensure_packages() {
    local -a missing
    mapfile -t missing < <(_rabat_missing_packages)
    ((${#missing[@]} == 0)) && return 0

    if [[ ${EUID:-$(id -u)} -ne 0 ]]; then
        printf 'missing packages: %s. Install them with:\n    sudo apt-get install -y %s\n' "${missing[*]}" "${missing[*]}" >&2
        return 1
    fi
    command -v apt-get >/dev/null 2>&1 || { echo "missing packages (${missing[*]}) and no apt-get" >&2; return 1; }

    echo "==> installing ${missing[*]}" >&2
    apt-get -o DPkg::Lock::Timeout=300 update -qq || { echo "apt-get update failed" >&2; return 1; }
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
        --no-install-recommends "${missing[@]}" </dev/null || { echo "apt-get install ${missing[*]} failed" >&2; return 1; }

    # The package's maintainer script may have started the system-wide RabbitMQ (port 5672): the AppHost
    # runs its own node, so stop that one.
    if [[ " ${missing[*]} " == *" rabbitmq-server "* ]]; then
        { invoke-rc.d rabbitmq-server stop || service rabbitmq-server stop; } >/dev/null 2>&1 || true
    fi
    # Likewise the system-wide Redis (port 6379; the AppHost's own listens on 56379).
    if [[ " ${missing[*]} " == *" redis-server "* ]]; then
        { invoke-rc.d redis-server stop || service redis-server stop; } >/dev/null 2>&1 || true
    fi

    mapfile -t missing < <(_rabat_missing_packages)
    ((${#missing[@]} == 0)) || { echo "still missing: ${missing[*]}" >&2; return 1; }
}
