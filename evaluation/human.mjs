// Human proxies: a real Chromium or Firefox started as a plain process (no DevTools protocol, no
// Marionette/WebDriver), fullscreen on the Xvfb display, driven only by operating-system input
// (XTEST through `xdotool -`) that replays recorded human mouse paths and key timings.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { LAYOUT } from './site.mjs';
import { sessionScript, rng } from './humandata.mjs';

const run = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const SCREEN = { width: 1920, height: 1080 };
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

const FIREFOX_PREFS = {
  // first run, default browser, welcome and update pages
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'startup.homepage_welcome_url': '',
  'startup.homepage_welcome_url.additional': '',
  'browser.aboutwelcome.enabled': false,
  'browser.startup.firstrunSkipsHomepage': true,
  'trailhead.firstrun.didSeeAboutWelcome': true,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.policy.firstRunURL': '',
  'datareporting.healthreport.uploadEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'toolkit.telemetry.enabled': false,
  'app.update.auto': false,
  'browser.sessionstore.resume_from_crash': false,
  'browser.tabs.warnOnClose': false,
  'browser.uitour.enabled': false,
  'signon.rememberSignons': false,
  'browser.translations.automaticallyPopup': false,
  // fullscreen without the warning overlay or the transition animation
  'full-screen-api.warning.timeout': 0,
  'full-screen-api.transition-duration.enter': '0 0',
  'full-screen-api.transition-duration.leave': '0 0',
  // nothing downloads at run time
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.search.update': false,
  'browser.region.update.enabled': false,
  'browser.newtabpage.enabled': false,
  'services.settings.server': 'http://127.0.0.1:9/',
};

const CHROMIUM_FLAGS = [
  '--kiosk',
  `--window-position=0,0`,
  `--window-size=${SCREEN.width},${SCREEN.height}`,
  '--no-first-run',
  '--no-default-browser-check',
  '--password-store=basic',
  '--disable-sync',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-features=Translate,MediaRouter',
  // Chromium refuses to start as root without it. Kiosk mode shows no infobar for it (the page
  // measured innerHeight == outerHeight), so nothing else is needed to keep the geometry.
  ...(isRoot ? ['--no-sandbox'] : []),
];

async function launch(browser, url, profile) {
  const env = { ...process.env };
  let child;
  if (browser === 'chromium') {
    child = spawn('/usr/bin/chromium', [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, url], {
      env, detached: true, stdio: 'ignore',
    });
  } else {
    const prefs = Object.entries(FIREFOX_PREFS).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`);
    await writeFile(path.join(profile, 'user.js'), `${prefs.join('\n')}\n`);
    child = spawn('/usr/bin/firefox-esr', ['--kiosk', '--width', String(SCREEN.width), '--height', String(SCREEN.height), '--no-remote', '--new-instance', '--profile', profile, url], {
      env: { ...env, MOZ_CRASHREPORTER_DISABLE: '1' }, detached: true, stdio: 'ignore',
    });
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 4000);
    await exited;
    clearTimeout(t);
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* group already gone */ }
  };
  return { child, stop };
}

const xdotool = (args, input) => new Promise((resolve, reject) => {
  const child = spawn('xdotool', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  child.once('error', reject);
  child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`xdotool exited ${code}: ${err.trim()}`))));
  child.stdin.end(input ?? '');
});

/** Polls `fn` until it returns a truthy value or `ms` pass. */
async function until(fn, ms, what) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await fn();
    if (v) return v;
    await sleep(200);
  }
  throw Object.assign(new Error(`timed out after ${ms / 1000} s waiting for ${what}`), { timeout: true });
}

/**
 * One human-proxy session. Resolves to {result, replay} or throws (with .stage) on failure.
 */
export async function humanSession({ browser, sid, site, data, credentials, timeoutMs = 90_000 }) {
  if (!process.env.DISPLAY) throw new Error('human proxies need DISPLAY (an Xvfb display)');
  const rand = rng(`${sid}/start`);
  const profile = await mkdtemp(path.join(tmpdir(), `eval-${browser}-`));
  const replay = { browser, stage: 'launch' };
  // The pointer rests somewhere on the lower part of the screen when the page opens.
  const from = { x: rand.int(700, 1500), y: rand.int(620, 980) };
  await xdotool(['mousemove', String(from.x), String(from.y)]);
  const proc = await launch(browser, site.loginUrl(sid), profile);
  const started = Date.now();
  try {
    replay.stage = 'page ready';
    const ready = await until(async () => {
      const logs = await (await fetch(`${site.origin}/log?sid=${encodeURIComponent(sid)}`)).json();
      return logs.find((l) => l.kind === 'ready');
    }, 45_000, 'the page to load');
    const g = ready.data;
    replay.geometry = g;
    // Where the viewport's top-left is on the screen.
    const offset = {
      x: Math.round(g.mozInnerScreenX ?? (g.screenX + g.outerWidth - g.innerWidth)),
      y: Math.round(g.mozInnerScreenY ?? (g.screenY + g.outerHeight - g.innerHeight)),
    };
    replay.offset = offset;
    const targets = Object.fromEntries(Object.entries(LAYOUT).map(([k, r]) => [k, { ...r, x: r.x + offset.x, y: r.y + offset.y }]));
    const plan = sessionScript({ data, sid, targets, from, ...credentials, bounds: SCREEN });
    Object.assign(replay, { mouseUser: plan.mouseUser, keyUser: plan.keyUser, scriptMs: plan.durationMs, moves: plan.moves, keys: plan.keys, scales: plan.scales });
    await sleep(rand.int(300, 900)); // the person looks at the page
    replay.stage = 'xdotool replay';
    await xdotool(['-'], plan.script);
    replay.stage = 'result';
    const left = Math.max(5_000, timeoutMs - (Date.now() - started));
    const result = await until(async () => {
      const res = await fetch(`${site.origin}/result?sid=${encodeURIComponent(sid)}`);
      return res.ok ? res.json() : null;
    }, left, 'the assessment (did the click reach the button?)');
    replay.stage = 'done';
    const seen = result.page?.moveOffset;
    replay.offsetVerified = seen ? seen.x === offset.x && seen.y === offset.y : null;
    return { result, replay };
  } catch (err) {
    err.replay = replay;
    throw err;
  } finally {
    await proc.stop();
    await rm(profile, { recursive: true, force: true }).catch(() => {});
  }
}

export async function browserVersions() {
  const v = async (cmd) => {
    try {
      const { stdout } = await run(cmd, ['--version'], { timeout: 20_000 });
      return stdout.trim().split('\n').pop();
    } catch (e) { return `unavailable (${e.message.split('\n')[0]})`; }
  };
  return { chromium: await v('/usr/bin/chromium'), firefox: await v('/usr/bin/firefox-esr'), xdotool: await v('xdotool') };
}
