// The relying party of the browser scenarios: a loopback HTTP server using oauth4webapi, a strict OAuth 2.1 /
// OpenID Connect client. Its test page (/) links to /login, which starts the flow (discovery, PKCE S256, state,
// nonce); the callback checks the authorization response (state, RFC 9207 iss), exchanges the code and checks the
// ID token (iss, aud, nonce, exp, and its signature via the JWKS). Tokens stay here: only their names and the ID
// token's claims are reported.
import { createServer } from 'node:http';
import * as oauth from 'oauth4webapi';
import { STEP_TIMEOUT_MS, waitUntil } from './chromium.mjs';

// HTTP to the loopback issuer: oauth4webapi insists on HTTPS otherwise.
const INSECURE = { [oauth.allowInsecureRequests]: true };

/** Runs {@code use} with a relying party started from {@code input} (issuer, clientId, redirectUri), then stops it. */
export async function withRelyingParty(input, use) {
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
  const failures = [];
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
    failures,
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
    /** The userinfo endpoint with the last sign-in's access token; oauth4webapi checks its sub against the ID token's. */
    async userInfo() {
      const { tokens, claims } = signIns.at(-1);
      const response = await oauth.userInfoRequest(as, client, tokens.access_token, INSECURE);
      return oauth.processUserInfoResponse(as, client, claims.sub, response);
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

function send(response, status, html) {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
