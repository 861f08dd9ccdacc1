#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft, no ZooKeeper) on 127.0.0.1, for tests, CI and local work.
#
#   infra/kafka/kafka.sh fetch              download the broker jars from Maven Central (cached)
#   infra/kafka/kafka.sh start [DIR]        format storage in DIR (default: a new temp dir), start, wait until
#                                           it answers; prints KAFKA_BROKERS=127.0.0.1:PORT and KAFKA_DIR=DIR;
#                                           started again in the same DIR it keeps its ports and its data
#   infra/kafka/kafka.sh stop DIR           stop the broker started in DIR (SIGTERM, then SIGKILL after 20 s)
#   infra/kafka/kafka.sh console-consumer BROKERS TOPIC [args]   Kafka's own console consumer from the jars
#
# The jars are cached in $STATLEDGER_CACHE (default ~/.cache/statledger) and fetched once per version.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/pom.xml")"
CACHE="${STATLEDGER_CACHE:-$HOME/.cache/statledger}"
LIBS="$CACHE/kafka-$VERSION/libs"

log() { echo "kafka.sh: $*" >&2; }

fetch() {
  if [[ -f "$LIBS/.complete" ]]; then return 0; fi
  command -v mvn >/dev/null || { log "mvn is not installed; install Maven (Debian: apt-get install maven)"; exit 1; }
  command -v java >/dev/null || { log "java is not installed; install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)"; exit 1; }
  mkdir -p "$CACHE"
  # Test files start their brokers in parallel: on a fresh machine one fetches and the others wait for it,
  # rather than each emptying the folder another is filling.
  (
    flock 9
    if [[ -f "$LIBS/.complete" ]]; then exit 0; fi
    log "fetching Apache Kafka $VERSION from Maven Central into $LIBS"
    rm -rf "$LIBS" && mkdir -p "$LIBS"
    mvn -q -B -f "$HERE/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS" >&2
    touch "$LIBS/.complete"
  ) 9>"$CACHE/kafka-$VERSION.lock"
}

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

start() {
  fetch
  local dir="${1:-$(mktemp -d "${TMPDIR:-/tmp}/statledger-kafka-XXXXXX")}"
  mkdir -p "$dir/data"
  local port controller
  if [[ -f "$dir/ports" ]]; then
    # A restart in the same folder keeps its ports, so clients find the broker where they left it.
    read -r port controller < "$dir/ports"
  else
    port="$(free_port)"
    controller="$(free_port)"
    while [[ "$controller" == "$port" ]]; do controller="$(free_port)"; done
    echo "$port $controller" > "$dir/ports"
  fi
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  cat > "$dir/log4j.properties" <<PROPS
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$dir/broker.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
PROPS
  local java=(java -Xms256m -Xmx512m -XX:+UseSerialGC -Dlog4j.configuration="file:$dir/log4j.properties" -cp "$LIBS/*")
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    "${java[@]}" kafka.tools.StorageTool format -t "$("${java[@]}" kafka.tools.StorageTool random-uuid)" -c "$dir/server.properties" >/dev/null
  fi
  [[ -f "$dir/broker.log" ]] && mv "$dir/broker.log" "$dir/broker.log.previous"
  nohup "${java[@]}" kafka.Kafka "$dir/server.properties" > "$dir/stdout.log" 2>&1 &
  echo $! > "$dir/pid"
  # Ready when the broker's port accepts connections and it has registered (the log says so).
  for _ in $(seq 1 120); do
    if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then log "the broker exited; see $dir/stdout.log and $dir/broker.log"; tail -20 "$dir/stdout.log" >&2; exit 1; fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && grep -q "Transition from STARTING to STARTED" "$dir/broker.log" 2>/dev/null; then
      echo "KAFKA_BROKERS=127.0.0.1:$port"
      echo "KAFKA_DIR=$dir"
      return 0
    fi
    sleep 0.5
  done
  log "the broker did not answer within 60 s; see $dir/broker.log"
  stop "$dir"
  exit 1
}

stop() {
  local dir="${1:?usage: kafka.sh stop DIR}"
  [[ -f "$dir/pid" ]] || { log "no broker started in $dir"; return 0; }
  local pid
  pid="$(cat "$dir/pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || { rm -f "$dir/pid"; return 0; }; sleep 0.5; done
  log "the broker did not stop within 20 s; killing it"
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/pid"
}

case "${1:-}" in
  fetch) fetch ;;
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  console-consumer) shift; fetch; brokers="$1"; topic="$2"; shift 2
    exec java -Xmx256m -Dlog4j.configuration="file:$HERE/console-log4j.properties" -cp "$LIBS/*" org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$brokers" --topic "$topic" --property print.key=true --property key.separator=$'\t' "$@" ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
