#!/usr/bin/env bash
# The one command that runs every test. It installs what the tests need (the npm `openai` client, Debian's Chromium
# for the web console's browser tests) itself.
set -euo pipefail
cd "$(dirname "$0")"

# tests/Synapse.WebConsole.Tests drive the system's Chromium through Playwright (no browser download). Installed
# once, as root with apt-get (CI's case); elsewhere the browser tests skip and say why.
if ! [ -x "${SYNAPSE_CHROMIUM:-/usr/bin/chromium}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) >/dev/null
fi

if [ -f tests/Synapse.Node.Tests/npm/package-lock.json ]; then
  npm ci --prefix tests/Synapse.Node.Tests/npm --no-audit --no-fund --loglevel=error
fi

# `pwsh` for the tests of the .ps1 scripts: the PowerShell global tool, in an ignored folder of the checkout (a failed
# install only makes those tests skip, or fail under SYNAPSE_REQUIRE_FIXTURES=1).
if [ ! -x .tools/pwsh/pwsh ]; then
  dotnet tool install PowerShell --version 7.6.10 --tool-path .tools/pwsh >/dev/null || echo "warning: could not install the PowerShell tool; the .ps1 script tests will skip" >&2
fi

# The multi-host test puts nodes in network namespaces with iproute2's `ip` (root only; it skips without either).
if ! command -v ip >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends iproute2 >/dev/null
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test Synapse.slnx -c Release "$@" 2>&1 | tee "$log" || status=$?

# One closing line over all test assemblies ("N passed, N failed, N skipped"), as CI reads it. An assembly whose
# tests all skipped closes with "Skipped!", one with a failure with "Failed!", any other with "Passed!".
awk '/(Passed|Failed|Skipped)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
