// Browser scenarios of the gateway's browser mode (issue 16), run through scenarios.mjs by the e2e module's Java tests:
// the user signs in from the demo page /app/ (served by the demo-upstream jar through the gateway), the browser holds
// only the gateway's HttpOnly cookies, and the page's fetch calls go through the gateway to the test's upstream.
// Input: gateway (the public origin), username, password, controlUrl (the Java side's ScenarioControl: stop/start the
// token service, end sessions as an administrator, count a session's refreshes in its timeline), ttlSeconds (the
// gateway-browser client's access-token TTL). Cookie and token values are never printed: only their attributes,
// sizes, and short digests to tell one value from another.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { withBrowser } from './chromium.mjs';

export const SESSION_COOKIE = '__Host-gatehouse-session';
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/;

export const browserModeScenarios = {
  'app-sign-in': appSignIn,
  'app-refresh': appRefresh,
  'app-logout': appLogout,
  'app-admin-revoke': appAdminRevoke,
  'app-token-service-down': appTokenServiceDown,
  'cross-site-post': crossSitePost,
};

/** From /app/ without a session to the login page and back; what the cookies are and what scripts can see. */
async function appSignIn(input) {
  return withBrowser({}, async (page, seen) => {
    const signIn = await signInFromApp(page, input);
    const cookies = await cookiesOf(page, input);
    const session = await pageFetch(page, '/session');
    const api = await clickCallApi(page);
    const scripts = await whatScriptsSee(page);
    const first = await remainingShown(page);
    await page.waitForTimeout(2_200);
    const second = await remainingShown(page);
    const pageText = await page.locator('main').innerText();
    await page.setViewportSize({ width: 360, height: 740 });
    const layout = await page.evaluate(() => {
      const box = (selector) => {
        const r = document.querySelector(selector).getBoundingClientRect();
        return { left: r.left, right: r.right, height: r.height };
      };
      return { viewportWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
        callApi: box('#call-api'), logout: box('#logout') };
    });
    if (input.screenshot) {
      await page.screenshot({ path: input.screenshot, fullPage: true });
    }
    return { signIn, cookies, session, api, scripts, countdown: { first, second }, pageText, layout,
      browserErrors: seen.errors, cspViolations: seen.cspViolations };
  });
}

/** Calls across several access-token expiries, then 20 parallel fetches after one, counting refreshes in the timeline. */
async function appRefresh(input) {
  return withBrowser({}, async (page) => {
    await signInFromApp(page, input);
    const sessionId = (await pageFetch(page, '/session')).body.session_id;
    const refreshes = () => control(input, 'refresh-count', { username: input.username, sessionId })
      .then((answer) => answer.refreshes);
    const pause = (input.ttlSeconds + 1.5) * 1000;
    const calls = [];
    for (let i = 0; i < 4; i++) {
      await page.waitForTimeout(pause);
      const api = await clickCallApi(page);
      calls.push({ status: api.status, sessionEnded: api.sessionEnded, setCookie: api.setCookie,
        cookie: sessionCookie(await cookiesOf(page, input)), refreshes: await refreshes() });
    }
    await page.waitForTimeout(pause);
    const before = await refreshes();
    const cookieBefore = sessionCookie(await cookiesOf(page, input));
    const burst = await page.evaluate(async (n) => Promise.all(Array.from({ length: n }, (_, i) =>
      fetch(`/api/hello?fetch=${i}`, { credentials: 'same-origin' })
        .then(async (r) => ({ status: r.status, body: r.status === 200 ? null : (await r.text()).slice(0, 300) }))
        .catch((error) => ({ status: 0, body: String(error) })))), 20);
    const after = await refreshes();
    const cookieAfter = sessionCookie(await cookiesOf(page, input));
    const followUp = await clickCallApi(page);
    const session = await pageFetch(page, '/session');
    return { sessionId, calls, burst: { statuses: burst.map((r) => r.status), failures: burst.filter((r) => r.status !== 200),
      refreshesBefore: before, refreshesAfter: after, cookieBefore, cookieAfter }, followUp: followUp.status, session };
  });
}

/** The page's "Sign out": POST /logout, cookies gone, the next call 401. */
async function appLogout(input) {
  return withBrowser({}, async (page) => {
    // Playwright never gets the body of a response carrying Clear-Site-Data (its getResponseBody waits forever):
    // the page's own fetch keeps a copy of the logout's answer instead.
    await page.addInitScript(() => {
      const original = window.fetch;
      window.fetch = async (resource, init) => {
        const response = await original(resource, init);
        if (String(resource).endsWith('/logout')) {
          window.logoutAnswer = await response.clone().json().catch(() => null);
        }
        return response;
      };
    });
    await signInFromApp(page, input);
    const before = await clickCallApi(page);
    const sessionId = (await pageFetch(page, '/session')).body.session_id;
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/logout'),
      page.locator('#logout').click(),
    ]);
    const headers = await response.allHeaders();
    await page.getByText('Signed out.', { exact: true }).waitFor();
    const logout = { status: response.status(), method: response.request().method(),
      clearSiteData: headers['clear-site-data'] ?? null, setCookie: describeSetCookie(headers['set-cookie']),
      body: await page.evaluate(() => window.logoutAnswer) };
    const cookiesAfter = await cookiesOf(page, input);
    const apiAfter = await pageFetch(page, '/api/hello');
    const clickAfter = await clickCallApi(page);
    const sessionAfter = await pageFetch(page, '/session');
    const { reasons } = await control(input, 'reasons', { username: input.username, sessionId });
    return { before: before.status, sessionId, logout, cookiesAfter, apiAfter, clickAfter, sessionAfter, reasons,
      statusText: await page.locator('#session-status').innerText() };
  });
}

/** An administrator ends the session at the token service: the next call on input.path is 401 revoked_admin. */
async function appAdminRevoke(input) {
  return withBrowser({}, async (page) => {
    await signInFromApp(page, input);
    const path = input.path ?? '/api/hello';
    const before = await pageFetch(page, path);
    await control(input, 'end-sessions', { username: input.username });
    const revokedAt = Date.now();
    const statuses = [];
    let answer = null;
    while (Date.now() - revokedAt < (input.ttlSeconds + 15) * 1000) {
      answer = (path === '/api/hello') ? await clickCallApi(page) : await pageFetch(page, path, {}, true);
      statuses.push(answer.status);
      if (answer.status !== 200) {
        break;
      }
      await page.waitForTimeout(250);
    }
    const cookiesAfter = await cookiesOf(page, input);
    const sessionAfter = await pageFetch(page, '/session');
    return { path, before: before.status, statuses, afterMs: Date.now() - revokedAt, answer, cookiesAfter, sessionAfter,
      statusText: await page.locator('#session-status').innerText() };
  });
}

/** The token service stopped: a call that needs a refresh is 503 and keeps the cookie; once it is back, calls work. */
async function appTokenServiceDown(input) {
  return withBrowser({}, async (page) => {
    await signInFromApp(page, input);
    const before = await clickCallApi(page);
    const cookieBefore = sessionCookie(await cookiesOf(page, input));
    await control(input, 'stop-token-service');
    await page.waitForTimeout((input.ttlSeconds + 1.5) * 1000);
    const down = [await clickCallApi(page), await clickCallApi(page)];
    // A page load in another tab meanwhile: the outage as a page, not JSON in the window.
    const tab = await page.context().newPage();
    const loaded = await tab.goto(new URL('/app/', page.url()).href);
    const pageLoad = { status: loaded.status(), contentType: loaded.headers()['content-type'] ?? null,
      retryAfter: loaded.headers()['retry-after'] ?? null, heading: await tab.locator('h1').textContent() };
    await tab.close();
    const cookieWhileDown = sessionCookie(await cookiesOf(page, input));
    await control(input, 'start-token-service');
    const statuses = [];
    let back = null;
    for (let i = 0; i < 20; i++) {
      back = await clickCallApi(page);
      statuses.push(back.status);
      if (back.status === 200) {
        break;
      }
      await page.waitForTimeout(1_000);
    }
    const cookieAfter = sessionCookie(await cookiesOf(page, input));
    const session = await pageFetch(page, '/session');
    return { before: before.status, cookieBefore, down, pageLoad, cookieWhileDown, statusesWhenBack: statuses, back,
      cookieAfter, session };
  });
}

/**
 * Signed in at the gateway, pages on other origins POST to it with credentials: one of the same site (127.0.0.1 on
 * another port: SameSite lets the cookie go, the CSRF check must refuse) and one of another site (localhost).
 * A same-origin POST from /app/ is the control that must work. input.allowThirdPartyCookies: see withBrowser.
 */
async function crossSitePost(input) {
  const other = await startOtherSite(input.otherSitePort);
  try {
    return await withBrowser({ allowThirdPartyCookies: Boolean(input.allowThirdPartyCookies) }, async (page) => {
      await signInFromApp(page, input);
      const [sameOriginResponse] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/api/same-origin-post'),
        pageFetch(page, '/api/same-origin-post', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }),
      ]);
      const sameOrigin = await describeExchange(sameOriginResponse);
      const attempts = {};
      for (const [name, origin] of [['sameSite', `http://127.0.0.1:${input.otherSitePort}`],
        ['crossSite', `http://localhost:${input.otherSitePort}`]]) {
        await page.goto(`${origin}/`);
        const target = `${input.gateway}/api/transfer`;
        const [fetched] = await Promise.all([
          page.waitForResponse((r) => r.url() === `${target}?by=fetch`),
          page.evaluate((url) => fetch(url, { method: 'POST', credentials: 'include', mode: 'no-cors',
            headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'amount=1000' }).catch(() => null),
          `${target}?by=fetch`),
        ]);
        const fetchAttempt = await describeExchange(fetched);
        const [posted] = await Promise.all([
          page.waitForResponse((r) => r.url() === `${target}?by=form`),
          page.evaluate((url) => {
            const form = document.createElement('form');
            form.method = 'POST';
            form.action = url;
            form.enctype = 'application/x-www-form-urlencoded';
            const field = document.createElement('input');
            field.name = 'amount';
            field.value = '1000';
            form.append(field);
            document.body.append(form);
            form.submit();
          }, `${target}?by=form`),
        ]);
        attempts[name] = { origin, fetch: fetchAttempt, form: await describeExchange(posted) };
      }
      await page.goto(`${input.gateway}/app/`);
      const stillSignedIn = await pageFetch(page, '/session');
      const apiAfter = await pageFetch(page, '/api/hello');
      return { sameOrigin, attempts, stillSignedIn, apiAfter: apiAfter.status,
        cookiesAfter: await cookiesOf(page, input) };
    });
  }
  finally {
    await new Promise((resolve) => { other.closeAllConnections(); other.close(resolve); });
  }
}

/** Opens /app/ without a session and signs in on the login page it leads to; returns the document hops seen. */
async function signInFromApp(page, input) {
  const hops = [];
  const record = (response) => {
    if (response.request().resourceType() === 'document') {
      hops.push({ method: response.request().method(), url: response.url(), status: response.status(),
        location: response.headers().location ?? null });
    }
  };
  page.on('response', record);
  try {
    await page.goto(`${input.gateway}/app/`);
    await page.getByLabel('Username').waitFor();
    const loginPageUrl = page.url();
    await page.getByLabel('Username').fill(input.username);
    await page.getByLabel('Password').fill(input.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${input.gateway}/app/`);
    await page.locator('#username').getByText(input.username, { exact: true }).waitFor();
    return { hops, loginPageUrl, landedOn: page.url() };
  }
  finally {
    page.off('response', record);
  }
}

/** Clicks the page's "Call the API" and waits until the page has shown the answer. */
async function clickCallApi(page) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/hello'),
    page.locator('#call-api').click(),
  ]);
  await page.waitForFunction(() => !document.getElementById('call-api').disabled);
  const headers = await response.allHeaders();
  const json = await page.locator('#api-json').count() > 0 ? JSON.parse(await page.locator('#api-json').innerText()) : null;
  const message = await page.locator('#api-result .message').count() > 0
    ? (await page.locator('#api-result .message').innerText()).trim() : null;
  return { status: response.status(), sessionEnded: headers['gatehouse-session-ended'] ?? null,
    retryAfter: headers['retry-after'] ?? null, vary: headers.vary ?? null, setCookie: describeSetCookie(headers['set-cookie']),
    body: await bodyOf(response), json, message, signInVisible: await page.locator('#sign-in').isVisible() };
}

/** A fetch from the page (its origin, its cookies); with withSetCookie, also the Set-Cookie the browser received. */
export async function pageFetch(page, path, init = {}, withSetCookie = false) {
  const call = page.evaluate(async ({ path, init }) => {
    const r = await fetch(path, { credentials: 'same-origin', ...init });
    const text = await r.text();
    let body = null;
    try {
      body = JSON.parse(text);
    }
    catch {
      body = text.slice(0, 300);
    }
    return { status: r.status, headers: Object.fromEntries(r.headers.entries()), body };
  }, { path, init });
  if (!withSetCookie) {
    return call;
  }
  const [response, answer] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === path.split('?')[0]), call]);
  return { ...answer, sessionEnded: answer.headers['gatehouse-session-ended'] ?? null,
    setCookie: describeSetCookie((await response.allHeaders())['set-cookie']) };
}

/**
 * A request as the browser sent it and the answer it got. Whether the cookie went along is the gateway's to say (403
 * csrf_refused needs the cookie, 401 means none came): under the scenarios' request routing Playwright reports the
 * Cookie header Chromium meant to send, even when Chromium then withholds it, and no Sec-Fetch-* headers.
 */
async function describeExchange(response) {
  const sent = await response.request().allHeaders();
  return { status: response.status(), method: response.request().method(), origin: sent.origin ?? null,
    body: await bodyOf(response), vary: response.headers().vary ?? null };
}

/** The gateway's cookies as the browser keeps them: attributes, size and a digest, never the value. */
export async function cookiesOf(page, input) {
  const now = Date.now() / 1000;
  return (await page.context().cookies(input.gateway)).map((c) => ({
    name: c.name, domain: c.domain, path: c.path, expires: c.expires,
    secondsLeft: c.expires > 0 ? Math.round(c.expires - now) : null, httpOnly: c.httpOnly, secure: c.secure,
    sameSite: c.sameSite, size: c.name.length + c.value.length + 1, digest: digest(c.value),
  }));
}

/** A response's JSON body as Playwright gets it, or null (none, not JSON, opaque, or not given within 5 s). */
export async function bodyOf(response) {
  const timeout = new Promise((resolve) => { setTimeout(() => resolve(null), 5_000).unref(); });
  return Promise.race([response.json().catch(() => null), timeout]);
}

export function sessionCookie(cookies) {
  return cookies.find((c) => c.name === SESSION_COOKIE) ?? null;
}

/** The Set-Cookie lines of a response without their values: name, attributes, Max-Age. */
function describeSetCookie(header) {
  if (!header) {
    return [];
  }
  return header.split('\n').map((line) => {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const name = pair.slice(0, pair.indexOf('='));
    const value = pair.slice(pair.indexOf('=') + 1);
    const maxAge = attributes.find((a) => /^max-age=/i.test(a));
    return { name, empty: value === '', maxAge: maxAge ? Number(maxAge.split('=')[1]) : null,
      attributes: attributes.map((a) => a.split('=')[0].toLowerCase()), digest: value ? digest(value) : null };
  });
}

/** What any script on the page can read: cookies, web storage, the URL, the document; and whether a JWT is among them. */
async function whatScriptsSee(page) {
  const seen = await page.evaluate(() => {
    const storage = (store) => Object.keys(store).map((key) => [key, store.getItem(key)]);
    return { documentCookie: document.cookie, localStorage: storage(localStorage), sessionStorage: storage(sessionStorage),
      url: location.href, html: document.documentElement.outerHTML };
  });
  return { documentCookie: seen.documentCookie, localStorageKeys: seen.localStorage.map(([key]) => key),
    sessionStorageKeys: seen.sessionStorage.map(([key]) => key), url: seen.url,
    jwtIn: Object.entries(seen).filter(([, value]) => JWT.test(JSON.stringify(value))).map(([where]) => where) };
}

async function remainingShown(page) {
  return page.evaluate(() => ({ text: document.getElementById('remaining').textContent,
    seconds: Number(document.getElementById('remaining').dataset.seconds) }));
}

async function control(input, action, body = {}) {
  const response = await fetch(`${input.controlUrl}/${action}`, { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(150_000) });
  const answer = await response.json();
  if (!response.ok) {
    throw new Error(`control ${action} answered ${response.status}: ${JSON.stringify(answer)}`);
  }
  return answer;
}

/** Another site's page (an empty document) on 127.0.0.1:port, reachable as localhost:port too. */
export async function startOtherSite(port) {
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end('<!doctype html><title>Another site</title><p>Another site</p>');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}

function digest(value) {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}
