// Starts the Bulwark Release build as a child process on a temporary data directory.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import recaptcha from '@google-cloud/recaptcha-enterprise';

const here = path.dirname(fileURLToPath(import.meta.url));
export const serverDll = path.resolve(
  here,
  process.env.BULWARK_SERVER_DLL ?? '../src/Bulwark.Server/bin/Release/net10.0/Bulwark.Server.dll',
);
const LISTENING = /Now listening on: (http:\/\/[^\s]+)/;

/**
 * Starts Bulwark with a bootstrap project and API key (full score levels) and `trustedProxy`
 * as a trusted proxy, then creates a SCORE site key for `allowedDomains` with the official client.
 */
export async function startBulwark({ allowedDomains = ['127.0.0.1'], trustedProxy = '127.0.0.1', log = () => {} } = {}) {
  const project = 'bulwark-eval';
  const apiKey = `eval-${randomBytes(24).toString('hex')}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bulwark-eval-'));
  const child = spawn('dotnet', [serverDll, '--urls', 'http://127.0.0.1:0'], {
    cwd: path.dirname(serverDll),
    env: {
      ...process.env,
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
      ASPNETCORE_ENVIRONMENT: 'Production',
      Bulwark__DataDir: dataDir,
      Bulwark__Bootstrap__Project: project,
      Bulwark__Bootstrap__ApiKey: apiKey,
      Bulwark__Bootstrap__FullScoreLevels: 'true',
      Bulwark__Network__TrustedProxies__0: trustedProxy,
      Bulwark__Demo__Enabled: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const kill = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };
  process.once('exit', kill);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(kill, 15_000);
      await exited;
      clearTimeout(t);
    }
    // BULWARK_EVAL_KEEP_DATA=1 keeps the database, to read the stored evidence afterwards.
    if (process.env.BULWARK_EVAL_KEEP_DATA === '1') log(`kept Bulwark's data directory ${dataDir}`);
    else await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Bulwark did not start in 60 s:\n${output}`)), 60_000);
      child.stdout.setEncoding('utf8').on('data', (chunk) => {
        output += chunk;
        const m = LISTENING.exec(output);
        if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
      });
      child.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
      child.once('error', (err) => { clearTimeout(timer); reject(err); });
      child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`Bulwark exited (${code ?? signal}):\n${output}`)); });
    });
    log(`Bulwark listening on ${url} (data ${dataDir})`);
    const port = Number(new URL(url).port);
    const client = new recaptcha.RecaptchaEnterpriseServiceClient({
      apiEndpoint: '127.0.0.1', port, protocol: 'http', fallback: true, apiKey,
    });
    const [key] = await client.createKey({
      parent: `projects/${project}`,
      key: { displayName: 'evaluation login site', webSettings: { allowedDomains, integrationType: 'SCORE' } },
    });
    const siteKey = key.name.slice(key.name.lastIndexOf('/') + 1);
    return {
      url, port, project, apiKey, siteKey, client, dataDir,
      output: () => output,
      stop: async () => { await client.close().catch(() => {}); await stop(); },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
