/**
 * Service definitions and launchers per OS, as text: generated here, written by install.ts, and
 * checked by tests (`systemd-analyze verify` where present).
 */
export interface Layout {
  /** Folder holding the executable and node_modules/node-pty. */
  dir: string;
  exe: string;
  home: string;
}

/**
 * The systemd unit. The agent runs as root: it reads the whole inventory, survives log-outs and
 * starts each remote shell as the person at the screen. Hardening is limited to what leaves
 * that shell a normal one: NoNewPrivileges would break sudo inside it, ProtectSystem and
 * ProtectHome would make the technician's fixes fail on a read-only /etc or /home.
 */
export function systemdUnit(l: Layout): string {
  return `[Unit]
Description=Deskside agent (inventory, Get help, remote assist)
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
ExecStart=${l.exe} run
Environment=DESKSIDE_AGENT_HOME=${l.home}
WorkingDirectory=${l.dir}
Restart=always
RestartSec=5
# Stopping the agent ends every remote shell with it.
KillMode=control-group
UMask=0077
LockPersonality=yes
RestrictRealtime=yes
ProtectClock=yes
ProtectKernelModules=yes

[Install]
WantedBy=multi-user.target
`;
}

/** The menu entry employees click: it opens the agent's local Get-help page. */
export function desktopEntry(l: Layout, icon: string): string {
  return `[Desktop Entry]
Type=Application
Name=Get help
GenericName=IT support
Comment=Ask IT for help; your PC's diagnostics are attached
Exec=${l.exe} open
Icon=${icon}
Terminal=false
Categories=Utility;System;
`;
}

export function launchdPlist(l: Layout): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>com.deskside.agent</string>
  <key>ProgramArguments</key><array><string>${esc(l.exe)}</string><string>run</string></array>
  <key>EnvironmentVariables</key><dict><key>DESKSIDE_AGENT_HOME</key><string>${esc(l.home)}</string></dict>
  <key>RunAtLoad</key><true/>
  <key>KeepAlive</key><true/>
</dict>
</plist>
`;
}

/** sc.exe arguments creating the Windows service (auto start, restart on failure). */
export function windowsService(l: Layout): string[][] {
  return [
    ['create', 'DesksideAgent', `binPath=`, `"${l.exe}" run`, 'start=', 'auto', 'DisplayName=', 'Deskside agent'],
    ['failure', 'DesksideAgent', 'reset=', '86400', 'actions=', 'restart/5000/restart/5000/restart/30000'],
    ['start', 'DesksideAgent'],
  ];
}

export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#2456c9"/><text x="32" y="44" font-size="36" text-anchor="middle" fill="#fff" font-family="sans-serif" font-weight="700">?</text></svg>
`;
