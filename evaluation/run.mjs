// The evaluation runner: Bulwark + the login site + N sessions per setup → results/latest.json and
// docs/evaluation.md. Normally started by `bash scripts/evaluate.sh` (which provides Xvfb).
//
//   node run.mjs [--sessions N] [--human-sessions N] [--setups a,b,…] [--human-data DIR]
//                [--session-timeout S] [--out-json FILE] [--out-md FILE] [--no-docs] [--note TEXT]
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliDecompressSync } from 'node:zlib';
import { startBulwark } from './bulwark.mjs';
import { startSite } from './site.mjs';
import { BOT_SETUPS } from './bots.mjs';
import { humanSession, browserVersions } from './human.mjs';
import { loadHoldout, rng } from './humandata.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const run = promisify(execFile);

const HUMAN_SETUPS = {
  'human-chromium': {
    description: '/usr/bin/chromium as a plain process (kiosk, fresh profile), OS input only: xdotool replays held-out SapiMouse paths and Aalto key timings',
    browser: 'chromium',
  },
  'human-firefox': {
    description: '/usr/bin/firefox-esr as a plain process (kiosk, fresh profile, user.js), OS input only: xdotool replays held-out SapiMouse paths and Aalto key timings',
    browser: 'firefox',
  },
};
const ALL_SETUPS = [...Object.keys(BOT_SETUPS), ...Object.keys(HUMAN_SETUPS)];
const TARGET_BOT_LOW = 0.95; // every automated setup: ≥ 95 % scored ≤ 0.3
const TARGET_HUMAN_HIGH = 0.95; // human proxies: ≥ 95 % scored ≥ 0.7
const DEFAULT_SESSIONS = 20;

// Lowercase letters, digits, '.', ' ': what the xdotool replay can type on any keymap.
const USERNAMES = ['alice.wong', 'jmorgan84', 'k.oconnor', 'tomas.r', 'mira77', 'dev.patel', 'lena.kraus', 'sam.okafor'];
const PASSWORDS = ['sunflower 2024', 'blue harbor 9', 'correct horse', 'maple.street 41', 'quiet river 7'];

function parseArgs(argv) {
  const o = {
    sessions: DEFAULT_SESSIONS, humanSessions: null, setups: ALL_SETUPS, docs: true, note: '',
    humanData: process.env.BULWARK_HUMAN_DATA ?? path.resolve(repoRoot, '../shared/data/human'),
    sessionTimeout: 90, outJson: path.join(here, 'results/latest.json'), outMd: path.join(repoRoot, 'docs/evaluation.md'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--sessions': o.sessions = Number(value()); break;
      case '--human-sessions': o.humanSessions = Number(value()); break;
      case '--setups': o.setups = value().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--human-data': o.humanData = path.resolve(value()); break;
      case '--session-timeout': o.sessionTimeout = Number(value()); break;
      case '--out-json': o.outJson = path.resolve(value()); break;
      case '--out-md': o.outMd = path.resolve(value()); break;
      case '--no-docs': o.docs = false; break;
      case '--note': o.note = value(); break;
      case '-h': case '--help':
        console.log('node run.mjs [--sessions N] [--human-sessions N] [--setups a,b] [--human-data DIR] [--session-timeout S] [--out-json F] [--out-md F] [--no-docs] [--note TEXT]');
        console.log(`setups: ${ALL_SETUPS.join(', ')}`);
        process.exit(0);
        break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  for (const s of o.setups) if (!ALL_SETUPS.includes(s)) throw new Error(`unknown setup ${s}; known: ${ALL_SETUPS.join(', ')}`);
  if (!(o.sessions >= 1)) throw new Error('--sessions must be ≥ 1');
  o.humanSessions ??= o.sessions;
  return o;
}

const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`timed out after ${ms / 1000} s: ${what}`), { timeout: true })), ms);
  });
  try { return await Promise.race([promise, timeout]); } finally { clearTimeout(timer); }
}

async function waitResult(site, sid, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const res = await fetch(`${site.origin}/result?sid=${encodeURIComponent(sid)}`);
    if (res.ok) return res.json();
    await new Promise((r) => setTimeout(r, 200));
  }
  throw Object.assign(new Error(`timed out after ${ms / 1000} s waiting for the assessment`), { timeout: true });
}

// ----------------------------------------------------------------------------------- statistics

const median = (xs) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** ROC AUC of "human scores higher": Mann-Whitney U / (n·m), ties count 0.5. */
export function auc(human, bot) {
  if (!human.length || !bot.length) return null;
  let u = 0;
  for (const h of human) for (const b of bot) u += h > b ? 1 : h === b ? 0.5 : 0;
  return u / (human.length * bot.length);
}

function summarise(setup, sessions, humanScores) {
  const done = sessions.filter((s) => s.status === 'ok');
  const scores = done.map((s) => s.score).filter((x) => typeof x === 'number');
  const reasons = {};
  for (const s of done) for (const r of s.reasons ?? []) reasons[r] = (reasons[r] ?? 0) + 1;
  const evidence = {};
  for (const s of done) for (const e of s.evidence ?? []) evidence[e] = (evidence[e] ?? 0) + 1;
  const botKinds = {};
  let botdFlagged = 0, botdErrors = 0;
  for (const s of done) {
    if (!s.botd || s.botd.error) { botdErrors++; continue; }
    if (s.botd.bot) { botdFlagged++; botKinds[s.botd.botKind ?? '?'] = (botKinds[s.botd.botKind ?? '?'] ?? 0) + 1; }
  }
  const share = (pred) => (scores.length ? scores.filter(pred).length / scores.length : null);
  return {
    sessions: sessions.length,
    completed: done.length,
    failed: sessions.length - done.length,
    invalidTokens: done.filter((s) => s.valid === false).length,
    medianScore: median(scores),
    shareLow: share((x) => x <= 0.3),
    shareHigh: share((x) => x >= 0.7),
    reasons,
    evidence,
    auc: setup.kind === 'bot' ? auc(humanScores, scores) : null,
    botd: { checked: done.length - botdErrors, flagged: botdFlagged, share: done.length - botdErrors ? botdFlagged / (done.length - botdErrors) : null, botKinds, errors: botdErrors },
  };
}

// ----------------------------------------------------------------------------------- versions

async function versions() {
  const pkg = async (name) => {
    try { return JSON.parse(await readFile(path.join(here, 'node_modules', name, 'package.json'), 'utf8')).version; } catch { return 'missing'; }
  };
  const git = async (...args) => {
    try { return (await run('git', args, { cwd: repoRoot })).stdout.trim(); } catch { return 'unknown'; }
  };
  const commit = await git('rev-parse', 'HEAD');
  const dirty = (await git('status', '--porcelain', '--', 'src')) !== '';
  return {
    ...(await browserVersions()),
    node: process.version,
    'playwright-core': await pkg('playwright-core'),
    'puppeteer-core': await pkg('puppeteer-core'),
    'puppeteer-extra': await pkg('puppeteer-extra'),
    'puppeteer-extra-plugin-stealth': await pkg('puppeteer-extra-plugin-stealth'),
    'ghost-cursor': await pkg('ghost-cursor'),
    '@fingerprintjs/botd': await pkg('@fingerprintjs/botd'),
    '@google-cloud/recaptcha-enterprise': await pkg('@google-cloud/recaptcha-enterprise'),
    bulwarkCommit: `${commit.slice(0, 12)}${dirty ? ' (with uncommitted changes under src/)' : ''}`,
    bulwarkBranch: await git('rev-parse', '--abbrev-ref', 'HEAD'),
  };
}

// ----------------------------------------------------------------------------------- report

const pct = (x) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)} %`);
const num = (x, d = 2) => (x === null || x === undefined ? '–' : x.toFixed(d));
const counts = (o) => Object.entries(o).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ×${v}`).join(', ') || '–';
const mark = (ok) => (ok ? '✅' : '❌');

function markdown(report) {
  const { meta, setups } = report;
  const v = meta.versions;
  const lines = [];
  lines.push('# Evaluation: Bulwark against automation tools and human proxies', '');
  lines.push('<!-- Generated by evaluation/run.mjs (bash scripts/evaluate.sh). Do not edit by hand: re-run it. -->', '');
  if (meta.smoke) {
    lines.push(`> **SMOKE RUN** (${meta.sessions} sessions per automated setup, ${meta.humanSessions} per human proxy). `
      + 'It shows that every setup runs end to end; the figures are far too few to judge the engine. '
      + `A full run is \`bash scripts/evaluate.sh\` (${DEFAULT_SESSIONS} sessions per setup).`, '');
  }
  if (meta.note) lines.push(`> ${meta.note}`, '');
  lines.push(`- Date: ${meta.date}`);
  lines.push(`- Command: \`${meta.command}\``);
  lines.push(`- Duration: ${Math.round(meta.durationSeconds / 60 * 10) / 10} min`);
  lines.push(`- Bulwark: commit \`${v.bulwarkCommit}\` (branch ${v.bulwarkBranch}), Release build, full score levels`);
  lines.push(`- Browsers: ${v.chromium}; ${v.firefox}`);
  lines.push(`- Tools: node ${v.node}, playwright-core ${v['playwright-core']}, puppeteer-core ${v['puppeteer-core']}, `
    + `puppeteer-extra ${v['puppeteer-extra']}, puppeteer-extra-plugin-stealth ${v['puppeteer-extra-plugin-stealth']}, `
    + `ghost-cursor ${v['ghost-cursor']}, BotD ${v['@fingerprintjs/botd']}, ${v.xdotool}, `
    + `@google-cloud/recaptcha-enterprise ${v['@google-cloud/recaptcha-enterprise']}`);
  lines.push(`- Human data: held-out users only (id % 4 == 0): ${meta.holdout.mouseUsers} SapiMouse users, ${meta.holdout.keyUsers} Aalto participants`);
  lines.push('');
  lines.push('Targets: every automated setup ≥ 95 % of sessions scored ≤ 0.3; human proxies ≥ 95 % scored ≥ 0.7. '
    + 'AUC: ROC AUC of all human-proxy sessions against that setup (Mann-Whitney, ties 0.5; 1.0 = perfectly separated).', '');
  lines.push('## Bulwark', '');
  lines.push('| setup | sessions | completed | median score | ≤ 0.3 | ≥ 0.7 | target | AUC vs human | invalid tokens |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |');
  for (const s of setups) {
    const st = s.stats;
    const target = s.kind === 'bot'
      ? `≤ 0.3 ≥ 95 % ${st.shareLow === null ? '–' : mark(st.shareLow >= TARGET_BOT_LOW)}`
      : `≥ 0.7 ≥ 95 % ${st.shareHigh === null ? '–' : mark(st.shareHigh >= TARGET_HUMAN_HIGH)}`;
    lines.push(`| ${s.name} | ${st.sessions} | ${st.completed} | ${num(st.medianScore, 1)} | ${pct(st.shareLow)} | ${pct(st.shareHigh)} | ${target} | ${num(st.auc)} | ${st.invalidTokens} |`);
  }
  lines.push('', '### Reason codes', '');
  lines.push('| setup | reason codes (sessions) |', '| --- | --- |');
  for (const s of setups) lines.push(`| ${s.name} | ${counts(s.stats.reasons)} |`);
  lines.push('', '### Evidence that moved the scores', '');
  lines.push('What Bulwark stored with each assessment (`assessments.features`): the rules and model terms that pulled a session\'s log-odds down by at least 1 (the same threshold that makes a reason code), counted per session. docs/risk-engine.md describes each.', '');
  lines.push('| setup | evidence (sessions) |', '| --- | --- |');
  for (const s of setups) lines.push(`| ${s.name} | ${counts(s.stats.evidence ?? {})} |`);
  lines.push('', '## BotD 2.0.0 on the same sessions', '');
  lines.push('BotD ran in the same page (`load({monitoring: false}).then(d => d.detect())`); its verdict went to the site with the token.', '');
  lines.push('| setup | checked | flagged bot | botKind |', '| --- | ---: | ---: | --- |');
  for (const s of setups) {
    const b = s.stats.botd;
    lines.push(`| ${s.name} | ${b.checked} | ${pct(b.share)} | ${counts(b.botKinds)} |`);
  }
  lines.push('', '## Sessions that did not complete', '');
  const failed = setups.flatMap((s) => s.sessions.filter((x) => x.status !== 'ok').map((x) => ({ setup: s.name, ...x })));
  if (!failed.length) lines.push('None: every session produced an assessment.');
  else {
    lines.push('| session | status | stage | error |', '| --- | --- | --- | --- |');
    for (const f of failed) lines.push(`| ${f.sid} | ${f.status} | ${f.stage ?? '–'} | ${String(f.error ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 200)} |`);
  }
  const humans = setups.filter((s) => s.kind === 'human');
  if (humans.length) {
    lines.push('', '## Human-proxy input check', '');
    lines.push('What the page itself counted (its own listeners, reported to the site with the token, never to Bulwark) and whether '
      + 'the pointer mapping was right (the first trusted mousemove\'s screen − client offset equals the offset the replay assumed). '
      + 'Firefox coalesces pointer moves to one per frame, so it counts fewer moves than xdotool sent. Pressure 0.5 is what real '
      + 'X11 input gives a pressed mouse button; CDP-driven Puppeteer input gives 0.', '');
    lines.push('| setup | trusted mousemoves (median) | trusted keydowns (median) | untrusted events | pointerdown pressure | mapping verified | username typed right |');
    lines.push('| --- | ---: | ---: | ---: | --- | ---: | ---: |');
    for (const s of humans) {
      const ok = s.sessions.filter((x) => x.status === 'ok');
      const pressures = [...new Set(ok.flatMap((x) => x.page?.pressure ?? []))];
      const verified = ok.filter((x) => x.replay?.offsetVerified === true).length;
      const untrusted = ok.reduce((a, x) => a + (x.page?.mmUntrusted ?? 0) + (x.page?.kdUntrusted ?? 0) + (x.page?.pdUntrusted ?? 0), 0);
      const typed = ok.filter((x) => !x.typedMismatch).length;
      lines.push(`| ${s.name} | ${num(median(ok.map((x) => x.page?.mm ?? 0)), 0)} | ${num(median(ok.map((x) => x.page?.kd ?? 0)), 0)} | ${untrusted} | ${pressures.join(', ') || '–'} | ${verified}/${ok.length} | ${typed}/${ok.length} |`);
    }
  }
  lines.push('', '## Setups', '');
  for (const s of setups) lines.push(`- **${s.name}**: ${s.description}`);
  lines.push('', '## How it works', '');
  lines.push(
    '- `scripts/evaluate.sh` installs what is missing (apt: chromium, firefox-esr, xvfb, xdotool; `npm ci` in `evaluation/`), '
    + 'builds the server in Release, starts Xvfb (1920×1080×24) on a free display and runs `evaluation/run.mjs`; '
    + 'it stops Xvfb, the browsers and the server whatever happens.',
    '- The runner starts the Release build on a temporary data directory with a bootstrap project, API key and full score levels, '
    + 'creates a SCORE site key for `127.0.0.1` with the official Node client, and starts the login site (`evaluation/site.mjs`).',
    '- The site serves `/login?sid=…` (fields at fixed positions, no scrolling), BotD from `node_modules`, and proxies `/recaptcha/*` '
    + 'to Bulwark, so the page is same-origin. Its backend assesses each token with the official `@google-cloud/recaptcha-enterprise` '
    + 'client (REST fallback) with `expectedAction`, `userAgent` and `userIpAddress`.',
    '- **One address per session.** The proxy adds `X-Forwarded-For` with an address derived from the session number (198.18.0.0/15, '
    + 'the benchmarking range) and Bulwark trusts the site\'s loopback address as a proxy. Each session therefore looks like a different '
    + 'visitor: this evaluation measures per-session detection. Velocity (many sessions from one address) is a separate concern and is '
    + 'deliberately kept out of these figures.',
    '- Automated setups each launch one browser and use a fresh context per session: open the page, click the fields, type, click the button.',
    '- **Human proxies** are real browsers started as plain processes (no DevTools protocol, no Marionette/WebDriver), fullscreen (kiosk) '
    + 'on the Xvfb display with a fresh profile each session. Only operating-system input reaches them: an `xdotool -` script (XTEST) '
    + 'that replays a recorded SapiMouse path per target (mapped by scale, rotation and translation so it ends on the field or button, '
    + 'with the recorded timing and press-to-release dwell) and types with one Aalto participant\'s key hold and press-to-press timing. '
    + 'Hold-out rule, shared with the model trainer: only users whose id % 4 == 0 are replayed; training never sees them. '
    + 'The data are read in place from `../shared/data/human` and never copied into the repository.',
    '- A session that times out or fails is listed above and counted in "sessions", never dropped. Shares and medians are over completed sessions.',
    '- Raw per-session records: `evaluation/results/latest.json`.',
    '',
    'Options (passed through by `scripts/evaluate.sh`): `--sessions N` (automated setups, default 20), `--human-sessions N` '
    + '(each human proxy, default = `--sessions`), `--setups a,b,…` (default all: ' + ALL_SETUPS.map((x) => `\`${x}\``).join(', ') + '), '
    + '`--session-timeout S` (default 90), `--human-data DIR` (default `../shared/data/human`), `--note TEXT`, `--no-docs`, '
    + '`--out-json FILE`, `--out-md FILE`. `BULWARK_EVAL_KEEP_DATA=1` keeps Bulwark\'s database to read the stored evidence.',
  );
  lines.push('');
  return lines.join('\n');
}

// ----------------------------------------------------------------------------------- evidence
/** Reads the evidence Bulwark stored for each assessment (sqlite3 CLI on the server's own database) into the sessions. */
function readStoredEvidence(dataDir, setups) {
  const db = path.join(dataDir, 'bulwark.db');
  const out = spawnSync('sqlite3', ['-readonly', '-json', db, 'SELECT id, hex(features) AS features FROM assessments WHERE features IS NOT NULL'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (out.status !== 0) { log(`could not read stored evidence: ${out.stderr}`); return; }
  const byId = new Map((out.stdout.trim() ? JSON.parse(out.stdout) : []).map((r) => [r.id, JSON.parse(decodeFeatures(Buffer.from(r.features, 'hex')))]));
  for (const setup of setups) {
    for (const session of setup.sessions) {
      const features = session.assessment && byId.get(session.assessment.slice(session.assessment.lastIndexOf('/') + 1));
      if (!features) continue;
      session.evidence = (features.evidence ?? []).filter((e) => e.weight <= -1).map((e) => e.signal);
      session.engine = features.engine;
    }
  }
}

/** Stored features (src/Bulwark.Core/Assessments/StoredFeatures.cs): an encoding byte, then JSON (0) or Brotli of it (1). */
function decodeFeatures(stored) {
  if (stored[0] === 0) return stored.subarray(1).toString('utf8');
  if (stored[0] === 1) return brotliDecompressSync(stored.subarray(1)).toString('utf8');
  throw new Error(`stored features have an unknown encoding (${stored[0]})`);
}

// ----------------------------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const needsDisplay = opts.setups.some((s) => HUMAN_SETUPS[s] || BOT_SETUPS[s]?.headful);
  if (needsDisplay && !process.env.DISPLAY) throw new Error('headful setups and human proxies need DISPLAY (run through scripts/evaluate.sh)');
  const humanData = opts.setups.some((s) => HUMAN_SETUPS[s]) ? loadHoldout(opts.humanData) : null;
  if (humanData) log(`held-out human data: ${humanData.mouseUsers.length} mouse users, ${humanData.keyUsers.length} keystroke participants`);

  const bulwark = await startBulwark({ log });
  let site;
  const cleanup = async () => {
    await site?.close().catch(() => {});
    await bulwark.stop().catch(() => {});
  };
  const onSignal = (sig) => { log(`${sig}: stopping`); cleanup().finally(() => process.exit(130)); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const report = { meta: {}, setups: [] };
  try {
    site = await startSite({ bulwarkUrl: bulwark.url, siteKey: bulwark.siteKey, project: bulwark.project, client: bulwark.client });
    log(`site on ${site.origin}, site key ${bulwark.siteKey}`);
    let n = 0;
    // Human proxies first: the automated setups' AUC is computed against them.
    const order = [...opts.setups].sort((a, b) => (HUMAN_SETUPS[b] ? 1 : 0) - (HUMAN_SETUPS[a] ? 1 : 0));
    for (const name of order) {
      const human = HUMAN_SETUPS[name];
      const bot = BOT_SETUPS[name];
      const count = human ? opts.humanSessions : opts.sessions;
      const setup = { name, kind: human ? 'human' : 'bot', description: (human ?? bot).description, sessions: [] };
      report.setups.push(setup);
      log(`== ${name}: ${count} sessions`);
      let handle = null;
      if (bot) {
        try {
          handle = await withTimeout(bot.launch(), 60_000, `launching ${name}`);
        } catch (err) {
          for (let i = 0; i < count; i++) setup.sessions.push({ sid: `${name}.${++n}`, status: 'failed', stage: 'launch', error: err.message });
          log(`   launch failed: ${err.message}`);
          continue;
        }
      }
      for (let i = 0; i < count; i++) {
        const sid = `${name}.${++n}`;
        const rand = rng(sid);
        const credentials = { username: rand.pick(USERNAMES), password: rand.pick(PASSWORDS) };
        const t0 = Date.now();
        const entry = { sid, status: 'ok' };
        try {
          if (human) {
            const { result, replay } = await humanSession({
              browser: human.browser, sid, site, data: humanData, credentials, timeoutMs: opts.sessionTimeout * 1000,
            });
            Object.assign(entry, result, { replay });
          } else {
            let page;
            entry.stage = 'session';
            await withTimeout((async () => {
              page = await handle.newPage();
              await bot.session(page, { url: site.loginUrl(sid), credentials, sid });
              entry.stage = 'result';
              Object.assign(entry, await waitResult(site, sid, 30_000));
            })(), opts.sessionTimeout * 1000, `${name} session`).finally(() => page?.close().catch(() => {}));
            delete entry.stage;
          }
          entry.status = entry.error ? 'failed' : 'ok';
          if (entry.status === 'ok' && entry.username !== credentials.username) entry.typedMismatch = { expected: credentials.username, got: entry.username };
        } catch (err) {
          entry.status = err.timeout ? 'timeout' : 'failed';
          entry.error = err.message.split('\n')[0];
          if (err.replay) { entry.replay = err.replay; entry.stage = err.replay.stage; }
        }
        entry.seconds = Math.round((Date.now() - t0) / 100) / 10;
        setup.sessions.push(entry);
        const extra = human && entry.page ? ` mm=${entry.page.mm} kd=${entry.page.kd} offset=${entry.replay?.offsetVerified}` : '';
        log(`   ${sid}: ${entry.status === 'ok' ? `score ${entry.score} [${(entry.reasons ?? []).join(',')}] botd=${entry.botd?.bot ? entry.botd.botKind : entry.botd?.error ? 'error' : 'human'}${extra}` : `${entry.status} (${entry.stage ?? ''}) ${entry.error}`} ${entry.seconds}s`);
        if (entry.typedMismatch) log(`   ! typed username ${JSON.stringify(entry.username)} != ${JSON.stringify(credentials.username)}`);
      }
      await handle?.close().catch(() => {});
    }
    readStoredEvidence(bulwark.dataDir, report.setups);
  } finally {
    await cleanup();
  }

  const humanScores = report.setups.filter((s) => s.kind === 'human')
    .flatMap((s) => s.sessions.filter((x) => x.status === 'ok' && typeof x.score === 'number').map((x) => x.score));
  for (const s of report.setups) s.stats = summarise(s, s.sessions, humanScores);
  // Report order: as asked (or the default order), not the run order.
  report.setups.sort((a, b) => opts.setups.indexOf(a.name) - opts.setups.indexOf(b.name));
  report.meta = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: process.env.EVAL_COMMAND ?? `node evaluation/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    sessions: opts.sessions,
    humanSessions: opts.humanSessions,
    smoke: opts.sessions < DEFAULT_SESSIONS || opts.humanSessions < DEFAULT_SESSIONS || opts.setups.length < ALL_SETUPS.length,
    note: opts.note,
    versions: await versions(),
    holdout: humanData ? { rule: 'id % 4 == 0', mouseUsers: humanData.mouseUsers.length, keyUsers: humanData.keyUsers.length } : { rule: 'id % 4 == 0', mouseUsers: 0, keyUsers: 0 },
    targets: { botShareLowAtMost0_3: TARGET_BOT_LOW, humanShareHighAtLeast0_7: TARGET_HUMAN_HIGH },
  };
  await mkdir(path.dirname(opts.outJson), { recursive: true });
  await writeFile(opts.outJson, `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${path.relative(process.cwd(), opts.outJson)}`);
  const md = markdown(report);
  if (opts.docs) {
    await writeFile(opts.outMd, md);
    log(`wrote ${path.relative(process.cwd(), opts.outMd)}`);
  }
  console.log(`\n${md.split('\n## BotD')[0]}`);
  const failed = report.setups.reduce((a, s) => a + s.stats.failed, 0);
  if (failed) log(`${failed} session(s) did not complete; see the report`);
}

main().catch((err) => {
  console.error(err.stack ?? err);
  process.exit(1);
});
