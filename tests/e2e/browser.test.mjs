// A real (headless, automated) Chromium on a customer's page loading Bulwark's enterprise.js.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { chromium } from 'playwright-core';
import recaptcha from '@google-cloud/recaptcha-enterprise';
import { startServer, idOf, cyrb53 } from './server.mjs';

const { RecaptchaEnterpriseServiceClient } = recaptcha;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The customer's page: loads Bulwark's script from another origin and offers getToken(action). */
const customerPage = (scriptSrc, siteKey) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Customer shop</title></head>
<body>
  <h1>Customer shop</h1>
  <script src="${scriptSrc}"></script>
  <script>
    window.getToken = (action) => new Promise((resolve, reject) => {
      grecaptcha.enterprise.ready(() => {
        grecaptcha.enterprise.execute(${JSON.stringify(siteKey)}, { action }).then(resolve, reject);
      });
    });
  </script>
</body>
</html>`;

/** Serves `html` at / on 127.0.0.1 at a free port; resolves to the server. */
async function serveHtml(html) {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && new URL(req.url, 'http://x').pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}


const closeServer = (server) => new Promise((resolve) => {
  if (!server?.listening) return resolve();
  server.closeAllConnections?.();
  server.close(() => resolve());
});

describe('enterprise.js in headless Chromium', () => {
  let bulwark;
  let client;
  let browser;
  let siteKey;
  const pageServers = [];
  let allowedOrigin;
  let otherOrigin;

  before(async () => {
    bulwark = await startServer({ project: 'e2e-browser', fullScoreLevels: true });
    client = new RecaptchaEnterpriseServiceClient({
      apiEndpoint: '127.0.0.1',
      port: bulwark.port,
      protocol: 'http',
      fallback: true,
      apiKey: bulwark.apiKey,
    });
    const [key] = await client.createKey({
      parent: `projects/${bulwark.project}`,
      key: { displayName: 'customer shop', webSettings: { allowedDomains: ['127.0.0.1'], integrationType: 'SCORE' } },
    });
    siteKey = idOf(key.name);

    // The page reaches Bulwark by name, so page and script are on different origins.
    const html = customerPage(`http://localhost:${bulwark.port}/recaptcha/enterprise.js`, siteKey);
    const allowed = await serveHtml(html);
    pageServers.push(allowed);
    allowedOrigin = `http://127.0.0.1:${allowed.address().port}`;
    const other = await serveHtml(html);
    pageServers.push(other);
    otherOrigin = `http://localhost:${other.address().port}`;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await Promise.all(pageServers.map(closeServer));
    await client?.close().catch(() => {});
    await bulwark?.dispose();
  });

  async function withPage(fn) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      return await fn(page);
    } finally {
      await context.close();
    }
  }

  test('a token from the customer page assesses valid, with a low score and AUTOMATION', async () => {
    const token = await withPage(async (page) => {
      await page.goto(`${allowedOrigin}/`);
      return page.evaluate(() => window.getToken('checkout'));
    });
    assert.equal(typeof token, 'string');
    assert.ok(!token.startsWith('err.'), `the browser got a real token, not an error token: ${token.slice(0, 40)}`);

    const [assessment] = await client.createAssessment({
      parent: `projects/${bulwark.project}`,
      assessment: { event: { token, siteKey, expectedAction: 'checkout' } },
    });
    const tp = assessment.tokenProperties;
    assert.equal(tp.valid, true, JSON.stringify(tp));
    assert.equal(tp.action, 'checkout');
    assert.equal(tp.hostname, '127.0.0.1');
    const { score, reasons } = assessment.riskAnalysis;
    assert.ok(score <= 0.3, `headless automated Chromium scores ${score}`);
    assert.ok(reasons.includes('AUTOMATION'), `reasons: ${reasons}`);
  });

  test('the collector sends a v2 payload bound to a fresh challenge, within the token size limit', async () => {
    const sent = await withPage(async (page) => {
      let body = null;
      page.on('request', (req) => {
        if (req.url().includes('/recaptcha/enterprise/token')) body = req.postData();
      });
      await page.goto(`${allowedOrigin}/`);
      await page.mouse.move(20, 20);
      await page.mouse.move(120, 90, { steps: 6 });
      await page.mouse.click(120, 90);
      const token = await page.evaluate(() => window.getToken('login'));
      return { token, body };
    });
    assert.ok(!sent.token.startsWith('err.'), 'a real token');
    assert.ok(sent.body, 'the token request was seen');

    const { a, s, p } = JSON.parse(sent.body);
    assert.equal(a, 'login');
    assert.equal(s.v, 2);
    // Signals are re-serialised on the server and dropped above 4096 bytes: keep a wide margin.
    const signalsText = sent.body.slice(sent.body.indexOf('"s":') + 4, sent.body.lastIndexOf(',"p":'));
    assert.equal(JSON.stringify(JSON.parse(signalsText)), signalsText, 's is sent as the exact text the proof covers');
    assert.ok(Buffer.byteLength(signalsText) < 3000, `payload is ${Buffer.byteLength(signalsText)} bytes`);

    // The server-side checks, repeated here: challenge present and the proof over exactly s.
    assert.match(s.cn, /^[A-Za-z0-9_-]{50}$/);
    assert.ok(Number.isInteger(s.ca) && s.ca >= 0 && s.ca < 60_000, `ca ${s.ca}`);
    assert.equal(p, cyrb53(`${s.cn}|${signalsText}`));

    // What an automated headless Chromium gives away.
    assert.equal(s.cdp, true, 'Playwright enables the Runtime domain');
    assert.ok(s.au & 64, 'HeadlessChrome user agent');
    assert.equal(s.el2, 33);
    assert.equal(s.er, 0, 'no collector step threw');
    assert.deepEqual(s.tn, [], 'plain Playwright patches no native function');
    assert.equal(s.tm, 0);
    assert.ok(s.pd >= 1 && s.mm >= 1, `pointer downs ${s.pd}, moves ${s.mm}`);

    // Other contexts report the same browser.
    assert.ok(s.wk, 'a worker ran');
    assert.equal(s.wk.ua, s.ua);
    assert.equal(s.wk.hc, s.hc);
    assert.equal(s.wk.cdp, true, 'the CDP probe fires in the worker too');
    assert.ok(s.fr, 'an iframe was read');
    assert.equal(s.fr.ua, s.ua);
    assert.equal(s.fr.px, false, 'no iframe proxy');
  });

  test('the served script leaks no globals besides grecaptcha', async () => {
    const leaked = await withPage(async (page) => {
      await page.goto(`${allowedOrigin}/`);
      return page.evaluate(() => ['BulwarkBehaviour', 'cyrb53', 'collect', 'cdpProbe'].filter((name) => name in window));
    });
    assert.deepEqual(leaked, []);
  });

  test('execute rejects on a page whose host the key does not allow', async () => {
    const outcome = await withPage(async (page) => {
      await page.goto(`${otherOrigin}/`);
      return page.evaluate(() => window.getToken('checkout').then(
        (token) => ({ token }),
        (err) => ({ error: String(err && err.message) }),
      ));
    });
    assert.equal(outcome.token, undefined, 'no token is issued to a host the key does not allow');
    assert.match(outcome.error, /domain-not-allowed/);
  });

  test('the /demo page signs in and shows a valid assessment', async () => {
    const assessment = await withPage(async (page) => {
      await page.goto(`http://localhost:${bulwark.port}/demo`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const shown = page.locator('#assessment');
      await page.waitForFunction(() => {
        const text = document.querySelector('#assessment')?.textContent ?? '';
        return text.trim().startsWith('{');
      }, null, { timeout: 30_000 });
      return JSON.parse(await shown.textContent());
    });
    assert.equal(assessment.tokenProperties.valid, true, JSON.stringify(assessment.tokenProperties));
    assert.equal(assessment.tokenProperties.action, 'login');
    assert.equal(assessment.tokenProperties.hostname, 'localhost');
    assert.equal(typeof assessment.riskAnalysis.score, 'number');
  });
});
