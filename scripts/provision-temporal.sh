#!/usr/bin/env bash
# Provisions the two Temporal binaries duban needs into .tools/bin (ignored by git),
# reusing whatever is already there:
#   temporal               the Temporal CLI (dev server with SQLite + Web UI), pinned v1.5.1
#   temporal-test-server   wrapper around the Java time-skipping test server (Maven Central), started
#                          through duban's launcher where a JDK can compile it
#   cluster                (only when asked) the Temporal server, its SQL schema tool and the standalone Web UI,
#                          built with go install, plus the server's PostgreSQL schemas (for `npm run cluster`)
# Usage: provision-temporal.sh [cli] [test-server] [cluster]
# Where a binary cannot be provisioned here, the TypeScript side falls back to the SDK's own
# download (needs Internet). Idempotent; safe to run on every `npm test`.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS="$ROOT/.tools"
BIN="$TOOLS/bin"
CLI_VERSION=1.5.1
POM="$ROOT/scripts/test-server/pom.xml"
LAUNCHER="$ROOT/scripts/test-server/DubanTestServer.java"
TEST_SERVER_VERSION=$(sed -n 's:.*<version>\(1\.[0-9][0-9.]*\)</version>.*:\1:p' "$POM" | tail -1)
MISSING=()
# What the test server's class-data archive is recorded over (a new value records it again).
ARCHIVE_TRAINING="simulate tiny test plan"
USER_CACHE="${DUBAN_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/duban}"

log() { echo "[provision] $*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
cli_version() { "$1" --version 2>/dev/null | sed -n 's/^temporal version \([0-9][0-9.]*\).*/\1/p' | head -1; }
# A CLI of 1.3 or newer understands every flag duban passes to `server start-dev`.
compatible() { printf '%s\n%s\n' "1.3.0" "$1" | sort -V -C; }

mkdir -p "$BIN"

provision_cli() {
  if [[ -n "${DUBAN_TEMPORAL_CLI:-}" ]]; then
    [[ -x "$DUBAN_TEMPORAL_CLI" ]] || { log "DUBAN_TEMPORAL_CLI=$DUBAN_TEMPORAL_CLI is not an executable file"; exit 1; }
    log "Temporal CLI: using DUBAN_TEMPORAL_CLI ($(cli_version "$DUBAN_TEMPORAL_CLI"))"
    return
  fi
  # A `go install`ed CLI reports 0.0.0-DEV, so our own build is recognised by its stamp file.
  local stamp="$TOOLS/temporal-cli.version"
  if [[ -x "$BIN/temporal" && -f "$stamp" ]]; then
    log "Temporal CLI: reusing .tools/bin/temporal ($(cat "$stamp"))"
    if [[ "$(cat "$stamp")" == "$CLI_VERSION" && ! -x "$USER_CACHE/temporal-v$CLI_VERSION" ]]; then
      mkdir -p "$USER_CACHE" && cp "$BIN/temporal" "$USER_CACHE/temporal-v$CLI_VERSION" || true
    fi
    return
  fi
  rm -f "$BIN/temporal" "$stamp"
  if have temporal; then
    local p v; p=$(command -v temporal); v=$(cli_version "$p")
    if [[ -n "$v" ]] && compatible "$v"; then
      ln -sf "$p" "$BIN/temporal"; echo "$v (from PATH: $p)" > "$stamp"
      log "Temporal CLI: using $p ($v) from PATH"; return
    fi
    log "Temporal CLI: ignoring $p on PATH (version '${v:-unknown}', need >= 1.3)"
  fi
  # A build from another checkout on this machine (fresh clones, CI) is reused from the user cache.
  local cached="$USER_CACHE/temporal-v$CLI_VERSION"
  if [[ -x "$cached" ]]; then
    cp "$cached" "$BIN/temporal"; echo "$CLI_VERSION" > "$stamp"
    log "Temporal CLI: reusing v$CLI_VERSION from $USER_CACHE"; return
  fi
  if have go; then
    log "Temporal CLI: building v$CLI_VERSION with go install (first time only, a few minutes)..."
    GOBIN="$BIN" GOFLAGS=-buildvcs=false go install "github.com/temporalio/cli/cmd/temporal@v$CLI_VERSION"
    echo "$CLI_VERSION" > "$stamp"
    mkdir -p "$USER_CACHE" && cp "$BIN/temporal" "$cached.tmp" && mv "$cached.tmp" "$cached" || true
    log "Temporal CLI: built v$CLI_VERSION ($("$BIN/temporal" --version))"
    return
  fi
  MISSING+=("Temporal CLI (install Go >= 1.24, or put temporal >= 1.3 on PATH, or set DUBAN_TEMPORAL_CLI)")
}

# Stops the recording JVM whose pid is in <pidfile> with SIGTERM (which runs the JVM's exit, where it writes the
# archive) and waits until it has exited, so that no archive is written after this returns.
stop_recording() {
  local pidfile=$1 pid
  pid=$(cat "$pidfile" 2>/dev/null || true)
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$pidfile"
}

# Records the class-data archive <dir>/classes.jsa: the JVM writes the classes it loaded when it exits. The training
# run is `duban simulate` of the tiny test plan and its cast where the project's packages are installed (starts,
# timers, local activities, updates, queries: the server then starts its work with those classes loaded and
# verified), else the server's start until it listens.
archive_test_server_classes() {
  local dir=$1 flags=$2 classpath=$3 pidfile="$dir/record.pid" wrapper="$dir/record" port over
  rm -f "$dir/classes.jsa" "$pidfile"
  # The SDK kills the server it started with SIGKILL: the JVM runs apart from this wrapper (its output not held by
  # the SDK), so it outlives it and is stopped here with SIGTERM.
  cat > "$wrapper" <<WRAPPER
#!/usr/bin/env bash
java -XX:ArchiveClassesAtExit="$dir/classes.jsa" $flags -cp "$classpath" DubanTestServer "\$@" > /dev/null 2>&1 &
echo \$! > "$pidfile"
wait
WRAPPER
  chmod +x "$wrapper"
  if [[ -d "$ROOT/node_modules/@temporalio/testing" ]] &&
    DUBAN_TEMPORAL_TEST_SERVER="$wrapper" timeout 300 node "$ROOT/bin/duban.js" simulate \
      "$ROOT/test/fixtures/plans/tiny.yaml" --cast "$ROOT/test/fixtures/plans/tiny-cast.yaml" --json > /dev/null 2>&1; then
    over="a simulated year of the tiny test plan"
  else
    stop_recording "$pidfile"
    rm -f "$dir/classes.jsa"
    port=$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
    "$wrapper" "$port" --enable-time-skipping &
    for _ in $(seq 1 300); do
      (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
      # A JVM that died (its pid written, then gone) will not listen: no use waiting out the 30 s.
      [[ -s "$pidfile" ]] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null && break
      sleep 0.1
    done
    over="the server's start"
  fi
  stop_recording "$pidfile"
  wait 2>/dev/null || true
  rm -f "$wrapper"
  [[ -s "$dir/classes.jsa" ]] || return 1
  chmod a+r "$dir/classes.jsa" # the JVM writes it for its owner only; every user of the checkout may read it
  log "Test server: class-data archive recorded over $over"
}

provision_test_server() {
  if [[ -n "${DUBAN_TEMPORAL_TEST_SERVER:-}" ]]; then
    [[ -x "$DUBAN_TEMPORAL_TEST_SERVER" ]] || { log "DUBAN_TEMPORAL_TEST_SERVER=$DUBAN_TEMPORAL_TEST_SERVER is not executable"; exit 1; }
    log "Test server: using DUBAN_TEMPORAL_TEST_SERVER"
    return
  fi
  local dir="$TOOLS/test-server" stamp="$TOOLS/test-server/version" want
  # With a JDK, the server starts through duban's launcher (scripts/test-server/DubanTestServer.java: the same
  # server, its timer's lock ledger made a hash set) and from a class-data archive of its own classes (it listens
  # in 0.4 s instead of 0.9 s, and serves its first requests sooner); with a Java runtime only, as it is (slower on
  # long runs). The archive belongs to one JVM build and one training run, so the stamp names both.
  if have javac && have jar; then
    want="$TEST_SERVER_VERSION launcher-$( (cat "$LAUNCHER"; java -version 2>&1; echo "$ARCHIVE_TRAINING") | sha256sum | cut -c1-16)"
  else
    want="$TEST_SERVER_VERSION"
  fi
  if [[ -x "$BIN/temporal-test-server" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && have java; then
    log "Test server: reusing .tools/bin/temporal-test-server ($want)"
    return
  fi
  if have java && have mvn; then
    log "Test server: resolving io.temporal:temporal-test-server:$TEST_SERVER_VERSION from Maven Central..."
    mkdir -p "$dir"
    mvn -q -B -f "$POM" dependency:build-classpath -Dmdep.outputFile="$dir/classpath.txt" >&2
    local flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
    local classpath="\$(cat '$dir/classpath.txt')" main=io.temporal.testserver.TestServer
    if [[ "$want" != "$TEST_SERVER_VERSION" ]]; then
      local build="$dir/launcher-classes"
      rm -rf "$build" "$dir/launcher" "$dir/launcher.jar" "$dir/classes.jsa" && mkdir -p "$build"
      javac -nowarn -d "$build" -cp "$(cat "$dir/classpath.txt")" "$LAUNCHER"
      jar cf "$dir/launcher.jar" -C "$build" . && rm -rf "$build"
      classpath="$dir/launcher.jar:$classpath" main=DubanTestServer
      if archive_test_server_classes "$dir" "$flags" "$dir/launcher.jar:$(cat "$dir/classpath.txt")"; then
        flags="-XX:SharedArchiveFile=$dir/classes.jsa $flags"
      else
        log "Test server: no class-data archive (the server starts half a second slower)"
      fi
    else
      log "Test server: no javac or jar (a JDK), so it runs without duban's launcher: long simulations take longer"
    fi
    # The SDK stops the test server with SIGKILL, so the wrapper must exec java (no orphan JVM).
    cat > "$BIN/temporal-test-server" <<WRAPPER
#!/usr/bin/env bash
exec java $flags -cp "$classpath" $main "\$@"
WRAPPER
    chmod +x "$BIN/temporal-test-server"
    echo "$want" > "$stamp"
    log "Test server: ready ($want)"
    return
  fi
  MISSING+=("Temporal test server (install Java >= 11 and Maven, or set DUBAN_TEMPORAL_TEST_SERVER)")
}

SERVER_VERSION=1.29.1
UI_VERSION=2.42.1

# One Go binary into .tools/bin, reused from the user cache when another checkout built it already.
go_binary() { # name module version
  local name=$1 module=$2 version=$3 cached="$USER_CACHE/$1-v$3" stamp="$TOOLS/$1.version"
  if [[ -x "$BIN/$name" && -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; then log "$name: reusing v$version"; return; fi
  if [[ -x "$cached" ]]; then cp "$cached" "$BIN/$name"; echo "$version" > "$stamp"; log "$name: reusing v$version from $USER_CACHE"; return; fi
  if ! have go; then MISSING+=("$name (install Go >= 1.24 to build it)"); return; fi
  log "$name: building v$version with go install (first time only, several minutes)..."
  local tmp; tmp=$(mktemp -d)
  GOBIN="$tmp" GOFLAGS=-buildvcs=false go install "$module@v$version"
  mv "$tmp/$(basename "$module")" "$BIN/$name"; rmdir "$tmp"
  echo "$version" > "$stamp"
  mkdir -p "$USER_CACHE" && cp "$BIN/$name" "$cached.tmp" && mv "$cached.tmp" "$cached" || true
}

provision_cluster() {
  go_binary temporal-server go.temporal.io/server/cmd/server "$SERVER_VERSION"
  go_binary temporal-sql-tool go.temporal.io/server/cmd/tools/sql "$SERVER_VERSION"
  go_binary temporal-ui-server github.com/temporalio/ui-server/v2/cmd/server "$UI_VERSION"
  # The PostgreSQL schemas ship in the server module's source (in the Go module cache after the build).
  local schema="$TOOLS/schema/postgresql" cached="$USER_CACHE/temporal-schema-v$SERVER_VERSION"
  if [[ ! -d "$schema/v12" ]]; then
    if [[ ! -d "$cached/v12" ]] && have go; then
      local src; src="$(go env GOMODCACHE)/go.temporal.io/server@v$SERVER_VERSION/schema/postgresql"
      [[ -d "$src" ]] || (cd "$TOOLS" && GOFLAGS=-mod=mod go mod download "go.temporal.io/server@v$SERVER_VERSION" >/dev/null)
      mkdir -p "$cached" && cp -r "$src/v12" "$cached/" && chmod -R u+w "$cached"
    fi
    [[ -d "$cached/v12" ]] || { MISSING+=("Temporal server schemas (needs Go to fetch go.temporal.io/server@v$SERVER_VERSION)"); return; }
    mkdir -p "$schema" && cp -r "$cached/v12" "$schema/"
  fi
  log "cluster: server v$SERVER_VERSION, schema tool, Web UI v$UI_VERSION ready"
}

# Arguments pick what to provision (`cli`, `test-server`, `cluster`); none means the first two.
WANT="${*:-cli test-server}"
[[ " $WANT " == *" cli "* ]] && provision_cli
[[ " $WANT " == *" test-server "* ]] && provision_test_server
[[ " $WANT " == *" cluster "* ]] && provision_cluster

if (( ${#MISSING[@]} )); then
  for m in "${MISSING[@]}"; do log "missing: $m"; done
  if curl -fsS -m 5 -o /dev/null https://temporal.download/ 2>/dev/null; then
    log "falling back to the Temporal SDK's own download for what is missing"
  else
    log "cannot provision these and there is no Internet for the SDK's download; install what is listed above"
    exit 1
  fi
fi
