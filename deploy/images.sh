#!/usr/bin/env bash
# Builds every image the compose stack needs on a machine that reaches no image registry, only Debian's
# package archive (and Maven Central for the jars): a Debian base made with debootstrap and imported into
# Docker, then each image installs its packages with apt. Run through `./quire images`, which first builds
# the jars with Maven.
#
#   deploy/images.sh [--base IMAGE] [--force] [--list] [NAME...]
#
#   --base IMAGE   use IMAGE (e.g. debian:bookworm-slim from a registry) instead of the local base
#   --force        rebuild even when an image is up to date
#   --list         print the images and whether each is up to date, build nothing
#   NAME           only these (default: all): base texlive web compile-worker history-worker git-worker
#                  embedded-mongo nginx redis rabbitmq prometheus
#
# An image is rebuilt only when its inputs changed: each carries the label io.quire.inputs, a hash of its
# build files, the jar it runs and its base image's id.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_BASE=quire/debian:bookworm
SUITE=bookworm
MIRROR=${QUIRE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
VERSION=${QUIRE_VERSION:-latest}
TEX_IMAGE=${QUIRE_COMPILE_DOCKER_IMAGE:-quire/texlive:2024}
APPS=(web compile-worker history-worker git-worker embedded-mongo)
ALL=(base texlive "${APPS[@]}" nginx redis rabbitmq prometheus)

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

base=$LOCAL_BASE
force=0
list=0
names=()
while (($#)); do
  case $1 in
  --base) base=${2:?--base needs an image}; shift 2 ;;
  --force) force=1; shift ;;
  --list) list=1; shift ;;
  -h | --help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  -*) die "unknown option $1" ;;
  *) names+=("$1"); shift ;;
  esac
done
((${#names[@]})) || names=("${ALL[@]}")

command -v docker >/dev/null || die "no docker command; install docker.io"
docker info >/dev/null 2>&1 || die "no Docker engine answers${DOCKER_HOST:+ at $DOCKER_HOST}"
# The classic builder: it needs no buildx plugin and honours --network host, which the apt steps need
# where the default bridge has no route out.
export DOCKER_BUILDKIT=0

LOG_DIR=${QUIRE_DATA_DIR:-$ROOT/var}/log
mkdir -p "$LOG_DIR"

tag_of() { # name
  case $1 in
  base) echo "$base" ;;
  texlive) echo "$TEX_IMAGE" ;;
  *) echo "quire/$1:$VERSION" ;;
  esac
}

image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }
label_of() { docker image inspect -f '{{index .Config.Labels "io.quire.inputs"}}' "$1" 2>/dev/null || true; }

# A hash of files, directories (their content, not their times) and strings.
hash_inputs() {
  local item
  for item in "$@"; do
    if [[ -d $item ]]; then
      (cd "$item" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    elif [[ -f $item ]]; then
      sha256sum "$item"
    else
      echo "$item"
    fi
  done | sha256sum | cut -c1-32
}

jar_of() { echo "$ROOT/$1/target/quire-$1-exec.jar"; }

inputs_of() { # name
  local base_id
  base_id=$(image_id "$base")
  case $1 in
  base) echo "debootstrap $SUITE $MIRROR" ;;
  texlive) hash_inputs "$ROOT/deploy/texlive" "$base_id" ;;
  nginx) hash_inputs "$ROOT/deploy/nginx" "$base_id" ;;
  redis | rabbitmq | prometheus) hash_inputs "$ROOT/deploy/images/$1" "$base_id" ;;
  *)
    [[ -f $(jar_of "$1") ]] || die "$(jar_of "$1") is missing: build the jars first (./quire images does)"
    hash_inputs "$ROOT/Dockerfile" "$ROOT/deploy/docker/quire-entrypoint" "$(jar_of "$1")" "$base_id" "$1"
    ;;
  esac
}

up_to_date() { # name
  local tag
  tag=$(tag_of "$1")
  [[ -n $(image_id "$tag") ]] || return 1
  [[ $1 == base ]] && return 0
  [[ $(label_of "$tag") == "$(inputs_of "$1")" ]]
}

# Debian's minimal system from the package archive, imported as an image: the base of everything else.
build_base() {
  [[ $base == "$LOCAL_BASE" ]] || { say "using $base as the base image"; return 0; }
  command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
  [[ $EUID -eq 0 ]] || die "debootstrap needs root"
  local dir
  dir=$(mktemp -d /var/tmp/quire-debootstrap.XXXXXX)
  say "making the Debian $SUITE base with debootstrap ($MIRROR)"
  debootstrap --variant=minbase "$SUITE" "$dir/root" "$MIRROR" >"$LOG_DIR/debootstrap.log" 2>&1 ||
    { rm -rf "$dir"; die "debootstrap failed; see $LOG_DIR/debootstrap.log"; }
  cat >"$dir/root/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb ${MIRROR%/debian}/debian-security $SUITE-security main
EOF
  # like the official slim images: no recommends, no caches or docs kept
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$dir/root/etc/apt/apt.conf.d/90quire"
  printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\n' \
    >"$dir/root/etc/dpkg/dpkg.cfg.d/90quire"
  rm -rf "$dir/root/var/cache/apt/archives/"*.deb "$dir/root/var/lib/apt/lists/"*
  tar -C "$dir/root" -c . | docker import --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' - "$LOCAL_BASE" >/dev/null
  rm -rf "$dir"
}

build() { # name
  local name=$1 tag inputs log
  tag=$(tag_of "$name")
  if ((force == 0)) && up_to_date "$name"; then
    say "$tag is up to date"
    return 0
  fi
  if [[ $name == base ]]; then
    build_base
    return 0
  fi
  [[ -n $(image_id "$base") ]] || die "the base image $base is missing (build 'base' first)"
  inputs=$(inputs_of "$name")
  log="$LOG_DIR/image-$name.log"
  say "building $tag (log: $log)"
  local started=$SECONDS args=(--network host --force-rm --build-arg "BASE=$base" --label "io.quire.inputs=$inputs" -t "$tag")
  case $name in
  texlive) docker build "${args[@]}" "$ROOT/deploy/texlive" ;;
  nginx) docker build "${args[@]}" "$ROOT/deploy/nginx" ;;
  redis | rabbitmq | prometheus) docker build "${args[@]}" "$ROOT/deploy/images/$name" ;;
  *)
    docker build "${args[@]}" --build-arg "BUILD_BASE=$base" --build-arg "RUNTIME_BASE=$base" \
      --build-arg PREBUILT=true --target "$name" -f "$ROOT/Dockerfile" "$ROOT"
    ;;
  esac >"$log" 2>&1 || die "building $tag failed; last lines of $log:
$(tail -n 20 "$log")"
  say "built $tag in $((SECONDS - started)) s"
}

if ((list)); then
  for name in "${names[@]}"; do
    if up_to_date "$name" 2>/dev/null; then state="up to date"; elif [[ -n $(image_id "$(tag_of "$name")") ]]; then state=stale; else state=missing; fi
    printf '%-16s %-36s %s\n' "$name" "$(tag_of "$name")" "$state"
  done
  exit 0
fi

# the base first: every other image's inputs include its id
for name in "${names[@]}"; do [[ $name == base ]] && build base; done
for name in "${names[@]}"; do
  case " ${ALL[*]} " in *" $name "*) ;; *) die "unknown image '$name' (${ALL[*]})" ;; esac
  [[ $name == base ]] || build "$name"
done
