// Browser scenarios of the hosted login page (here) and of the gateway's browser mode (browser-mode.mjs), run by
// the e2e module's Java tests (BrowserScript):
//   node browser/scenarios.mjs <scenario>   with the input JSON on standard input
// Each scenario drives Chromium (chromium.mjs) against the real Gatehouse, usually with this script's own
// relying party (relying-party.mjs, oauth4webapi), and returns what it saw, which the Java test asserts.
// The last line printed is one JSON object: {"ok":true, ...what was seen} or {"ok":false,"error":...}.
import { awaitLoginPage, focusedElement, signedInPage, tabUntil, textOf, waitUntil, withBrowser } from './chromium.mjs';
import { withRelyingParty } from './relying-party.mjs';
import { browserModeScenarios } from './browser-mode.mjs';
import { accountScenarios } from './account.mjs';

const scenarios = {
  'sign-in': signIn,
  'wrong-password': wrongPassword,
  'code-replay': codeReplay,
  'security-headers': securityHeaders,
  'keyboard-only': keyboardOnly,
  'phone-width': phoneWidth,
  'spring-relying-party': springRelyingParty,
  ...browserModeScenarios,
  ...accountScenarios,
};

async function main() {
  const name = process.argv[2];
  const scenario = scenarios[name];
  if (!scenario) {
    throw new Error(`unknown scenario ${name}; one of ${Object.keys(scenarios).join(', ')}`);
  }
  const input = JSON.parse(await readStdin());
  const limitMs = input.timeoutMs ?? 80_000;
  let overall;
  const timedOut = new Promise((resolve, reject) => {
    overall = setTimeout(() => reject(new Error(`scenario timed out after ${limitMs / 1000} s`)), limitMs);
  });
  try {
    return await Promise.race([scenario(input), timedOut]);
  }
  finally {
    clearTimeout(overall);
  }
}

/** The test page starts the flow; the user signs in by label; the RP exchanges the code and checks the ID token. */
async function signIn(input) {
  return withRelyingParty(input, async (rp) => withBrowser({}, async (page, seen) => {
    await page.goto(rp.url);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
    await awaitLoginPage(page, rp);
    const loginPage = { url: page.url(), heading: await textOf(page.locator('h1')), text: await page.locator('body').innerText() };
    await page.getByLabel('Username').fill(input.username);
    await page.getByLabel('Password').fill(input.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signedInPage(page, rp);
    const signedIn = await rp.lastSignIn();
    const userInfo = await rp.userInfo();
    const refreshed = await rp.refresh(signedIn.tokens.refresh_token);
    return { loginPage, landedOn: page.url(), pageText: await page.locator('body').innerText(), rp: signedIn, userInfo,
      refreshed, browserErrors: seen.errors };
  }));
}

/** A wrong password shows the error on the page, keeps the username, does not redirect; a retry then works. */
async function wrongPassword(input) {
  return withRelyingParty(input, async (rp) => withBrowser({}, async (page, seen) => {
    await page.goto(rp.url);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
    await awaitLoginPage(page, rp);
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
    await signedInPage(page, rp);
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
    await awaitLoginPage(page, rp);
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
    await awaitLoginPage(page, rp);
    await page.getByLabel('Username').fill(input.username);
    await page.getByLabel('Password').fill(input.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signedInPage(page, rp);
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
    await awaitLoginPage(page, rp);
    const tabsToUsername = await tabUntil(page, (el) => el.id === 'username');
    await page.keyboard.type(input.username);
    await page.keyboard.press('Tab');
    const onPassword = await focusedElement(page);
    await page.keyboard.type(`${input.password}-wrong`);
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
    const alert = (await page.getByRole('alert').innerText()).trim();
    // Chromium applies autofocus a frame or more after the page is parsed (later on a loaded machine):
    // wait up to 5 s for focus to leave <body>; if it never does, the check below fails as it should.
    await page.waitForFunction(() => document.activeElement && document.activeElement !== document.body,
      null, { timeout: 5000 }).catch(() => {});
    const focusedAfterError = await focusedElement(page);
    const tabsToPassword = await tabUntil(page, (el) => el.id === 'password');
    await page.keyboard.type(input.password);
    await page.keyboard.press('Enter');
    await signedInPage(page, rp);
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
    await awaitLoginPage(page, rp);
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
    await signedInPage(page, rp);
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
    await signedInPage(page, null);
    return { loginPageUrl, landedOn: page.url(), pageText: (await page.locator('body').innerText()).trim(),
      browserErrors: seen.errors };
  });
}

async function signInThroughPage(page, rp, input) {
  await page.goto(rp.url);
  await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
  await awaitLoginPage(page, rp);
  await page.getByLabel('Username').fill(input.username);
  await page.getByLabel('Password').fill(input.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await signedInPage(page, rp);
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

try {
  const result = await main();
  console.log(JSON.stringify({ ok: true, ...result }));
  process.exitCode = 0;
}
catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error?.stack ?? error) }));
  process.exitCode = 1;
}
// A timed-out scenario may still hold the browser: end the process once the answer is printed.
setTimeout(() => process.exit(process.exitCode), 10_000).unref();
