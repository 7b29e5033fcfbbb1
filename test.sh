#!/usr/bin/env bash
# Runs every test of the solution against real servers and a real browser. On a fresh Debian machine (as root) it installs
# what is missing, starts throwaway PostgreSQL, Redis, SMTP and IMAP (Dovecot) servers on loopback, runs `dotnet test`,
# always stops what it started, and ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

log() { printf '[test.sh] %s\n' "$*" >&2; }

WORK=$(mktemp -d /tmp/fairdrop-test.XXXXXX)
chmod 755 "$WORK"
PG_BIN=""; PG_DATA=""; REDIS_PID=""; SMTP_PID=""; IMAP_CONF=""

cleanup() {
  if [[ -n "$PG_DATA" && -f "$PG_DATA/postmaster.pid" ]]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [[ -n "$REDIS_PID" ]] && kill "$REDIS_PID" 2>/dev/null
  [[ -n "$SMTP_PID" ]] && kill "$SMTP_PID" 2>/dev/null
  [[ -n "$IMAP_CONF" ]] && dovecot -c "$IMAP_CONF" stop 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

install_missing() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v dovecot >/dev/null 2>&1 || missing+=(dovecot-imapd)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
      log "missing ${missing[*]} and not root: install them, or run plain 'dotnet test' (server lanes skip)"; exit 1
    fi
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null || { log "apt-get install failed"; exit 1; }
  fi
}

start_postgres() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PG_DATA="$WORK/pg"
  local port; port=$(free_port)
  mkdir -p "$PG_DATA" && chown postgres:postgres "$PG_DATA" && chmod 700 "$PG_DATA"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null || { log "initdb failed"; exit 1; }
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DATA -c fsync=off -c max_connections=300" start >/dev/null \
    || { log "PostgreSQL did not start:"; cat "$PG_DATA/server.log" >&2; exit 1; }
  export FAIRDROP_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  log "PostgreSQL on 127.0.0.1:$port"
}

start_redis() {
  local port; port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --dir "$WORK" --pidfile "$WORK/redis.pid" \
    --logfile "$WORK/redis.log" --save '' --appendonly no >/dev/null || { log "Redis did not start"; exit 1; }
  for _ in $(seq 50); do [[ -s "$WORK/redis.pid" ]] && break; sleep 0.1; done
  REDIS_PID=$(cat "$WORK/redis.pid")
  export FAIRDROP_TEST_REDIS="127.0.0.1:$port"
  log "Redis on 127.0.0.1:$port"
}

start_smtp() {
  local port; port=$(free_port)
  # A complete Maildir: aiosmtpd only lays out tmp/new/cur itself when the folder does not exist yet.
  mkdir -p "$WORK/maildir/tmp" "$WORK/maildir/new" "$WORK/maildir/cur"
  /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$WORK/maildir" >"$WORK/smtp.log" 2>&1 &
  SMTP_PID=$!
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  export FAIRDROP_TEST_SMTP="127.0.0.1:$port;$WORK/maildir"
  log "SMTP on 127.0.0.1:$port, Maildir $WORK/maildir"
}

# A throwaway Dovecot for the mailbox sync: any user name, one password, Maildirs in $WORK owned by nobody, no TLS on loopback.
start_imap() {
  local port; port=$(free_port)
  local dir="$WORK/dovecot"
  mkdir -p "$dir/run" "$dir/mail" && chown nobody:nogroup "$dir/mail"
  cat >"$dir/dovecot.conf" <<EOF
base_dir = $dir/run
state_dir = $dir/run
log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:$dir/mail/%u
passdb {
  driver = static
  args = password=fairdrop-test
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$dir/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
  dovecot -c "$dir/dovecot.conf" || { log "Dovecot did not start:"; cat "$dir/dovecot.log" >&2; exit 1; }
  IMAP_CONF="$dir/dovecot.conf"
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  export FAIRDROP_TEST_IMAP="127.0.0.1:$port;fairdrop;fairdrop-test"
  log "IMAP (Dovecot) on 127.0.0.1:$port"
}

# The console's browser tests: Debian's Chromium driven by Playwright, and axe-core from npm (pinned in package-lock.json).
prepare_browser() {
  export FAIRDROP_TEST_CHROMIUM; FAIRDROP_TEST_CHROMIUM=$(command -v chromium)
  (cd tests/Fairdrop.Console.Tests/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || { log "npm ci failed (tests/Fairdrop.Console.Tests/browser)"; exit 1; }
  export FAIRDROP_TEST_AXE="$PWD/tests/Fairdrop.Console.Tests/browser/node_modules/axe-core/axe.min.js"
  log "Chromium $FAIRDROP_TEST_CHROMIUM, axe-core $(node -p 'require("./tests/Fairdrop.Console.Tests/browser/node_modules/axe-core/package.json").version')"
}

# The browser SDK: built here (the browser tests load its bundle), its own unit tests run with node's test runner.
SDK_PASSED=0; SDK_FAILED=0
build_sdk() {
  local built; built=$(cd sdk/js && npm ci --no-audit --no-fund --loglevel=error 2>&1 && npm run --silent build 2>&1) || { printf '%s\n' "$built" >&2; log "sdk/js did not build"; exit 1; }
  local out; out=$(cd sdk/js && node --test test/ 2>&1); local status=$?
  SDK_PASSED=$(printf '%s\n' "$out" | sed -n 's/^# pass \([0-9]*\)$/\1/p'); SDK_FAILED=$(printf '%s\n' "$out" | sed -n 's/^# fail \([0-9]*\)$/\1/p')
  if [[ $status -ne 0 ]]; then printf '%s\n' "$out" >&2; SDK_FAILED=${SDK_FAILED:-1}; [[ $SDK_FAILED -eq 0 ]] && SDK_FAILED=1; fi
  log "sdk/js: ${SDK_PASSED:-0} node tests passed, ${SDK_FAILED:-0} failed"
}

install_missing
prepare_browser
build_sdk
start_postgres
start_redis
start_smtp
start_imap
# Here every server lane must run: a missing server fails instead of skipping.
export FAIRDROP_TEST_REQUIRE_SERVERS=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

OUT="$WORK/dotnet-test.log"
dotnet test Fairdrop.slnx --blame-hang-timeout 10m "$@" 2>&1 | tee "$OUT"
status=${PIPESTATUS[0]}

# Sum the per-assembly summaries: "Passed!  - Failed: 0, Passed: 12, Skipped: 1, Total: 13, ..."
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- Failed: ' "$OUT" | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
passed=$((passed + ${SDK_PASSED:-0})); failed=$((failed + ${SDK_FAILED:-0}))
if [[ ${SDK_FAILED:-0} -ne 0 ]]; then status=1; fi
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1  # a build error or a crashed test host: no summary line, still a failure
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
