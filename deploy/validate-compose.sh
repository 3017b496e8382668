#!/usr/bin/env bash
# Validates docker-compose.yml (default services and every profile) without needing a Docker daemon.
# Uses `docker compose` (v2 plugin) when present, else `docker-compose` (v1); neither touches the engine
# for `config`. Exits 0 with a notice only when no compose tool exists at all.
#   deploy/validate-compose.sh [path/to/docker-compose.yml]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="${1:-$root/docker-compose.yml}"
profiles=(monitoring build)

fail() { echo "compose validation FAILED: $*" >&2; exit 1; }

[ -f "$file" ] || fail "$file not found"

# Scaling (`--scale compile-worker=4`) needs unique container names: container_name is forbidden.
if grep -nE '^[[:space:]]*container_name[[:space:]]*:' "$file" >&2; then
  fail "container_name is set in $file (services could not be scaled)"
fi

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
else
  echo "compose validation skipped: no docker-compose"
  exit 0
fi

# Validate with the defaults (or a local .env, which compose reads by itself) and, when present, with the documented example settings.
env_files=("")
[ -f "$root/.env.example" ] && env_files+=("$root/.env.example")

for env_file in "${env_files[@]}"; do
  env_args=()
  label="defaults or ./.env"
  if [ -n "$env_file" ]; then
    env_args=(--env-file "$env_file")
    label="$(basename "$env_file")"
  fi
  for profile in "" "${profiles[@]}"; do
    profile_args=()
    [ -n "$profile" ] && profile_args=(--profile "$profile")
    what="${profile:-default services}, $label"
    if ! out="$(cd "$root" && "${compose[@]}" -f "$file" ${env_args[@]+"${env_args[@]}"} ${profile_args[@]+"${profile_args[@]}"} config -q 2>&1)"; then
      echo "$out" >&2
      fail "${compose[*]} config ($what)"
    fi
    if [ -n "$out" ]; then
      echo "$out" >&2   # warnings (e.g. unset variables) are shown but do not fail
    fi
    echo "ok: ${compose[*]} config ($what)"
  done
done

echo "compose validation passed"
