#!/usr/bin/env bash
# Builds the release folders under artifacts/release, one per publish profile of synapse
# (src/Synapse.Cli/Properties/PublishProfiles: linux-x64, linux-arm64, win-x64, win-arm64, each framework-dependent
# and -self-contained): synapse-PROFILE (the whole `synapse` command: node, balancer, up, pull...) and
# synapse-balancer-PROFILE (the balancer alone, without llama.cpp), then checks what each must and must not hold.
# Usage: ./release.sh [PROFILE...]   e.g. ./release.sh linux-x64-self-contained win-x64-self-contained (default: all)
set -euo pipefail
cd "$(dirname "$0")"
profiles=src/Synapse.Cli/Properties/PublishProfiles
out=artifacts/release
if [ $# -eq 0 ]; then
  set -- $(cd "$profiles" && ls -- *.pubxml | sed 's/\.pubxml$//' | sort)
fi

fail() { echo "release: $*" >&2; exit 1; }
property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$profiles/$2.pubxml"; }

for profile in "$@"; do
  [ -f "$profiles/$profile.pubxml" ] || { echo "release: no publish profile '$profile' in $profiles" >&2; exit 2; }
  rid="$(property RuntimeIdentifier "$profile")"
  self_contained="$(property SelfContained "$profile")"
  synapse="$out/synapse-$profile"
  balancer="$out/synapse-balancer-$profile"
  rm -rf "$synapse" "$balancer"

  echo "release: $synapse"
  # The target named again on the command line reaches every project (a profile reaches only synapse's own), so the
  # libraries carry llama.cpp for this target alone.
  dotnet publish src/Synapse.Cli -p:PublishProfile="$profile" -r "$rid" --self-contained "$self_contained" -o "$synapse" --nologo -v quiet
  echo "release: $balancer"
  dotnet publish src/Synapse.LoadBalancer -c Release -r "$rid" --self-contained "$self_contained" -o "$balancer" --nologo -v quiet

  case "$rid" in
    win-*) exe=synapse.exe; balancer_exe=Synapse.LoadBalancer.exe; llama=llama.dll ;;
    *) exe=synapse; balancer_exe=Synapse.LoadBalancer; llama=libllama.so ;;
  esac
  [ -f "$synapse/$exe" ] || fail "$synapse has no $exe"
  [ -f "$synapse/LLamaSharp.dll" ] || fail "$synapse has no LLamaSharp.dll"
  [ -n "$(find "$synapse/runtimes/$rid/native" -name "$llama" 2>/dev/null)" ] || fail "$synapse has no $llama under runtimes/$rid/native"
  if [ "$self_contained" = true ]; then
    [ -f "$synapse/System.Private.CoreLib.dll" ] || fail "$synapse is not self-contained"
  fi
  [ -f "$balancer/$balancer_exe" ] || fail "$balancer has no $balancer_exe"
  found="$(find "$balancer" -iname '*llama*' -o -iname '*ggml*' -o -iname 'Synapse.Engine.dll' -o -iname 'Synapse.Models.dll')"
  [ -z "$found" ] || fail "the balancer carries llama.cpp or the engine: $found"
done
echo "release: done: $(cd "$out" && ls -d -- synapse-* | tr '\n' ' ')"
