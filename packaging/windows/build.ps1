<#
.SYNOPSIS
Build fmc-desktop for Windows: the one-folder bundle and its installer.

.DESCRIPTION
Writes dist\fmc-desktop\ (the PyInstaller bundle: fmc-desktop.exe for the desktop app and
fmc-desktop-cli.exe for the command line) and dist\fmc-desktop-VERSION-windows-x64-setup.exe (the
Inno Setup installer, per user, no administrator rights).

Needs Python 3.11 or later with the app's dependencies (the project's .venv when there is one),
and Inno Setup 6 for the installer (iscc.exe on PATH or in its default folder). Not yet run on
Windows by the project: the Linux build is the one CI proves.

To sign: set SIGNTOOL_ARGS to signtool's options (for example '/fd sha256 /td sha256 /tr
YOUR_TIMESTAMP_SERVER /n "Your Company"') and the script signs both executables and the installer
with signtool.exe.

.EXAMPLE
powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
#>
param(
    [string]$Python = "",
    [switch]$NoInstaller
)
$ErrorActionPreference = "Stop"
$repo = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $repo

if (-not $Python) {
    if (Test-Path ".venv\Scripts\python.exe") { $Python = Join-Path $repo ".venv\Scripts\python.exe" }
    else { $Python = "python" }
}
$version = (& $Python -c "import fmc_desktop; print(fmc_desktop.__version__)").Trim()
if ($LASTEXITCODE -ne 0) { throw "Python could not import fmc_desktop from $repo" }

& $Python -c "import PyInstaller" 2>$null
if ($LASTEXITCODE -ne 0) {
    & $Python -m pip install -q "pyinstaller>=6.10"
    if ($LASTEXITCODE -ne 0) { throw "could not install PyInstaller" }
}

Write-Host "== building the bundle (PyInstaller)"
& $Python -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build\pyinstaller packaging\pyinstaller\fmc-desktop.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

Write-Host "== checking the bundle"
$scratch = Join-Path ([System.IO.Path]::GetTempPath()) ("fmc-desktop-check-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $scratch | Out-Null
try {
    $env:QT_QPA_PLATFORM = "offscreen"
    $env:FMC_DESKTOP_HOME = Join-Path $scratch "home"
    $cli = Join-Path $repo "dist\fmc-desktop\fmc-desktop-cli.exe"
    $said = (& $cli --version).Trim()
    if ($said -ne "fmc-desktop $version") { throw "--version said: $said" }
    $json = (& $cli --demo calls --days 1 --format json) -join "`n"
    if ($LASTEXITCODE -ne 0) { throw "--demo calls failed" }
    $calls = $json | ConvertFrom-Json
    if (-not $calls) { throw "the demo printed no calls" }
    Write-Host "   --version and --demo calls: fine"
}
finally {
    Remove-Item Env:QT_QPA_PLATFORM, Env:FMC_DESKTOP_HOME -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $scratch -ErrorAction SilentlyContinue
}

function Invoke-Sign([string]$Path) {
    if ($env:SIGNTOOL_ARGS) {
        & cmd /c "signtool.exe sign $($env:SIGNTOOL_ARGS) `"$Path`""
        if ($LASTEXITCODE -ne 0) { throw "signing $Path failed" }
    }
}
Invoke-Sign "dist\fmc-desktop\fmc-desktop.exe"
Invoke-Sign "dist\fmc-desktop\fmc-desktop-cli.exe"

if ($NoInstaller) { return }
$iscc = Get-Command iscc.exe -ErrorAction SilentlyContinue
if ($iscc) { $iscc = $iscc.Source } else { $iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $iscc)) { throw "Inno Setup 6 was not found (install it, or pass -NoInstaller)" }
Write-Host "== making the installer (Inno Setup)"
& $iscc "/DAppVersion=$version" "packaging\windows\fmc-desktop.iss"
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
$setup = "dist\fmc-desktop-$version-windows-x64-setup.exe"
Invoke-Sign $setup
Write-Host "== $setup"
