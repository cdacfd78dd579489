// Builds training/features.csv for the behaviour model: recorded humans (read in place from
// ../shared/data/human, never copied) cut into login-sized sessions, and generated bot traces of
// several families, all summarised by the same summarise() the browser runs (behaviour.js).
//
//   node training/extract.mjs [--data ../shared/data/human] [--out training/features.csv]
//
// Hold-out rule (shared with the evaluation): a user whose numeric id % 4 == 0 is in the test
// split only. Bot traces for the test split come from a different seed than the training ones.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const require = createRequire(import.meta.url);
const { summarise } = require(join(repo, 'src/Bulwark.Server/Browser/Assets/behaviour.js'));

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const dataDir = resolve(repo, args.data ?? '../shared/data/human');
const outFile = resolve(repo, args.out ?? 'training/features.csv');

export const FEATURES = ['mn', 'ms', 'st', 'vm', 'vc', 'vp', 'am', 'ta', 'tr', 'dtm', 'dtc', 'eq',
  'cn', 'cdm', 'cdz', 'cmv', 'kn', 'khm', 'khc', 'kfm', 'kfc', 'kro', 'khz', 'tfi', 'tli'];
const TRAIN_SEED = 20261121;
const TEST_SEED = 777001;
const isHeldOut = (id) => id % 4 === 0;

// Small seeded generator (mulberry32), so a run is reproducible.
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.uniform = (lo, hi) => lo + (hi - lo) * next();
  next.int = (lo, hi) => Math.floor(lo + (hi - lo + 1) * next());
  next.pick = (list) => list[Math.floor(next() * list.length)];
  next.normal = (mu, sd) => mu + sd * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return next;
}

const rows = [];
function emit(label, split, source, family, input) {
  const s = summarise(input);
  rows.push([label, split, source, family, ...FEATURES.map((f) => (f in s ? s[f] : ''))].join(','));
  return s;
}

// ---------- humans: SapiMouse ----------

function mouseSessions(random) {
  const dir = join(dataDir, 'mouse');
  let count = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    const user = Number(/user(\d+)/.exec(file)?.[1]);
    if (!Number.isFinite(user)) continue;
    const split = isHeldOut(user) ? 'test' : 'train';
    const events = [];
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n').slice(1)) {
      const [t, button, state, x, y] = line.trim().split(',');
      if (t === undefined || t === '') continue;
      events.push({ t: Number(t), button, state, x: Number(x), y: Number(y) });
    }
    events.sort((a, b) => a.t - b.t);
    let windowStart = -Infinity;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (e.button !== 'Left' || e.state !== 'Pressed') continue;
      const end = e.t;
      const start = Math.max(end - random.uniform(3000, 15000), windowStart);
      if (end - start < 3000) continue;
      let release = i + 1;
      while (release < events.length && events[release].state !== 'Released') release++;
      const last = release < events.length ? events[release].t : end;
      const moves = [], buttons = [];
      for (const ev of events) {
        if (ev.t < start || ev.t > last) continue;
        if (ev.state === 'Move' || ev.state === 'Drag') { if (ev.t <= end) moves.push([ev.t, ev.x, ev.y]); }
        else if (ev.state === 'Pressed') buttons.push([ev.t, 1]);
        else if (ev.state === 'Released') buttons.push([ev.t, 0]);
      }
      windowStart = last + 1;
      if (moves.length < 10) continue;
      emit(1, split, `sapimouse:user${user}`, 'human', { moves: moves.slice(-400), buttons: buttons.slice(-64), keys: [] });
      count++;
    }
  }
  return count;
}

// ---------- humans: Aalto keystrokes ----------

function keySessions(random) {
  const dir = join(dataDir, 'keystrokes');
  let count = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('_keystrokes.txt')).sort()) {
    const participant = Number(file.split('_')[0]);
    if (!Number.isFinite(participant)) continue;
    const split = isHeldOut(participant) ? 'test' : 'train';
    const sentences = new Map();
    const lines = readFileSync(join(dir, file), 'latin1').split('\n');
    const header = lines[0].split('\t');
    const col = (name) => header.indexOf(name);
    const [cs, cp, cr] = [col('TEST_SECTION_ID'), col('PRESS_TIME'), col('RELEASE_TIME')];
    for (const line of lines.slice(1)) {
      const f = line.split('\t');
      if (f.length < header.length) continue;
      const press = Number(f[cp]), release = Number(f[cr]);
      if (!Number.isFinite(press) || !Number.isFinite(release)) continue;
      if (!sentences.has(f[cs])) sentences.set(f[cs], []);
      sentences.get(f[cs]).push([press, release]);
    }
    for (const strokes of sentences.values()) {
      strokes.sort((a, b) => a[0] - b[0]);
      let i = 0;
      while (strokes.length - i >= 8) {
        const chunk = strokes.slice(i, i + random.int(8, 30));
        i += chunk.length;
        if (chunk.some(([p, r]) => r < p || r - p > 2000)) continue;
        const base = chunk[0][0] - 1000;
        const keys = [];
        for (const [p, r] of chunk) keys.push([p - base, 1], [r - base, 0]);
        keys.sort((a, b) => a[0] - b[0]);
        emit(1, split, `aalto:${participant}`, 'human', { moves: [], buttons: [], keys });
        count++;
      }
    }
  }
  return count;
}

// ---------- bots: mouse ----------

const sub = (a, b) => ({ x: a.x - b.x, y: a.y - b.y });
const len = (v) => Math.hypot(v.x, v.y);

// ghost-cursor 1.4.x path(): a cubic Bézier with two random anchors on one side of the line,
// spread clamped to 2..200 px, step count from Fitts' law plus a random base time.
function bezierPath(random, from, to, spreadOverride, width = 100) {
  const d = sub(to, from);
  const dist = len(d) || 1;
  const spread = spreadOverride ?? Math.min(200, Math.max(2, dist));
  const normal = { x: -d.y / dist, y: d.x / dist };
  const side = random() < 0.5 ? -1 : 1;
  const anchor = () => {
    const along = random();
    const off = random() * spread * side;
    return { x: from.x + d.x * along + normal.x * off, y: from.y + d.y * along + normal.y * off };
  };
  const anchors = [anchor(), anchor()].sort((a, b) => a.x - b.x);
  const fitts = 2 * Math.log2(dist * 0.8 / width + 1);
  const steps = Math.max(2, Math.ceil((Math.log2(fitts + 1) + random() * 25) * 3));
  const pts = [];
  for (let i = 1; i <= steps; i++) {
    const t = i / steps, u = 1 - t;
    pts.push({
      x: u * u * u * from.x + 3 * u * u * t * anchors[0].x + 3 * u * t * t * anchors[1].x + t * t * t * to.x,
      y: u * u * u * from.y + 3 * u * u * t * anchors[0].y + 3 * u * t * t * anchors[1].y + t * t * t * to.y,
    });
  }
  return pts;
}

function linePath(from, to, steps) {
  const pts = [];
  for (let i = 1; i <= steps; i++) pts.push({ x: from.x + (to.x - from.x) * i / steps, y: from.y + (to.y - from.y) * i / steps });
  return pts;
}

// Time between dispatched moves, per session.
function intervalModel(random, kind) {
  switch (kind) {
    case 'asap': { const hi = random.uniform(0.5, 6); return () => random.uniform(0.2, hi); }
    case 'constant': { const c = random.uniform(4, 50); return () => c + random.uniform(0, 1.2); }
    case 'uniform': { const lo = random.uniform(0, 20), hi = lo + random.uniform(5, 60); return () => random.uniform(lo, hi); }
    case 'frame': { const c = random.pick([16.67, 16.67, 8.33, 6.94]); return () => c * (random() < 0.9 ? 1 : 2) + random.normal(0, 1); }
    default: throw new Error(kind);
  }
}

function dwellModel(random, kind) {
  switch (kind) {
    case 'zero': return () => random.uniform(0, 2);
    case 'fixed': { const c = random.pick([10, 20, 50, 100, 120, 150]); return () => c + random.uniform(0, 1.5); }
    case 'random': { const lo = random.uniform(20, 80); return () => random.uniform(lo, lo + random.uniform(20, 120)); }
    case 'human': { const mu = random.uniform(70, 130); return () => Math.max(25, random.normal(mu, 25)); }
    default: throw new Error(kind);
  }
}

const MOUSE_FAMILIES = ['linear-steps', 'teleport', 'bezier-fitts', 'bezier-overshoot-jitter', 'humanish'];

function mouseBot(random, family) {
  const W = random.int(1024, 1920), H = random.int(640, 1080);
  const targets = Array.from({ length: random.int(2, 5) }, () => ({ x: random.uniform(40, W - 40), y: random.uniform(40, H - 40) }));
  let pos = random() < 0.5 ? { x: 0, y: 0 } : { x: random.uniform(0, W), y: random.uniform(0, H) };
  let timing, dwell, jitter = 0, think;
  switch (family) {
    case 'linear-steps':
      timing = intervalModel(random, random.pick(['asap', 'constant', 'uniform']));
      dwell = dwellModel(random, random.pick(['zero', 'fixed', 'zero']));
      think = () => random.uniform(5, 1500);
      break;
    case 'teleport':
      timing = intervalModel(random, random.pick(['asap', 'constant', 'uniform']));
      dwell = dwellModel(random, random.pick(['zero', 'fixed', 'random']));
      think = () => random.uniform(5, 2500);
      break;
    case 'bezier-fitts':
      timing = intervalModel(random, random.pick(['asap', 'asap', 'constant', 'uniform']));
      dwell = dwellModel(random, random.pick(['zero', 'fixed', 'random']));
      think = () => random.uniform(50, 2000);
      break;
    case 'bezier-overshoot-jitter':
      timing = intervalModel(random, random.pick(['asap', 'uniform', 'constant', 'frame']));
      dwell = dwellModel(random, random.pick(['zero', 'fixed', 'random']));
      jitter = random.uniform(0.5, 3);
      think = () => random.uniform(100, 2500);
      break;
    case 'humanish':
      timing = intervalModel(random, random.pick(['frame', 'frame', 'uniform']));
      dwell = dwellModel(random, random.pick(['random', 'human']));
      jitter = random() < 0.5 ? 0 : random.uniform(0, 0.6);
      think = () => random.uniform(300, 3000);
      break;
    default: throw new Error(family);
  }
  const moves = [], buttons = [];
  let t = random.uniform(200, 3000);
  const push = (p) => {
    t += Math.max(0.05, timing());
    const q = { x: p.x + (jitter ? random.normal(0, jitter) : 0), y: p.y + (jitter ? random.normal(0, jitter) : 0) };
    moves.push([t, Math.max(0, q.x), Math.max(0, q.y)]);
  };
  for (const target of targets) {
    let path;
    if (family === 'linear-steps') path = linePath(pos, target, random.int(3, 60));
    else if (family === 'teleport') path = linePath(pos, target, random.int(1, 3));
    else if (family === 'humanish') {
      // Bézier geometry with an asymmetric, minimum-jerk-like speed profile (fast start, long tail).
      const raw = bezierPath(random, pos, target);
      const n = Math.max(8, Math.round(raw.length * random.uniform(0.6, 1.4)));
      const skew = random.uniform(0.6, 0.9);
      path = [];
      for (let i = 1; i <= n; i++) {
        const s = Math.pow(i / n, skew);
        const tau = s * s * s * (10 - 15 * s + 6 * s * s);
        const k = Math.min(raw.length - 1, Math.max(0, Math.round(tau * (raw.length - 1))));
        path.push(raw[k]);
      }
    } else if (family === 'bezier-overshoot-jitter' && len(sub(target, pos)) > 300) {
      const over = { x: target.x + random.normal(0, 60), y: target.y + random.normal(0, 60) };
      path = [...bezierPath(random, pos, over), ...bezierPath(random, over, target, 10)];
    } else path = bezierPath(random, pos, target);
    for (const p of path) push(p);
    pos = target;
    t += family === 'humanish' ? random.uniform(40, 400) : random.uniform(0, 5);
    buttons.push([t, 1]);
    t += dwell();
    buttons.push([t, 0]);
    t += think();
  }
  return { moves: moves.slice(-400), buttons: buttons.slice(-64), keys: [] };
}

// ---------- bots: keys ----------

const KEY_FAMILIES = ['type-constant', 'type-uniform', 'type-fixed-hold', 'type-humanish'];

function keyBot(random, family) {
  const n = random.int(8, 30);
  const keys = [];
  let t = random.uniform(500, 3000);
  const constDelay = random.uniform(0, 200);
  const lo = random.uniform(0, 100), hi = lo + random.uniform(20, 250);
  const fixedHold = random.pick([10, 20, 30, 50, 80, 100, 120]);
  const holdMu = random.uniform(70, 130), holdSd = random.uniform(10, 35);
  const gapMu = Math.log(random.uniform(120, 320)), gapSd = random.uniform(0.2, 0.6);
  for (let i = 0; i < n; i++) {
    let hold, gap;
    switch (family) {
      case 'type-constant': hold = random.uniform(0, 2); gap = constDelay + random.uniform(0, 1.5); break;
      case 'type-uniform': hold = random.uniform(0, 2); gap = random.uniform(lo, hi); break;
      case 'type-fixed-hold':
        hold = fixedHold + random.uniform(0, 1.5);
        gap = random() < 0.5 ? constDelay + random.uniform(0, 1.5) : random.uniform(lo, hi);
        break;
      case 'type-humanish':
        hold = Math.max(15, random.normal(holdMu, holdSd));
        gap = Math.exp(random.normal(gapMu, gapSd)) - hold; // press-to-press, may overlap
        break;
      default: throw new Error(family);
    }
    keys.push([t, 1], [t + hold, 0]);
    t += hold + Math.max(family === 'type-humanish' ? -hold + 5 : 0, gap);
  }
  keys.sort((a, b) => a[0] - b[0]);
  return { moves: [], buttons: [], keys };
}

function bots(split, seed, mousePerFamily, keysPerFamily) {
  const random = rng(seed);
  for (const family of MOUSE_FAMILIES) {
    for (let i = 0; i < mousePerFamily; i++) emit(0, split, `bot:${seed}`, family, mouseBot(random, family));
  }
  for (const family of KEY_FAMILIES) {
    for (let i = 0; i < keysPerFamily; i++) emit(0, split, `bot:${seed}`, family, keyBot(random, family));
  }
}

const random = rng(TRAIN_SEED ^ 0x5a5a);
const nMouse = mouseSessions(random);
const nKeys = keySessions(random);
bots('train', TRAIN_SEED, 500, 600);
bots('test', TEST_SEED, 200, 250);
writeFileSync(outFile, ['label,split,source,family,' + FEATURES.join(','), ...rows].join('\n') + '\n');
console.log(`extract: ${nMouse} human mouse sessions, ${nKeys} human key sessions, ${rows.length} rows -> ${outFile}`);
