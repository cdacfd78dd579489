// The official @google-cloud/recaptcha-enterprise v1 client, unchanged, against a real Bulwark server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import recaptcha from '@google-cloud/recaptcha-enterprise';
import { startServer, mintToken, idOf, humanSignals, HUMAN_USER_AGENT } from './server.mjs';

const { RecaptchaEnterpriseServiceClient } = recaptcha;

// google.rpc.Code values, as the client reports them on err.code.
const Code = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  FAILED_PRECONDITION: 9,
  UNAUTHENTICATED: 16,
};

const DEFAULT_TIER_SCORES = [0.1, 0.3, 0.7, 0.9];

function clientFor(server, apiKey = server.apiKey) {
  return new RecaptchaEnterpriseServiceClient({
    apiEndpoint: '127.0.0.1',
    port: server.port,
    protocol: 'http',
    fallback: true,
    apiKey,
  });
}

/** Runs `call`, which must fail with the google.rpc code `code`; resolves to the error. */
async function rejectsWith(call, code, what) {
  let error;
  try {
    await call();
  } catch (err) {
    error = err;
  }
  assert.ok(error, `${what}: expected an error with code ${code}, but the call succeeded`);
  assert.equal(error.code, code, `${what}: expected code ${code}, got ${error.code} (${error.message})`);
  return error;
}

const webKey = (displayName, domains = ['127.0.0.1'], extra = {}) => ({
  displayName,
  webSettings: { allowedDomains: domains, integrationType: 'SCORE' },
  ...extra,
});

/** Token-request variants whose signals range from a person at a desktop browser to an obvious bot. */
const signalVariants = () => [
  { name: 'human', signals: humanSignals() },
  { name: 'no collector', signals: null },
  { name: 'webdriver', signals: { ...humanSignals(), wd: true } },
  { name: 'headless', signals: { ...humanSignals(), ua: 'Mozilla/5.0 HeadlessChrome/130.0.0.0' }, userAgent: 'Mozilla/5.0 HeadlessChrome/130.0.0.0' },
  { name: 'spoofed user agent', signals: { ...humanSignals(), ua: 'Mozilla/5.0 (Macintosh) Safari/605.1.15' } },
  { name: 'instant, with collector errors', signals: { ...humanSignals(), mm: 0, kd: 0, ck: 0, sc: 0, el: 40, er: 2 } },
  { name: 'synthetic input only', signals: { ...humanSignals(), mm: 0, kd: 0, ck: 0, sc: 0, ut: 5, lg: 0 } },
];

async function scoreVariants(server, client, siteKey) {
  const parent = `projects/${server.project}`;
  const results = [];
  for (const variant of signalVariants()) {
    const token = await mintToken(server.url, siteKey, {
      action: 'tier_check',
      signals: variant.signals,
      userAgent: variant.userAgent ?? HUMAN_USER_AGENT,
    });
    const [assessment] = await client.createAssessment({ parent, assessment: { event: { token, siteKey } } });
    assert.equal(assessment.tokenProperties.valid, true, `${variant.name}: token must be valid`);
    results.push({ name: variant.name, score: assessment.riskAnalysis.score, reasons: assessment.riskAnalysis.reasons });
  }
  return results;
}

describe('official client against a default-tier project', () => {
  let server;
  let client;
  let parent;

  before(async () => {
    server = await startServer({ project: 'e2e-default', fullScoreLevels: false });
    client = clientFor(server);
    parent = `projects/${server.project}`;
  });

  after(async () => {
    await client?.close().catch(() => {});
    await server?.dispose();
  });

  test('createKey makes web, android and ios keys that getKey returns', async () => {
    const [web] = await client.createKey({
      parent,
      key: webKey('e2e web', ['127.0.0.1', 'example.com'], { labels: { team: 'e2e' } }),
    });
    assert.match(web.name, /^projects\/e2e-default\/keys\/6L[A-Za-z0-9_-]{38}$/);
    assert.equal(web.displayName, 'e2e web');
    assert.deepEqual(web.webSettings.allowedDomains, ['127.0.0.1', 'example.com']);
    assert.equal(web.webSettings.integrationType, 'SCORE');
    assert.deepEqual(web.labels, { team: 'e2e' });
    assert.ok(Number(web.createTime.seconds) > 0, 'createTime is set');

    const [android] = await client.createKey({
      parent,
      key: {
        displayName: 'e2e android',
        androidSettings: { allowedPackageNames: ['com.example.app'], supportNonGoogleAppStoreDistribution: true },
      },
    });
    assert.deepEqual(android.androidSettings.allowedPackageNames, ['com.example.app']);
    assert.equal(android.androidSettings.supportNonGoogleAppStoreDistribution, true);
    assert.equal(android.webSettings, undefined);

    const [ios] = await client.createKey({
      parent,
      key: {
        displayName: 'e2e ios',
        iosSettings: {
          allowedBundleIds: ['com.example.ios'],
          appleDeveloperId: { keyId: 'KEY1234567', teamId: 'TEAM123456', privateKey: '-----BEGIN PRIVATE KEY-----\nnot-a-real-key\n-----END PRIVATE KEY-----' },
        },
      },
    });
    assert.deepEqual(ios.iosSettings.allowedBundleIds, ['com.example.ios']);
    assert.equal(ios.iosSettings.appleDeveloperId.keyId, 'KEY1234567');
    assert.equal(ios.iosSettings.appleDeveloperId.teamId, 'TEAM123456');
    assert.ok(!ios.iosSettings.appleDeveloperId.privateKey, 'the Apple private key is input only');

    for (const created of [web, android, ios]) {
      const [got] = await client.getKey({ name: created.name });
      assert.deepEqual(got, created, `getKey(${created.displayName}) returns the created key`);
    }
  });

  test('createKey rejects invalid keys with INVALID_ARGUMENT', async () => {
    const invalid = {
      'no platform settings': { displayName: 'none' },
      'two platform settings': { ...webKey('two'), androidSettings: { allowedPackageNames: ['com.example.app'] } },
      'no display name': { webSettings: { allowedDomains: ['127.0.0.1'], integrationType: 'SCORE' } },
      'web domain with a scheme': webKey('scheme', ['https://example.com/']),
      'web key without domains': webKey('empty', []),
      'web key without integration type': { displayName: 'no type', webSettings: { allowedDomains: ['example.com'] } },
      'testing score above 1': webKey('testing', ['example.com'], { testingOptions: { testingScore: 1.5 } }),
      'android package name': { displayName: 'bad android', androidSettings: { allowedPackageNames: ['not a package'] } },
      'android without packages': { displayName: 'empty android', androidSettings: {} },
      'ios without bundle ids': { displayName: 'empty ios', iosSettings: {} },
      'ios developer id without team': {
        displayName: 'bad ios',
        iosSettings: { allowedBundleIds: ['com.example.ios'], appleDeveloperId: { keyId: 'KEY1234567' } },
      },
    };
    for (const [what, key] of Object.entries(invalid)) {
      await rejectsWith(() => client.createKey({ parent, key }), Code.INVALID_ARGUMENT, what);
    }
  });

  test('listKeys pages with pageSize, by hand and by auto-pagination', async () => {
    for (let i = 0; i < 4; i++) {
      await client.createKey({ parent, key: webKey(`e2e list ${i}`) });
    }

    const [all] = await client.listKeys({ parent });
    assert.ok(all.length >= 5, `expected at least 5 keys, got ${all.length}`);
    const allNames = all.map((k) => k.name);
    assert.equal(new Set(allNames).size, allNames.length, 'no key is listed twice');

    // The raw page call: one page, the request for the next one, and the raw response.
    const [firstPage, nextRequest, rawResponse] = await client.listKeys({ parent, pageSize: 2 }, { autoPaginate: false });
    assert.equal(firstPage.length, 2);
    assert.ok(rawResponse.nextPageToken, 'a full page carries a nextPageToken');
    assert.equal(nextRequest.pageToken, rawResponse.nextPageToken);

    const paged = [...firstPage];
    let request = nextRequest;
    for (let pages = 1; request; pages++) {
      assert.ok(pages <= allNames.length, 'pagination ends');
      const [page, next] = await client.listKeys(request, { autoPaginate: false });
      assert.ok(page.length <= 2, 'a page holds at most pageSize keys');
      paged.push(...page);
      request = next;
    }
    assert.deepEqual(paged.map((k) => k.name), allNames, 'paging by hand yields every key once, in order');

    // Auto-pagination with a small page size fetches every page.
    const [auto] = await client.listKeys({ parent, pageSize: 2 }, { autoPaginate: true });
    assert.deepEqual(auto.map((k) => k.name), allNames);

    const iterated = [];
    for await (const key of client.listKeysAsync({ parent, pageSize: 3 })) {
      iterated.push(key.name);
    }
    assert.deepEqual(iterated, allNames);

    await rejectsWith(
      () => client.listKeys({ parent, pageToken: 'not-a-page-token!' }, { autoPaginate: false }),
      Code.INVALID_ARGUMENT,
      'listKeys with a forged page token',
    );
  });

  test('updateKey changes only the fields in updateMask', async () => {
    const [key] = await client.createKey({ parent, key: webKey('before update', ['127.0.0.1'], { labels: { keep: 'me' } }) });

    const [updated] = await client.updateKey({
      key: {
        name: key.name,
        displayName: 'after update',
        webSettings: { allowedDomains: ['127.0.0.1', 'example.org'], integrationType: 'CHECKBOX' },
        labels: { dropped: 'yes' },
      },
      updateMask: { paths: ['display_name', 'web_settings.allowed_domains'] },
    });
    assert.equal(updated.name, key.name);
    assert.equal(updated.displayName, 'after update');
    assert.deepEqual(updated.webSettings.allowedDomains, ['127.0.0.1', 'example.org']);
    assert.equal(updated.webSettings.integrationType, 'SCORE', 'integrationType was not in the mask');
    assert.deepEqual(updated.labels, { keep: 'me' }, 'labels were not in the mask');

    const [got] = await client.getKey({ name: key.name });
    assert.deepEqual(got, updated);

    await rejectsWith(
      () => client.updateKey({ key: { name: key.name, displayName: 'x' }, updateMask: { paths: ['create_time'] } }),
      Code.INVALID_ARGUMENT,
      'updateMask naming an immutable field',
    );
    await rejectsWith(
      () => client.updateKey({
        key: { name: key.name, webSettings: { allowedDomains: ['not a domain'] } },
        updateMask: { paths: ['web_settings.allowed_domains'] },
      }),
      Code.INVALID_ARGUMENT,
      'updateKey to an invalid domain',
    );
    await rejectsWith(
      () => client.updateKey({ key: { name: `${parent}/keys/6LdoesNotExist`, displayName: 'x' }, updateMask: { paths: ['display_name'] } }),
      Code.NOT_FOUND,
      'updateKey of a missing key',
    );
  });

  test('deleteKey removes the key', async () => {
    const [key] = await client.createKey({ parent, key: webKey('to delete') });
    await client.deleteKey({ name: key.name });
    await rejectsWith(() => client.getKey({ name: key.name }), Code.NOT_FOUND, 'getKey after deleteKey');
    await rejectsWith(() => client.deleteKey({ name: key.name }), Code.NOT_FOUND, 'deleteKey twice');
    const [all] = await client.listKeys({ parent });
    assert.ok(!all.some((k) => k.name === key.name), 'a deleted key is not listed');
  });

  test('migrateKey returns an Enterprise key unchanged', async () => {
    const [key] = await client.createKey({ parent, key: webKey('to migrate') });
    const [migrated] = await client.migrateKey({ name: key.name });
    assert.deepEqual(migrated, key);
    await rejectsWith(() => client.migrateKey({ name: `${parent}/keys/6LdoesNotExist` }), Code.NOT_FOUND, 'migrateKey of a missing key');
  });

  test('retrieveLegacySecretKey gives a secret that legacy siteverify accepts', async () => {
    const [key] = await client.createKey({ parent, key: webKey('legacy') });
    const siteKey = idOf(key.name);
    const [{ legacySecretKey }] = await client.retrieveLegacySecretKey({ key: key.name });
    assert.ok(legacySecretKey && legacySecretKey.length >= 20, 'a legacy secret key is returned');
    const [again] = await client.retrieveLegacySecretKey({ key: key.name });
    assert.equal(again.legacySecretKey, legacySecretKey, 'the secret is stable');

    const siteverify = async (secret, response) => {
      const res = await fetch(`${server.url}/recaptcha/api/siteverify`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ secret, response, remoteip: '127.0.0.1' }),
      });
      assert.equal(res.status, 200);
      return res.json();
    };

    const notBefore = Math.floor(Date.now() / 1000) * 1000; // challenge_ts has whole seconds
    const token = await mintToken(server.url, siteKey, { action: 'legacy_login' });
    const ok = await siteverify(legacySecretKey, token);
    const notAfter = Date.now();
    assert.equal(ok.success, true, JSON.stringify(ok));
    assert.ok(DEFAULT_TIER_SCORES.includes(ok.score), `score ${ok.score}`);
    assert.equal(ok.action, 'legacy_login');
    assert.equal(ok.hostname, '127.0.0.1');
    assert.match(ok.challenge_ts, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const challengeTs = Date.parse(ok.challenge_ts);
    assert.ok(challengeTs >= notBefore && challengeTs <= notAfter, `challenge_ts ${ok.challenge_ts} is when the token was made`);
    assert.deepEqual(ok['error-codes'], []);

    const reused = await siteverify(legacySecretKey, token);
    assert.equal(reused.success, false);
    assert.deepEqual(reused['error-codes'], ['timeout-or-duplicate']);

    const fresh = await mintToken(server.url, siteKey, { action: 'legacy_login' });
    const badSecret = await siteverify('6L-this-is-not-the-secret-key-at-all-00', fresh);
    assert.equal(badSecret.success, false);
    assert.deepEqual(badSecret['error-codes'], ['invalid-input-secret']);

    // An Android key has no legacy secret.
    const [android] = await client.createKey({
      parent,
      key: { displayName: 'android legacy', androidSettings: { allowedPackageNames: ['com.example.app'] } },
    });
    await rejectsWith(
      () => client.retrieveLegacySecretKey({ key: android.name }),
      Code.FAILED_PRECONDITION,
      'retrieveLegacySecretKey of an android key',
    );
  });

  test('createAssessment: a valid token, then DUPE on reuse; missing and malformed tokens', async () => {
    const [key] = await client.createKey({ parent, key: webKey('assess') });
    const siteKey = idOf(key.name);
    const notBefore = Date.now();
    const token = await mintToken(server.url, siteKey, { action: 'login' });

    const [assessment] = await client.createAssessment({
      parent,
      assessment: { event: { token, siteKey, expectedAction: 'login', userAgent: HUMAN_USER_AGENT, userIpAddress: '127.0.0.1' } },
    });
    const notAfter = Date.now();
    assert.match(assessment.name, /^projects\/e2e-default\/assessments\/[0-9a-f]+$/);
    const tp = assessment.tokenProperties;
    assert.equal(tp.valid, true);
    assert.equal(tp.invalidReason, 'INVALID_REASON_UNSPECIFIED');
    assert.equal(tp.action, 'login');
    assert.equal(tp.hostname, '127.0.0.1');
    const createTime = Number(tp.createTime.seconds) * 1000 + Math.floor((tp.createTime.nanos ?? 0) / 1e6);
    assert.ok(createTime >= notBefore - 1 && createTime <= notAfter, 'createTime is when the token was made');
    assert.equal(assessment.event.siteKey, siteKey);
    assert.equal(assessment.event.expectedAction, 'login');
    assert.ok(DEFAULT_TIER_SCORES.includes(assessment.riskAnalysis.score), `score ${assessment.riskAnalysis.score}`);

    // The client decodes enums to their names.
    const [reused] = await client.createAssessment({ parent, assessment: { event: { token, siteKey } } });
    assert.equal(reused.tokenProperties.valid, false);
    assert.equal(reused.tokenProperties.invalidReason, 'DUPE');
    assert.equal(reused.riskAnalysis.score, 0);

    const [missing] = await client.createAssessment({ parent, assessment: { event: { siteKey } } });
    assert.equal(missing.tokenProperties.valid, false);
    assert.equal(missing.tokenProperties.invalidReason, 'MISSING');

    const [malformed] = await client.createAssessment({ parent, assessment: { event: { token: `${token.slice(0, -6)}AAAAAA`, siteKey } } });
    assert.equal(malformed.tokenProperties.valid, false);
    assert.equal(malformed.tokenProperties.invalidReason, 'MALFORMED');

    await rejectsWith(
      () => client.createAssessment({ parent, assessment: { event: { token, userIpAddress: 'not an ip' } } }),
      Code.INVALID_ARGUMENT,
      'createAssessment with a bad user_ip_address',
    );
  });

  test('getMetrics counts assessments per score bucket and per action', async () => {
    const [key] = await client.createKey({ parent, key: webKey('metrics') });
    const siteKey = idOf(key.name);
    const actions = ['checkout', 'checkout', 'signup'];
    for (const action of actions) {
      const token = await mintToken(server.url, siteKey, { action });
      const [a] = await client.createAssessment({ parent, assessment: { event: { token, siteKey } } });
      assert.equal(a.tokenProperties.valid, true);
      // Invalid assessments (here DUPE) are not counted.
      const [dupe] = await client.createAssessment({ parent, assessment: { event: { token, siteKey } } });
      assert.equal(dupe.tokenProperties.invalidReason, 'DUPE');
    }

    const [metrics] = await client.getMetrics({ name: `${key.name}/metrics` });
    assert.equal(metrics.name, `${key.name}/metrics`);
    assert.ok(metrics.scoreMetrics.length >= 1);
    assert.ok(Number(metrics.startTime.seconds) > 0);

    // One ScoreMetrics per day: add them up in case the test ran across midnight UTC.
    const sum = (pick) => metrics.scoreMetrics.reduce((total, day) => {
      for (const [bucket, count] of Object.entries(pick(day)?.scoreBuckets ?? {})) {
        assert.ok(DEFAULT_TIER_SCORES.map((s) => s * 100).includes(Number(bucket)), `bucket ${bucket}`);
        total += Number(count);
      }
      return total;
    }, 0);
    const overall = metrics.scoreMetrics[0].overallMetrics.scoreBuckets;
    assert.ok(Object.keys(overall).length >= 1, 'scoreMetrics[0].overallMetrics.scoreBuckets has counts');
    assert.equal(sum((day) => day.overallMetrics), actions.length);
    assert.equal(sum((day) => day.actionMetrics?.checkout), 2);
    assert.equal(sum((day) => day.actionMetrics?.signup), 1);
    assert.ok('checkout' in metrics.scoreMetrics.at(-1).actionMetrics, 'actionMetrics has the action');

    await rejectsWith(() => client.getMetrics({ name: `${parent}/keys/6LdoesNotExist/metrics` }), Code.NOT_FOUND, 'getMetrics of a missing key');
  });

  test('annotateAssessment accepts an annotation with reasons; an unknown assessment is NOT_FOUND', async () => {
    const [key] = await client.createKey({ parent, key: webKey('annotate') });
    const siteKey = idOf(key.name);
    const token = await mintToken(server.url, siteKey, { action: 'login' });
    const [assessment] = await client.createAssessment({ parent, assessment: { event: { token, siteKey } } });

    const [answer] = await client.annotateAssessment({
      name: assessment.name,
      annotation: 'LEGITIMATE',
      reasons: ['PASSED_TWO_FACTOR', 'CORRECT_PASSWORD'],
      accountId: 'user-1234',
    });
    assert.deepEqual(answer, {});

    const [again] = await client.annotateAssessment({ name: assessment.name, annotation: 'FRAUDULENT', reasons: ['CHARGEBACK'] });
    assert.deepEqual(again, {}, 'an assessment may be annotated again');

    await rejectsWith(
      () => client.annotateAssessment({ name: `${parent}/assessments/0123456789abcdef01234567`, annotation: 'LEGITIMATE' }),
      Code.NOT_FOUND,
      'annotating an unknown assessment',
    );
  });

  test('testingOptions.testingScore fixes every score', async () => {
    const [key] = await client.createKey({ parent, key: webKey('testing score', ['127.0.0.1'], { testingOptions: { testingScore: 0.5 } }) });
    assert.equal(key.testingOptions.testingScore, 0.5);
    const siteKey = idOf(key.name);
    for (const variant of signalVariants()) {
      const token = await mintToken(server.url, siteKey, { signals: variant.signals, userAgent: variant.userAgent ?? HUMAN_USER_AGENT });
      const [a] = await client.createAssessment({ parent, assessment: { event: { token, siteKey } } });
      assert.equal(a.tokenProperties.valid, true, variant.name);
      assert.equal(a.riskAnalysis.score, 0.5, `${variant.name}: the testing score is returned as is`);
    }

    const [updated] = await client.updateKey({
      key: { name: key.name, testingOptions: { testingScore: 0.2 } },
      updateMask: { paths: ['testing_options.testing_score'] },
    });
    assert.equal(updated.testingOptions.testingScore, 0.2);
    const token = await mintToken(server.url, siteKey, {});
    const [a] = await client.createAssessment({ parent, assessment: { event: { token, siteKey } } });
    assert.equal(a.riskAnalysis.score, 0.2, 'an updated testing score applies at once');
  });

  test('the default tier gives only 0.1, 0.3, 0.7 or 0.9 and no reasons', async () => {
    const [key] = await client.createKey({ parent, key: webKey('default tier') });
    const results = await scoreVariants(server, client, idOf(key.name));
    for (const { name, score, reasons } of results) {
      assert.ok(DEFAULT_TIER_SCORES.includes(score), `${name}: score ${score} is a default-tier level`);
      assert.deepEqual(reasons, [], `${name}: the default tier gives no reasons`);
    }
    const byName = Object.fromEntries(results.map((r) => [r.name, r.score]));
    assert.equal(byName.human, 0.9, 'a person at a desktop browser scores 0.9');
    assert.ok(byName.webdriver <= 0.3, 'a webdriver session scores low');
    assert.ok(byName['no collector'] <= 0.3, 'a token without signals scores low');
  });

  test('a wrong API key is UNAUTHENTICATED; another project\'s key is PERMISSION_DENIED', async () => {
    const [key] = await client.createKey({ parent, key: webKey('auth') });

    const wrong = clientFor(server, 'this-is-not-an-api-key-of-this-server');
    try {
      await rejectsWith(() => wrong.getKey({ name: key.name }), Code.UNAUTHENTICATED, 'getKey with a wrong API key');
      await rejectsWith(() => wrong.listKeys({ parent }), Code.UNAUTHENTICATED, 'listKeys with a wrong API key');
    } finally {
      await wrong.close().catch(() => {});
    }

    const otherKey = await server.createProjectWithApiKey('other-project');
    const other = clientFor(server, otherKey);
    try {
      await rejectsWith(() => other.getKey({ name: key.name }), Code.PERMISSION_DENIED, 'getKey of another project');
      await rejectsWith(() => other.listKeys({ parent }), Code.PERMISSION_DENIED, 'listKeys of another project');
      const token = await mintToken(server.url, idOf(key.name));
      await rejectsWith(
        () => other.createAssessment({ parent, assessment: { event: { token } } }),
        Code.PERMISSION_DENIED,
        'createAssessment in another project',
      );

      // The other project's own API works, and it cannot spend this project's tokens.
      const otherParent = 'projects/other-project';
      const [otherKeys] = await other.listKeys({ parent: otherParent });
      assert.deepEqual(otherKeys, []);
      const [foreign] = await other.createAssessment({ parent: otherParent, assessment: { event: { token } } });
      assert.equal(foreign.tokenProperties.valid, false, 'a token of another project\'s key is not valid here');
      assert.deepEqual(foreign.riskAnalysis.extendedVerdictReasons, ['SITE_MISMATCH']);
      const [own] = await client.createAssessment({ parent, assessment: { event: { token } } });
      assert.equal(own.tokenProperties.valid, true, 'the failed foreign assessment did not spend the token');
    } finally {
      await other.close().catch(() => {});
    }
  });

  test('a spent token stays DUPE after a restart; an unspent one stays valid', async () => {
    const [key] = await client.createKey({ parent, key: webKey('restart') });
    const siteKey = idOf(key.name);
    const spent = await mintToken(server.url, siteKey, { action: 'before_restart' });
    const unspent = await mintToken(server.url, siteKey, { action: 'before_restart' });
    const [first] = await client.createAssessment({ parent, assessment: { event: { token: spent, siteKey } } });
    assert.equal(first.tokenProperties.valid, true);

    await client.close().catch(() => {});
    await server.restart();
    client = clientFor(server);

    const [dupe] = await client.createAssessment({ parent, assessment: { event: { token: spent, siteKey } } });
    assert.equal(dupe.tokenProperties.valid, false);
    assert.equal(dupe.tokenProperties.invalidReason, 'DUPE');

    const [valid] = await client.createAssessment({ parent, assessment: { event: { token: unspent, siteKey } } });
    assert.equal(valid.tokenProperties.valid, true, 'the token keys survive a restart');
    assert.equal(valid.tokenProperties.action, 'before_restart');

    const [got] = await client.getKey({ name: key.name });
    assert.equal(got.displayName, 'restart', 'keys survive a restart');
  });
});

describe('official client against a full-tier project', () => {
  let server;
  let client;
  let parent;

  before(async () => {
    server = await startServer({ project: 'e2e-full', fullScoreLevels: true });
    client = clientFor(server);
    parent = `projects/${server.project}`;
  });

  after(async () => {
    await client?.close().catch(() => {});
    await server?.dispose();
  });

  test('the full tier gives scores in steps of 0.1 and reasons for low scores', async () => {
    const [key] = await client.createKey({ parent, key: webKey('full tier') });
    const results = await scoreVariants(server, client, idOf(key.name));
    for (const { name, score } of results) {
      assert.ok(score >= 0 && score <= 1, `${name}: score ${score} in [0, 1]`);
      assert.ok(Math.abs(score * 10 - Math.round(score * 10)) < 1e-6, `${name}: score ${score} is one of the 11 levels`);
    }
    const byName = Object.fromEntries(results.map((r) => [r.name, r]));
    assert.equal(byName.human.score, 0.9);
    assert.deepEqual(byName.human.reasons, []);
    for (const bot of ['no collector', 'webdriver', 'headless']) {
      assert.ok(byName[bot].score <= 0.3, `${bot}: score ${byName[bot].score}`);
      assert.ok(byName[bot].reasons.includes('AUTOMATION'), `${bot}: reasons ${byName[bot].reasons}`);
    }
    assert.ok(byName['spoofed user agent'].reasons.includes('UNEXPECTED_ENVIRONMENT'),
      `spoofed user agent: reasons ${byName['spoofed user agent'].reasons}`);
    assert.ok(results.some((r) => !DEFAULT_TIER_SCORES.includes(r.score)), 'the full tier uses levels the default tier does not');
  });

  test('testingOptions.testingScore overrides the full tier too, without reasons', async () => {
    const [key] = await client.createKey({ parent, key: webKey('full testing', ['127.0.0.1'], { testingOptions: { testingScore: 1 } }) });
    const siteKey = idOf(key.name);
    const token = await mintToken(server.url, siteKey, { signals: null });
    const [a] = await client.createAssessment({ parent, assessment: { event: { token, siteKey } } });
    assert.equal(a.tokenProperties.valid, true);
    assert.equal(a.riskAnalysis.score, 1);
    assert.deepEqual(a.riskAnalysis.reasons, []);
  });
});
