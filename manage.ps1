#!/usr/bin/env pwsh
# Ledger control script for Windows/PowerShell: setup | start | stop | status | restart | run | logs | report | bench | bench-stage | test
# Same verbs and behaviour as manage.sh.
param(
    [Parameter(Position = 0)][string]$Verb = "",
    [Parameter(ValueFromRemainingArguments = $true)][string[]]$Rest = @()
)
$ErrorActionPreference = "Stop"
$Root = $PSScriptRoot
Set-Location $Root
$RunDir = Join-Path $Root ".run"
$PidFile = Join-Path $RunDir "ledger.pid"
$OutFile = Join-Path $RunDir "daemon.out"
$ErrFile = Join-Path $RunDir "daemon.err"
$DaemonDll = Join-Path $Root "src/Ledger.Daemon/bin/Release/net10.0/Ledger.Daemon.dll"
$CliDll = Join-Path $Root "tools/Ledger.Cli/bin/Release/net10.0/ledger.dll"
$JitProfile = Join-Path $Root "src/Ledger.Daemon/bin/Release/net10.0/Ledger.Daemon.jitprofile"
$env:DOTNET_CLI_TELEMETRY_OPTOUT = "1"
$env:DOTNET_NOLOGO = "1"

function Show-Usage {
    @"
usage: ./manage.ps1 <verb> [args]
  setup     check the .NET SDK and libzmq (prints how to install what is missing)
  start     build (Release) and start the daemon in the background; waits until /health answers
  stop      stop the daemon and wait for it to exit
  status    exit 0 only when the daemon runs and /health answers
  restart   stop, then start
  run       run the daemon in the foreground; extra args are config overrides (--Ledger:Key=value)
  logs      follow the daemon's log file
  report    run 'ledger report' (extra args pass through)
  bench     run the benchmark (extra args pass through to 'ledger bench')
  bench-stage  the processing stage alone, in-process, to compare builds ('ledger bench-stage')
  test      run every test project; ends with one line: N passed, N failed[, N skipped]
"@
}

function Get-HttpUrl {
    if ($env:Ledger__Http__Url) { return $env:Ledger__Http__Url }
    $config = Join-Path $Root "config/appsettings.json"
    if (Test-Path $config) {
        $json = Get-Content $config -Raw | ConvertFrom-Json
        if ($json.Ledger.Http.Url) { return $json.Ledger.Http.Url }
    }
    return "http://127.0.0.1:5580"
}
$HttpUrl = Get-HttpUrl

function Get-Health {
    try { return Invoke-RestMethod -Uri "$HttpUrl/health" -TimeoutSec 3 } catch { return $null }
}

function Test-LibZmq {
    if ($env:LEDGER_LIBZMQ_PATH) { return $true }
    if ($IsWindows) { return [bool](Get-Command libzmq.dll -ErrorAction SilentlyContinue) -or (Test-Path (Join-Path $Root "libzmq.dll")) }
    if ($IsMacOS) { return (Test-Path /opt/homebrew/lib/libzmq.5.dylib) -or (Test-Path /usr/local/lib/libzmq.5.dylib) }
    return [bool](& sh -c "ldconfig -p 2>/dev/null | grep -q 'libzmq\.so\.5' && echo yes")
}

function Invoke-Setup {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        Write-Error "The .NET 10 SDK is required: https://dotnet.microsoft.com/download"
    }
    if (Test-LibZmq) { Write-Output "libzmq: found"; return }
    if ($IsLinux -and (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        & sudo apt-get update -qq; & sudo apt-get install -y -qq libzmq5
        return
    }
    Write-Error @"
libzmq (ZeroMQ 4.3+) is not installed. Install it, then run ./manage.ps1 start again:
  Windows:       vcpkg install zeromq  (put libzmq.dll on PATH or set LEDGER_LIBZMQ_PATH)
  macOS:         brew install zeromq
  Debian/Ubuntu: sudo apt-get install libzmq5
  Fedora:        sudo dnf install zeromq
"@
}

function Invoke-Build {
    & dotnet build (Join-Path $Root "src/Ledger.Daemon/Ledger.Daemon.csproj") -c Release -nologo -v q -clp:ErrorsOnly | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "build failed" }
    & dotnet build (Join-Path $Root "tools/Ledger.Cli/Ledger.Cli.csproj") -c Release -nologo -v q -clp:ErrorsOnly | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "build failed" }
}

function Get-DaemonProcess {
    if (-not (Test-Path $PidFile)) { return $null }
    return Get-Process -Id ([int](Get-Content $PidFile)) -ErrorAction SilentlyContinue
}

# Sets config/runtime.env's KEY=VALUE lines (the daemon's .NET runtime settings) that are not already set.
function Set-DaemonRuntimeEnv {
    $file = Join-Path $Root "config/runtime.env"
    if (-not (Test-Path $file)) { return }
    $n = 0
    foreach ($line in Get-Content $file) {
        $n++
        if ($line -eq "" -or $line.StartsWith("#")) { continue }
        if ($line -notmatch '^[A-Za-z_][A-Za-z0-9_]*=') { throw "config/runtime.env:${n}: expected KEY=VALUE (a shell variable name), got `"$line`"" }
        $key, $value = $line.Split("=", 2)
        if (-not [Environment]::GetEnvironmentVariable($key)) { [Environment]::SetEnvironmentVariable($key, $value) }
    }
}

# Records the daemon's JIT profile when the build is newer than it ('ledger jit-profile') and sets the settings under
# which the daemon compiles with it (docs/PERFORMANCE.md, sixteenth session). LEDGER_JIT_PROFILE=0 starts without one;
# LEDGER_JIT_PROFILE_DATA=DIR records from the journal in DIR at every start.
function Set-DaemonJitProfile {
    if ($env:LEDGER_JIT_PROFILE -eq "0" -or $env:DOTNET_PGODataPath) { return }
    $core = Join-Path (Split-Path $DaemonDll) "Ledger.Core.dll"
    $from = @()
    if ($env:LEDGER_JIT_PROFILE_DATA) { $from = @("--data-dir", $env:LEDGER_JIT_PROFILE_DATA) }
    $stale = ($from.Count -gt 0) -or (-not (Test-Path $JitProfile)) -or
        ((Get-Item $core).LastWriteTime -gt (Get-Item $JitProfile).LastWriteTime) -or
        ((Get-Item $DaemonDll).LastWriteTime -gt (Get-Item $JitProfile).LastWriteTime)
    if ($stale) {
        Write-Output "Recording the JIT profile (ledger jit-profile)..."
        $log = Join-Path $RunDir "jit-profile.out"
        & dotnet $CliDll jit-profile --out $JitProfile @from *> $log
        if ($LASTEXITCODE -ne 0) { Write-Warning "recording the JIT profile failed (see $log); starting without it"; return }
    }
    $env:DOTNET_TieredPGO = "0"; $env:DOTNET_ReadPGOData = "1"; $env:DOTNET_PGODataPath = $JitProfile
}

function Invoke-Start([string[]]$Overrides) {
    $existing = Get-DaemonProcess
    if ($existing) { Write-Output "Ledger is already running (pid $($existing.Id))"; return }
    if (-not (Test-LibZmq)) { Invoke-Setup }
    Write-Output "Building (Release)..."
    Invoke-Build
    New-Item -ItemType Directory -Force -Path $RunDir | Out-Null
    Set-DaemonRuntimeEnv
    Set-DaemonJitProfile
    $process = Start-Process -FilePath "dotnet" -ArgumentList (@($DaemonDll) + $Overrides) -PassThru -NoNewWindow `
        -RedirectStandardOutput $OutFile -RedirectStandardError $ErrFile
    Set-Content -Path $PidFile -Value $process.Id
    for ($i = 0; $i -lt 150; $i++) {
        if ($process.HasExited) {
            Get-Content $OutFile -Tail 20
            Remove-Item $PidFile -ErrorAction SilentlyContinue
            throw "Ledger exited during start-up"
        }
        $health = Get-Health
        if ($health) {
            Write-Output "Ledger is running (pid $($process.Id))"
            Write-Output "  health:  $HttpUrl/health"
            Write-Output "  PULL:    $($health.pullEndpoint)   (agents PUSH here)"
            Write-Output "  ROUTER:  $($health.ackEndpoint)   (acknowledged delivery)"
            Write-Output "  data:    $($health.dataDirectory)"
            Write-Output "  logs:    $(Join-Path $Root 'logs')"
            return
        }
        Start-Sleep -Milliseconds 200
    }
    throw "Ledger did not answer $HttpUrl/health within 30 s; see $OutFile"
}

function Invoke-Stop {
    $process = Get-DaemonProcess
    if (-not $process) { Write-Output "Ledger is not running"; Remove-Item $PidFile -ErrorAction SilentlyContinue; return }
    if ($IsWindows) {
        # No SIGTERM on Windows: Stop-Process ends the process; the journal recovers any torn tail at the next start.
        Stop-Process -Id $process.Id
    } else {
        & kill -TERM $process.Id
    }
    if (-not $process.WaitForExit(30000)) { throw "Ledger (pid $($process.Id)) did not stop within 30 s" }
    Remove-Item $PidFile -ErrorAction SilentlyContinue
    Write-Output "Ledger stopped (pid $($process.Id))"
}

function Invoke-Status {
    $process = Get-DaemonProcess
    if (-not $process) { Write-Output "Ledger is not running"; exit 1 }
    $health = Get-Health
    if ($health) { Write-Output "Ledger is running (pid $($process.Id)): $($health | ConvertTo-Json -Compress)"; exit 0 }
    Write-Output "Ledger (pid $($process.Id)) is running but $HttpUrl/health does not answer"
    exit 1
}

function Invoke-Test([string[]]$TestArgs) {
    if ((Test-Path "tests/interop/package-lock.json") -and -not (Test-Path "tests/interop/node_modules")) {
        Push-Location tests/interop; & npm install --no-audit --no-fund --loglevel=error; Pop-Location
    }
    New-Item -ItemType Directory -Force -Path $RunDir | Out-Null
    $log = Join-Path $RunDir "test-output.log"
    & dotnet test (Join-Path $Root "Ledger.sln") -nologo --blame-hang-timeout 10m @TestArgs 2>&1 | Tee-Object -FilePath $log
    $rc = $LASTEXITCODE
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($line in Get-Content $log) {
        if ($line -match '^(Passed|Failed)! +- Failed: +(\d+), Passed: +(\d+), Skipped: +(\d+)') {
            $failed += [int]$Matches[2]; $passed += [int]$Matches[3]; $skipped += [int]$Matches[4]
        }
    }
    if ($rc -ne 0 -and $failed -eq 0) {
        Write-Output "(the build or a test host failed before all results were reported; see $log)"
        $failed = 1
    }
    $summary = "$passed passed, $failed failed"
    if ($skipped -gt 0) { $summary += ", $skipped skipped" }
    Write-Output $summary
    if ($rc -ne 0) { exit 1 }
}

switch ($Verb) {
    "setup" { Invoke-Setup }
    "start" { Invoke-Start $Rest }
    "stop" { Invoke-Stop }
    "status" { Invoke-Status }
    "restart" { Invoke-Stop; Invoke-Start $Rest }
    "run" { if (-not (Test-LibZmq)) { Invoke-Setup }; Invoke-Build; & dotnet $DaemonDll @Rest; exit $LASTEXITCODE }
    "logs" {
        $latest = Get-ChildItem (Join-Path $Root "logs") -Filter "ledger-*.log" -ErrorAction SilentlyContinue | Sort-Object LastWriteTime | Select-Object -Last 1
        if (-not $latest) { Write-Error "no log files in $(Join-Path $Root 'logs') yet" }
        Get-Content $latest.FullName -Tail 100 -Wait
    }
    "report" { Invoke-Build; & dotnet $CliDll report @Rest; exit $LASTEXITCODE }
    "bench" { Invoke-Build; & dotnet $CliDll bench @Rest; exit $LASTEXITCODE }
    "bench-stage" { Invoke-Build; & dotnet $CliDll bench-stage @Rest; exit $LASTEXITCODE }
    "test" { Invoke-Test $Rest }
    { $_ -in "help", "-h", "--help" } { Show-Usage }
    default { Show-Usage; exit 2 }
}
