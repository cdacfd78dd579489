// summarise() from behaviour.js, on its own: no server, no browser.
//   node --test tests/e2e/behaviour.test.mjs
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { summarise } = require(join(repo, 'src/Bulwark.Server/Browser/Assets/behaviour.js'));

test('a straight line of equal steps at a constant cadence is a ruler line', () => {
  const moves = [];
  for (let i = 0; i < 50; i++) moves.push([1000 + i * 5, 100 + i * 4, 300 + i * 2]);
  const s = summarise({ moves, buttons: [[1300, 1], [1301, 0]], keys: [] });
  assert.equal(s.mn, 50);
  assert.ok(Math.abs(s.st - 1) < 1e-3, `st ${s.st}`);
  assert.ok(Math.abs(s.eq - 1) < 1e-3, `eq ${s.eq}`);
  assert.equal(s.dtm, 5);
  assert.equal(s.dtc, 0);
  assert.equal(s.ta, 0);
  assert.equal(s.cn, 1);
  assert.equal(s.cdz, 1);
  assert.equal(s.kn, undefined);
});

test('empty or missing input gives an empty summary', () => {
  assert.deepEqual(summarise({ moves: [], buttons: [], keys: [] }), {});
  assert.deepEqual(summarise({}), {});
  assert.deepEqual(summarise(undefined), {});
  assert.deepEqual(summarise(null), {});
});

test('garbage is tolerated and never yields non-finite numbers', () => {
  const junk = [null, 1, 'x', [], [NaN, 1, 2], [1, Infinity, 2], [5, 1], { 0: 1 }, [-1e300, 1e300, 1e300], [3, 3, 3, 3]];
  const inputs = [
    { moves: junk, buttons: junk, keys: junk, loadedAt: 'soon', now: NaN },
    { moves: 'moves', buttons: 42, keys: { length: 1e9 } },
    { moves: Array.from({ length: 5000 }, (_, i) => [i, i % 7, (i * 13) % 11]), buttons: [[1, 0], [1, 0]], keys: [[1, 0], [2, 0]] },
    { moves: Array.from({ length: 30 }, (_, i) => [30 - i, i, i]) }, // time running backwards
  ];
  for (const input of inputs) {
    const s = summarise(input);
    for (const [name, v] of Object.entries(s)) assert.ok(Number.isFinite(v), `${name}=${v}`);
  }
  assert.equal(summarise(inputs[2]).mn, 400, 'only the last 400 moves count');
});

test('key holds, flights and rollover on a tiny hand-made example', () => {
  // a: 0-100, b: 150-230, c: 200-260 (pressed before b is up), d: 400-470.
  const keys = [[0, 1], [100, 0], [150, 1], [200, 1], [230, 0], [260, 0], [400, 1], [470, 0]];
  const s = summarise({ keys, loadedAt: -500, now: 500 });
  assert.equal(s.kn, 4);
  assert.equal(s.khm, 75); // holds 100, 80, 60, 70
  assert.equal(s.kfm, 50); // flights 50, -30 (overlap), 140
  assert.equal(s.kro, 0.3333);
  assert.equal(s.khz, 0);
  assert.equal(s.tfi, 500);
  assert.equal(s.tli, 30);
  assert.equal(s.mn, undefined);
  assert.deepEqual(summarise({ keys: keys.slice(0, 4) }), {}, 'fewer than 4 presses: no key fields');
});

test('a real SapiMouse recording summarises as human', { skip: !existsSync(join(repo, '../shared/data/human/mouse')) }, () => {
  const lines = readFileSync(join(repo, '../shared/data/human/mouse/user1_session_1min.csv'), 'utf8').trim().split('\n').slice(1);
  const moves = [], buttons = [];
  for (const line of lines) {
    const [t, , state, x, y] = line.split(',');
    if (state === 'Move' || state === 'Drag') moves.push([+t, +x, +y]);
    else if (state === 'Pressed') buttons.push([+t, 1]);
    else if (state === 'Released') buttons.push([+t, 0]);
  }
  const s = summarise({ moves: moves.slice(0, 400), buttons: buttons.filter((b) => b[0] <= moves[399][0]) });
  assert.equal(s.mn, 400);
  assert.ok(s.st < 0.98, `straightness ${s.st}`);
  assert.ok(s.eq < 0.5, `equal steps ${s.eq}`);
  assert.ok(s.dtc > 0.1, `interval variation ${s.dtc}`);
  assert.ok(s.cdm > 20, `click dwell ${s.cdm}`);
});
