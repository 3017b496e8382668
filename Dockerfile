# Quire's application images, one target each (build context: the repository root):
#   web, compile-worker, history-worker, git-worker, embedded-mongo
#
#   docker compose build                     # from source, on the official base images (needs a registry)
#   ./quire images                           # no registry: a local Debian base and the jars `mvn package` built
#   docker build --target web -t quire/web .
#
# Build arguments:
#   BUILD_BASE    image the sources are built in (default: Maven's official image). Any Debian/Ubuntu image
#                 works: a JDK, Maven and Node.js are installed with apt when it has none.
#   RUNTIME_BASE  image the apps run on (default: Eclipse Temurin's JRE). Any Debian/Ubuntu image works:
#                 a JRE is installed with apt when it has none.
#   PREBUILT      true: take the exec jars from the build context (*/target/quire-*-exec.jar, as
#                 `mvn package` leaves them) instead of building them here.
ARG BUILD_BASE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_BASE=eclipse-temurin:17-jre

# --- poms only, so the dependency download below is redone only when a pom changes (this stage re-runs on
# every change, but its output is byte-identical unless a pom changed, so the COPY --from stays cached).
FROM ${BUILD_BASE} AS poms
WORKDIR /src
COPY . .
RUN mkdir -p /poms \
 && find . -name pom.xml -not -path '*/target/*' -not -path '*/node_modules/*' -exec cp --parents {} /poms/ \;

# --- the jars
FROM ${BUILD_BASE} AS build
ARG PREBUILT=false
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN if [[ $PREBUILT != true ]]; then \
      missing=(); \
      command -v mvn >/dev/null || missing+=(maven); \
      command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless); \
      command -v node >/dev/null || missing+=(nodejs npm); \
      if ((${#missing[@]})); then \
        apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
          && rm -rf /var/lib/apt/lists/*; \
      fi; \
    fi
WORKDIR /src
COPY --from=poms /poms/ ./
# Best effort: warm the local repository (reactor modules are not resolvable yet; the real build is).
RUN if [[ $PREBUILT != true ]]; then \
      mvn -B -q -Dmaven.repo.local=/m2 dependency:go-offline || echo "dependency pre-fetch incomplete; the build resolves the rest"; \
    fi
COPY . .
RUN mkdir -p /out; \
    if [[ $PREBUILT == true ]]; then \
      cp */target/quire-*-exec.jar /out/ || { echo "PREBUILT=true but no */target/quire-*-exec.jar: run mvn package first" >&2; exit 1; }; \
    else \
      mvn -B -q -Dmaven.repo.local=/m2 package -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true \
        && cp */target/quire-*-exec.jar /out/; \
      for app in web compile-worker history-worker git-worker embedded-mongo; do \
        [[ -f /out/quire-$app-exec.jar ]] || { echo "quire-$app-exec.jar was not built" >&2; exit 1; }; \
      done; \
    fi

# --- what every app image shares: a JRE, curl for the health check, the quire user (uid 1000)
FROM ${RUNTIME_BASE} AS runtime
ARG QUIRE_UID=1000
ARG QUIRE_GID=1000
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN set -eux; \
    packages=(curl ca-certificates); \
    command -v java >/dev/null || packages+=(openjdk-17-jre-headless); \
    apt-get update -q; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"; \
    rm -rf /var/lib/apt/lists/*; \
    old_user="$(getent passwd "$QUIRE_UID" | cut -d: -f1 || true)"; \
    if [[ -n $old_user ]]; then userdel -r "$old_user" 2>/dev/null || userdel "$old_user"; fi; \
    old_group="$(getent group "$QUIRE_GID" | cut -d: -f1 || true)"; \
    if [[ -n $old_group ]]; then groupdel "$old_group"; fi; \
    groupadd --gid "$QUIRE_GID" quire; \
    useradd --uid "$QUIRE_UID" --gid quire --home-dir /var/lib/quire --no-create-home --shell /usr/sbin/nologin quire; \
    mkdir -p /app /var/lib/quire; \
    chown quire:quire /var/lib/quire
COPY deploy/docker/quire-entrypoint /usr/local/bin/quire-entrypoint
ENV QUIRE_DATA_DIR=/var/lib/quire \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER quire
WORKDIR /app
ENTRYPOINT ["/usr/local/bin/quire-entrypoint", "/app/quire.jar"]

# --- the apps
FROM runtime AS web
COPY --from=build /out/quire-web-exec.jar /app/quire.jar
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/actuator/health/readiness || exit 1

FROM runtime AS compile-worker
COPY --from=build /out/quire-compile-worker-exec.jar /app/quire.jar
# The compose file adds the group owning the Docker socket (DOCKER_GID) to this user.
EXPOSE 8081
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8081/actuator/health/readiness || exit 1

FROM runtime AS history-worker
COPY --from=build /out/quire-history-worker-exec.jar /app/quire.jar
EXPOSE 8082
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8082/actuator/health/readiness || exit 1

FROM runtime AS git-worker
USER root
# /var/lib/quire/git belongs to quire, so an empty named volume mounted there inherits that.
RUN mkdir -p /var/lib/quire/git && chown quire:quire /var/lib/quire/git
USER quire
COPY --from=build /out/quire-git-worker-exec.jar /app/quire.jar
ENV QUIRE_GIT_REPO_DIR=/var/lib/quire/git
EXPOSE 8083
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8083/actuator/health/readiness || exit 1

# The MongoDB-compatible server (H2 file) for machines where no MongoDB image can be had: see
# deploy/compose.offline.yml. No authentication: it must stay on the internal network.
FROM runtime AS embedded-mongo
USER root
RUN mkdir -p /var/lib/quire/mongo && chown quire:quire /var/lib/quire/mongo
USER quire
COPY --from=build /out/quire-embedded-mongo-exec.jar /app/quire.jar
ENV QUIRE_EMBEDDED_MONGO_HOST=0.0.0.0 \
    QUIRE_EMBEDDED_MONGO_PORT=27017 \
    QUIRE_WAIT_FOR_SERVICES=0s
EXPOSE 27017
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
    CMD bash -c '</dev/tcp/127.0.0.1/27017' || exit 1
