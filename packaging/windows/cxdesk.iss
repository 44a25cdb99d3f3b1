; Inno Setup 6 script: a Windows installer for the one-folder program dist\cxdesk\ (PyInstaller).
; NOT YET TRIED on Windows (packaging/README.md, "Other systems"). Build the folder first
; (bash packaging/build.sh in Git Bash), then, from the repository root:
;
;   iscc /DAppVersion=0.1.0 packaging\windows\cxdesk.iss
;
; which writes dist\cxdesk-<version>-setup.exe. packaging/ci/github-actions.yml passes the
; version from pyproject.toml. Paths below are relative to this script's folder.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define Root "..\.."
#define AppName "cxdesk"
#define AppExe "cxdesk.exe"

[Setup]
; The AppId names the installation for upgrades and the uninstaller: never change it.
AppId={{6F0C7D2E-3B8A-4E61-9C55-2A1D0B7E4C93}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=ClusterXchange
AppPublisherURL=https://www.clustercollaboration.eu/
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; For everyone (administrator) or only for the person installing (no administrator needed).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile={#Root}\build\icons\cxdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The program keeps its database under %LOCALAPPDATA%\cxdesk (platformdirs): the installer
; never writes there, and uninstalling leaves the coordinator's data in place on purpose.

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "italian"; MessagesFile: "compiler:Languages\Italian.isl"
Name: "polish"; MessagesFile: "compiler:Languages\Polish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole folder: cxdesk.exe (windowed), cxdesk-cli.exe (console, for scripts) and _internal\.
Source: "{#Root}\dist\cxdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Python writes nothing beside the program, but a portable-mode marker someone added would
; leave cxdesk-data\ here: only the program's own folder is removed, never the user's data.
Type: dirifempty; Name: "{app}"
