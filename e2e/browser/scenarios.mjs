// Browser scenarios of the hosted login page, run by the e2e module's Java tests (BrowserScript):
//   node browser/scenarios.mjs <scenario>   with the input JSON on standard input
// Debian's headless Chromium (/usr/bin/chromium, never a downloaded browser) is driven by playwright-core;
// the relying party is this script itself, a loopback HTTP server using oauth4webapi (discovery, PKCE S256,
// state, nonce, RFC 9207 iss, code exchange, ID token claims and signature via the JWKS).
// The last line printed is one JSON object: {"ok":true, ...what was seen} or {"ok":false,"error":...}.
// Every wait is bounded; the browser may only reach loopback addresses.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import * as oauth from 'oauth4webapi';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const STEP_TIMEOUT_MS = 20_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
// The hosted login page's error text, fixed by the contract with the token service.
const LOGIN_ERROR = 'Unknown username or wrong password';
// HTTP to the loopback issuer: oauth4webapi insists on HTTPS otherwise.
const INSECURE = { [oauth.allowInsecureRequests]: true };

const scenarios = {
  'sign-in': signIn,
  'wrong-password': wrongPassword,
  'code-replay': codeReplay,
  'security-headers': securityHeaders,
  'keyboard-only': keyboardOnly,
  'phone-width': phoneWidth,
  'spring-relying-party': springRelyingParty,
};

async function main() {
  const name = process.argv[2];
  const scenario = scenarios[name];
  if (!scenario) {
    throw new Error(`unknown scenario ${name}; one of ${Object.keys(scenarios).join(', ')}`);
  }
  const input = JSON.parse(await readStdin());
  return await scenario(input);
}

// ---- the scenarios: each returns what it saw; the Java test asserts it ----

/** The test page starts the flow; the user signs in by label; the RP exchanges the code and checks the ID token. */
async function signIn(input) {
  return withRelyingParty(input, async (rp) => withBrowser({}, async (page, seen) => {
    await page.goto(rp.url);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
    await awaitLoginPage(page);
    const loginPage = { url: page.url(), heading: await textOf(page.locator('h1')), text: await page.locator('body').innerText() };
    await page.getByLabel('Username').fill(input.username);
    await page.getByLabel('Password').fill(input.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signedInPage(page);
    const signedIn = await rp.lastSignIn();
    const refreshed = await rp.refresh(signedIn.tokens.refresh_token);
    return { loginPage, landedOn: page.url(), pageText: await page.locator('body').innerText(), rp: signedIn, refreshed,
      browserErrors: seen.errors };
  }));
}

/** A wrong password shows the error on the page, keeps the username, does not redirect; a retry then works. */
async function wrongPassword(input) {
  return withRelyingParty(input, async (rp) => withBrowser({}, async (page, seen) => {
    await page.goto(rp.url);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
    await awaitLoginPage(page);
    await page.getByLabel('Username').fill(input.username);
    await page.getByLabel('Password').fill(`${input.password}-wrong`);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const afterWrong = {
      status: answer.status(),
      url: page.url(),
      alert: (await alert.innerText()).trim(),
      usernameValue: await page.getByLabel('Username').inputValue(),
      passwordValue: await page.getByLabel('Password').inputValue(),
      focused: await focusedElement(page),
      callbacks: rp.callbacks.length,
    };
    await page.getByLabel('Password').fill(input.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signedInPage(page);
    return { afterWrong, retry: await rp.lastSignIn(), browserErrors: seen.errors };
  }));
}

/** A code presented twice: the second exchange fails and the session of the first is revoked. */
async function codeReplay(input) {
  return withRelyingParty(input, async (rp) => withBrowser({}, async (page) => {
    await signInThroughPage(page, rp, input);
    const first = await rp.lastSignIn();
    const replay = await rp.exchangeAgain();
    const refreshAfterReplay = await rp.refresh(first.tokens.refresh_token);
    return { first, replay, refreshAfterReplay };
  }));
}

/** The security headers as the browser received them, and what Chromium does with them. */
async function securityHeaders(input) {
  return withRelyingParty(input, async (rp) => withBrowser({}, async (page, seen) => {
    const documents = [];
    page.on('response', async (r) => {
      if (r.request().resourceType() === 'document' && r.url().startsWith(input.issuer)) {
        documents.push({ method: r.request().method(), status: r.status(), url: r.url(), headers: await r.allHeaders() });
      }
    });
    await page.goto(rp.url);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
    await awaitLoginPage(page);
    await page.waitForLoadState('load');
    const styled = await page.evaluate(() => [...document.styleSheets].some((sheet) => sheet.cssRules.length > 0));
    const violationsOnPage = [...seen.cspViolations];
    // The login page inside another site's frame: frame-ancestors 'none' must make Chromium refuse it.
    await page.goto(`${rp.url}/framed`);
    await page.locator('iframe').waitFor();
    await waitUntil(() => seen.cspViolations.length > violationsOnPage.length || seen.frameBlocked, 5_000);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const framedLoginFields = frame ? await frame.locator('#username').count() : 0;
    // Back to the real flow: the callback's Referer shows what Referrer-Policy did.
    await page.goto(rp.url);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
    await awaitLoginPage(page);
    await page.getByLabel('Username').fill(input.username);
    await page.getByLabel('Password').fill(input.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signedInPage(page);
    const loginPage = documents.find((d) => d.method === 'GET' && d.status === 200);
    return {
      loginPage, documents, styled, violationsOnPage, framedLoginFields,
      frameViolations: seen.cspViolations.slice(violationsOnPage.length),
      callbackReferer: rp.callbacks.at(-1).referer ?? null,
    };
  }));
}

/** Tab and Enter only: reach the fields, fail once (the error is announced), then sign in. */
async function keyboardOnly(input) {
  return withRelyingParty(input, async (rp) => withBrowser({}, async (page, seen) => {
    await page.goto(rp.url);
    const tabsToLink = await tabUntil(page, (el) => el.tag === 'a');
    await page.keyboard.press('Enter');
    await awaitLoginPage(page);
    const tabsToUsername = await tabUntil(page, (el) => el.id === 'username');
    await page.keyboard.type(input.username);
    await page.keyboard.press('Tab');
    const onPassword = await focusedElement(page);
    await page.keyboard.type(`${input.password}-wrong`);
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
    const alert = (await page.getByRole('alert').innerText()).trim();
    const focusedAfterError = await focusedElement(page);
    const tabsToPassword = await tabUntil(page, (el) => el.id === 'password');
    await page.keyboard.type(input.password);
    await page.keyboard.press('Enter');
    await signedInPage(page);
    return { tabsToLink, tabsToUsername, onPassword, alert, focusedAfterError, tabsToPassword,
      signedIn: await rp.lastSignIn(), browserErrors: seen.errors };
  }));
}

/** A phone-width viewport: the page fits without sideways scrolling and signing in by tapping works. */
async function phoneWidth(input) {
  const phone = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
  return withRelyingParty(input, async (rp) => withBrowser(phone, async (page) => {
    await page.goto(rp.url);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).tap();
    await awaitLoginPage(page);
    // Measure the laid-out page: after its stylesheet has loaded.
    await page.waitForLoadState('load');
    const layout = await page.evaluate(() => {
      const box = (selector) => {
        const r = document.querySelector(selector).getBoundingClientRect();
        return { left: r.left, right: r.right, width: r.width, height: r.height };
      };
      return {
        viewportWidth: window.innerWidth,
        scrollWidth: document.documentElement.scrollWidth,
        username: box('#username'), password: box('#password'), button: box('button[type=submit]'),
        fontSize: parseFloat(getComputedStyle(document.querySelector('#username')).fontSize),
      };
    });
    if (input.screenshot) {
      await page.screenshot({ path: input.screenshot, fullPage: true });
    }
    await page.getByLabel('Username').fill(input.username);
    await page.getByLabel('Password').fill(input.password);
    await page.getByRole('button', { name: 'Sign in' }).tap();
    await signedInPage(page);
    return { layout, signedIn: await rp.lastSignIn() };
  }));
}

/** A Spring Security oauth2Login app (started by the Java test) as the relying party: sign in through it. */
async function springRelyingParty(input) {
  return withBrowser({}, async (page, seen) => {
    await page.goto(input.relyingPartyUrl);
    await page.getByLabel('Username').waitFor();
    const loginPageUrl = page.url();
    await page.getByLabel('Username').fill(input.username);
    await page.getByLabel('Password').fill(input.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signedInPage(page);
    return { loginPageUrl, landedOn: page.url(), pageText: (await page.locator('body').innerText()).trim(),
      browserErrors: seen.errors };
  });
}

// ---- the relying party: a loopback test page using oauth4webapi ----

async function withRelyingParty(input, use) {
  const rp = await startRelyingParty(input);
  try {
    return await use(rp);
  }
  finally {
    await rp.close();
  }
}

async function startRelyingParty(input) {
  const issuer = new URL(input.issuer);
  const redirectUri = new URL(input.redirectUri);
  const as = await oauth.processDiscoveryResponse(issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...INSECURE }));
  const client = {
    client_id: input.clientId,
    // oauth4webapi expects RS256 unless told otherwise: take the algorithm the server says it signs with.
    id_token_signed_response_alg: as.id_token_signing_alg_values_supported?.[0],
  };
  const clientAuth = oauth.None();
  const pending = new Map();
  const signIns = [];
  const callbacks = [];
  let lastCallback = null;

  async function authorizationUrl() {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    pending.set(state, { state, codeVerifier, nonce });
    const url = new URL(as.authorization_endpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', client.client_id);
    url.searchParams.set('redirect_uri', redirectUri.href);
    url.searchParams.set('scope', 'openid profile');
    url.searchParams.set('state', state);
    url.searchParams.set('nonce', nonce);
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    return url;
  }

  async function exchange(callbackUrl, expected) {
    const params = oauth.validateAuthResponse(as, client, callbackUrl, expected.state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, redirectUri.href,
      expected.codeVerifier, INSECURE);
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response,
      { expectedNonce: expected.nonce, requireIdToken: true });
    await oauth.validateApplicationLevelSignature(as, response, INSECURE);
    return { tokens, claims: oauth.getValidatedIdTokenClaims(tokens) };
  }

  async function callback(request, response) {
    const url = new URL(request.url, redirectUri);
    const state = url.searchParams.get('state');
    const record = { query: [...url.searchParams.keys()], iss: url.searchParams.get('iss'),
      referer: request.headers.referer, error: url.searchParams.get('error') };
    callbacks.push(record);
    const expected = pending.get(state);
    if (!expected) {
      throw new Error(`callback with an unknown state: ${url.search}`);
    }
    pending.delete(state);
    lastCallback = { url, expected };
    const { tokens, claims } = await exchange(url, expected);
    const signIn = { callback: record, claims, nonceSent: expected.nonce,
      tokenResponseKeys: Object.keys(tokens).sort(), idTokenAlg: client.id_token_signed_response_alg };
    // The tokens stay in the script: only their names and the ID token's claims are printed.
    Object.defineProperty(signIn, 'tokens', { value: tokens, enumerable: false });
    signIns.push(signIn);
    send(response, 200, `<!doctype html><title>Test page</title><p>Signed in as ${escapeHtml(claims.preferred_username)}</p>`);
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url, redirectUri).pathname;
    const handle = async () => {
      if (path === '/') {
        send(response, 200, '<!doctype html><title>Test page</title><a href="/login">Sign in with Gatehouse</a>');
      }
      else if (path === '/login') {
        response.writeHead(302, { location: (await authorizationUrl()).href }).end();
      }
      else if (path === '/framed') {
        send(response, 200, `<!doctype html><title>Framing</title><iframe src="${escapeHtml((await authorizationUrl()).href)}"></iframe>`);
      }
      else if (path === redirectUri.pathname) {
        await callback(request, response);
      }
      else {
        send(response, 404, 'not found');
      }
    };
    handle().catch((error) => {
      failures.push(`relying party ${path}: ${error?.stack ?? error}`);
      send(response, 500, `<!doctype html><p>Relying party error: ${escapeHtml(String(error))}</p>`);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(redirectUri.port), '127.0.0.1', resolve);
  });

  return {
    url: `${redirectUri.protocol}//${redirectUri.host}`,
    callbacks,
    discovery: as,
    async lastSignIn() {
      await waitUntil(() => signIns.length > 0 || failures.length > 0, STEP_TIMEOUT_MS);
      if (failures.length > 0) {
        throw new Error(failures.join('\n'));
      }
      return signIns.at(-1);
    },
    /** The last callback's code exchanged once more, exactly as the first time. */
    async exchangeAgain() {
      return tokenEndpointError(() => exchange(lastCallback.url, lastCallback.expected));
    },
    async refresh(refreshToken) {
      return tokenEndpointError(async () => {
        const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, INSECURE);
        const tokens = await oauth.processRefreshTokenResponse(as, client, response);
        return { tokenResponseKeys: Object.keys(tokens).sort() };
      });
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** Runs a token endpoint call; returns {ok:true,...} or the OAuth error it answered with. */
async function tokenEndpointError(call) {
  try {
    return { ok: true, ...(await call()) };
  }
  catch (error) {
    if (error instanceof oauth.ResponseBodyError) {
      return { ok: false, status: error.status, error: error.error, error_description: error.error_description };
    }
    throw error;
  }
}

// ---- the browser ----

const failures = [];

async function withBrowser(options, use) {
  const profile = mkdtempSync(join(tmpdir(), 'gatehouse-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: 30_000, ...options,
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

async function signInThroughPage(page, rp, input) {
  await page.goto(rp.url);
  await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
  await awaitLoginPage(page);
  await page.getByLabel('Username').fill(input.username);
  await page.getByLabel('Password').fill(input.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signedInPage(page);
}

/** Waits for the relying party's answer to the callback; its failure, if any, is the error. */
async function signedInPage(page) {
  // "Invalid credentials" is Spring Security's login page after a failed oauth2Login.
  await page.getByText(/Signed in as|Relying party error|Invalid credentials/).first().waitFor();
  if (failures.length > 0) {
    throw new Error(failures.join('\n'));
  }
  if (await page.getByText('Invalid credentials').count() > 0) {
    throw new Error('the Spring relying party refused the sign-in');
  }
}

/** Waits for the login page, or fails at once when the authorization request came back as an error. */
async function awaitLoginPage(page) {
  await page.getByLabel('Username').or(page.getByText('Relying party error')).first().waitFor();
  if (failures.length > 0) {
    throw new Error(failures.join('\n'));
  }
}

async function focusedElement(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? { tag: el.tagName.toLowerCase(), id: el.id || null, role: el.getAttribute('role'),
      text: (el.innerText ?? '').trim().slice(0, 200) } : null;
  });
}

/** Presses Tab until the focused element matches (0 presses if it already does, at most 15). */
async function tabUntil(page, matches) {
  for (let presses = 0; presses <= 15; presses++) {
    const focused = await focusedElement(page);
    if (focused && matches(focused)) {
      return presses;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached the wanted element; focus is on ${JSON.stringify(await focusedElement(page))}`);
}

async function textOf(locator) {
  return (await locator.count()) > 0 ? (await locator.first().innerText()).trim() : null;
}

async function waitUntil(condition, limitMs) {
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

const overall = setTimeout(() => {
  console.log(JSON.stringify({ ok: false, error: 'scenario timed out after 80 s' }));
  process.exit(1);
}, 80_000);
try {
  const result = await main();
  console.log(JSON.stringify({ ok: true, ...result }));
  process.exitCode = 0;
}
catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error?.stack ?? error) }));
  process.exitCode = 1;
}
finally {
  clearTimeout(overall);
}
