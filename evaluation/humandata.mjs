// Recorded human input (../shared/data/human, read in place) turned into xdotool scripts.
//
// HOLD-OUT RULE, fixed and shared with the model trainer: only users whose numeric id % 4 == 0
// are replayed here (SapiMouse user<N>, Aalto participant id). Training never sees them.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export const isHeldOut = (id) => Number.isInteger(id) && id % 4 === 0;

/** A small deterministic PRNG (mulberry32), so a session's replay follows from its sid. */
export function rng(seedText) {
  let h = 1779033703 ^ seedText.length;
  for (let i = 0; i < seedText.length; i++) {
    h = Math.imul(h ^ seedText.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  next.pick = (list) => list[Math.floor(next() * list.length)];
  return next;
}

// ---------------------------------------------------------------------------- mouse (SapiMouse)

/**
 * Mouse segments of one recording: the moves leading to a left press (since the last pause of
 * ≥ 400 ms or the last button event, at most 4 s), the press-to-release dwell, and the idle time
 * before the segment.
 */
export function mouseSegments(file) {
  const rows = readFileSync(file, 'utf8').split(/\r?\n/).slice(1)
    .map((line) => line.split(','))
    .filter((f) => f.length >= 5)
    .map(([t, button, state, x, y]) => ({ t: Number(t), button, state, x: Number(x), y: Number(y) }))
    .filter((r) => Number.isFinite(r.t) && Number.isFinite(r.x) && Number.isFinite(r.y));
  const segments = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.state !== 'Pressed' || r.button !== 'Left') continue;
    const release = rows.slice(i + 1, i + 40).find((q) => q.state === 'Released');
    const moves = [];
    let j = i - 1;
    for (; j >= 0; j--) {
      const q = rows[j];
      if (q.state !== 'Move') break;
      const later = moves.length ? moves[0] : r;
      if (later.t - q.t >= 400 || r.t - q.t > 4000) break;
      moves.unshift(q);
    }
    if (moves.length < 6 || !release) continue;
    const first = moves[0];
    const chord = Math.hypot(r.x - first.x, r.y - first.y);
    if (chord < 60) continue;
    const idleBefore = j >= 0 ? first.t - rows[j].t : 600;
    segments.push({
      points: [...moves, { t: r.t, x: r.x, y: r.y }].map((p) => ({ t: p.t - first.t, x: p.x, y: p.y })),
      chord,
      dwell: Math.max(0, release.t - r.t),
      idleBefore,
    });
  }
  return segments;
}

// ------------------------------------------------------------------------- keystrokes (Aalto)

const MODIFIERS = new Set(['SHIFT', 'CAPS_LOCK', 'CTRL', 'ALT', 'META', 'TAB']);

/** One participant's key timings, per test section: [{press, release}] in order of press. */
export function keystrokeSections(file) {
  const sections = new Map();
  const lines = readFileSync(file, 'latin1').split(/\r?\n/);
  for (const line of lines.slice(1)) {
    const f = line.split('\t');
    if (f.length < 9) continue;
    const n = f.length;
    const press = Number(f[n - 4]);
    const release = Number(f[n - 3]);
    const letter = f[n - 2];
    if (!Number.isFinite(press) || !Number.isFinite(release) || MODIFIERS.has(letter)) continue;
    const hold = release - press;
    if (hold < 5 || hold > 1000) continue;
    const section = f[1];
    if (!sections.has(section)) sections.set(section, []);
    sections.get(section).push({ press, release });
  }
  for (const list of sections.values()) list.sort((a, b) => a.press - b.press);
  return [...sections.values()].filter((list) => list.length >= 12);
}

// ---------------------------------------------------------------------------- the data set

/** Loads the held-out users of the data set at `dir`. */
export function loadHoldout(dir) {
  if (!existsSync(dir)) throw new Error(`human data not found at ${dir}`);
  const mouseDir = path.join(dir, 'mouse');
  const keyDir = path.join(dir, 'keystrokes');
  const mouse = new Map();
  for (const name of readdirSync(mouseDir).sort()) {
    const m = /^user(\d+)_.*\.csv$/.exec(name);
    if (!m || !isHeldOut(Number(m[1]))) continue;
    const user = Number(m[1]);
    const segs = mouseSegments(path.join(mouseDir, name));
    mouse.set(user, [...(mouse.get(user) ?? []), ...segs]);
  }
  const keys = new Map();
  for (const name of readdirSync(keyDir).sort()) {
    const m = /^(\d+)_keystrokes\.txt$/.exec(name);
    if (!m || !isHeldOut(Number(m[1]))) continue;
    const sections = keystrokeSections(path.join(keyDir, name));
    if (sections.length) keys.set(Number(m[1]), sections);
  }
  for (const [user, segs] of mouse) if (segs.length < 3) mouse.delete(user);
  if (!mouse.size || !keys.size) throw new Error(`no held-out users with usable data in ${dir}`);
  return { mouseUsers: [...mouse.keys()], keyUsers: [...keys.keys()], mouse, keys };
}

// ---------------------------------------------------------------------------- replay plans

const KEYSYM = { '.': 'period', ' ': 'space', '-': 'minus', '_': 'underscore', ',': 'comma' };
const keysym = (ch) => {
  if (/^[a-z0-9]$/.test(ch)) return ch;
  if (KEYSYM[ch]) return KEYSYM[ch];
  throw new Error(`no keysym for ${JSON.stringify(ch)} (use lowercase letters, digits, . - _ , space)`);
};

/**
 * Moves along a recorded segment mapped by a similarity transform (scale, rotation, translation)
 * so it starts at `from` and ends at `to`, with the recorded timing. Picks, among the user's
 * segments, one whose length is close to the distance to cover.
 */
function movePlan(segments, from, to, rand, bounds) {
  const want = Math.hypot(to.x - from.x, to.y - from.y);
  const fits = segments.filter((s) => s.chord / want > 0.5 && s.chord / want < 2);
  const seg = fits.length ? rand.pick(fits)
    : segments.reduce((best, s) => (Math.abs(Math.log(s.chord / want)) < Math.abs(Math.log(best.chord / want)) ? s : best));
  const p0 = seg.points[0];
  const pn = seg.points[seg.points.length - 1];
  // a = (to - from) / (pn - p0) as complex numbers
  const dx0 = pn.x - p0.x, dy0 = pn.y - p0.y;
  const dx1 = to.x - from.x, dy1 = to.y - from.y;
  const d = dx0 * dx0 + dy0 * dy0;
  const ar = (dx1 * dx0 + dy1 * dy0) / d;
  const ai = (dy1 * dx0 - dx1 * dy0) / d;
  const clamp = (v, hi) => Math.max(0, Math.min(hi - 1, Math.round(v)));
  const points = seg.points.map((p) => {
    const rx = p.x - p0.x, ry = p.y - p0.y;
    return {
      t: p.t,
      x: clamp(from.x + rx * ar - ry * ai, bounds.width),
      y: clamp(from.y + rx * ai + ry * ar, bounds.height),
    };
  });
  points[points.length - 1] = { t: pn.t, x: to.x, y: to.y };
  return { points, dwell: seg.dwell, idleBefore: seg.idleBefore, scale: Math.sqrt(ar * ar + ai * ai) };
}

/** Key events for `text` with one participant's hold and press-to-press timing. */
function typePlan(sections, text, rand) {
  const chars = [...text];
  const usable = sections.filter((s) => s.length >= chars.length + 1);
  const section = usable.length ? rand.pick(usable) : sections.reduce((a, b) => (b.length > a.length ? b : a));
  const start = rand.int(0, Math.max(0, section.length - chars.length - 1));
  const events = [];
  let t = 0;
  let prevPress = null;
  chars.forEach((ch, i) => {
    const k = section[(start + i) % section.length];
    if (prevPress !== null) {
      const prev = section[(start + i - 1) % section.length];
      let gap = k.press - prev.press;
      if (!(gap > 0)) gap = 120;
      t += Math.min(gap, 1500); // a long think pause is kept, but capped
    }
    prevPress = k.press;
    events.push({ t, type: 'keydown', key: keysym(ch), i });
    events.push({ t: t + (k.release - k.press), type: 'keyup', key: keysym(ch), i });
  });
  // The same key cannot go down twice before it comes up: release it just before.
  for (let i = 0; i + 1 < chars.length; i++) {
    if (chars[i] !== chars[i + 1]) continue;
    const up = events.find((e) => e.type === 'keyup' && e.i === i);
    const nextDown = events.find((e) => e.type === 'keydown' && e.i === i + 1);
    if (up.t >= nextDown.t) up.t = Math.max(events.find((e) => e.type === 'keydown' && e.i === i).t + 5, nextDown.t - 5);
  }
  events.sort((a, b) => a.t - b.t || (a.type === 'keyup' ? -1 : 1));
  return events;
}

/** xdotool script writer: absolute-time events become sleep lines. */
class Script {
  constructor() { this.lines = []; this.now = 0; this.moves = 0; this.keys = 0; }
  sleep(ms) { if (ms > 0) { this.lines.push(`sleep ${(ms / 1000).toFixed(3)}`); this.now += ms; } }
  at(t) { this.sleep(t - this.now); }
  move(x, y) { this.lines.push(`mousemove ${x} ${y}`); this.moves++; }
  down() { this.lines.push('mousedown 1'); }
  up() { this.lines.push('mouseup 1'); }
  key(type, key) { this.lines.push(`${type} ${key}`); if (type === 'keydown') this.keys++; }
  text() { return `${this.lines.join('\n')}\n`; }
}

/**
 * The whole session as an xdotool script: move to the username field, click, type; the same for
 * the password; move to the button and click. `targets` are screen rectangles; `from` is where
 * the pointer is now. Returns the script and what it replays.
 */
export function sessionScript({ data, sid, targets, from, username, password, bounds }) {
  const rand = rng(sid);
  const mouseUser = rand.pick(data.mouseUsers);
  const keyUser = rand.pick(data.keyUsers);
  const segments = data.mouse.get(mouseUser);
  const sections = data.keys.get(keyUser);
  const s = new Script();
  const inside = (r) => ({
    x: Math.round(r.x + r.w * (0.2 + 0.6 * rand())),
    y: Math.round(r.y + r.h * (0.3 + 0.4 * rand())),
  });
  let pos = from;
  const scales = [];
  const moveAndClick = (rect) => {
    const to = inside(rect);
    const plan = movePlan(segments, pos, to, rand, bounds);
    scales.push(Number(plan.scale.toFixed(2)));
    s.sleep(Math.min(Math.max(plan.idleBefore, 250), 1500));
    const t0 = s.now;
    for (const p of plan.points) { s.at(t0 + p.t); s.move(p.x, p.y); }
    s.sleep(rand.int(40, 160)); // settle on the target, as the press follows the last move
    s.down();
    s.sleep(Math.min(Math.max(plan.dwell, 40), 250));
    s.up();
    pos = to;
  };
  const type = (text) => {
    s.sleep(rand.int(250, 700));
    const t0 = s.now;
    for (const e of typePlan(sections, text, rand)) { s.at(t0 + e.t); s.key(e.type, e.key); }
  };
  moveAndClick(targets.username);
  type(username);
  moveAndClick(targets.password);
  type(password);
  moveAndClick(targets.submit);
  return { script: s.text(), mouseUser, keyUser, durationMs: Math.round(s.now), moves: s.moves, keys: s.keys, scales };
}
