// Starts and stops a real Bulwark server for the end-to-end tests, and mints tokens over HTTP.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The server DLL: $BULWARK_SERVER_DLL, or the Release build next to this repository's sources. */
export const serverDll = path.resolve(
  here,
  process.env.BULWARK_SERVER_DLL ?? '../../src/Bulwark.Server/bin/Release/net10.0/Bulwark.Server.dll',
);

const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
const LISTENING = /Now listening on: (http:\/\/[^\s]+)/;

// Servers still running when the test process exits (say, it was interrupted) are killed with it.
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A signals object like the one enterprise.js sends from an ordinary desktop browser with a person at it. */
export const HUMAN_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
export const humanSignals = () => ({
  wd: false,
  ua: HUMAN_USER_AGENT,
  pl: 5,
  lg: 2,
  hc: 8,
  sw: 1920,
  sh: 1080,
  ow: 1280,
  oh: 900,
  tz: 'Europe/Berlin',
  tp: 0,
  ch: true,
  mm: 42,
  kd: 7,
  ck: 2,
  sc: 1,
  tc: 0,
  ut: 0,
  el: 6500,
  er: 0,
});

/**
 * A Bulwark server process on a data directory of its own.
 * `start()` launches it and resolves once it logs where it listens; `stop()` sends SIGTERM and
 * waits for the exit; `restart()` does both on the same data directory.
 */
export class BulwarkServer {
  /**
   * @param {object} [options]
   * @param {string} [options.project] bootstrap project id
   * @param {string} [options.apiKey] bootstrap API key for that project
   * @param {boolean} [options.fullScoreLevels] full tier (11 levels and reasons) for the project
   * @param {Record<string,string>} [options.env] extra environment
   */
  constructor({ project = 'e2e-project', apiKey, fullScoreLevels = false, env = {} } = {}) {
    this.project = project;
    this.apiKey = apiKey ?? `e2e-api-key-${Math.random().toString(36).slice(2)}-${Date.now()}`;
    this.fullScoreLevels = fullScoreLevels;
    this.extraEnv = env;
    this.dataDir = null;
    this.child = null;
    this.url = null;
    this.port = null;
    this.output = '';
  }

  get env() {
    return {
      ...process.env,
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
      ASPNETCORE_ENVIRONMENT: 'Production',
      Bulwark__DataDir: this.dataDir,
      Bulwark__Bootstrap__Project: this.project,
      Bulwark__Bootstrap__ApiKey: this.apiKey,
      Bulwark__Bootstrap__FullScoreLevels: String(this.fullScoreLevels),
      ...this.extraEnv,
    };
  }

  async start() {
    if (this.child) throw new Error('Bulwark server already running');
    this.dataDir ??= await mkdtemp(path.join(tmpdir(), 'bulwark-e2e-'));
    const child = spawn('dotnet', [serverDll, '--urls', 'http://127.0.0.1:0'], {
      cwd: path.dirname(serverDll),
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }));

    const url = await new Promise((resolve, reject) => {
      let settled = false;
      const finish = (fn, value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn(value);
      };
      const onData = (chunk) => {
        this.output += chunk;
        const match = LISTENING.exec(this.output);
        if (match) finish(resolve, match[1]);
      };
      child.stdout.setEncoding('utf8').on('data', onData);
      child.stderr.setEncoding('utf8').on('data', (chunk) => { this.output += chunk; });
      child.once('error', (err) => finish(reject, err));
      child.once('exit', (code, signal) =>
        finish(reject, new Error(`Bulwark exited (${code ?? signal}) before listening:\n${this.output}`)));
      const timer = setTimeout(
        () => finish(reject, new Error(`Bulwark did not report a listening address in time:\n${this.output}`)),
        STARTUP_TIMEOUT_MS,
      );
    }).catch(async (err) => {
      await this.stop();
      throw err;
    });

    this.url = url.replace(/\/$/, '');
    this.port = Number(new URL(this.url).port);
    return this;
  }

  /** SIGTERM, then wait for the process to exit (SIGKILL if it will not). Safe to call twice. */
  async stop() {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timedOut = Symbol('timeout');
      let timer;
      const result = await Promise.race([
        this.exited,
        new Promise((resolve) => { timer = setTimeout(() => resolve(timedOut), STOP_TIMEOUT_MS); }),
      ]);
      clearTimeout(timer);
      if (result === timedOut) {
        child.kill('SIGKILL');
        await this.exited;
      }
    }
  }

  /** Stops and starts again on the same data directory; the port may change. */
  async restart() {
    await this.stop();
    this.output = '';
    return this.start();
  }

  /** Stops the server and removes its data directory. */
  async dispose() {
    await this.stop();
    if (this.dataDir) {
      await rm(this.dataDir, { recursive: true, force: true });
      this.dataDir = null;
    }
  }

  /** Runs a CLI verb of the server executable against the same data directory; resolves to stdout. */
  async cli(...args) {
    const { stdout } = await promisify(execFile)('dotnet', [serverDll, ...args], {
      cwd: path.dirname(serverDll),
      env: this.env,
      timeout: 60_000,
    });
    return stdout;
  }

  /** Creates another project and an API key for it with the CLI; resolves to the key. */
  async createProjectWithApiKey(projectId, { fullScoreLevels = false } = {}) {
    await this.cli('projects', 'create', projectId, ...(fullScoreLevels ? ['--full-score-levels'] : []));
    const out = await this.cli('api-keys', 'create', '--project', projectId);
    const key = out.trim().split(/\s+/).pop();
    if (!key) throw new Error(`api-keys create printed no key: ${out}`);
    return key;
  }
}

/** Starts a fresh server; see {@link BulwarkServer}. */
export async function startServer(options) {
  const server = new BulwarkServer(options);
  try {
    await server.start();
  } catch (err) {
    await server.dispose();
    throw err;
  }
  return server;
}

/**
 * Asks the token endpoint for a token as a page at `origin` would (POST with an Origin header).
 * Resolves to `{status, body}`; use {@link mintToken} when a token is expected.
 */
export async function requestToken(baseUrl, siteKey, {
  action = 'login',
  origin = 'http://127.0.0.1',
  signals = humanSignals(),
  userAgent = HUMAN_USER_AGENT,
  bind = true,
} = {}) {
  let body;
  if (signals === null) {
    body = JSON.stringify({ a: action });
  } else {
    // Like enterprise.js: fetch a collector challenge, echo it in the signals and prove the exact text sent.
    let s = signals;
    let proof = '';
    if (bind) {
      const c = await fetch(`${baseUrl}/recaptcha/enterprise/challenge?k=${encodeURIComponent(siteKey)}`, { headers: { Origin: origin } });
      if (c.ok) {
        const { c: challenge } = await c.json();
        s = { cn: challenge, ca: 20, ...signals };
        proof = cyrb53(`${challenge}|${JSON.stringify(s)}`);
      }
    }
    const text = JSON.stringify(s);
    body = proof ? `{"a":${JSON.stringify(action)},"s":${text},"p":"${proof}"}` : JSON.stringify({ a: action, s });
  }
  const res = await fetch(`${baseUrl}/recaptcha/enterprise/token?k=${encodeURIComponent(siteKey)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: origin, 'User-Agent': userAgent },
    body,
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = { raw: text }; }
  return { status: res.status, body: json };
}

/** cyrb53 (seed 0), the hash enterprise.js and Bulwark.Core's PayloadProof use for the proof. */
export function cyrb53(str) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}

/** Mints a token over HTTP; throws unless the server issued one. */
export async function mintToken(baseUrl, siteKey, options) {
  const { status, body } = await requestToken(baseUrl, siteKey, options);
  if (status !== 200 || typeof body.token !== 'string') {
    throw new Error(`token endpoint answered ${status}: ${JSON.stringify(body)}`);
  }
  return body.token;
}

/** The last path segment of a resource name: the key id of projects/p/keys/ID. */
export const idOf = (name) => name.slice(name.lastIndexOf('/') + 1);
