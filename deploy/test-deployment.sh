#!/usr/bin/env bash
# The compose stack end to end on a real Docker engine (run by `./quire test`; needs the images of
# `./quire images`). A stack of its own (random project name and port, temporary data), torn down at the end:
#   1. up: only nginx publishes a port; actuator, RabbitMQ's management UI and Grafana are not behind it;
#      the stack refused to start with a placeholder secret; Redis wants its password
#   2. a user registers, edits, compiles (in a sandbox container started through the mounted socket),
#      downloads the PDF, clones over git and sees history, all through nginx
#   3. --scale compile-worker=4: Prometheus scrapes every replica; a burst of 40 compiles with one worker
#      killed (docker kill) loses none and runs none twice; scaling back to 1 during a burst loses none
#   4. TLS (deploy/compose.tls.yml): HTTPS with HSTS, HTTP redirected, wss and git over https, with the
#      generated certificate and with a mounted one; forwarded headers believed from trusted proxies only
#   5. MongoDB, Redis and RabbitMQ outside compose (servers of their own on this host), by variables only
# Prints the wall-clock time of each step.
#   deploy/test-deployment.sh            (QUIRE_TEST_KEEP=1 keeps the stack up for inspection)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
fail() { printf '\033[31mdeployment test FAILED:\033[0m %s\n' "$*" >&2; exit 1; }
step_started=$SECONDS
step() { say "[$((SECONDS - step_started)) s] $*"; }

if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose); else COMPOSE=(docker-compose); fi
command -v jq >/dev/null || fail "jq is missing"

PROJECT="quire-it-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
WORK=$(mktemp -d /var/tmp/quire-deployment-test.XXXXXX)
chmod 755 "$WORK"
ENV_FILE=$WORK/env
FILES=(-f docker-compose.yml -f deploy/compose.offline.yml)
[[ -n ${QUIRE_TEST_COMPOSE_FILES:-} ]] && read -ra FILES <<<"$QUIRE_TEST_COMPOSE_FILES"
TLS=(-f deploy/compose.tls.yml)
EXTERNAL_PIDS=()

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
TLS_PORT=$(free_port)
BASE=http://localhost:$PORT
SOCKET=${DOCKER_HOST:-unix:///var/run/docker.sock}
SOCKET=${SOCKET#unix://}

dc() { "${COMPOSE[@]}" -p "$PROJECT" --env-file "$ENV_FILE" "${FILES[@]}" "$@"; }

cleanup() {
  local rc=$?
  if [[ -n ${QUIRE_TEST_KEEP:-} ]]; then
    say "kept: ${COMPOSE[*]} -p $PROJECT --env-file $ENV_FILE ${FILES[*]} ... (data in $WORK)"
    return
  fi
  ((rc == 0)) || { dc logs --tail 40 >"$WORK/logs.txt" 2>&1 || true; echo "last logs: $WORK/logs.txt" >&2; }
  dc "${TLS[@]}" --profile monitoring down -v --remove-orphans >/dev/null 2>&1 || true
  local pid
  for pid in "${EXTERNAL_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  ((rc == 0)) && rm -rf "$WORK"
  return 0
}
trap cleanup EXIT

bash deploy/init-env.sh "$ENV_FILE" >/dev/null
cat >>"$ENV_FILE" <<EOF
QUIRE_HTTP_PORT=$PORT
QUIRE_HTTPS_PORT=$TLS_PORT
QUIRE_PUBLIC_URL=$BASE
QUIRE_COMPILE_HOST_WORKSPACE_DIR=$WORK/workspaces
QUIRE_DOCKER_SOCKET=$SOCKET
DOCKER_GID=$(stat -c %g "$SOCKET")
QUIRE_ADMIN_PASSWORD=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
QUIRE_TLS_DIR=$WORK/tls
EOF
mkdir -p "$WORK/tls"

# ---------------------------------------------------------------- HTTP helpers (a browser's session)
JAR=$WORK/cookies
csrf() { awk '$6 == "XSRF-TOKEN" {print $7}' "$JAR"; }
api() { # method path [json] -> body; its status in the file $WORK/status (api often runs in a subshell)
  local method=$1 path=$2 body=${3:-} out
  out=$(curl -s -k -c "$JAR" -b "$JAR" -X "$method" -H "Origin: $BASE" -H "X-XSRF-TOKEN: $(csrf)" \
    -H 'Content-Type: application/json' ${body:+--data-binary "$body"} -w '\n%{http_code}' "$BASE$path")
  echo "${out##*$'\n'}" >"$WORK/status"
  printf '%s' "${out%$'\n'*}"
}
status() { cat "$WORK/status"; }
put_file() { # project path text
  curl -s -c "$JAR" -b "$JAR" -X PUT -H "Origin: $BASE" -H "X-XSRF-TOKEN: $(csrf)" --data-binary "$3" \
    -o /dev/null -w '%{http_code}' "$BASE/api/projects/$1/files/$2" | grep -q '^20' || fail "PUT $2 failed"
}
document() { printf '\\documentclass{article}\n\\begin{document}\n%s\n\\end{document}\n' "$1"; }
new_project() { # name text -> id
  local id
  id=$(api POST /api/projects "{\"name\":\"$1\"}" | jq -r .id)
  [[ $(status) == 201 || $(status) == 200 ]] || fail "creating a project answered $(status)"
  put_file "$id" main.tex "$(document "$2")"
  echo "$id"
}
job_status() { api GET "/api/projects/$1/compile/$2" | jq -r .status; }

wait_until() { # seconds description command...
  local limit=$1 deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "timed out after $limit s waiting for $what"
    sleep 2
  done
}
answers() { curl -s -o /dev/null -w '%{http_code}' "$BASE/api/auth/csrf" | grep -q 200; }
# logs read whole first: grep -q would close the pipe early, which pipefail reports as a failure
logs_have() { # service pattern
  dc logs --no-color "$1" >"$WORK/service.log" 2>&1 || true
  grep -q -- "$2" "$WORK/service.log"
}
healthy_replicas() { # service count
  local ids n=0 id
  ids=$(dc ps -q "$1")
  for id in $ids; do
    [[ $(docker inspect -f '{{.State.Health.Status}}' "$id") == healthy ]] && n=$((n + 1))
  done
  ((n == $2))
}

# ---------------------------------------------------------------- 1. the stack refuses placeholders
step "a stack with a placeholder secret refuses to start"
cp "$ENV_FILE" "$WORK/env.weak"
sed -i 's/^REDIS_PASSWORD=.*/REDIS_PASSWORD=change-me/' "$WORK/env.weak"
if "${COMPOSE[@]}" -p "$PROJECT-weak" --env-file "$WORK/env.weak" "${FILES[@]}" up -d web >"$WORK/weak.log" 2>&1; then
  "${COMPOSE[@]}" -p "$PROJECT-weak" --env-file "$WORK/env.weak" "${FILES[@]}" down -v >/dev/null 2>&1
  fail "the stack started with REDIS_PASSWORD=change-me"
fi
weak_reason=$("${COMPOSE[@]}" -p "$PROJECT-weak" --env-file "$WORK/env.weak" "${FILES[@]}" logs preflight 2>&1 | grep -o 'REDIS_PASSWORD is the placeholder.*' | sed -n 1p)
"${COMPOSE[@]}" -p "$PROJECT-weak" --env-file "$WORK/env.weak" "${FILES[@]}" down -v >/dev/null 2>&1
[[ -n $weak_reason ]] || fail "preflight did not name the placeholder (see $WORK/weak.log)"
echo "    refused: $weak_reason"

# ---------------------------------------------------------------- 1. up
step "docker compose up -d (project $PROJECT, port $PORT)"
started=$SECONDS
dc up -d >"$WORK/up.log" 2>&1 || fail "compose up failed: $(tail -5 "$WORK/up.log")"
wait_until 300 "nginx to answer on port $PORT" answers
wait_until 120 "every service to be healthy" healthy_replicas nginx 1
echo "    up and answering in $((SECONDS - started)) s"

step "only nginx publishes a port"
published=$(docker ps --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Label "com.docker.compose.service"}} {{.Ports}}' |
  grep -- '->' | sed -E 's/^([a-z-]+) .*/\1/' | sort -u | tr '\n' ' ')
[[ $published == "nginx " ]] || fail "published ports on: $published"
nginx_ports=$(docker port "$(dc ps -q nginx)" | sed -E 's/ ->.*//' | sort -u | tr '\n' ' ')
[[ $nginx_ports == "80/tcp " ]] || fail "nginx publishes $nginx_ports"
for path in /actuator/health /actuator/prometheus /grafana/api/health /api/overview /api/queues; do
  body=$(curl -s "$BASE$path")
  code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")
  [[ $code != 200 ]] || fail "$path answers 200 through nginx: ${body:0:200}"
  [[ $body != *rabbitmq_version* && $body != *'"database"'* && $body != *'"components"'* ]] ||
    fail "$path leaks an internal service: ${body:0:200}"
done
redis_answer=$(dc exec -T redis redis-cli ping 2>&1 || true)
[[ $redis_answer == *NOAUTH* ]] || fail "Redis answered without its password: $redis_answer"

# ---------------------------------------------------------------- 2. a user, through nginx
step "register, edit, compile, PDF, git clone, history (through port $PORT)"
curl -s -c "$JAR" -b "$JAR" "$BASE/api/auth/csrf" -o /dev/null
api POST /api/auth/register '{"email":"operator@example.org","password":"a good passphrase","name":"Operator"}' >/dev/null
[[ $(status) == 201 ]] || fail "register answered $(status)"
project=$(new_project "Deployment" "Hello from the compose stack.")
result=$(api POST "/api/projects/$project/compile" '{"wait":true}')
[[ $(jq -r .status <<<"$result") == success ]] || fail "compile: $result"
build=$(jq -r .buildId <<<"$result")
curl -s -b "$JAR" "$BASE/api/projects/$project/builds/$build/output.pdf" -o "$WORK/output.pdf"
[[ $(head -c 5 "$WORK/output.pdf") == %PDF- ]] || fail "the PDF did not come through"
logs_have compile-worker "compile sandbox: docker (mode docker)" || fail "compile-worker does not run the Docker sandbox"
# edit -> PDF through the whole stack, 10 rounds
times=()
for i in $(seq 1 10); do
  put_file "$project" main.tex "$(document "Hello from the compose stack, round $i.")"
  t=$(curl -s -c "$JAR" -b "$JAR" -X POST -H "Origin: $BASE" -H "X-XSRF-TOKEN: $(csrf)" -H 'Content-Type: application/json' \
    --data-binary '{"wait":true}' -o "$WORK/round.json" -w '%{time_total}' "$BASE/api/projects/$project/compile")
  [[ $(jq -r .status "$WORK/round.json") == success ]] || fail "round $i: $(cat "$WORK/round.json")"
  times+=("$t")
done
p50=$(printf '%s\n' "${times[@]}" | sort -n | sed -n '5p;6p' | awk '{s+=$1} END {printf "%.0f", s/NR*1000}')
echo "    edit->compile with wait (Docker sandbox, through nginx): p50 $p50 ms over 10 rounds"
cached=$(api POST "/api/projects/$project/compile" '{"wait":true}')
[[ $(jq -r .cached <<<"$cached") == true ]] || fail "an unchanged recompile was not answered from the cache: $cached"
token=$(api POST /api/me/tokens '{"name":"deployment test","scopes":["git"],"expiresInDays":1}' | jq -r .token)
[[ $token == qpat_* ]] || fail "no access token: $(status)"
git clone -q "http://git:$token@localhost:$PORT/git/$project" "$WORK/clone" || fail "git clone over nginx failed"
grep -q "round 10" "$WORK/clone/main.tex" || fail "the clone does not have the last edit"
has_history() { [[ $(api GET "/api/projects/$project/history/versions" | jq '.versions | length') -ge 1 ]]; }
wait_until 60 "the project's history" has_history

# ---------------------------------------------------------------- 3. scale
step "--scale compile-worker=4; Prometheus scrapes every replica"
dc up -d --no-recreate --scale compile-worker=4 >>"$WORK/up.log" 2>&1
wait_until 240 "four healthy compile-workers" healthy_replicas compile-worker 4
dc --profile monitoring up -d --no-recreate prometheus >>"$WORK/up.log" 2>&1
scraped() {
  local targets
  targets=$(dc exec -T prometheus wget -qO- 'http://127.0.0.1:9090/api/v1/targets?state=active')
  [[ $(jq '[.data.activeTargets[] | select(.labels.job == "compile-worker" and .health == "up")] | length' <<<"$targets") == 4 ]] &&
    [[ $(jq '[.data.activeTargets[] | select(.labels.job == "web" and .health == "up")] | length' <<<"$targets") == 1 ]]
}
wait_until 120 "Prometheus to scrape 4 compile-workers and web" scraped

step "a burst of 40 compiles, one compile-worker killed mid-burst"
# the projects first, so that the compiles are queued in a burst
projects=()
for i in $(seq 1 40); do
  p=$(new_project "Burst $i" "burst")
  put_file "$p" main.tex "$(printf '\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\nBurst %s\n\\begin{tikzpicture}\\foreach \\x in {1,...,4000}{\\draw (rnd,rnd) circle (0.1);}\\end{tikzpicture}\n\\end{document}\n' "$i")"
  projects+=("$p")
done
jobs=()
for p in "${projects[@]}"; do
  j=$(api POST "/api/projects/$p/compile" '{"priority":"background"}' | jq -r .jobId)
  [[ $(status) == 200 && $j != null ]] || fail "burst compile of $p answered $(status)"
  jobs+=("$p:$j")
done
count_final() {
  local n=0 pj s
  for pj in "${jobs[@]}"; do
    s=$(job_status "${pj%%:*}" "${pj##*:}")
    [[ $s == queued || $s == running ]] || n=$((n + 1))
  done
  echo "$n"
}
# a compile-worker that is running a compile now: its container id is the host name in its instance id
compiling_worker() {
  local instance host
  instance=$(docker ps --filter label=io.quire.sandbox=compile --format '{{.Label "io.quire.worker"}}' | sed -n 1p)
  host=${instance#*@}
  host=${host%%:*}
  [[ -n $host ]] && dc ps -q compile-worker | grep "^$host" | sed -n 1p
}
wait_until 120 "a compile-worker running a compile" compiling_worker
victim=$(compiling_worker)
docker kill "$victim" >/dev/null
done_at_kill=$(count_final)
echo "    killed compile-worker $(docker inspect -f '{{.Name}}' "$victim") in the middle of a compile, $done_at_kill/40 done"
((done_at_kill < 40)) || fail "the burst was over before the kill"
all_final() { (($(count_final) == ${#jobs[@]})); }
wait_until 600 "all 40 compiles" all_final
for pj in "${jobs[@]}"; do
  s=$(job_status "${pj%%:*}" "${pj##*:}")
  [[ $s == success ]] || fail "job ${pj##*:} ended $s"
done
dc logs --no-color compile-worker >"$WORK/compile-worker.log" 2>&1 || true
compiled=$(grep -o 'Compiled project [0-9a-f]*' "$WORK/compile-worker.log" | sort | uniq -c)
for pj in "${jobs[@]}"; do
  n=$(grep -c " ${pj%%:*}\$" <<<"$compiled" || true)
  times_run=$(grep " ${pj%%:*}\$" <<<"$compiled" | awk '{print $1}')
  [[ $n == 1 && $times_run == 1 ]] || fail "project ${pj%%:*} was compiled ${times_run:-0} times"
done
echo "    40/40 succeeded, each compiled once"

step "every metric Grafana's dashboard shows is exported"
names=$(dc exec -T prometheus wget -qO- 'http://127.0.0.1:9090/api/v1/label/__name__/values' | jq -r '.data[]')
for metric in $(grep -o '"expr": *"[^"]*"' deploy/grafana/dashboards/quire.json | grep -oE '\b(quire|rabbitmq|jvm)_[a-z_]+\b' | sort -u); do
  grep -qx "$metric" <<<"$names" || fail "the dashboard uses $metric, which nothing exports"
done

step "the killed compile-worker, restarted, removes the container it left"
victim_instance="compile-worker@$(docker inspect -f '{{.Config.Hostname}}' "$victim"):"
orphans() {
  docker ps -a --filter label=io.quire.sandbox=compile --format '{{.ID}} {{.Label "io.quire.worker"}}' |
    awk -v w="$victim_instance" 'index($2, w) == 1 {print $1}'
}
echo "    containers left by $victim_instance: $(orphans | wc -l)"
docker start "$victim" >/dev/null
wait_until 240 "the restarted compile-worker" healthy_replicas compile-worker 4
[[ -z $(orphans) ]] || fail "the restarted worker did not remove its containers: $(orphans)"

step "scale back to 1 during a burst of 12"
jobs=()
for i in $(seq 1 12); do
  p=$(new_project "Drain $i" "Drain $i")
  j=$(api POST "/api/projects/$p/compile" '{"priority":"background"}' | jq -r .jobId)
  jobs+=("$p:$j")
done
# -t: the surplus replicas get their stop grace to finish what they run (docker-compose 1.29 would
# kill them after 10 s; their jobs would then run again elsewhere, but their containers wait for the
# sweeper)
dc up -d -t 210 --no-recreate --scale compile-worker=1 >>"$WORK/up.log" 2>&1
wait_until 300 "all 12 compiles after scaling down" all_final
for pj in "${jobs[@]}"; do
  [[ $(job_status "${pj%%:*}" "${pj##*:}") == success ]] || fail "job ${pj##*:} was lost while scaling down"
done
[[ $(dc ps -q compile-worker | wc -l) == 1 ]] || fail "compile-worker did not scale down to 1"
no_sandbox_container() { [[ -z $(docker ps -aq --filter label=io.quire.sandbox=compile) ]]; }
wait_until 60 "no sandbox container left" no_sandbox_container
echo "    12/12 succeeded, no sandbox container left"

# ---------------------------------------------------------------- 4. TLS
step "TLS with a generated certificate (deploy/compose.tls.yml)"
dc "${TLS[@]}" up -d --force-recreate --no-deps nginx >>"$WORK/up.log" 2>&1
HTTPS=https://localhost:$TLS_PORT
tls_answers() { curl -sk -o /dev/null -w '%{http_code}' "$HTTPS/api/auth/csrf" | grep -q 200; }
wait_until 60 "HTTPS on port $TLS_PORT" tls_answers
logs_have nginx "WARNING: serving HTTPS with the self-signed certificate" || fail "no warning about the self-signed certificate"
headers=$(curl -skI "$HTTPS/login")
grep -qi '^strict-transport-security: max-age=31536000' <<<"$headers" || fail "no HSTS header: $headers"
redirect=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$BASE/login?x=1")
[[ $redirect == "301 https://localhost/login?x=1" || $redirect == "301 https://localhost:"*"/login?x=1" || $redirect == 301\ https://*/login\?x=1 ]] ||
  fail "HTTP is not redirected to HTTPS: $redirect"
# HTTP/1.1 as browsers use for WebSockets (nginx does not offer them over HTTP/2)
ws=$(curl -sk --http1.1 -o /dev/null -w '%{http_code}' -m 5 -b "$JAR" -H "Origin: $BASE" -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
  -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' "$HTTPS/ws/collab" || true)
[[ $ws == 101 ]] || fail "the WebSocket handshake over wss answered $ws"
GIT_SSL_NO_VERIFY=1 git clone -q "https://git:$token@localhost:$TLS_PORT/git/$project" "$WORK/clone-tls" || fail "git clone over https failed"
git_headers=$(curl -sk -D - -o /dev/null -u "git:$token" "$HTTPS/git/$project/info/refs?service=git-upload-pack")
grep -qi '^strict-transport-security:' <<<"$git_headers" || fail "git answers over https lack HSTS: $git_headers"
grep -qi '^content-security-policy: sandbox' <<<"$git_headers" || fail "git answers are not sandboxed: $git_headers"

step "TLS with a mounted certificate"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=quire-deployment-test.example" \
  -keyout "$WORK/tls/tls.key" -out "$WORK/tls/tls.crt" 2>/dev/null
chmod 644 "$WORK/tls/tls.key"
dc "${TLS[@]}" up -d --force-recreate --no-deps nginx >>"$WORK/up.log" 2>&1
wait_until 60 "HTTPS with the mounted certificate" tls_answers
subject=$(openssl s_client -connect "127.0.0.1:$TLS_PORT" </dev/null 2>/dev/null | openssl x509 -noout -subject)
[[ $subject == *quire-deployment-test.example* ]] || fail "nginx does not serve the mounted certificate: $subject"

step "forwarded headers: believed only from QUIRE_TRUSTED_PROXIES"
curl -s -o /dev/null -H 'X-Forwarded-For: 203.0.113.7' "$BASE/nginx-spoof-check"
sleep 1
logs_have nginx '| 203.0.113.7 .*nginx-spoof-check' &&
  fail "nginx believed X-Forwarded-For from an untrusted client"
gateway=$(docker network inspect -f '{{(index .IPAM.Config 0).Subnet}}' "${PROJECT}_default")
echo "QUIRE_TRUSTED_PROXIES=$gateway" >>"$ENV_FILE"
dc "${TLS[@]}" up -d --force-recreate --no-deps nginx >>"$WORK/up.log" 2>&1
wait_until 60 "nginx with a trusted proxy" tls_answers
curl -s -o /dev/null -H 'X-Forwarded-For: 203.0.113.7' "$BASE/nginx-trust-check"
sleep 1
logs_have nginx '| 203.0.113.7 .*nginx-trust-check' ||
  fail "nginx ignored X-Forwarded-For from a trusted proxy ($gateway)"

# ---------------------------------------------------------------- 5. services outside compose
step "MongoDB, Redis and RabbitMQ outside compose, by variables only"
dc "${TLS[@]}" --profile monitoring down -v --remove-orphans >/dev/null 2>&1
# the host's address on Docker's default bridge: reachable from the stack's containers, not from outside
host_ip=$(ip -4 -o addr show docker0 | awk '{print $4}' | cut -d/ -f1)
[[ -n $host_ip ]] || fail "no address on docker0 to serve the external services on"
redis_port=$(free_port)
amqp_port=$(free_port)
mongo_port=$(free_port)
ext_secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
mkdir -p "$WORK/ext/rabbitmq" "$WORK/ext/mongo"
printf 'requirepass %s\n' "$ext_secret" >"$WORK/ext/redis.conf"
redis-server "$WORK/ext/redis.conf" --bind "$host_ip" --port "$redis_port" --save '' --appendonly no \
  --daemonize no >"$WORK/ext/redis.log" 2>&1 &
EXTERNAL_PIDS+=($!)
cat >"$WORK/ext/rabbitmq/rabbitmq.conf" <<EOF
default_user = quire
default_pass = $ext_secret
listeners.tcp.1 = $host_ip:$amqp_port
EOF
echo '[].' >"$WORK/ext/rabbitmq/enabled_plugins"
(cd "$WORK/ext/rabbitmq" && exec env -i PATH=/usr/sbin:/usr/bin:/bin HOME="$WORK/ext/rabbitmq" RABBITMQ_NODENAME="quireext$RANDOM@localhost" \
  RABBITMQ_DIST_PORT="$(free_port)" RABBITMQ_MNESIA_BASE="$WORK/ext/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$WORK/ext/rabbitmq/log" \
  RABBITMQ_ENABLED_PLUGINS_FILE="$WORK/ext/rabbitmq/enabled_plugins" RABBITMQ_CONFIG_FILE="$WORK/ext/rabbitmq/rabbitmq" \
  RABBITMQ_PID_FILE="$WORK/ext/rabbitmq/pid" /usr/lib/rabbitmq/bin/rabbitmq-server) >"$WORK/ext/rabbitmq.log" 2>&1 &
EXTERNAL_PIDS+=($!)
QUIRE_DATA_DIR="$WORK/ext" QUIRE_EMBEDDED_MONGO_HOST="$host_ip" QUIRE_EMBEDDED_MONGO_PORT="$mongo_port" \
  java -Xmx256m -jar embedded-mongo/target/quire-embedded-mongo-exec.jar >"$WORK/ext/mongo.log" 2>&1 &
EXTERNAL_PIDS+=($!)
cat >>"$ENV_FILE" <<EOF
MONGO_HOSTS=$host_ip:$mongo_port
REDIS_HOST=$host_ip:$redis_port
REDIS_PASSWORD=$ext_secret
RABBITMQ_HOST=$host_ip:$amqp_port
RABBITMQ_USERNAME=quire
RABBITMQ_PASSWORD=$ext_secret
RABBITMQ_MANAGEMENT_URL=
EOF
port_answers() { (exec 3<>"/dev/tcp/$host_ip/$1") 2>/dev/null; }
wait_until 90 "the external RabbitMQ" port_answers "$amqp_port"
dc up -d nginx web compile-worker history-worker git-worker >>"$WORK/up.log" 2>&1
wait_until 300 "the stack on external services" answers
running=$(dc ps --services --filter status=running 2>/dev/null | sort | tr '\n' ' ')
for svc in mongo redis rabbitmq; do
  [[ " $running " != *" $svc "* ]] || fail "$svc runs in compose although it is external"
done
rm -f "$JAR"
curl -s -c "$JAR" -b "$JAR" "$BASE/api/auth/csrf" -o /dev/null
api POST /api/auth/register '{"email":"external@example.org","password":"a good passphrase","name":"External"}' >/dev/null
[[ $(status) == 201 ]] || fail "register on external services answered $(status)"
project=$(new_project "External" "Compiled with external services.")
result=$(api POST "/api/projects/$project/compile" '{"wait":true}')
[[ $(jq -r .status <<<"$result") == success ]] || fail "compile on external services: $result"
keys=$(REDISCLI_AUTH=$ext_secret redis-cli -h "$host_ip" -p "$redis_port" dbsize)
((keys > 0)) ||
  fail "nothing was written to the external Redis"

step "passed in $((SECONDS - step_started)) s"
