#!/usr/bin/env bash
# Validates docker-compose.yml with each override file and profile, without needing a Docker engine.
# Uses `docker compose` (v2 plugin) when present, else `docker-compose` (v1); neither touches the engine
# for `config`. Exits 0 with a notice only when no compose tool exists at all.
#   deploy/validate-compose.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="$root/docker-compose.yml"

fail() { echo "compose validation FAILED: $*" >&2; exit 1; }

# Scaling (`--scale compile-worker=4`) needs unique container names: container_name is forbidden.
if grep -nE '^[[:space:]]*container_name[[:space:]]*:' "$file" "$root"/deploy/compose.*.yml >&2; then
  fail "container_name is set (services could not be scaled)"
fi

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
else
  echo "compose validation skipped: no docker-compose"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the example settings with generated secrets, as an operator's .env would be
bash "$root/deploy/init-env.sh" "$tmp/env" >/dev/null

run() { # what args...
  local what=$1 out
  shift
  if ! out="$(cd "$root" && "${compose[@]}" --env-file "$tmp/env" "$@" config 2>&1 >"$tmp/config.yml")"; then
    echo "$out" >&2
    fail "${compose[*]} $* config ($what)"
  fi
  [[ -z $out ]] || echo "$out" >&2 # warnings are shown but do not fail
  echo "ok: $what"
}

run "default services" -f "$file"
run "monitoring profile" -f "$file" --profile monitoring
run "TLS" -f "$file" -f "$root/deploy/compose.tls.yml"
run "offline images" -f "$file" -f "$root/deploy/compose.offline.yml"
run "offline images, TLS, monitoring" -f "$file" -f "$root/deploy/compose.offline.yml" -f "$root/deploy/compose.tls.yml" --profile monitoring
# only nginx publishes a port (Grafana's, on loopback, comes with the monitoring profile)
published=$(cd "$root" && "${compose[@]}" --env-file "$tmp/env" -f "$file" config | awk '/^  [a-z-]+:$/ {svc=$1} /^    ports:/ {print svc}' | tr -d ':' | sort -u | tr '\n' ' ')
[[ $published == "nginx " || $published == "grafana nginx " ]] || fail "services other than nginx publish ports: $published"

# without secrets, compose itself refuses
if (cd "$root" && "${compose[@]}" --env-file /dev/null -f "$file" config >/dev/null 2>&1); then
  fail "the stack validates without secrets; it must refuse"
fi
echo "ok: refused without secrets"
echo "compose validation passed"
