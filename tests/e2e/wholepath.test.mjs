// The whole path in real browsers, through the evaluation harness (scripts/evaluate.sh):
// a login page protected by Bulwark, a real Chromium and a real Firefox ESR with no automation
// protocol, driven by operating-system input (xdotool under Xvfb) replaying held-out human
// recordings, against puppeteer-extra-stealth and a ghost-cursor bot. One session each: this is
// the integration test; docs/evaluation.md holds the measured figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('people in real browsers score human; stealth and scripted-mouse bots do not', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bulwark-wholepath-'));
  try {
    const out = path.join(dir, 'result.json');
    const run = spawnSync('bash', [
      path.join(root, 'scripts/evaluate.sh'),
      '--sessions', '1',
      '--setups', 'human-chromium,human-firefox,stealth-headful,humanlike-ghost-cursor',
      '--no-docs', '--out-json', out,
    ], { cwd: root, encoding: 'utf8', timeout: 580_000 });
    assert.equal(run.status, 0, `evaluate.sh failed:\n${run.stdout}\n${run.stderr}`);

    const { setups } = JSON.parse(readFileSync(out, 'utf8'));
    const byName = Object.fromEntries(setups.map((s) => [s.name, s]));
    for (const name of ['human-chromium', 'human-firefox']) {
      const [session] = byName[name].sessions;
      assert.equal(session.status, 'ok', `${name}: ${session.error}`);
      assert.equal(session.valid, true);
      assert.equal(session.page.mmUntrusted + session.page.kdUntrusted, 0, `${name}: input must be trusted OS input`);
      assert.ok(session.score >= 0.7, `${name} scored ${session.score} (${session.reasons})`);
    }

    for (const name of ['stealth-headful', 'humanlike-ghost-cursor']) {
      const [session] = byName[name].sessions;
      assert.equal(session.status, 'ok', `${name}: ${session.error}`);
      assert.ok(session.score <= 0.3, `${name} scored ${session.score}`);
      assert.ok(session.reasons.includes('AUTOMATION'), `${name}: ${session.reasons}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
