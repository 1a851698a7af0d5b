// Debian's headless Chromium (/usr/bin/chromium, never a downloaded browser) driven by playwright-core, and the
// page helpers the scenarios share. Every wait is bounded.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const STEP_TIMEOUT_MS = 20_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Runs {@code use(page, seen)} in Debian's headless Chromium with a fresh profile directory; {@code seen} collects
 * console errors and CSP violations. Requests to anything but loopback are aborted. {@code options} go to Playwright,
 * except {@code allowThirdPartyCookies}: a fresh Chromium profile blocks cookies on another site's subrequests
 * (even {@code SameSite=None} ones); with it the profile allows them, as browsers that still allow them do.
 */
export async function withBrowser(options, use) {
  const { allowThirdPartyCookies, ...launch } = options;
  const profile = mkdtempSync(join(tmpdir(), 'gatehouse-chromium-'));
  if (allowThirdPartyCookies) {
    mkdirSync(join(profile, 'Default'));
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: 30_000, ...launch,
  });
  const seen = { errors: [], cspViolations: [], frameBlocked: false };
  try {
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
    await context.route('**/*', (route) => {
      const { protocol, hostname } = new URL(route.request().url());
      const allowed = (protocol === 'http:' || protocol === 'https:') && LOOPBACK.has(hostname);
      return allowed ? route.continue() : route.abort('blockedbyclient');
    });
    const page = context.pages()[0] ?? await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') {
        seen.errors.push(message.text());
        if (message.text().includes('Content Security Policy')) {
          seen.cspViolations.push(message.text());
        }
        if (message.text().includes('frame-ancestors')) {
          seen.frameBlocked = true;
        }
      }
    });
    page.on('pageerror', (error) => seen.errors.push(String(error)));
    try {
      return await use(page, seen);
    }
    catch (error) {
      const text = await page.locator('body').innerText({ timeout: 2_000 }).catch(() => '(no page text)');
      throw new Error(`${error?.stack ?? error}\nThe browser was at ${page.url()} showing: ${text.slice(0, 600)}`);
    }
  }
  finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Waits for the relying party's answer to the callback; its failure, if any, is the error. */
export async function signedInPage(page, rp) {
  // "Invalid credentials" is Spring Security's login page after a failed oauth2Login.
  await page.getByText(/Signed in as|Relying party error|Invalid credentials/).first().waitFor();
  if (rp && rp.failures.length > 0) {
    throw new Error(rp.failures.join('\n'));
  }
  if (await page.getByText('Invalid credentials').count() > 0) {
    throw new Error('the Spring relying party refused the sign-in');
  }
}

/** Waits for the login page, or fails at once when the authorization request came back as an error. */
export async function awaitLoginPage(page, rp) {
  await page.getByLabel('Username').or(page.getByText('Relying party error')).first().waitFor();
  if (rp.failures.length > 0) {
    throw new Error(rp.failures.join('\n'));
  }
}

export async function focusedElement(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? { tag: el.tagName.toLowerCase(), id: el.id || null, role: el.getAttribute('role'),
      text: (el.innerText ?? '').trim().slice(0, 200) } : null;
  });
}

/** Presses Tab until the focused element matches (0 presses if it already does, at most 15). */
export async function tabUntil(page, matches) {
  for (let presses = 0; presses <= 15; presses++) {
    const focused = await focusedElement(page);
    if (focused && matches(focused)) {
      return presses;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached the wanted element; focus is on ${JSON.stringify(await focusedElement(page))}`);
}

export async function textOf(locator) {
  return (await locator.count()) > 0 ? (await locator.first().innerText()).trim() : null;
}

export async function waitUntil(condition, limitMs) {
  const deadline = Date.now() + limitMs;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

function send(response, status, html) {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
