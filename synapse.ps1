#!/usr/bin/env pwsh
# Runs the `synapse` command from a checkout: builds it on first use (Release), then runs it. The PowerShell twin of
# ./synapse (bash) and synapse.cmd (Command Prompt): the same dotnet command, the arguments passed on untouched.
$ErrorActionPreference = 'Stop'
# '--' is quoted so PowerShell hands it to dotnet instead of reading it as its own end-of-parameters mark.
& dotnet run --project (Join-Path $PSScriptRoot 'src/Synapse.Cli') -c Release --verbosity quiet '--' @args
exit $LASTEXITCODE
