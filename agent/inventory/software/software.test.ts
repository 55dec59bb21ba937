import { describe, expect, it } from 'vitest';
import { linuxSoftware, parseDpkg, parseRpm } from './linux.js';
import { parseSystemProfiler } from './macos.js';
import { parseRegUninstall } from './windows.js';

describe('Linux software list', () => {
  it('parses recorded dpkg-query output', () => {
    const out = 'adduser\t3.134\nbash\t5.2.15-2+b7\nlibc6:amd64\t2.36-9+deb12u9\n\n';
    expect(parseDpkg(out)).toEqual([
      { name: 'adduser', version: '3.134' },
      { name: 'bash', version: '5.2.15-2+b7' },
      { name: 'libc6:amd64', version: '2.36-9+deb12u9' },
    ]);
  });
  it('parses recorded rpm output and drops "(none)" vendors', () => {
    const out = 'bash\t5.1.8-9.el9\tRed Hat, Inc.\ngpg-pubkey\t8483c65d-5ccc5b19\t(none)\n';
    expect(parseRpm(out)).toEqual([
      { name: 'bash', version: '5.1.8-9.el9', publisher: 'Red Hat, Inc.' },
      { name: 'gpg-pubkey', version: '8483c65d-5ccc5b19', publisher: null },
    ]);
  });
  it.runIf(process.platform === 'linux')('lists hundreds of packages on this machine', async () => {
    const list = await linuxSoftware();
    expect(list.length).toBeGreaterThan(100);
    expect(list.some((e) => e.name.startsWith('bash'))).toBe(true);
  });
});

describe('Windows software list', () => {
  it('parses recorded reg query output, skipping system components and updates', () => {
    const out = [
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\7-Zip',
      '    DisplayName    REG_SZ    7-Zip 23.01 (x64)',
      '    DisplayVersion    REG_SZ    23.01',
      '    Publisher    REG_SZ    Igor Pavlov',
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{90160000-008C}',
      '    DisplayName    REG_SZ    Office 16 Click-to-Run Extensibility Component',
      '    SystemComponent    REG_DWORD    0x1',
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\KB5034441',
      '    DisplayName    REG_SZ    Security Update',
      '    ParentKeyName    REG_SZ    OperatingSystem',
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\NoName',
      '    InstallLocation    REG_SZ    C:\\x',
    ].join('\r\n');
    expect(parseRegUninstall(out)).toEqual([{ name: '7-Zip 23.01 (x64)', version: '23.01', publisher: 'Igor Pavlov' }]);
  });
});

describe('macOS software list', () => {
  it('parses recorded system_profiler JSON, keeping applications folders only', () => {
    const out = JSON.stringify({
      SPApplicationsDataType: [
        { _name: 'Safari', version: '17.4', obtained_from: 'apple', path: '/Applications/Safari.app' },
        { _name: 'Slack', version: '4.36.140', obtained_from: 'identified_developer', path: '/Applications/Slack.app' },
        { _name: 'Helper', path: '/System/Library/CoreServices/Helper.app' },
      ],
    });
    expect(parseSystemProfiler(out)).toEqual([
      { name: 'Safari', version: '17.4', publisher: 'apple' },
      { name: 'Slack', version: '4.36.140', publisher: 'identified_developer' },
    ]);
  });
});
