#!/usr/bin/env bash
# EqualCare's test command.
#
#   ./test.sh
#
# Installs what is missing (Debian packages only: postgresql, chromium, fonts-noto-cjk), starts a throwaway
# PostgreSQL cluster on a free port, builds once, runs the unit, integration and browser test projects and ends with
# one line "N passed, N failed" (", N skipped" when some were skipped). Exit status is non-zero when anything failed.
# Results (TRX files, screenshots) go to test-output/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
root=$PWD
started=$SECONDS
configuration=Release
results="$root/test-output"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DEBIAN_FRONTEND=noninteractive

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- 1. Debian packages ---------------------------------------------------------------------------------------------
missing=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed' || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} (Debian packages)"
  apt_log=$(mktemp "${TMPDIR:-/tmp}/equalcare-apt.XXXXXX")
  if ! { as_root apt-get update -q \
         && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
       >"$apt_log" 2>&1; then
    cat "$apt_log" >&2
    rm -f "$apt_log"
    echo "installing ${missing[*]} failed" >&2
    exit 1
  fi
  rm -f "$apt_log"
fi

# --- 2. A throwaway PostgreSQL cluster -------------------------------------------------------------------------------
pg_bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/equalcare-pg.XXXXXX")
pg_started=false

as_pg() {
  # initdb refuses to run as root: the cluster belongs to the postgres system user then.
  if [ "$(id -u)" -eq 0 ]; then (cd "$pg_dir" && runuser -u postgres -- "$@"); else (cd "$pg_dir" && "$@"); fi
}

cleanup() {
  local status=$?
  if [ "$pg_started" = true ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pg_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ "$(id -u)" -eq 0 ] && chown postgres: "$pg_dir"
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log" >&2; echo "initdb failed" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_port=
for _ in 1 2 3 4 5 6 7 8; do
  candidate=$((20000 + RANDOM % 40000))
  port_in_use "$candidate" && continue
  if as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 start \
      -o "-p $candidate -c listen_addresses=127.0.0.1 -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      >/dev/null; then
    pg_port=$candidate
    pg_started=true
    break
  fi
done
if [ -z "$pg_port" ]; then
  cat "$pg_dir/server.log" >&2 || true
  echo "PostgreSQL did not start" >&2
  exit 1
fi
export EQUALCARE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
echo "== PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port (EQUALCARE_TEST_POSTGRES)"

# --- 3. Build once, run every suite ----------------------------------------------------------------------------------
rm -rf "$results"
mkdir -p "$results"
export EQUALCARE_TEST_OUTPUT="$results"

suites=(unit integration browser)
declare -A projects=(
  [unit]=tests/EqualCare.UnitTests/EqualCare.UnitTests.csproj
  [integration]=tests/EqualCare.IntegrationTests/EqualCare.IntegrationTests.csproj
  [browser]=tests/EqualCare.BrowserTests/EqualCare.BrowserTests.csproj
)
declare -A exit_codes=()

echo "== dotnet build -c $configuration"
if dotnet build EqualCare.slnx -c "$configuration" -nologo -v quiet; then
  built=true
else
  built=false
  echo "build failed: no tests run" >&2
fi

if [ "$built" = true ]; then
  for suite in "${suites[@]}"; do
    echo "== $suite tests"
    if dotnet test "${projects[$suite]}" -c "$configuration" --no-build --nologo \
        --logger "trx;LogFileName=$suite.trx" --results-directory "$results" --blame-hang-timeout 5m; then
      exit_codes[$suite]=0
    else
      exit_codes[$suite]=$?
    fi
  done
fi

# --- 4. Sum the TRX files --------------------------------------------------------------------------------------------
counter() { # counter NAME COUNTERS-ELEMENT -> the attribute's value, 0 when absent
  local value
  value=$(printf '%s' "$2" | sed -n "s/.*[[:space:]]$1=\"\([0-9]*\)\".*/\1/p")
  echo "${value:-0}"
}

total_passed=0 total_failed=0 total_skipped=0
summary=()
for suite in "${suites[@]}"; do
  trx="$results/$suite.trx"
  if [ "$built" != true ]; then
    summary+=("$suite: 0 passed, 1 failed (not run: the build failed)")
    total_failed=$((total_failed + 1))
    continue
  fi
  if [ ! -s "$trx" ]; then
    summary+=("$suite: 0 passed, 1 failed (no TRX file: dotnet test exit code ${exit_codes[$suite]})")
    total_failed=$((total_failed + 1))
    continue
  fi
  counters=$(tr -d '\r\n' <"$trx" | grep -o '<Counters [^>]*>' | head -n 1 || true)
  total=$(counter total "$counters")
  passed=$(counter passed "$counters")
  failed=$(($(counter failed "$counters") + $(counter error "$counters") + $(counter timeout "$counters") + $(counter aborted "$counters")))
  # Skipped tests show up only as the difference: total counts them, passed/failed do not (notExecuted stays 0).
  skipped=$((total - passed - failed))
  [ "$skipped" -lt 0 ] && skipped=0
  why=
  if [ "$total" -eq 0 ]; then
    failed=1 why=" (no tests ran: counted as one failure)"
  elif [ "$failed" -eq 0 ] && [ "${exit_codes[$suite]}" -ne 0 ]; then
    failed=1 why=" (dotnet test exit code ${exit_codes[$suite]}: counted as one failure)"
  fi
  line="$suite: $passed passed, $failed failed"
  [ "$skipped" -gt 0 ] && line+=", $skipped skipped"
  line+=$why
  summary+=("$line")
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
done

elapsed=$((SECONDS - started))
echo
echo "== results in ${results#"$root"/}/ ($((elapsed / 60))m$((elapsed % 60))s)"
[ -d "$results/screenshots" ] && echo "== screenshots in ${results#"$root"/}/screenshots/"
printf '%s\n' "${summary[@]}"
closing="$total_passed passed, $total_failed failed"
[ "$total_skipped" -gt 0 ] && closing+=", $total_skipped skipped"
echo "$closing"
[ "$total_failed" -eq 0 ]
