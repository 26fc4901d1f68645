// Headless Debian Chromium through playwright-core (installed in web/node_modules), kept off the
// network: no background services, no component updates, no sync, and a proxy that only lets
// loopback through. Screenshots go to build/test-logs/screenshots/.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(join(repoRoot, 'web', 'package.json'));
const { chromium } = require('playwright-core');

export const webDist = process.env.PARLOIR_WEB_ROOT || join(repoRoot, 'web', 'dist');
export const screenshotDir = join(repoRoot, 'build', 'test-logs', 'screenshots');

export const CHROMIUM_ARGS = [
  '--no-first-run', '--no-default-browser-check', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions',
  '--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication',
  '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--metrics-recording-only',
  '--no-pings', '--disable-breakpad', '--password-store=basic', '--use-mock-keychain',
  // Anything not on loopback goes to a proxy that does not exist, so it fails fast.
  '--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=127.0.0.1;localhost;[::1]',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60000,
  });
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
