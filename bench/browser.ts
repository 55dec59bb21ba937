import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { PASSWORD, percentile, round, type BenchServer, type Report } from './lib.js';

const CHROMIUM = '/usr/bin/chromium';
const MARK = 'BENCH-DONE';

/**
 * The console's terminal as a technician uses it, in Debian's Chromium (xterm.js, its DOM
 * renderer): MB/s of output until the last line is on the screen, and keystroke latency from
 * the key's event in the page to its glyph in the terminal's rows, measured inside the page.
 * Rounds: one session each, medians with their spread.
 */
export async function browserTerminal(b: BenchServer, deviceId: string, o: { rounds: number; bytes: number; keys: number }): Promise<Report> {
  const report: Report = { values: {}, reasons: {}, notes: [], spreads: {} };
  if (!fs.existsSync(CHROMIUM)) {
    for (const k of ['relay.browser.MBps', 'relay.browser.keystrokeP50Ms', 'relay.browser.keystrokeP99Ms']) {
      report.values[k] = null;
      report.reasons[k] = `${CHROMIUM} is missing (apt-get install chromium)`;
    }
    return report;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  const mbps: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  try {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await page.goto(`${b.url}/console/#/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    for (let r = 0; r < o.rounds; r++) {
      await page.goto(`${b.url}/console/#/devices/${deviceId}`);
      await page.getByRole('button', { name: 'Open shell' }).click();
      await page.locator('[data-phase="ready"]').waitFor({ timeout: 30_000 });
      const input = page.locator('[data-testid="terminal"] textarea');
      await input.focus();
      await page.locator('.xterm-rows', { hasText: /bash-[\d.]+[$#]/ }).waitFor({ timeout: 30_000 });
      // Output: typed as one paste, timed in the page from Enter to the mark drawn in the rows.
      await page.keyboard.insertText(`stty -echo; head -c ${o.bytes} /dev/zero | tr '\\0' x; echo; echo BE""NCH-DONE; stty echo`);
      // The watch is set up (and awaited) before the key is pressed: the key's event and the
      // page's script travel separately and the key could otherwise come first.
      await page.evaluate((mark) => {
        const g = globalThis as any;
        const { document, performance, MutationObserver } = g;
        const rows = document.querySelector('.xterm-rows');
        const textarea = document.querySelector('[data-testid="terminal"] textarea');
        g.benchDone = new Promise<number>((resolve) => {
          let started = 0;
          textarea.addEventListener('keydown', () => (started = performance.now()), { once: true, capture: true });
          const seen = new MutationObserver(() => {
            if (started && rows.textContent.includes(mark)) {
              seen.disconnect();
              resolve((performance.now() - started) / 1000);
            }
          });
          seen.observe(rows, { childList: true, subtree: true, characterData: true });
        });
      }, MARK);
      await page.keyboard.press('Enter');
      const seconds = await page.evaluate(() => (globalThis as any).benchDone as Promise<number>);
      mbps.push(o.bytes / seconds / 1e6);
      // Keystrokes: each key's echo, from its keydown in the page to the glyph in the rows.
      await page.keyboard.press('Control+U');
      const times: number[] = [];
      for (let i = 0; i < o.keys; i++) {
        const ch = String.fromCharCode(97 + (i % 26));
        await page.evaluate((c) => {
          const g = globalThis as any;
          const { document, performance, MutationObserver } = g;
          const rows = document.querySelector('.xterm-rows');
          const textarea = document.querySelector('[data-testid="terminal"] textarea');
          const cursorRow = () => [...rows.children].map((el: any) => el.textContent as string).filter((t) => t.includes('bash-')).pop() ?? '';
          const before = cursorRow();
          g.benchDone = new Promise<number>((resolve) => {
            let down = 0;
            textarea.addEventListener('keydown', () => (down = performance.now()), { once: true, capture: true });
            const seen = new MutationObserver(() => {
              const now = cursorRow();
              if (down && now !== before && now.trimEnd().endsWith(c)) {
                seen.disconnect();
                resolve(performance.now() - down);
              }
            });
            seen.observe(rows, { childList: true, subtree: true, characterData: true });
          });
        }, ch);
        await page.keyboard.press(ch);
        times.push(await page.evaluate(() => (globalThis as any).benchDone as Promise<number>));
        if (i % 50 === 49) await page.keyboard.press('Control+U');
      }
      p50.push(percentile(times, 50));
      p99.push(percentile(times, 99));
      await page.getByRole('button', { name: 'Close shell' }).click();
    }
  } finally {
    await browser.close();
  }
  const put = (key: string, xs: number[], digits: number) => {
    report.values[key] = round(percentile(xs, 50), digits);
    report.spreads![key] = [round(Math.min(...xs), digits), round(Math.max(...xs), digits)];
  };
  put('relay.browser.MBps', mbps, 2);
  put('relay.browser.keystrokeP50Ms', p50, 3);
  put('relay.browser.keystrokeP99Ms', p99, 3);
  return report;
}
