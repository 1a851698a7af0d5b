// The demo page's script (no framework, no inline script: the page runs under a strict Content-Security-Policy).
// It never sees a token: the session is the gateway's HttpOnly cookie, which fetch sends with same-origin requests.
//   GET /session     who is signed in and the real remaining lifetime (polled every 30 s; never extends the session)
//   GET /api/hello   the protected API through the gateway
//   POST /logout     ends the session at the token service and clears the cookies
'use strict';

const POLL_INTERVAL_MS = 30_000;

// The reasons the gateway gives (JSON "reason" of a 401 session_ended) in words a user understands.
const SESSION_ENDED = {
  expired_idle: 'Your session ended because it was not used for a while.',
  expired_absolute: 'Your session reached its maximum lifetime.',
  revoked_logout: 'You signed out.',
  revoked_logout_all: 'You signed out on all your devices.',
  revoked_admin: 'An administrator ended your session.',
  revoked_reuse_detected: 'Your session was ended because its sign-in was used from two places at once, which can mean it was stolen.',
  revoked_password_change: 'Your password was changed, which ends every session.',
  revoked_code_replay: 'Your sign-in was ended because its one-time code was presented twice.',
  revoked_session_limit: 'You signed in on too many devices; this session, the least recently used, was ended.',
};

const view = {
  status: document.getElementById('session-status'),
  details: document.getElementById('session-details'),
  username: document.getElementById('username'),
  remaining: document.getElementById('remaining'),
  expiresBy: document.getElementById('expires-by'),
  callApi: document.getElementById('call-api'),
  apiResult: document.getElementById('api-result'),
  logout: document.getElementById('logout'),
  logoutResult: document.getElementById('logout-result'),
  signIn: document.getElementById('sign-in'),
};

let endsAt = null; // Date.now() based: the browser's clock may differ from the server's, expires_in does not care

function setText(element, text, problem) {
  element.textContent = text;
  element.classList.toggle('problem', Boolean(problem));
}

function showSignIn(visible) {
  view.signIn.hidden = !visible;
  view.logout.hidden = visible; // nothing to sign out of without a session
}

function formatRemaining(seconds) {
  if (seconds <= 0) {
    return 'now';
  }
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  const rest = seconds % 60;
  if (days > 0) {
    return `${days} d ${hours} h`;
  }
  if (hours > 0) {
    return `${hours} h ${minutes} min ${rest} s`;
  }
  return minutes > 0 ? `${minutes} min ${rest} s` : `${rest} s`;
}

function tick() {
  if (endsAt === null) {
    return;
  }
  const seconds = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
  view.remaining.textContent = formatRemaining(seconds);
  view.remaining.dataset.seconds = String(seconds);
  if (seconds === 0) {
    pollSession();
  }
}

function signedOut(message, problem) {
  endsAt = null;
  view.details.hidden = true;
  setText(view.status, message, problem);
  showSignIn(true);
}

function showSession(session) {
  view.username.textContent = session.username ?? session.subject;
  view.expiresBy.textContent = session.expires_by === 'absolute'
    ? '(its maximum lifetime)' : '(unless you use it; each use restarts the idle timeout)';
  endsAt = Date.now() + session.expires_in * 1000;
  view.details.hidden = false;
  setText(view.status, `Signed in as ${view.username.textContent}.`);
  showSignIn(false);
  tick();
}

async function pollSession() {
  try {
    const response = await fetch('/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!response.ok) {
      setText(view.status, unavailable(response), true);
      return;
    }
    const session = await response.json();
    if (session.signed_in) {
      showSession(session);
    }
    else {
      signedOut('You are not signed in.');
    }
  }
  catch {
    setText(view.status, 'The gateway cannot be reached; try again in a moment.', true);
  }
}

function unavailable(response) {
  const retry = response.headers.get('retry-after');
  return `The service is unavailable for a moment (HTTP ${response.status}); try again${retry ? ` in ${retry} s` : ''}.`;
}

function showApiMessage(text, problem) {
  const paragraph = document.createElement('p');
  paragraph.className = 'message';
  setText(paragraph, text, problem);
  view.apiResult.replaceChildren(paragraph);
}

async function body(response) {
  try {
    return await response.json();
  }
  catch {
    return {};
  }
}

async function callApi() {
  view.callApi.disabled = true;
  try {
    const response = await fetch('/api/hello', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    const answer = await body(response);
    if (response.ok) {
      const pre = document.createElement('pre');
      pre.id = 'api-json';
      pre.textContent = JSON.stringify(answer, null, 2);
      view.apiResult.replaceChildren(pre);
    }
    else if (response.status === 401) {
      const reason = answer.reason ?? response.headers.get('gatehouse-session-ended');
      const message = reason ? (SESSION_ENDED[reason] ?? `Your session ended (${reason}).`) : 'You are not signed in.';
      showApiMessage(`${message} Sign in to call the API.`, true);
      signedOut(message, true);
    }
    else if (response.status === 503) {
      showApiMessage(unavailable(response), true);
    }
    else {
      showApiMessage(`The API answered HTTP ${response.status}${answer.error_description ? `: ${answer.error_description}` : ''}.`, true);
    }
  }
  catch {
    showApiMessage('The gateway cannot be reached; try again in a moment.', true);
  }
  finally {
    view.callApi.disabled = false;
  }
}

async function logout() {
  view.logout.disabled = true;
  try {
    const response = await fetch('/logout', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (response.ok) {
      setText(view.logoutResult, 'Signed out.');
      view.apiResult.replaceChildren();
      signedOut('You are signed out.');
    }
    else if (response.status === 503) {
      setText(view.logoutResult, unavailable(response), true);
    }
    else {
      const answer = await body(response);
      setText(view.logoutResult, `Signing out failed (HTTP ${response.status}${answer.error_description ? `: ${answer.error_description}` : ''}).`, true);
    }
  }
  catch {
    setText(view.logoutResult, 'The gateway cannot be reached; try again in a moment.', true);
  }
  finally {
    view.logout.disabled = false;
  }
}

view.callApi.addEventListener('click', callApi);
view.logout.addEventListener('click', logout);
setInterval(tick, 1000);
setInterval(pollSession, POLL_INTERVAL_MS);
pollSession();
