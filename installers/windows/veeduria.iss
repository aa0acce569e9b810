; Inno Setup 6 script: per-user installer of the PyInstaller bundle (no administrator needed).
; Build steps (exact commands) are in installers/README.md. In short, on Windows:
;   py -m pip install ".[postgres,installers]"
;   py -m PyInstaller --noconfirm --clean installers\veeduria.spec
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installers\windows\veeduria.iss
; Output: dist\veeduria-0.1.0-windows-setup.exe
;
; Keep in step with installers/veeduria.spec: it produces dist\veeduria\ with veeduria.exe
; (console) and veeduria-gui.exe (windowed) plus _internal\.
; The data folder (%LOCALAPPDATA%\Veeduria: database, photos, reports, backups) is never inside
; {app} and the uninstaller never deletes it.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Veeduría"
#define AppExe "veeduria-gui.exe"
#define BundleDir "..\..\dist\veeduria"

[Setup]
AppId={{6B0E5B8C-3C1F-4B8E-9A57-0F3A1D6C2E41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Comunidad Veeduría (OGP Local Cartagena de Indias)
AppComments=Seguimiento ciudadano a obras públicas (Ley 850 de 2003)
; Per-user install: no UAC prompt on a shared laptop; program in %LOCALAPPDATA%\Programs\Veeduria.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\Veeduria
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
OutputDir=..\..\dist
OutputBaseFilename=veeduria-{#AppVersion}-windows-setup
SetupIconFile=..\..\resources\icons\veeduria.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
CloseApplications=yes
ShowLanguageDialog=no

[Languages]
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"

[CustomMessages]
es.DesktopIconTask=Crear un acceso directo en el &escritorio
es.LaunchNow=Abrir Veeduría ahora
es.CommandLine=Veeduría (línea de comandos)
es.DataKept=Sus datos (base de datos, fotos, informes y copias) se conservan en %1. Bórrelos a mano solo si está seguro de que ya no los necesita.

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIconTask}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole one-folder bundle. Nothing of the user's data is ever placed here.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Seguimiento ciudadano a obras públicas"
Name: "{autoprograms}\{cm:CommandLine}"; Filename: "{cmd}"; Parameters: "/k ""{app}\veeduria.exe"" --help"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchNow}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself wrote inside {app} (Python caches); never the data folder.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
function DataFolder(): String;
begin
  { platformdirs.user_data_dir("Veeduria", appauthor=False, roaming=False) }
  Result := ExpandConstant('{localappdata}\Veeduria');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(DataFolder()) and not UninstallSilent() then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [DataFolder()]), mbInformation, MB_OK);
end;
