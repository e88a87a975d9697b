#!/usr/bin/env bash
# Issue 14, acceptance 4: the response headers of the login page, a person page (signed in with the cookie) and an API
# route (with a bearer token), from the app in the Production environment on a free port of 127.0.0.1. The app runs in
# demo mode on a throwaway SQLite database in a temporary folder, removed on exit. 127.0.0.1 is named as the TLS proxy,
# so the last request, forwarded as HTTPS, shows HSTS and a Secure cookie.
#   bench/security-headers.sh            (from the repository root; builds Release first)
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
app_pid=""
cleanup() {
    if [[ -n "$app_pid" ]]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
export ASPNETCORE_ENVIRONMENT=Production
export EqualCare__Demo=true
export EqualCare__DemoPersons=5
export EqualCare__Sms__DailyRun=false
export Database__Provider=Sqlite
export ConnectionStrings__Sqlite="Data Source=$work/equalcare.db"
export EqualCare__KeysFolder="$work/keys"
export EqualCare__Proxy__KnownProxies=127.0.0.1

dotnet build src/EqualCare.Web -c Release -nologo -v quiet >/dev/null
dll=src/EqualCare.Web/bin/Release/net10.0/EqualCare.Web.dll
(cd src/EqualCare.Web && exec dotnet "../../$dll" --urls "$base") >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
    curl -sf "$base/healthz" >/dev/null 2>&1 && break
    kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log"; exit 1; }
    sleep 1
done

show() { echo; echo "\$ $1"; }

show "curl -sI $base/Account/Login"
curl -sI "$base/Account/Login"

# Sign in through the form, as a browser does: antiforgery cookie + token, then the auth cookie.
jar="$work/cookies"
token=$(curl -s -c "$jar" "$base/Account/Login" | sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -n1)
password=$(curl -s "$base/Account/Login" | sed -n 's/.*id="demo-password">\([^<]*\)<.*/\1/p' | head -n1)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "UserName=xianghe" --data-urlencode "Password=$password" \
    --data-urlencode "__RequestVerificationToken=$token" "$base/Account/Login"
id=$(curl -s -b "$jar" "$base/api/persons" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')

show "curl -sI -b <cookie of xianghe> $base/Persons/$id"
curl -sI -b "$jar" "$base/Persons/$id"

# A bearer token from the server's own command line (same database), for the worker herself.
bearer=$(cd src/EqualCare.Web && dotnet "../../$dll" tokens create --user xianghe --name security-headers | tail -n1)
show "curl -s -D - -o /dev/null -H 'Authorization: Bearer <token>' $base/api/persons   (GET: the API answers GET, not HEAD)"
curl -s -D - -o /dev/null -H "Authorization: Bearer $bearer" "$base/api/persons"

show "curl -sI -H 'X-Forwarded-For: 198.51.100.23' -H 'X-Forwarded-Proto: https' $base/Account/Login   (through the proxy)"
curl -sI -H 'X-Forwarded-For: 198.51.100.23' -H 'X-Forwarded-Proto: https' "$base/Account/Login"
