#!/usr/bin/env bash
# The one command that runs every test. It installs what the tests need (the npm `openai` client) itself.
set -euo pipefail
cd "$(dirname "$0")"

if [ -f tests/Synapse.Node.Tests/npm/package-lock.json ]; then
  npm ci --prefix tests/Synapse.Node.Tests/npm --no-audit --no-fund --loglevel=error
fi

dotnet test Synapse.slnx -c Release "$@"
