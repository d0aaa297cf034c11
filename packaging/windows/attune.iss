; Inno Setup script for Attune on Windows: a per-machine install of the PyInstaller folder.
;   1. On Windows: .venv\Scripts\pyinstaller --noconfirm packaging\attune.spec  (-> dist\attune\)
;   2. Sign dist\attune\attune.exe and rclone.exe (see README.md)
;   3. iscc /DAppVersion=0.1.0 packaging\windows\attune.iss        (-> dist\installer\)
;   4. Sign dist\installer\Attune-<version>-setup.exe
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define SourceDir "..\..\dist\attune"

[Setup]
; Keep this AppId for every release: it is how upgrades find the installed copy.
AppId={{6F1C2B8E-3D4A-4E5B-9C7D-A1B2C3D4E5F6}
AppName=Attune
AppVersion={#AppVersion}
AppVerName=Attune {#AppVersion}
AppPublisher=Attune
AppComments=Video feedback for parent-infant relationship teams
DefaultDirName={autopf}\Attune
DefaultGroupName=Attune
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist\installer
OutputBaseFilename=Attune-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\attune.exe
UninstallDisplayName=Attune
CloseApplications=yes
; Signing happens outside iscc (README.md); to sign from here instead, define a SignTool
; named "signtool" in the Inno Setup IDE and uncomment:
; SignTool=signtool
; SignedUninstaller=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Attune"; Filename: "{app}\attune.exe"; Parameters: "app"; WorkingDir: "{app}"; Comment: "Video feedback for parent-infant work"
Name: "{autoprograms}\Uninstall Attune"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\attune.exe"; Parameters: "app"; Description: "Open Attune"; Flags: nowait postinstall skipifsilent

; No file associations: Attune opens its own vaults, never files by double-click.
; Vaults and settings live in each user's profile and are not removed by the uninstaller.
