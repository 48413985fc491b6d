#!/usr/bin/env pwsh
# The one command that runs every test, from PowerShell: the twin of ./test.sh (the same steps in the same order, the
# same closing line). It installs what the tests need (the npm `openai` client, the PowerShell tool) itself.
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

if (Test-Path 'tests/Synapse.Node.Tests/npm/package-lock.json') {
    & npm ci --prefix tests/Synapse.Node.Tests/npm --no-audit --no-fund --loglevel=error
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

# `pwsh` for the tests of the .ps1 scripts, as test.sh installs it (the PowerShell global tool, in an ignored folder).
$pwsh = if ($IsWindows) { '.tools/pwsh/pwsh.exe' } else { '.tools/pwsh/pwsh' }
if (-not (Test-Path $pwsh)) {
    & dotnet tool install PowerShell --version 7.6.10 --tool-path .tools/pwsh | Out-Null
    if ($LASTEXITCODE -ne 0) { Write-Warning 'could not install the PowerShell tool; the .ps1 script tests will skip' }
}

# Standard error joins the log as plain lines (not PowerShell error records), as `2>&1 | tee` does in test.sh.
$ErrorActionPreference = 'Continue'
& dotnet test Synapse.slnx -c Release @args 2>&1 | ForEach-Object { "$_" } | Tee-Object -Variable log
$status = $LASTEXITCODE

# One closing line over all test assemblies ("N passed, N failed, N skipped"), as CI reads it.
$passed = 0; $failed = 0; $skipped = 0
foreach ($line in $log) {
    if ($line -match '(Passed|Failed|Skipped)! +- +Failed: +(\d+), Passed: +(\d+), Skipped: +(\d+)') {
        $failed += [int]$Matches[2]; $passed += [int]$Matches[3]; $skipped += [int]$Matches[4]
    }
}
"Tests: $passed passed, $failed failed, $skipped skipped"
exit $status
