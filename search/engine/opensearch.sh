#!/usr/bin/env bash
# A single-node OpenSearch for tests and development, from Maven Central.
#   search/engine/opensearch.sh start | stop | status
# Listens on 127.0.0.1:${SEARCH_ENGINE_PORT:-9201} only; data and logs under var/opensearch/.
# Production uses a managed OpenSearch or Elasticsearch cluster instead (see README).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="${HERITAGE_VAR_DIR:-$root/var}/opensearch"
port="${SEARCH_ENGINE_PORT:-9201}"
pidfile="$state/opensearch.pid"
url="http://127.0.0.1:$port"
sudo_cmd=""
[ "$(id -u)" = 0 ] || sudo_cmd="sudo"

find_java() {
  # OpenSearch 3 needs Java 21 or newer: take the newest JDK under /usr/lib/jvm.
  local candidate version best="" best_version=0
  for candidate in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    [ -x "$candidate" ] || continue
    version="$("$candidate" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
    version="${version%%.*}"
    if [ -n "$version" ] && [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
      best="$candidate"; best_version="$version"
    fi
  done
  if [ -z "$best" ]; then
    echo "No Java 21+ found; installing one from Debian packages" >&2
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq openjdk-21-jre-headless >&2 || true
    best="$(ls /usr/lib/jvm/*21*/bin/java 2>/dev/null | head -1)"
  fi
  [ -n "$best" ] || { echo "OpenSearch needs Java 21 or newer and none could be installed." >&2; exit 1; }
  echo "$best"
}

classpath() {
  mkdir -p "$state"
  if [ ! -s "$state/classpath.txt" ] || [ "$here/pom.xml" -nt "$state/classpath.txt" ]; then
    if ! command -v mvn >/dev/null; then
      echo "Installing Maven from Debian packages" >&2
      $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq maven >&2
    fi
    echo "Resolving OpenSearch from Maven Central" >&2
    mvn -q -B -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$state/classpath.txt" >&2
  fi
  cat "$state/classpath.txt"
}

healthy() {
  curl -fsS "$url/_cluster/health" 2>/dev/null | grep -qE '"status":"(green|yellow)"'
}

start() {
  if healthy; then echo "OpenSearch already running at $url"; return 0; fi
  local java cp
  java="$(find_java)"
  cp="$(classpath)"
  rm -rf "$state/node"
  mkdir -p "$state/node"
  echo "Starting OpenSearch on $url (logs: $state/opensearch.log)"
  # The runner's HTTP port is its base port + 1. The cluster is named after the port: two
  # nodes started on one machine (a checkout's and a clone's test run) would otherwise find
  # each other on the transport ports and form one cluster, which breaks when one stops.
  nohup "$java" -Xms512m -Xmx1g -Djava.net.preferIPv4Stack=true -cp "$cp" \
    org.codelibs.opensearch.runner.OpenSearchRunner \
    -basePath "$state/node" -numOfNode 1 -baseHttpPort "$((port - 1))" -clusterName "heritage-local-$port" \
    > "$state/opensearch.log" 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 120); do
    if healthy; then echo "OpenSearch is up at $url"; return 0; fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then break; fi
    sleep 1
  done
  echo "OpenSearch did not become healthy; last log lines:" >&2
  tail -20 "$state/opensearch.log" >&2 || true
  stop >/dev/null 2>&1 || true
  exit 1
}

stop() {
  if [ -f "$pidfile" ]; then
    local pid; pid="$(cat "$pidfile")"
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
    echo "OpenSearch stopped"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if healthy; then curl -fsS "$url/_cluster/health"; echo; else echo "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
