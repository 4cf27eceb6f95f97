#!/usr/bin/env bash
# infra/local.sh — make Redis and a MongoDB-compatible database available on a
# machine without Docker (development and CI). See infra/README.md.
#
#   eval "$(bash infra/local.sh)"     # up (idempotent); prints two `export` lines
#   source .local/env                 # the same lines, written by the last `up`
#   bash infra/local.sh down          # stop what this checkout started, nothing else
#   bash infra/local.sh status        # what is answering, and who started it
#
# Everything human-readable goes to stderr; stdout carries only the env lines.
set -euo pipefail

# ---------------------------------------------------------------- settings ---
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd -P)
STATE_DIR="$REPO_ROOT/.local"          # git-ignored (.gitignore: .local/)
LOG_DIR="$STATE_DIR/logs"
ENV_FILE="$STATE_DIR/env"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/reprise"   # shared by every clone on the machine

HOST=127.0.0.1
REDIS_PORT="${REPRISE_LOCAL_REDIS_PORT:-6379}"      # overridable for tests only
MONGO_PORT="${REPRISE_LOCAL_MONGO_PORT:-27017}"     # overridable for tests only
TIMEOUT="${REPRISE_LOCAL_TIMEOUT:-60}"              # seconds to wait for each service

FERRETDB_VERSION=v1.24.2
FERRETDB_MODULE=github.com/FerretDB/FerretDB
FERRETDB_BIN="$CACHE_DIR/bin/ferretdb"
# Go's collector runs when the heap doubles (GOGC=100): FerretDB decodes
# every document it reads into short-lived garbage, and spent 11-16% of its
# CPU collecting it in a bulk replay. A larger heap between collections
# (its live heap is tens of MB; this machine has 24 GiB) does that less often.
FERRETDB_GOGC=${FERRETDB_GOGC:-400}
PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=root
PG_DB=reprise_ferretdb

# shellcheck disable=SC2016
DOCKER_HINT='or, where Docker is available, run `docker compose up -d mongo redis`'

# ------------------------------------------------------------------ output ---
# fd 8 = the caller's stdout (env lines only); everything else goes to stderr.
# Every background process we start gets `8>&- 9>&-` so that it holds neither
# the caller's pipe (`eval "$(...)"` would never return) nor the lock.
log()  { printf 'local.sh: %s\n' "$*" >&2; }
die()  { printf 'local.sh: error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

# -------------------------------------------------------------- primitives ---
# port_open HOST PORT: something accepts TCP connections there.
port_open() {
  local cmd="exec 3<>/dev/tcp/$1/$2"
  if have timeout; then timeout 3 bash -c "$cmd" 2>/dev/null; else bash -c "$cmd" 2>/dev/null; fi
}

# redis_ping HOST PORT: prints the reply (PONG when it is a usable Redis).
redis_ping() {
  local h=$1 p=$2 reply=''
  if have redis-cli; then
    reply=$( { if have timeout; then timeout 5 redis-cli -h "$h" -p "$p" ping; else redis-cli -h "$h" -p "$p" ping; fi; } 2>&1 | head -n1) || true
  else
    reply=$(bash -c '
      exec 3<>"/dev/tcp/$0/$1" || exit 1
      printf "PING\r\n" >&3
      IFS= read -r -t 3 line <&3 || exit 1
      printf "%s\n" "${line%$'"'"'\r'"'"'}"' "$h" "$p" 2>/dev/null) || true
    reply=${reply#+}
  fi
  printf '%s' "$reply"
}
redis_ok() { [[ "$(redis_ping "$1" "$2")" == PONG ]]; }

# mongo_probe HOST PORT
#   exit 0: speaks the MongoDB wire protocol and `listDatabases` succeeds
#           (prints e.g. "MongoDB 7.0.42 (FerretDB v1.24.2)")
#   exit 1: nothing accepts connections there
#   exit 2: something listens but does not answer the MongoDB protocol
#   exit 3: MongoDB protocol, but the database is not usable (message on stderr,
#           e.g. FerretDB whose PostgreSQL is down, or a server that wants auth)
# It sends raw OP_MSG commands (hello, buildInfo, listDatabases) with Node's
# `net` module, so it needs no driver and no node_modules (works on a fresh
# clone before `pnpm install`). Without Node it falls back to a bash OP_MSG
# `hello` that checks only the reply's header.
MONGO_PROBE_JS=$(cat <<'EOF'
const net = require('net');
const [host, port] = process.argv.slice(1);
const cstr = (s) => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
function bson(fields) {
  const parts = [];
  for (const [k, v] of fields) {
    if (typeof v === 'number') { const b = Buffer.alloc(4); b.writeInt32LE(v); parts.push(Buffer.from([0x10]), cstr(k), b); }
    else if (typeof v === 'boolean') { parts.push(Buffer.from([0x08]), cstr(k), Buffer.from([v ? 1 : 0])); }
    else { const s = cstr(v); const l = Buffer.alloc(4); l.writeInt32LE(s.length); parts.push(Buffer.from([0x02]), cstr(k), l, s); }
  }
  const body = Buffer.concat(parts); const len = Buffer.alloc(4); len.writeInt32LE(body.length + 5);
  return Buffer.concat([len, body, Buffer.from([0])]);
}
function opMsg(id, doc) {
  const h = Buffer.alloc(21);
  h.writeInt32LE(21 + doc.length, 0); h.writeInt32LE(id, 4); h.writeInt32LE(0, 8);
  h.writeInt32LE(2013, 12); h.writeUInt32LE(0, 16); h.writeUInt8(0, 20);
  return Buffer.concat([h, doc]);
}
// Top-level scalar fields of a BSON document (nested documents are skipped).
function topLevel(buf, off) {
  const end = off + buf.readInt32LE(off); const out = {}; let p = off + 4;
  while (p < end - 1) {
    const t = buf[p++]; const z = buf.indexOf(0, p); const name = buf.toString('utf8', p, z); p = z + 1;
    let n;
    switch (t) {
      case 0x01: out[name] = buf.readDoubleLE(p); n = 8; break;
      case 0x02: case 0x0d: case 0x0e: n = 4 + buf.readInt32LE(p); out[name] = buf.toString('utf8', p + 4, p + n - 1); break;
      case 0x03: case 0x04: case 0x0f: n = buf.readInt32LE(p); break;
      case 0x05: n = 5 + buf.readInt32LE(p); break;
      case 0x06: case 0x0a: case 0x7f: case 0xff: n = 0; break;
      case 0x07: n = 12; break;
      case 0x08: out[name] = buf[p] === 1; n = 1; break;
      case 0x09: case 0x11: n = 8; break;
      case 0x10: out[name] = buf.readInt32LE(p); n = 4; break;
      case 0x12: out[name] = Number(buf.readBigInt64LE(p)); n = 8; break;
      case 0x13: n = 16; break;
      case 0x0b: { const a = buf.indexOf(0, p); n = buf.indexOf(0, a + 1) + 1 - p; break; }
      case 0x0c: n = 4 + buf.readInt32LE(p) + 12; break;
      default: return out;
    }
    p += n;
  }
  return out;
}
const commands = [
  [['hello', 1], ['$db', 'admin']],
  [['buildInfo', 1], ['$db', 'admin']],
  [['listDatabases', 1], ['nameOnly', true], ['$db', 'admin']],
];
const replies = [];
let connected = false, buf = Buffer.alloc(0), step = 0;
const finish = (code, msg) => { if (msg) process.stderr.write(msg + '\n'); process.exit(code); };
const sock = net.connect({ host, port: Number(port) });
sock.setTimeout(3000, () => finish(connected ? 2 : 1, connected ? `${host}:${port} accepted the connection but sent no MongoDB reply` : ''));
sock.on('error', (e) => finish(connected ? 2 : 1, connected ? `${host}:${port}: ${e.message}` : ''));
sock.on('close', () => finish(2, `${host}:${port} closed the connection without a MongoDB reply`));
sock.on('connect', () => { connected = true; sock.write(opMsg(1, bson(commands[0]))); });
sock.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  if (buf.length < 4) return;
  const len = buf.readInt32LE(0);
  if (len < 21 || len > 48 * 1024 * 1024) finish(2, `${host}:${port} does not speak the MongoDB protocol`);
  if (buf.length < len) return;
  const msg = buf.subarray(0, len); buf = buf.subarray(len);
  if (msg.readInt32LE(8) !== step + 1 || msg.readInt32LE(12) !== 2013 || msg[20] !== 0)
    finish(2, `${host}:${port} does not speak the MongoDB protocol (OP_MSG)`);
  let doc;
  try { doc = topLevel(msg, 21); } catch { finish(2, `${host}:${port}: unreadable BSON reply`); }
  replies.push(doc);
  step += 1;
  if (step < commands.length) { sock.write(opMsg(step + 1, bson(commands[step]))); return; }
  const [, info, list] = replies;
  if (list.ok !== 1) finish(3, `${host}:${port} speaks MongoDB but listDatabases failed: ${list.errmsg || JSON.stringify(list)}`);
  sock.removeAllListeners('close'); sock.destroy();
  const what = info && info.ok === 1 && info.version ? `MongoDB ${info.version}` : 'MongoDB-compatible';
  console.log(info && info.ferretdbVersion ? `${what} (FerretDB ${info.ferretdbVersion})` : what);
  process.exit(0);
});
EOF
)

mongo_probe() {
  local h=$1 p=$2
  if have node; then
    local rc=0
    (cd / && node -e "$MONGO_PROBE_JS" "$h" "$p") || rc=$?
    return "$rc"
  fi
  # Fallback without Node: OP_MSG {hello: 1, $db: "admin"}, check the reply header
  # (opCode 2013, responseTo 1). Cannot see whether the backend works.
  port_open "$h" "$p" || return 1
  local hdr
  hdr=$(bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "\x34\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\xdd\x07\x00\x00\x00\x00\x00\x00\x00" >&3
    printf "\x1f\x00\x00\x00\x10hello\x00\x01\x00\x00\x00\x02\$db\x00\x06\x00\x00\x00admin\x00\x00" >&3
    timeout 3 head -c 16 <&3 | od -An -v -tx1' "$h" "$p" 2>/dev/null | tr -d ' \n') || true
  if [[ ${#hdr} -eq 32 && ${hdr:16:8} == 01000000 && ${hdr:24:8} == dd070000 ]]; then
    echo "MongoDB-compatible (wire protocol only; Node not found for a full check)"
    return 0
  fi
  echo "$h:$p does not speak the MongoDB protocol" >&2
  return 2
}

# ------------------------------------------------------------- pid files ---
# pid_alive PIDFILE NAME: the pid in PIDFILE runs and its command line has NAME
# (guards against a recycled pid). Prints the pid.
pid_alive() {
  local f=$1 name=$2 pid
  [[ -s "$f" ]] || return 1
  pid=$(tr -dc '0-9' <"$f")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r /proc/$pid/cmdline ]]; then
    local cmdline
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || true
    [[ $cmdline == *"$name"* ]] || return 1
  fi
  printf '%s' "$pid"
}

# spawn PIDFILE LOGFILE CMD...: start CMD detached (own session, no terminal,
# SIGHUP ignored), stdin from /dev/null, output appended to LOGFILE. The pid
# file is written by the process itself just before exec, so it is exact.
# Before exec it also closes every inherited descriptor above 2 (our fds 8/9,
# and whatever the caller's shell or CI runner left open), so the service never
# holds a pipe that someone waits on.
# shellcheck disable=SC2016
CLOSE_FDS='for f in /proc/self/fd/*; do n=${f##*/}; [[ $n -gt 2 ]] && eval "exec $n>&-" 2>/dev/null; done; '
spawn() {
  local pidfile=$1 logfile=$2; shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016
  nohup setsid bash -c "$CLOSE_FDS"'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" \
    </dev/null >>"$logfile" 2>&1 8>&- 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do [[ -s "$pidfile" ]] && return 0; sleep 0.1; done
  die "could not start $1 (see $logfile)"
}

# wait_until SECONDS PIDFILE NAME LOGFILE CHECK...: poll CHECK until it
# succeeds; fail early if the process behind PIDFILE (when given) has died.
# On failure, shows CHECK's last complaint and the last log entries.
wait_until() {
  local secs=$1 pidfile=$2 name=$3 logfile=$4; shift 4
  local deadline=$((SECONDS + secs)) err=''
  while :; do
    if err=$("$@" 2>&1 >/dev/null); then return 0; fi
    if [[ -n "$pidfile" ]] && ! pid_alive "$pidfile" "$name" >/dev/null; then
      log "$name exited${err:+ ($err)}"
      break
    fi
    if ((SECONDS >= deadline)); then
      log "$name did not become usable within ${secs}s${err:+: $err}"
      break
    fi
    sleep 0.5
  done
  if [[ -s "$logfile" ]]; then
    log "last entries of $logfile:"
    { grep -E '^[0-9]{4}-|panic|[Ee]rror|FATAL' "$logfile" || tail -n 6 "$logfile"; } | tail -n 6 | cut -c1-400 >&2 || true
  fi
  return 1
}

# kill_started PIDFILE NAME: undo a start that did not become usable.
kill_started() {
  local pid
  if pid=$(pid_alive "$1" "$2"); then
    kill -TERM "$pid" 2>/dev/null || true
    sleep 1
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$1"
}

lock() {
  mkdir -p "$CACHE_DIR"
  have flock || return 0
  exec 9>"$CACHE_DIR/local.lock"
  # One run at a time on this machine (also across clones: same ports, same
  # PostgreSQL database, same binary cache). A first FerretDB build takes a few minutes.
  flock -w 600 9 || die "another infra/local.sh has held $CACHE_DIR/local.lock for 10 minutes"
}

# ------------------------------------------------------------------- Redis ---
as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif have sudo; then sudo -n "$@"
  else return 1
  fi
}

install_redis() {
  have apt-get || return 1
  log "redis-server not found; installing Debian's redis-server (apt-get update, apt-get install -y redis-server)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update >&2 8>&- 9>&- || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server >&2 8>&- 9>&- || return 1
}

ensure_redis() {
  if [[ -n "${REDIS_URL:-}" ]]; then
    log "Redis: REDIS_URL is set; using it as is"
    return 0
  fi
  local url="redis://$HOST:$REDIS_PORT" pidfile="$STATE_DIR/redis/redis.pid" pid reply
  reply=$(redis_ping "$HOST" "$REDIS_PORT")
  if [[ $reply == PONG ]]; then
    if pid=$(pid_alive "$pidfile" redis-server); then
      log "Redis: $HOST:$REDIS_PORT answers PONG; using it (redis-server pid $pid, started by this checkout)"
    else
      log "Redis: $HOST:$REDIS_PORT answers PONG; using it (not started by this checkout)"
    fi
    REDIS_URL=$url; return 0
  fi
  if port_open "$HOST" "$REDIS_PORT"; then
    die "Redis: $HOST:$REDIS_PORT is in use but does not answer PING with PONG (reply: ${reply:-none}). Stop what listens there, or set REDIS_URL=redis://[user:password@]host:port, $DOCKER_HINT."
  fi
  if ! have redis-server; then
    install_redis || die "Redis: nothing answers on $HOST:$REDIS_PORT and redis-server is not installed (could not apt-get install redis-server). Install it (apt-get install -y redis-server), or set REDIS_URL=redis://host:port, $DOCKER_HINT."
    # The package may have started its own service on the port.
    if redis_ok "$HOST" "$REDIS_PORT"; then
      log "Redis: the redis-server package started a service on $HOST:$REDIS_PORT; using it"
      REDIS_URL=$url; return 0
    fi
  fi
  mkdir -p "$STATE_DIR/redis" "$LOG_DIR"
  log "Redis: starting redis-server on $HOST:$REDIS_PORT (data $STATE_DIR/redis, log $LOG_DIR/redis.log)"
  rm -f "$pidfile"
  # shellcheck disable=SC2094  # both redis and this redirection only append
  bash -c "$CLOSE_FDS"'exec "$@"' redis-server redis-server --daemonize yes --bind "$HOST" --port "$REDIS_PORT" --protected-mode yes \
    --dir "$STATE_DIR/redis" --pidfile "$pidfile" --logfile "$LOG_DIR/redis.log" \
    </dev/null >>"$LOG_DIR/redis.log" 2>&1 8>&- 9>&- \
    || die "Redis: redis-server failed to start; see $LOG_DIR/redis.log"
  wait_until "$TIMEOUT" "" redis-server "$LOG_DIR/redis.log" redis_ok "$HOST" "$REDIS_PORT" \
    || die "Redis: redis-server did not answer on $HOST:$REDIS_PORT; see $LOG_DIR/redis.log, or set REDIS_URL."
  log "Redis: ready on $HOST:$REDIS_PORT (pid $(cat "$pidfile" 2>/dev/null || echo '?'))"
  REDIS_URL=$url
}

# --------------------------------------------------------------- database ---
# ferretdb_works BIN: BIN runs and reports the pinned version.
ferretdb_works() {
  local out
  [[ -x "$1" ]] || return 1
  out=$("$1" --version 2>/dev/null) || return 1
  [[ $'\n'"$out"$'\n' == *$'\n'"version: $FERRETDB_VERSION"$'\n'* ]]
}

ensure_ferretdb_binary() {
  if ferretdb_works "$FERRETDB_BIN"; then return 0; fi
  if ! have go && [[ -x /usr/local/go/bin/go ]]; then PATH="$PATH:/usr/local/go/bin"; fi
  have go || die "No MongoDB-compatible database: nothing answers on $HOST:$MONGO_PORT, mongod is not installed, and Go (needed to build FerretDB $FERRETDB_VERSION) is not on PATH. Set MONGO_URL=mongodb://host:port, or install Go, or install mongod, $DOCKER_HINT."
  if [[ -e "$FERRETDB_BIN" ]]; then
    log "FerretDB: $FERRETDB_BIN is not a working $FERRETDB_VERSION build; rebuilding it"
  fi
  # Not a plain `go install …/cmd/ferretdb@$FERRETDB_VERSION`: the module as
  # published lacks the generated build/version/version.txt, and a binary built
  # from it panics at start ("Invalid build/version/version.txt file content").
  # So build from a copy of the module source with that file added.
  log "FerretDB: building $FERRETDB_VERSION into $FERRETDB_BIN (once per machine, a few minutes)"
  local work dir
  work=$(mktemp -d "${TMPDIR:-/tmp}/reprise-ferretdb.XXXXXX")
  # shellcheck disable=SC2064
  trap "chmod -R u+w '$work' 2>/dev/null; rm -rf '$work'" EXIT
  dir=$(cd "$work" && GOWORK=off GOFLAGS='' go mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" \
        | sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p') || true
  [[ -n "$dir" && -d "$dir" ]] || die "FerretDB: 'go mod download $FERRETDB_MODULE@$FERRETDB_VERSION' failed (is the Go module proxy reachable?). Or set MONGO_URL=mongodb://host:port."
  cp -R "$dir" "$work/src"
  chmod -R u+w "$work/src"
  printf '%s\n' "$FERRETDB_VERSION" >"$work/src/build/version/version.txt"
  mkdir -p "$(dirname "$FERRETDB_BIN")"
  (cd "$work/src" && GOWORK=off GOFLAGS='' go build -buildvcs=false -trimpath -tags ferretdb_no_sqlite \
      -o "$FERRETDB_BIN.tmp.$$" ./cmd/ferretdb) >&2 8>&- 9>&- \
    || { rm -f "$FERRETDB_BIN.tmp.$$"; die "FerretDB: go build failed (output above). Or set MONGO_URL=mongodb://host:port."; }
  ferretdb_works "$FERRETDB_BIN.tmp.$$" \
    || { rm -f "$FERRETDB_BIN.tmp.$$"; die "FerretDB: the freshly built binary does not run"; }
  mv -f "$FERRETDB_BIN.tmp.$$" "$FERRETDB_BIN"
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"; trap - EXIT
  log "FerretDB: built $FERRETDB_BIN"
}

ensure_pg_database() {
  local pg_hint="Start PostgreSQL on $PG_HOST:$PG_PORT (user $PG_USER, trust auth; e.g. 'service postgresql start'), or set MONGO_URL=mongodb://host:port, $DOCKER_HINT."
  port_open "$PG_HOST" "$PG_PORT" \
    || die "FerretDB needs PostgreSQL, but nothing answers on $PG_HOST:$PG_PORT. $pg_hint"
  if ! have psql; then
    log "FerretDB: psql not found; assuming database $PG_DB exists (install postgresql-client to have it created)"
    return 0
  fi
  local out
  out=$(psql -X -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAq -w \
          -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" 2>&1) \
    || die "FerretDB needs PostgreSQL, but psql -h $PG_HOST -p $PG_PORT -U $PG_USER failed: $out. $pg_hint"
  if [[ $out != 1 ]]; then
    log "FerretDB: creating PostgreSQL database $PG_DB"
    out=$(psql -X -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -q -w -c "CREATE DATABASE $PG_DB" 2>&1) \
      || [[ $out == *"already exists"* ]] \
      || die "FerretDB: could not create PostgreSQL database $PG_DB: $out"
  fi
  # The database's own settings, applied to FerretDB's connections (it is
  # started after this). synchronous_commit off: a write is acknowledged
  # before its WAL reaches disk, as a standalone mongod acknowledges before its
  # journal's next flush (a crash loses at most the last fraction of a second,
  # never consistency); PostgreSQL's default makes every insert wait for an
  # fsync. lz4: request documents are a few KB, over the TOAST threshold,
  # and lz4 compresses them several times faster than the default pglz.
  out=$(psql -X -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -q -w \
          -c "ALTER DATABASE $PG_DB SET synchronous_commit = off" \
          -c "ALTER DATABASE $PG_DB SET default_toast_compression = 'lz4'" 2>&1) \
    || log "FerretDB: could not tune PostgreSQL database $PG_DB (left as it is): $out"
  out=$(psql -X -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -q -w -v ON_ERROR_STOP=1 <<<"$LOOKUP_SQL" 2>&1) \
    || log "FerretDB: could not add the lookup indexes to PostgreSQL database $PG_DB (every equality FerretDB sends it scans the whole collection): $out"
}

# FerretDB 1.x stores a collection as a table of one jsonb column and pushes an
# equality down as `_jsonb->'key' @> value`, which PostgreSQL answers only by
# scanning every row: FerretDB's own index on `_id` is a btree, which cannot
# serve `@>`, and it builds no other (history builds no list index on it).
# GIN indexes on the same expressions serve `@>`: on `_id` in every table (a
# lookup by id, a text search's few matches, an update of the day directory),
# and in the list's table (`requests`) on its buckets, `day` and `hour` (see
# services/history/src/models/request/request.buckets.ts). Not on keys most
# rows share (`workspaceId`, or `day` in the bodies' and texts' tables): every
# insert adds to that key's one posting tree, and a logged request's p99 went
# from 20 to 47–130 ms (bench ingest). Inserts go to a pending list that is
# merged into the index when it holds 128 kB: merged at the default 4 MB, a
# merge held an insert for tens of ms; merged at each insert (fastupdate off),
# every insert paid for it. FerretDB creates tables as collections appear, so
# an event trigger adds the indexes to each new table with the jsonb column,
# and tables made before get them (and lose ones an earlier version added)
# here. FerretDB keeps its indexes in its own metadata and never sees these
# (listIndexes does not show them); dropping a collection drops them.
LOOKUP_SQL=$(cat <<'SQL'
CREATE OR REPLACE FUNCTION reprise_add_lookups(tbl regclass) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE k text; rel text; schema text; wanted text[] := ARRAY[]::text[]; stale record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = '_jsonb' AND NOT attisdropped) THEN RETURN; END IF;
  SELECT c.relname, n.nspname INTO rel, schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = tbl;
  FOREACH k IN ARRAY ARRAY['_id'] || CASE WHEN rel LIKE 'requests\_%' THEN ARRAY['day', 'hour'] ELSE ARRAY[]::text[] END LOOP
    wanted := wanted || (left(rel, 40) || '_rl' || replace(k, '_', ''));
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb -> %L) jsonb_path_ops) WITH (fastupdate = on, gin_pending_list_limit = 128)', wanted[array_upper(wanted, 1)], tbl, k);
    EXECUTE format('ALTER INDEX %I.%I SET (fastupdate = on, gin_pending_list_limit = 128)', schema, wanted[array_upper(wanted, 1)]);
  END LOOP;
  FOR stale IN SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
               WHERE i.indrelid = tbl AND c.relname LIKE left(rel, 40) || '\_rl%' AND NOT c.relname = ANY (wanted) LOOP
    EXECUTE format('DROP INDEX %I.%I', schema, stale.relname);
  END LOOP;
END
$fn$;
CREATE OR REPLACE FUNCTION reprise_lookups_on_create() RETURNS event_trigger LANGUAGE plpgsql AS $fn$
DECLARE created record;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE' AND object_type = 'table' LOOP
    PERFORM reprise_add_lookups(created.objid::regclass);
  END LOOP;
END
$fn$;
DROP EVENT TRIGGER IF EXISTS reprise_lookups;
CREATE EVENT TRIGGER reprise_lookups ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION reprise_lookups_on_create();
SELECT reprise_add_lookups(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%';
SQL
)

free_port_from() {
  local p=$1
  while port_open "$HOST" "$p"; do p=$((p + 1)); done
  printf '%s' "$p"
}

# await_database LABEL PIDFILE PROCESS LOGFILE HINT: waits until the database
# just started answers on $HOST:$MONGO_PORT and is the one that answers;
# stops it and dies naming HINT otherwise.
await_database() {
  local label=$1 pidfile=$2 proc=$3 logfile=$4 hint=$5
  wait_until "$TIMEOUT" "$pidfile" "$proc" "$logfile" mongo_probe "$HOST" "$MONGO_PORT" \
    || { kill_started "$pidfile" "$proc"; die "$label did not become usable on $HOST:$MONGO_PORT and was stopped (see $logfile). $hint"; }
  pid_alive "$pidfile" "$proc" >/dev/null \
    || die "$label exited (see $logfile) while something else answered on $HOST:$MONGO_PORT; run again."
  log "$label: ready on $HOST:$MONGO_PORT (pid $(cat "$pidfile"))"
}

start_ferretdb() {
  ensure_ferretdb_binary
  ensure_pg_database
  local sdir="$STATE_DIR/ferretdb" logfile="$LOG_DIR/ferretdb.log" debug_port
  mkdir -p "$sdir" "$LOG_DIR"
  debug_port=$(free_port_from $((MONGO_PORT + 1)))
  log "FerretDB: starting $FERRETDB_VERSION on $HOST:$MONGO_PORT over postgres://$PG_USER@$PG_HOST:$PG_PORT/$PG_DB (debug $HOST:$debug_port, log $logfile)"
  # GOGC: see FERRETDB_GOGC above.
  spawn "$sdir/ferretdb.pid" "$logfile" env GOGC="$FERRETDB_GOGC" "$FERRETDB_BIN" \
    --handler=postgresql \
    --postgresql-url="postgres://$PG_USER@$PG_HOST:$PG_PORT/$PG_DB" \
    --listen-addr="$HOST:$MONGO_PORT" \
    --telemetry=disable \
    --state-dir="$sdir" \
    --debug-addr="$HOST:$debug_port" \
    --log-level=warn
  await_database FerretDB "$sdir/ferretdb.pid" ferretdb "$logfile" \
    "Check PostgreSQL ($PG_HOST:$PG_PORT, database $PG_DB), or set MONGO_URL=mongodb://host:port."
}

start_mongod() {
  local dir="$STATE_DIR/mongod" logfile="$LOG_DIR/mongod.log"
  mkdir -p "$dir/db" "$LOG_DIR"
  log "MongoDB: starting $(command -v mongod) on $HOST:$MONGO_PORT (dbpath $dir/db, log $logfile)"
  spawn "$dir/mongod.pid" "$logfile" mongod --bind_ip "$HOST" --port "$MONGO_PORT" --dbpath "$dir/db"
  await_database MongoDB "$dir/mongod.pid" mongod "$logfile" "Or set MONGO_URL=mongodb://host:port."
}

ensure_mongo() {
  if [[ -n "${MONGO_URL:-}" ]]; then
    log "Database: MONGO_URL is set; using it as is"
    return 0
  fi
  local url="mongodb://$HOST:$MONGO_PORT" rc=0 what pid who='' name='' pidfile='' logfile=''
  if pid=$(pid_alive "$STATE_DIR/ferretdb/ferretdb.pid" ferretdb); then
    name=ferretdb pidfile="$STATE_DIR/ferretdb/ferretdb.pid" logfile="$LOG_DIR/ferretdb.log"
  elif pid=$(pid_alive "$STATE_DIR/mongod/mongod.pid" mongod); then
    name=mongod pidfile="$STATE_DIR/mongod/mongod.pid" logfile="$LOG_DIR/mongod.log"
  fi
  if [[ -n $name ]]; then
    who="$name pid $pid, started by this checkout"
    # Ours and alive: give it time in case it is still starting up.
    wait_until "$TIMEOUT" "$pidfile" "$name" "$logfile" mongo_probe "$HOST" "$MONGO_PORT" \
      || die "Database: the $name this checkout started (pid $pid) is not usable on $HOST:$MONGO_PORT (see $logfile). Try 'bash infra/local.sh down' then up again, or set MONGO_URL=mongodb://host:port."
  fi
  what=$(mongo_probe "$HOST" "$MONGO_PORT" 2>"$STATE_DIR/.probe.err") || rc=$?
  case $rc in
    0)
      log "Database: $HOST:$MONGO_PORT answers: $what; using it (${who:-not started by this checkout})"
      MONGO_URL=$url; return 0 ;;
    1) ;; # free: start one below
    2)
      die "Database: $HOST:$MONGO_PORT is in use by something that does not speak the MongoDB protocol ($(cat "$STATE_DIR/.probe.err")). Free the port, or set MONGO_URL=mongodb://host:port, $DOCKER_HINT." ;;
    *)
      die "Database: $HOST:$MONGO_PORT speaks MongoDB but is not usable: $(cat "$STATE_DIR/.probe.err"). ${who:+($who; see $LOG_DIR.) }If it is a FerretDB, check that PostgreSQL runs on $PG_HOST:$PG_PORT; or stop it, or set MONGO_URL=mongodb://host:port." ;;
  esac
  if have mongod; then start_mongod; else start_ferretdb; fi
  MONGO_URL=$url
}

# -------------------------------------------------------------- commands ---
cmd_up() {
  exec 8>&1 1>&2          # stdout is for the env lines only
  mkdir -p "$STATE_DIR" "$LOG_DIR"
  lock
  ensure_redis
  ensure_mongo
  rm -f "$STATE_DIR/.probe.err"
  local lines
  lines=$(printf 'export MONGO_URL=%q\nexport REDIS_URL=%q\n' "$MONGO_URL" "$REDIS_URL")
  printf '%s\n' "$lines" >"$ENV_FILE.tmp.$$" && mv -f "$ENV_FILE.tmp.$$" "$ENV_FILE"
  log "wrote $ENV_FILE (source it, or eval \"\$(bash infra/local.sh)\")"
  printf '%s\n' "$lines" >&8
}

stop_pidfile() {
  local label=$1 pidfile=$2 name=$3 pid i
  if ! pid=$(pid_alive "$pidfile" "$name"); then
    [[ -e "$pidfile" ]] && { log "$label: not running (removing stale $pidfile)"; rm -f "$pidfile"; }
    return 0
  fi
  log "$label: stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$label: pid $pid still running after 15s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "$label: stopped"
}

cmd_down() {
  exec 1>&2
  lock
  stop_pidfile FerretDB "$STATE_DIR/ferretdb/ferretdb.pid" ferretdb
  stop_pidfile MongoDB "$STATE_DIR/mongod/mongod.pid" mongod
  stop_pidfile Redis "$STATE_DIR/redis/redis.pid" redis-server
  log "stopped what this checkout ($REPO_ROOT) started; anything else was left alone"
}

cmd_status() {
  exec 1>&2
  local pid what rc=0
  if pid=$(pid_alive "$STATE_DIR/redis/redis.pid" redis-server); then log "Redis: redis-server pid $pid (started by this checkout)"; fi
  if redis_ok "$HOST" "$REDIS_PORT"; then log "Redis: $HOST:$REDIS_PORT answers PONG"; else log "Redis: $HOST:$REDIS_PORT does not answer"; fi
  if pid=$(pid_alive "$STATE_DIR/ferretdb/ferretdb.pid" ferretdb); then log "Database: FerretDB pid $pid (started by this checkout)"; fi
  if pid=$(pid_alive "$STATE_DIR/mongod/mongod.pid" mongod); then log "Database: mongod pid $pid (started by this checkout)"; fi
  what=$(mongo_probe "$HOST" "$MONGO_PORT" 2>&1) || rc=$?
  if ((rc == 0)); then log "Database: $HOST:$MONGO_PORT answers: $what"; else log "Database: $HOST:$MONGO_PORT not usable (${what:-nothing listens})"; fi
  [[ -f "$ENV_FILE" ]] && { log "$ENV_FILE:"; cat "$ENV_FILE" >&2; }
  return 0
}

usage() {
  cat >&2 <<EOF
usage: bash infra/local.sh [up|down|status]
  up (default)  make Redis and a MongoDB-compatible database available; print
                'export MONGO_URL=…' and 'export REDIS_URL=…' on stdout and
                write them to .local/env:   eval "\$(bash infra/local.sh)"
  down          stop the FerretDB / mongod / redis-server this checkout started
  status        show what answers and what this checkout started
MONGO_URL / REDIS_URL, when set, are used as they are. See infra/README.md.
EOF
}

main() {
  case "${1:-up}" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    -h|--help|help) usage ;;
    *) usage; exit 2 ;;
  esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
