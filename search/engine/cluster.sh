#!/usr/bin/env bash
# A two-node OpenSearch cluster on 127.0.0.1 for the cluster tests (tests/search/test_cluster.py).
#   search/engine/cluster.sh start | stop | status | stop-node N | start-node N
# Node N listens for HTTP on 9210+N and for its transport on 9310+N (SEARCH_CLUSTER_HTTP_BASE,
# SEARCH_CLUSTER_TRANSPORT_BASE); each node is its own Java process (opensearch.sh's runner,
# one node each) so that one can be stopped while the other answers. Data and logs under
# var/opensearch-cluster/node1, node2. `start` begins from empty data; `start-node N` keeps
# the node's data, so it rejoins and its shard copies catch up.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cluster_state="${HERITAGE_VAR_DIR:-$root/var}/opensearch-cluster"
http_base="${SEARCH_CLUSTER_HTTP_BASE:-9210}"
transport_base="${SEARCH_CLUSTER_TRANSPORT_BASE:-9310}"
cluster_name="heritage-cluster"
nodes="1 2"

# find_java and classpath (with its cache under $state) come from the single node's script.
state="${HERITAGE_VAR_DIR:-$root/var}/opensearch"
eval "$(sed -n '/^sudo_cmd=/,/^healthy()/{/^healthy()/d;p}' "$here/opensearch.sh")"

node_dir() { echo "$cluster_state/node$1"; }
node_url() { echo "http://127.0.0.1:$((http_base + $1))"; }
node_up() { curl -fsS -m 2 "$(node_url "$1")/" >/dev/null 2>&1; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_config() {
  local n="$1" dir seeds="" masters="" m
  dir="$(node_dir "$n")/node_1/config"
  mkdir -p "$dir"
  for m in $nodes; do
    seeds="$seeds\"127.0.0.1:$((transport_base + m))\", "
    masters="$masters\"127.0.0.1:$((transport_base + m))\", "
  done
  # The runner names every node "Node 1" (one node per process), so the cluster's first
  # managers are named by their transport address.
  cat > "$dir/opensearch.yml" <<YAML
network.host: 127.0.0.1
transport.port: $((transport_base + n))
discovery.seed_hosts: [${seeds%, }]
cluster.initial_cluster_manager_nodes: [${masters%, }]
YAML
}

start_node() {
  local n="$1" java cp dir http transport
  http=$((http_base + n)); transport=$((transport_base + n)); dir="$(node_dir "$n")"
  if node_up "$n"; then echo "Node $n already running at $(node_url "$n")"; return 0; fi
  # The runner moves to the next free HTTP port when its own is taken: refuse instead.
  for port in "$http" "$transport"; do
    if port_busy "$port"; then echo "Port $port is taken; node $n not started." >&2; return 1; fi
  done
  java="$(find_java)"
  cp="$(classpath)"
  write_config "$n"
  echo "Starting cluster node $n on $(node_url "$n") (logs: $dir/opensearch.log)"
  nohup "$java" -Xms512m -Xmx512m -Djava.net.preferIPv4Stack=true -cp "$cp" \
    org.codelibs.opensearch.runner.OpenSearchRunner \
    -basePath "$dir" -numOfNode 1 -baseHttpPort "$((http - 1))" -clusterName "$cluster_name" \
    >> "$dir/opensearch.log" 2>&1 &
  echo $! > "$dir/opensearch.pid"
}

wait_node() {
  local n="$1" dir; dir="$(node_dir "$n")"
  for _ in $(seq 1 120); do
    node_up "$n" && return 0
    kill -0 "$(cat "$dir/opensearch.pid" 2>/dev/null)" 2>/dev/null || break
    sleep 1
  done
  echo "Cluster node $n did not come up; last log lines:" >&2
  tail -20 "$dir/opensearch.log" >&2 || true
  return 1
}

wait_cluster() {
  # Both nodes joined and every shard at least assigned once (yellow), within two minutes.
  local url; url="$(node_url 1)"
  for _ in $(seq 1 120); do
    if curl -fsS -m 5 "$url/_cluster/health?wait_for_nodes=2&wait_for_status=yellow&timeout=1s" 2>/dev/null \
      | grep -q '"timed_out":false'; then
      echo "Cluster $cluster_name is up: $(node_url 1), $(node_url 2)"; return 0
    fi
    sleep 1
  done
  echo "The cluster did not form." >&2
  return 1
}

stop_node() {
  local n="$1" dir pid; dir="$(node_dir "$n")"
  [ -f "$dir/opensearch.pid" ] || return 0
  pid="$(cat "$dir/opensearch.pid")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/opensearch.pid"
  echo "Cluster node $n stopped"
}

check_node() {
  case "${1:-}" in 1|2) ;; *) echo "usage: $0 ${2} 1|2" >&2; exit 2 ;; esac
}

case "${1:-}" in
  start)
    for n in $nodes; do stop_node "$n" >/dev/null; rm -rf "$(node_dir "$n")"; mkdir -p "$(node_dir "$n")"; done
    for n in $nodes; do start_node "$n"; done
    ok=1
    for n in $nodes; do wait_node "$n" || ok=0; done
    if [ "$ok" = 1 ] && wait_cluster; then exit 0; fi
    for n in $nodes; do stop_node "$n" >/dev/null 2>&1 || true; done
    exit 1 ;;
  stop) for n in $nodes; do stop_node "$n"; done ;;
  start-node) check_node "${2:-}" start-node; start_node "$2" && wait_node "$2" ;;
  stop-node) check_node "${2:-}" stop-node; stop_node "$2" ;;
  status)
    for n in $nodes; do
      if node_up "$n"; then echo "node $n: up at $(node_url "$n")"; else echo "node $n: down"; fi
    done
    for n in $nodes; do
      if node_up "$n"; then curl -fsS "$(node_url "$n")/_cluster/health"; echo; exit 0; fi
    done
    exit 1 ;;
  *) echo "usage: $0 start|stop|status|stop-node N|start-node N" >&2; exit 2 ;;
esac
