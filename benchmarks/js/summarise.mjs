// How long behaviour.js takes to summarise full rings (400 moves, 64 buttons, 128 key events),
// the work enterprise.js does at execute(). A measurement, not a test: node benchmarks/js/summarise.mjs
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { summarise } = createRequire(import.meta.url)(path.join(here, '../../src/Bulwark.Server/Browser/Assets/behaviour.js'));

const moves = Array.from({ length: 400 }, (_, i) => [i * 16.7, 500 + 200 * Math.sin(i / 20), 300 + 100 * Math.cos(i / 15)]);
const buttons = Array.from({ length: 64 }, (_, i) => [i * 100, i % 2 ? 0 : 1]);
const keys = Array.from({ length: 128 }, (_, i) => [i * 60 + (i % 2) * 40, i % 2 ? 0 : 1]);
for (let i = 0; i < 200; i++) summarise({ moves, buttons, keys, loadedAt: 0, now: 8000 });

const runs = 2000;
const samples = [];
for (let r = 0; r < 5; r++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) summarise({ moves, buttons, keys, loadedAt: 0, now: 8000 });
  samples.push(Number(process.hrtime.bigint() - start) / 1e3 / runs);
}
samples.sort((a, b) => a - b);
console.log(`summarise(full rings): median ${samples[2].toFixed(1)} µs per call over 5 × ${runs} calls (node ${process.version})`);
