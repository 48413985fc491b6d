#!/usr/bin/env pwsh
# The PowerShell twin of ./release.sh: the release folders under artifacts/release, one per publish profile of synapse
# (src/Synapse.Cli/Properties/PublishProfiles), synapse-PROFILE and synapse-balancer-PROFILE (no llama.cpp), checked.
# Usage: .\release.ps1 [PROFILE...]   e.g. .\release.ps1 win-x64-self-contained (default: all)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$profilesDir = 'src/Synapse.Cli/Properties/PublishProfiles'
$out = 'artifacts/release'
$selected = if ($args.Count -gt 0) { $args } else { Get-ChildItem $profilesDir -Filter '*.pubxml' | ForEach-Object BaseName | Sort-Object }

function Fail([string] $message) { Write-Error "release: $message"; exit 1 }

foreach ($profile in $selected) {
    $pubxml = Join-Path $profilesDir "$profile.pubxml"
    if (-not (Test-Path $pubxml)) { Write-Error "release: no publish profile '$profile' in $profilesDir"; exit 2 }
    $properties = ([xml](Get-Content -Raw $pubxml)).Project.PropertyGroup
    $rid = $properties.RuntimeIdentifier
    $selfContained = $properties.SelfContained
    $synapse = "$out/synapse-$profile"
    $balancer = "$out/synapse-balancer-$profile"
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $synapse, $balancer

    "release: $synapse"
    # The target named again on the command line reaches every project (a profile reaches only synapse's own).
    & dotnet publish src/Synapse.Cli "-p:PublishProfile=$profile" -r $rid --self-contained $selfContained -o $synapse --nologo -v quiet
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    "release: $balancer"
    & dotnet publish src/Synapse.LoadBalancer -c Release -r $rid --self-contained $selfContained -o $balancer --nologo -v quiet
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

    $windows = $rid.StartsWith('win-')
    $exe = if ($windows) { 'synapse.exe' } else { 'synapse' }
    $balancerExe = if ($windows) { 'Synapse.LoadBalancer.exe' } else { 'Synapse.LoadBalancer' }
    $llama = if ($windows) { 'llama.dll' } else { 'libllama.so' }
    if (-not (Test-Path "$synapse/$exe")) { Fail "$synapse has no $exe" }
    if (-not (Test-Path "$synapse/LLamaSharp.dll")) { Fail "$synapse has no LLamaSharp.dll" }
    if (-not (Get-ChildItem -Recurse -File "$synapse/runtimes/$rid/native" -Filter $llama -ErrorAction SilentlyContinue)) {
        Fail "$synapse has no $llama under runtimes/$rid/native"
    }
    if ($selfContained -eq 'true' -and -not (Test-Path "$synapse/System.Private.CoreLib.dll")) { Fail "$synapse is not self-contained" }
    if (-not (Test-Path "$balancer/$balancerExe")) { Fail "$balancer has no $balancerExe" }
    $found = Get-ChildItem -Recurse -File $balancer | Where-Object { $_.Name -match 'llama|ggml' -or $_.Name -in 'Synapse.Engine.dll', 'Synapse.Models.dll' }
    if ($found) { Fail "the balancer carries llama.cpp or the engine: $($found.FullName -join ', ')" }
}
"release: done: $((Get-ChildItem -Directory $out -Filter 'synapse-*').Name -join ' ')"
