@echo off
rem Runs the `synapse` command from a checkout (the Command Prompt twin of ./synapse): builds it on first use
rem (Release), then runs it with the arguments untouched.
dotnet run --project "%~dp0src\Synapse.Cli" -c Release --verbosity quiet -- %*
exit /b %ERRORLEVEL%
