// The evaluated site: a login page protected by Bulwark, with its own tiny backend.
//
//   GET  /login?sid=S        the login page (fixed layout, loads Bulwark's enterprise.js and BotD)
//   GET  /botd.esm.js        BotD 2.0.0, served from node_modules (no CDN)
//   *    /recaptcha/*        proxied to Bulwark with X-Forwarded-For = the session's address
//   POST /log                the page reports what it sees (ready, geometry, input counts)
//   GET  /log?sid=S          what the page reported, for the runner
//   POST /submit             {sid, token, botd, username, page}: the backend assesses the token
//   GET  /result?sid=S       the recorded result (404 while pending)
//
// Every session gets its own client address from its sid (198.18.0.0/15, the benchmarking
// range), sent to Bulwark in X-Forwarded-For by this proxy and as userIpAddress in the
// assessment. Bulwark trusts the site's loopback address as a proxy, so each session looks like
// a different visitor: the evaluation measures per-session detection, not velocity (many
// sessions from one address), which is a separate concern with its own test.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BOTD_FILE = path.join(here, 'node_modules/@fingerprintjs/botd/dist/botd.esm.js');

/** The page layout, in CSS pixels from the top-left of the viewport. Fits 800×600 (Puppeteer's default). */
export const LAYOUT = {
  username: { x: 200, y: 170, w: 400, h: 44 },
  password: { x: 200, y: 280, w: 400, h: 44 },
  submit: { x: 200, y: 400, w: 400, h: 52 },
};

/** A sid is `<setup>.<n>`; n picks the session's address. */
export function parseSid(sid) {
  const m = /^([a-z0-9-]+)\.(\d+)$/.exec(sid ?? '');
  if (!m) return null;
  return { setup: m[1], n: Number(m[2]) };
}

/** 198.18.0.1 … 198.19.255.254: one address per session number, never .0 or .255. */
export function addressFor(n) {
  const i = n % (512 * 254);
  const block = Math.floor(i / 254);
  return `198.${18 + (block >> 8)}.${block & 255}.${(i % 254) + 1}`;
}

const box = (b) => `left:${b.x}px;top:${b.y}px;width:${b.w}px;height:${b.h}px`;

const loginPage = (sid, siteKey) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sign in</title>
<style>
  html, body { margin: 0; padding: 0; overflow: hidden; width: 100%; height: 100%; font: 16px sans-serif; background: #f4f5f7; }
  h1 { position: absolute; left: 200px; top: 70px; margin: 0; font-size: 28px; }
  label { position: absolute; left: 200px; font-size: 14px; color: #444; }
  input, button { position: absolute; box-sizing: border-box; font-size: 18px; }
  input { padding: 0 12px; border: 1px solid #99a; border-radius: 4px; background: #fff; }
  button { border: 0; border-radius: 4px; background: #2b59c3; color: #fff; cursor: pointer; }
  #status { position: absolute; left: 200px; top: 480px; color: #333; }
</style>
</head>
<body>
  <h1>Sign in</h1>
  <label for="username" style="top:${LAYOUT.username.y - 24}px">Username</label>
  <input id="username" name="username" autocomplete="off" spellcheck="false" style="${box(LAYOUT.username)}">
  <label for="password" style="top:${LAYOUT.password.y - 24}px">Password</label>
  <input id="password" name="password" type="password" autocomplete="off" style="${box(LAYOUT.password)}">
  <button id="submit" type="button" style="${box(LAYOUT.submit)}">Sign in</button>
  <div id="status"></div>
  <script>
    // What the page itself sees, sent to the site for the runner (never to Bulwark).
    window.__sid = ${JSON.stringify(sid)};
    window.__siteKey = ${JSON.stringify(siteKey)};
    window.__diag = { mm: 0, mmUntrusted: 0, kd: 0, kdUntrusted: 0, pd: 0, pdUntrusted: 0, pressure: [], moveOffset: null, errors: [] };
    addEventListener('mousemove', function (e) {
      if (!e.isTrusted) { __diag.mmUntrusted++; return; }
      __diag.mm++;
      if (!__diag.moveOffset) __diag.moveOffset = { x: e.screenX - e.clientX, y: e.screenY - e.clientY };
    }, true);
    addEventListener('keydown', function (e) { if (e.isTrusted) __diag.kd++; else __diag.kdUntrusted++; }, true);
    addEventListener('pointerdown', function (e) {
      if (e.isTrusted) __diag.pd++; else __diag.pdUntrusted++;
      if (__diag.pressure.length < 8) __diag.pressure.push(e.pressure);
    }, true);
    addEventListener('error', function (e) { __diag.errors.push(String(e.message).slice(0, 200)); });
    window.__log = function (kind, data) {
      return fetch('/log', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sid: __sid, kind: kind, data: data }) }).catch(function () {});
    };
  </script>
  <script src="/recaptcha/enterprise.js"></script>
  <script type="module">
    import { load } from '/botd.esm.js';
    // monitoring: false keeps BotD from calling its CDN; detection is the same.
    const botd = load({ monitoring: false }).then((d) => d.detect()).catch((e) => ({ error: String(e) }));
    const ready = new Promise((resolve) => grecaptcha.enterprise.ready(resolve));
    const status = document.getElementById('status');
    Promise.all([botd, ready]).then(() => {
      window.__ready = true;
      __log('ready', {
        innerWidth, innerHeight, outerWidth, outerHeight, screenX, screenY,
        screenWidth: screen.width, screenHeight: screen.height, dpr: devicePixelRatio,
        mozInnerScreenX: window.mozInnerScreenX ?? null, mozInnerScreenY: window.mozInnerScreenY ?? null,
        userAgent: navigator.userAgent,
      });
    });
    let sent = false;
    document.getElementById('submit').addEventListener('click', async () => {
      if (sent) return;
      sent = true;
      status.textContent = 'Checking…';
      let token = null, tokenError = null;
      try {
        token = await grecaptcha.enterprise.execute(window.__siteKey, { action: 'login' });
      } catch (e) {
        tokenError = String(e && e.message || e);
      }
      const body = {
        sid: window.__sid, token, tokenError, botd: await botd,
        username: document.getElementById('username').value,
        passwordLength: document.getElementById('password').value.length,
        page: window.__diag,
      };
      const res = await fetch('/submit', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      status.textContent = res.ok ? 'Done.' : 'Failed: HTTP ' + res.status;
    });
  </script>
</body>
</html>`;

async function readBody(req, limit = 256 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const json = (res, status, value) => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(value));
};

/**
 * Starts the site on 127.0.0.1 at a free port.
 * @param {object} o
 * @param {string} o.bulwarkUrl Bulwark's base URL (http://127.0.0.1:PORT)
 * @param {string} o.siteKey the site key allowing 127.0.0.1
 * @param {string} o.project the project id
 * @param {object} o.client a RecaptchaEnterpriseServiceClient pointed at Bulwark
 */
export async function startSite({ bulwarkUrl, siteKey, project, client, port = 0 }) {
  const results = new Map();
  const logs = new Map();
  const botd = await readFile(BOTD_FILE);
  const upstream = new URL(bulwarkUrl);

  const proxy = (req, res, url) => {
    // The page is /login?sid=…; enterprise.js and its token request carry it in the Referer.
    let sid = url.searchParams.get('sid');
    if (!sid && req.headers.referer) {
      try { sid = new URL(req.headers.referer).searchParams.get('sid'); } catch { /* no sid */ }
    }
    const parsed = parseSid(sid);
    const headers = { ...req.headers, host: upstream.host };
    delete headers['x-forwarded-for'];
    delete headers.forwarded;
    if (parsed) headers['x-forwarded-for'] = addressFor(parsed.n);
    const out = http.request({
      hostname: upstream.hostname, port: upstream.port, method: req.method, path: url.pathname + url.search, headers,
    }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', (err) => {
      if (!res.headersSent) json(res, 502, { error: `proxy: ${err.message}` });
      else res.destroy();
    });
    req.pipe(out);
  };

  const assess = async (req, body) => {
    const parsed = parseSid(body.sid);
    if (!parsed) throw new Error(`bad sid ${body.sid}`);
    const userAgent = req.headers['user-agent'] ?? '';
    const userIpAddress = addressFor(parsed.n);
    const record = {
      sid: body.sid, setup: parsed.setup, ip: userIpAddress, userAgent,
      score: null, reasons: [], valid: null, invalidReason: null,
      botd: body.botd ?? null, username: body.username ?? null, passwordLength: body.passwordLength ?? null,
      page: body.page ?? null, tokenError: body.tokenError ?? null, error: null, at: new Date().toISOString(),
    };
    if (typeof body.token !== 'string' || !body.token) {
      record.error = `no token: ${body.tokenError ?? 'missing'}`;
      return record;
    }
    try {
      const [assessment] = await client.createAssessment({
        parent: `projects/${project}`,
        assessment: { event: { token: body.token, siteKey, expectedAction: 'login', userAgent, userIpAddress } },
      });
      record.assessment = assessment.name;
      record.score = assessment.riskAnalysis?.score ?? null;
      record.reasons = [...(assessment.riskAnalysis?.reasons ?? [])].map(String);
      record.valid = assessment.tokenProperties?.valid ?? null;
      record.invalidReason = String(assessment.tokenProperties?.invalidReason ?? '');
      record.action = assessment.tokenProperties?.action ?? null;
    } catch (err) {
      record.error = `createAssessment: ${err.message}`;
    }
    return record;
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://site');
    try {
      if (url.pathname.startsWith('/recaptcha/')) return proxy(req, res, url);
      if (req.method === 'GET' && url.pathname === '/login') {
        const sid = url.searchParams.get('sid');
        if (!parseSid(sid)) return json(res, 400, { error: 'sid must be <setup>.<n>' });
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        return res.end(loginPage(sid, siteKey));
      }
      if (req.method === 'GET' && url.pathname === '/botd.esm.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
        return res.end(botd);
      }
      if (req.method === 'GET' && url.pathname === '/favicon.ico') {
        res.writeHead(204);
        return res.end();
      }
      if (req.method === 'POST' && url.pathname === '/log') {
        const body = JSON.parse((await readBody(req)).toString('utf8'));
        if (!parseSid(body.sid)) return json(res, 400, { error: 'bad sid' });
        const list = logs.get(body.sid) ?? [];
        if (list.length < 50) list.push({ kind: String(body.kind), data: body.data ?? null, at: Date.now() });
        logs.set(body.sid, list);
        return json(res, 200, { ok: true });
      }
      if (req.method === 'GET' && url.pathname === '/log') {
        return json(res, 200, logs.get(url.searchParams.get('sid')) ?? []);
      }
      if (req.method === 'POST' && url.pathname === '/submit') {
        const body = JSON.parse((await readBody(req)).toString('utf8'));
        if (!parseSid(body.sid)) return json(res, 400, { error: 'bad sid' });
        if (results.has(body.sid)) return json(res, 409, { error: 'already submitted' });
        results.set(body.sid, null); // pending
        const record = await assess(req, body);
        results.set(body.sid, record);
        return json(res, 200, { ok: true });
      }
      if (req.method === 'GET' && url.pathname === '/result') {
        const record = results.get(url.searchParams.get('sid'));
        return record ? json(res, 200, record) : json(res, 404, { pending: true });
      }
      json(res, 404, { error: 'not found' });
    } catch (err) {
      if (!res.headersSent) json(res, 500, { error: err.message });
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    loginUrl: (sid) => `${origin}/login?sid=${encodeURIComponent(sid)}`,
    results,
    logs,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
