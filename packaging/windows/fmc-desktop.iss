; Inno Setup 6 script: installs the PyInstaller bundle (dist\fmc-desktop\) for the current user.
;
;     iscc /DAppVersion=0.1.0 packaging\windows\fmc-desktop.iss
;
; packaging\windows\build.ps1 builds the bundle and then runs this. No administrator rights are
; needed: the app goes to %LOCALAPPDATA%\Programs, and every registry entry is under HKCU.
;
; Links: tel: and callto: are registered under HKCU\Software\Classes, both directly (the scheme
; keys, used while the user has made no choice) and as the ProgIDs fmc-desktop.tel and
; fmc-desktop.callto named by the app's Capabilities, which are listed under RegisteredApplications
; so that fmc-desktop appears in Settings > Apps > Default apps. Windows lets only the user choose
; the default there; an installer cannot. The app asks before it dials a number from a link.
;
; Saved as UTF-8 with a BOM: Inno Setup before 6.3 reads a file without one as ANSI, which would
; garble the Ukrainian messages.
;
; Needs Inno Setup 6.3 or newer (x64compatible, the per-user {autopf}, and the UTF-8 handling
; above); an older compiler stops here with that message instead of building a broken installer.
#if VER < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or newer is needed to build this installer
#endif

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "fmc-desktop"
#define AppExe "fmc-desktop.exe"
#define BundleDir "..\..\dist\fmc-desktop"
#define CapabilitiesKey "Software\fmc-desktop\Capabilities"

[Setup]
AppId={{E006A88A-7DC5-4D71-97BF-02DAB7CD31F2}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The fmc-desktop developers
AppComments=Desktop companion for the Kyivstar Virtual Mobile PBX (FMC)
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\fmc_desktop\resources\icons\app\fmc-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Tells Explorer that link handlers changed, at the end of install and uninstall.
ChangesAssociations=yes
; The "command line on PATH" task changes the user's environment: tell running programs.
ChangesEnvironment=yes
; Close a running copy (through the Restart Manager) so its files can be replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "uk"; MessagesFile: "compiler:Languages\Ukrainian.isl"

[CustomMessages]
en.AutoStart=Start fmc-desktop when I sign in to Windows
uk.AutoStart=Запускати fmc-desktop під час входу в Windows
en.StartGroup=Start:
uk.StartGroup=Запуск:
en.TelLink=Phone call link (tel:)
uk.TelLink=Посилання на дзвінок (tel:)
en.CalltoLink=Phone call link (callto:)
uk.CalltoLink=Посилання на дзвінок (callto:)
en.CommandLineGroup=Command line:
uk.CommandLineGroup=Командний рядок:
en.AddToPath=Add fmc-desktop-cli to PATH (to run it in a terminal)
uk.AddToPath=Додати fmc-desktop-cli до PATH (щоб запускати його в терміналі)
en.AppDescription=Call through your Kyivstar Virtual Mobile PBX and review your call history.
uk.AppDescription=Дзвінки через Віртуальну мобільну АТС Київстар та історія ваших дзвінків.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "autostart"; Description: "{cm:AutoStart}"; GroupDescription: "{cm:StartGroup}"; Flags: unchecked
Name: "addtopath"; Description: "{cm:AddToPath}"; GroupDescription: "{cm:CommandLineGroup}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppDescription}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; tel: and callto: as ProgIDs of our own, removed whole on uninstall.
Root: HKCU; Subkey: "Software\Classes\fmc-desktop.tel"; ValueType: string; ValueName: ""; ValueData: "{cm:TelLink}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\fmc-desktop.tel"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\fmc-desktop.tel\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKCU; Subkey: "Software\Classes\fmc-desktop.tel\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\fmc-desktop.callto"; ValueType: string; ValueName: ""; ValueData: "{cm:CalltoLink}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\fmc-desktop.callto"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\fmc-desktop.callto\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKCU; Subkey: "Software\Classes\fmc-desktop.callto\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

; The scheme keys themselves. Another program may own them later, so uninstalling removes them
; only while they still start fmc-desktop (see ForgetLinkType below), not by a flag here.
Root: HKCU; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: ""; ValueData: "URL:tel"
Root: HKCU; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\tel\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKCU; Subkey: "Software\Classes\tel\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKCU; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: ""; ValueData: "URL:callto"
Root: HKCU; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\callto\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKCU; Subkey: "Software\Classes\callto\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

; Capabilities and RegisteredApplications: how fmc-desktop appears in Default Apps.
Root: HKCU; Subkey: "Software\fmc-desktop"; Flags: uninsdeletekeyifempty
Root: HKCU; Subkey: "{#CapabilitiesKey}"; ValueType: string; ValueName: "ApplicationName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "{#CapabilitiesKey}"; ValueType: string; ValueName: "ApplicationDescription"; ValueData: "{cm:AppDescription}"
Root: HKCU; Subkey: "{#CapabilitiesKey}"; ValueType: string; ValueName: "ApplicationIcon"; ValueData: """{app}\{#AppExe}"",0"
Root: HKCU; Subkey: "{#CapabilitiesKey}\URLAssociations"; ValueType: string; ValueName: "tel"; ValueData: "fmc-desktop.tel"
Root: HKCU; Subkey: "{#CapabilitiesKey}\URLAssociations"; ValueType: string; ValueName: "callto"; ValueData: "fmc-desktop.callto"
Root: HKCU; Subkey: "Software\RegisteredApplications"; ValueType: string; ValueName: "{#AppName}"; ValueData: "{#CapabilitiesKey}"; Flags: uninsdeletevalue

; The command line on the user's PATH (HKCU\Environment), when the user ticked it; the app's
; folder is taken out of it again on uninstall (RemoveFromPath below).
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

; Start at login, when the user ticked it. The in-app "Start when I log in" switch reads and writes
; this same value (fmc_desktop/core/system/autostart.py, RUN_VALUE_NAME), so both are one setting. The app's own "start minimised" setting decides
; whether a window shows.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#AppName}"; ValueData: """{app}\{#AppExe}"""; Flags: uninsdeletevalue; Tasks: autostart

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ Remove a scheme key (tel, callto) only while it still opens this copy of fmc-desktop. }
procedure ForgetLinkType(Scheme: String);
var
  Command: String;
begin
  if RegQueryStringValue(HKCU, 'Software\Classes\' + Scheme + '\shell\open\command', '', Command) then
    if Pos(Lowercase(ExpandConstant('{app}\{#AppExe}')), Lowercase(Command)) > 0 then
      RegDeleteKeyIncludingSubkeys(HKCU, 'Software\Classes\' + Scheme);
end;

{ True when Dir is not already one of the entries of the user's PATH. }
function NeedsAddPath(Dir: String): Boolean;
var
  Path: String;
begin
  if not RegQueryStringValue(HKCU, 'Environment', 'Path', Path) then
    Result := True
  else
    Result := Pos(';' + Lowercase(Dir) + ';', ';' + Lowercase(Path) + ';') = 0;
end;

{ Take Dir out of the user's PATH, leaving every other entry as it was. }
procedure RemoveFromPath(Dir: String);
var
  Path: String;
  P: Integer;
begin
  if not RegQueryStringValue(HKCU, 'Environment', 'Path', Path) then
    Exit;
  Path := ';' + Path + ';';
  P := Pos(';' + Lowercase(Dir) + ';', Lowercase(Path));
  if P = 0 then
    Exit;
  Delete(Path, P, Length(Dir) + 1);
  Path := Copy(Path, 2, Length(Path) - 2);
  RegWriteExpandStringValue(HKCU, 'Environment', 'Path', Path);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
  begin
    ForgetLinkType('tel');
    ForgetLinkType('callto');
    RemoveFromPath(ExpandConstant('{app}'));
    { The in-app switch may have written the Run value after installing without the task. }
    RegDeleteValue(HKCU, 'Software\Microsoft\Windows\CurrentVersion\Run', '{#AppName}');
  end;
end;
