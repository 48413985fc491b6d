#!/usr/bin/env pwsh
# Runs the `synapse` command from a checkout: builds it on first use (Release), then runs it. The PowerShell twin of
# ./synapse (bash) and synapse.cmd (Command Prompt): the same dotnet command, the arguments passed on as typed.
$ErrorActionPreference = 'Stop'
function Text($argument) { if ($argument -is [array]) { $argument -join ',' } else { [string]$argument } }

# Through ProcessStartInfo.ArgumentList, not `& dotnet @args`: PowerShell would expand * and ? in splatted arguments
# against the files here (Linux, macOS). What PowerShell's parsing took apart is put back as typed: a list split at
# its commas (--nodes http://a:8000,http://b:8001), and -name:value (given to a script as "-name:" and the value).
$forward = [System.Collections.Generic.List[string]]::new()
for ($i = 0; $i -lt $args.Count; $i++) {
    $text = Text $args[$i]
    if ($text.EndsWith(':') -and $args[$i].PSObject.Properties['<CommandParameterName>'] -and $i + 1 -lt $args.Count) {
        $text += Text $args[++$i]
    }
    $forward.Add($text)
}

# dotnet as PowerShell (and bash) find it on the PATH; Process.Start alone would look beside pwsh first.
$start = [System.Diagnostics.ProcessStartInfo]::new((Get-Command dotnet -CommandType Application -TotalCount 1).Source)
foreach ($argument in @('run', '--project', (Join-Path $PSScriptRoot 'src/Synapse.Cli'), '-c', 'Release', '--verbosity', 'quiet', '--') + $forward) {
    $start.ArgumentList.Add($argument)
}
$synapse = [System.Diagnostics.Process]::Start($start)
$synapse.WaitForExit()
exit $synapse.ExitCode
