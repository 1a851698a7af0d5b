// Browser scenarios of the account page (issue 18), run through scenarios.mjs by AccountPageInChromiumIntegrationTests:
// /account/ is the token service's page behind the gateway's browser mode (cookie session, access token forwarded).
// Two browsers with different user agents are two devices of one user. Input: gateway, username, password, and per
// scenario: userAgentA, userAgentB, newPassword, admin {username, password}, otherSitePort, screenshots {user, phone,
// admin}. Every wait is bounded (chromium.mjs); cookie values are never printed, only digests.
import { withBrowser } from './chromium.mjs';
import { bodyOf, cookiesOf, sessionCookie, startOtherSite } from './browser-mode.mjs';

export const accountScenarios = {
  'account-two-devices': twoDevices,
  'account-read': readOnly,
  'account-password-change': passwordChange,
  'account-admin': supportView,
  'account-cross-site-post': crossSitePost,
};

/** A and B sign in; A sees both, signs B out; B's next call is refused; A sees B under "recently ended". */
async function twoDevices(input) {
  return withBrowser({ userAgent: input.userAgentA }, async (a, seenA) =>
    withBrowser({ userAgent: input.userAgentB }, async (b) => {
      await signInAt(a, input, input.username, input.password);
      await signInAt(b, input, input.username, input.password);
      const sessionA = (await apiGet(a, input, '/session')).body.session_id;
      const sessionB = (await apiGet(b, input, '/session')).body.session_id;
      const apiBefore = (await apiGet(b, input, '/api/hello')).status;
      await a.goto(`${input.gateway}/account/`);
      const before = await readAccount(a);
      const row = a.locator(`article.live[data-session="${sessionB}"]`);
      const signOutName = await row.getByRole('button').first().getAttribute('aria-label');
      await Promise.all([
        a.waitForURL(`${input.gateway}/account/?done=signed_out_session`),
        row.getByRole('button', { name: signOutName }).click(),
      ]);
      const after = await readAccount(a);
      const apiAfter = await refusedCall(b, input);
      if (input.screenshots?.user) {
        await openTimelines(a);
        await a.screenshot({ path: input.screenshots.user, fullPage: true });
      }
      await a.setViewportSize({ width: 360, height: 740 });
      const layout = await a.evaluate(() => ({ viewportWidth: window.innerWidth,
        scrollWidth: document.documentElement.scrollWidth,
        buttons: [...document.querySelectorAll('button')].map((button) => {
          const r = button.getBoundingClientRect();
          return { text: button.innerText.trim(), right: r.right, height: r.height };
        }) }));
      if (input.screenshots?.phone) {
        await a.screenshot({ path: input.screenshots.phone, fullPage: true });
      }
      const landmarks = await a.evaluate(() => ({ main: document.querySelectorAll('main').length,
        h1: [...document.querySelectorAll('h1')].map((h) => h.innerText.trim()),
        h2: [...document.querySelectorAll('h2')].map((h) => h.innerText.trim()),
        unlabelledInputs: [...document.querySelectorAll('input:not([type=hidden])')]
          .filter((i) => !i.labels || i.labels.length === 0).map((i) => i.name),
        scripts: document.querySelectorAll('script').length }));
      return { sessionA, sessionB, apiBefore, before, signOutName, after, apiAfter, layout, landmarks,
        cspViolations: seenA.cspViolations, browserErrors: seenA.errors };
    }));
}

/** Signs in from /account/ and reads the page as it is. */
async function readOnly(input) {
  return withBrowser({ userAgent: input.userAgentA }, async (page) => {
    await signInAt(page, input, input.username, input.password);
    return { session: (await apiGet(page, input, '/session')).body.session_id, account: await readAccount(page) };
  });
}

/**
 * A changes the password on the page: B's next call is refused (revoked_password_change), A stays signed in with
 * a renewed cookie; then A signs out everywhere and the cookie is gone.
 */
async function passwordChange(input) {
  return withBrowser({ userAgent: input.userAgentA }, async (a) =>
    withBrowser({ userAgent: input.userAgentB }, async (b) => {
      await signInAt(a, input, input.username, input.password);
      await signInAt(b, input, input.username, input.password);
      const sessionBefore = (await apiGet(a, input, '/session')).body.session_id;
      const cookieBefore = sessionCookie(await cookiesOf(a, input));
      await a.goto(`${input.gateway}/account/`);
      await a.getByLabel('Current password').fill(`${input.password}-wrong`);
      await a.getByLabel('New password').fill(input.newPassword);
      await Promise.all([a.waitForURL(/\/account\/\?error=/), a.getByRole('button', { name: 'Change password' }).click()]);
      const wrong = { url: a.url(), alert: await textOf(a, '[role=alert]') };
      await a.getByLabel('Current password').fill(input.password);
      await a.getByLabel('New password').fill(input.newPassword);
      const [changedAnswer] = await Promise.all([
        a.waitForResponse((r) => new URL(r.url()).pathname === '/account/password'),
        a.getByRole('button', { name: 'Change password' }).click(),
      ]);
      await a.waitForURL(`${input.gateway}/account/?done=password_changed`);
      const changed = { status: changedAnswer.status(), location: changedAnswer.headers().location ?? null,
        body: (await changedAnswer.text().catch(() => '')).slice(0, 300) };
      const afterChange = await readAccount(a);
      const cookieAfter = sessionCookie(await cookiesOf(a, input));
      const sessionAfter = (await apiGet(a, input, '/session')).body;
      const apiA = (await apiGet(a, input, '/api/hello')).status;
      const apiB = await refusedCall(b, input);
      await Promise.all([a.waitForURL((url) => !url.pathname.startsWith('/account')),
        a.getByRole('button', { name: 'Sign out everywhere', exact: true }).click()]);
      const afterEverywhere = { url: a.url(), cookie: sessionCookie(await cookiesOf(a, input)),
        api: (await apiGet(a, input, '/api/hello')).status };
      return { sessionBefore, cookieBefore, wrong, changed, afterChange, cookieAfter, sessionAfter, apiA, apiB,
        afterEverywhere };
    }));
}

/** An administrator looks the user up, reads their sessions and timelines, ends one; the user is refused next. */
async function supportView(input) {
  return withBrowser({ userAgent: input.userAgentB }, async (user) =>
    withBrowser({ userAgent: input.userAgentA }, async (admin, seenAdmin) => {
      await signInAt(user, input, input.username, input.password);
      const userSession = (await apiGet(user, input, '/session')).body.session_id;
      const userApiBefore = (await apiGet(user, input, '/api/hello')).status;
      const [forbidden] = await Promise.all([
        user.waitForResponse((r) => new URL(r.url()).pathname === '/account/admin'),
        user.goto(`${input.gateway}/account/admin?username=${encodeURIComponent(input.admin.username)}`),
      ]);
      const notAdmin = { status: forbidden.status(), text: await textOf(user, 'main') };
      await signInAt(admin, input, input.admin.username, input.admin.password);
      await admin.goto(`${input.gateway}/account/admin`);
      await admin.getByLabel('Username').fill(input.username);
      await Promise.all([admin.waitForURL(/\/account\/admin\?username=/), admin.getByRole('button', { name: 'Look up' }).click()]);
      const found = { heading: await textOf(admin, 'h2.user'), ...(await readAccount(admin)) };
      if (input.screenshots?.admin) {
        await openTimelines(admin);
        await admin.screenshot({ path: input.screenshots.admin, fullPage: true });
      }
      await Promise.all([admin.waitForURL(/done=session_ended/),
        admin.locator(`article.live[data-session="${userSession}"]`).getByRole('button', { name: 'End this session' }).click()]);
      const afterEnd = await readAccount(admin);
      const userApiAfter = await refusedCall(user, input);
      return { userSession, userApiBefore, notAdmin, found, afterEnd, userApiAfter, cspViolations: seenAdmin.cspViolations };
    }));
}

/**
 * Signed in at the gateway, a page of the same site on another port (127.0.0.1: SameSite=Lax sends the cookie)
 * posts the account page's forms with it: each must be refused before it reaches the token service.
 */
async function crossSitePost(input) {
  const other = await startOtherSite(input.otherSitePort);
  try {
    return await withBrowser({ userAgent: input.userAgentA }, async (page) => {
      await signInAt(page, input, input.username, input.password);
      const session = (await apiGet(page, input, '/session')).body.session_id;
      await page.goto(`http://127.0.0.1:${input.otherSitePort}/`);
      const attempts = {};
      for (const [name, path, fields] of [
        ['endOthers', '/account/sessions/end-others', {}],
        ['endOne', `/account/sessions/${session}/end`, {}],
        ['password', '/account/password', { current_password: input.password, new_password: input.newPassword }],
        ['everywhere', '/logout', { everywhere: 'true' }]]) {
        const target = `${input.gateway}${path}`;
        const [answer] = await Promise.all([
          page.waitForResponse((r) => r.url() === target),
          page.evaluate(({ url, values }) => {
            const form = document.createElement('form');
            form.method = 'POST';
            form.action = url;
            for (const [key, value] of Object.entries(values)) {
              const field = document.createElement('input');
              field.name = key;
              field.value = value;
              form.append(field);
            }
            document.body.append(form);
            form.submit();
          }, { url: target, values: fields }),
        ]);
        attempts[name] = { status: answer.status(), body: await bodyOf(answer) };
        await page.goto(`http://127.0.0.1:${input.otherSitePort}/`);
      }
      await page.goto(`${input.gateway}/account/`);
      const after = await readAccount(page);
      const stillSignedIn = (await apiGet(page, input, '/session')).body;
      return { session, attempts, after, stillSignedIn };
    });
  }
  finally {
    await new Promise((resolve) => { other.closeAllConnections(); other.close(resolve); });
  }
}

/** Opens {@code path} without a session, signs in on the login page it leads to, and waits to be back. */
async function signInAt(page, input, username, password, path = '/account/') {
  await page.goto(`${input.gateway}${path}`);
  await page.getByLabel('Username').waitFor();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${input.gateway}${path}`);
  await page.locator('h1').waitFor();
}

/** What the account page (or the support view) shows: its notices and every session card, timelines included. */
async function readAccount(page) {
  return page.evaluate(() => {
    const text = (root, selector) => root.querySelector(selector)?.textContent.replace(/\s+/g, ' ').trim() ?? null;
    const card = (article) => ({
      id: article.dataset.session,
      device: text(article, '.device'),
      thisDevice: article.querySelector('.this-device') !== null,
      app: text(article, 'dd.client'),
      address: text(article, 'dd.address'),
      ends: [...article.querySelectorAll('dd.ends span')].map((s) => s.textContent.trim()),
      why: text(article, '.why'),
      timeline: [...article.querySelectorAll('details li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
      buttons: [...article.querySelectorAll('button')].map((b) => ({ text: b.innerText.trim(),
        label: b.getAttribute('aria-label') })),
    });
    return {
      url: location.href,
      title: document.title,
      notice: text(document, '.notice'),
      alert: text(document, '[role=alert]'),
      live: [...document.querySelectorAll('article.live')].map(card),
      ended: [...document.querySelectorAll('article.ended')].map(card),
    };
  });
}

/**
 * The device's API calls after its session was ended elsewhere, until one is refused (at most 10 s): on a hybrid
 * route the gateway hears of the end from the revocation feed, within its poll interval. The last answer, with
 * the statuses before it.
 */
async function refusedCall(page, input) {
  const statuses = [];
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await apiGet(page, input, '/api/hello');
    statuses.push(answer.status);
    if (answer.status !== 200 || Date.now() > deadline) {
      return { ...answer, statuses };
    }
    await page.waitForTimeout(200);
  }
}

/**
 * A GET of the gateway with this browser's cookies, the way the app's page would make it; through Playwright's
 * request context, since the account page's policy (no script, connect-src 'none') forbids a fetch from it.
 */
async function apiGet(page, input, path) {
  const response = await page.request.get(`${input.gateway}${path}`, { failOnStatusCode: false, maxRedirects: 0 });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  }
  catch {
    body = text.slice(0, 300);
  }
  return { status: response.status(), headers: response.headers(), body };
}

async function openTimelines(page) {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
}

async function textOf(page, selector) {
  const locator = page.locator(selector);
  return (await locator.count()) > 0 ? (await locator.first().innerText()).replace(/\s+/g, ' ').trim() : null;
}
