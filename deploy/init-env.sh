#!/usr/bin/env bash
# Writes .env for docker compose: a copy of .env.example with every empty or placeholder secret
# (MONGO_PASSWORD, REDIS_PASSWORD, RABBITMQ_PASSWORD, GRAFANA_ADMIN_PASSWORD) replaced by 48 random hex
# characters, and DOCKER_GID set to the group of the Docker socket. Secrets already set in an existing .env
# are kept; the file is readable by its owner only.
#   deploy/init-env.sh [path/to/.env]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
env_file=${1:-$root/.env}
secrets=(MONGO_PASSWORD REDIS_PASSWORD RABBITMQ_PASSWORD GRAFANA_ADMIN_PASSWORD)

random_secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

umask 077
[[ -f $env_file ]] || cp "$root/.env.example" "$env_file"
chmod 600 "$env_file"
generated=()
for name in "${secrets[@]}"; do
  current=$(sed -n "s/^$name=//p" "$env_file" | tail -n 1)
  if [[ -z $current || ${current,,} =~ ^(change-?me|changeit)$ ]]; then
    value=$(random_secret)
    if grep -q "^$name=" "$env_file"; then
      sed -i "s/^$name=.*/$name=$value/" "$env_file"
    else
      echo "$name=$value" >>"$env_file"
    fi
    generated+=("$name")
  fi
done
# the group owning the Docker socket, which compile-worker joins to start compile containers
socket=$(sed -n 's/^QUIRE_DOCKER_SOCKET=//p' "$env_file" | tail -n 1)
socket=${socket:-/var/run/docker.sock}
# an engine on another socket (DOCKER_HOST=unix:///...) is the one compose talks to: mount that one
if [[ ! -S $socket && ${DOCKER_HOST:-} == unix://* && -S ${DOCKER_HOST#unix://} ]]; then
  socket=${DOCKER_HOST#unix://}
  if grep -q '^QUIRE_DOCKER_SOCKET=' "$env_file"; then
    sed -i "s|^QUIRE_DOCKER_SOCKET=.*|QUIRE_DOCKER_SOCKET=$socket|" "$env_file"
  else
    echo "QUIRE_DOCKER_SOCKET=$socket" >>"$env_file"
  fi
fi
if [[ -S $socket ]]; then
  gid=$(stat -c %g "$socket")
  if grep -q '^DOCKER_GID=' "$env_file"; then
    sed -i "s/^DOCKER_GID=.*/DOCKER_GID=$gid/" "$env_file"
  else
    echo "DOCKER_GID=$gid" >>"$env_file"
  fi
fi
if ((${#generated[@]})); then
  echo "generated ${generated[*]} into $env_file (mode 600; it is the only copy of these secrets: back it up)"
else
  echo "$env_file already has every secret; nothing changed"
fi
