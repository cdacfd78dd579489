// Automated setups: the usual tools, each doing what a credential-stuffing script does on the
// login page: open it, click into the fields, type, click the button.
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { addExtra } from 'puppeteer-extra';
import StealthPlugin from 'puppeteer-extra-plugin-stealth';
import { createCursor } from 'ghost-cursor';
import { rng } from './humandata.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
// What people pass to run Chromium in a container; no flag that changes what the page sees.
const ARGS = ['--no-first-run', '--no-default-browser-check', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', ...(isRoot ? ['--no-sandbox'] : [])];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const READY = () => window.__ready === true;

/** Each setup: launch() → a browser handle; session(handle, ctx) runs one visit in a fresh context. */
export const BOT_SETUPS = {
  'playwright-headless': {
    description: 'playwright-core 1.65.1, Chromium headless (new headless), page.click + keyboard.type',
    headful: false, launch: () => playwrightLaunch(true), session: playwrightSession,
  },
  'playwright-headful': {
    description: 'playwright-core 1.65.1, Chromium headful under Xvfb, page.click + keyboard.type',
    headful: true, launch: () => playwrightLaunch(false), session: playwrightSession,
  },
  'puppeteer-headless': {
    description: 'puppeteer-core 25.16.0, Chromium headless, page.click + page.type',
    headful: false, launch: () => puppeteerLaunch(puppeteer, true), session: puppeteerSession,
  },
  'puppeteer-headful': {
    description: 'puppeteer-core 25.16.0, Chromium headful under Xvfb, page.click + page.type',
    headful: true, launch: () => puppeteerLaunch(puppeteer, false), session: puppeteerSession,
  },
  'stealth-headless': {
    description: 'puppeteer-extra 3.3.6 + puppeteer-extra-plugin-stealth 2.11.2, headless',
    headful: false, launch: () => puppeteerLaunch(stealthPuppeteer(), true), session: puppeteerSession,
  },
  'stealth-headful': {
    description: 'puppeteer-extra 3.3.6 + puppeteer-extra-plugin-stealth 2.11.2, headful under Xvfb',
    headful: true, launch: () => puppeteerLaunch(stealthPuppeteer(), false), session: puppeteerSession,
  },
  'humanlike-ghost-cursor': {
    description: 'puppeteer-core headful under Xvfb (1920×1080 window, no viewport emulation) + ghost-cursor 1.4.2 '
      + '(Bézier paths, Fitts step counts, overshoot) + per-key random hold/flight and pauses',
    headful: true, launch: () => puppeteerLaunch(puppeteer, false, true), session: humanlikeSession,
  },
};

let stealthInstance;
function stealthPuppeteer() {
  if (!stealthInstance) {
    stealthInstance = addExtra(puppeteer);
    stealthInstance.use(StealthPlugin());
  }
  return stealthInstance;
}

async function playwrightLaunch(headless) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless, args: ARGS });
  return {
    newPage: async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      return { page, close: () => context.close() };
    },
    close: () => browser.close(),
  };
}

async function puppeteerLaunch(pptr, headless, fullWindow = false) {
  const browser = await pptr.launch({
    executablePath: CHROMIUM,
    headless,
    args: [...ARGS, ...(fullWindow ? ['--window-size=1920,1080', '--window-position=0,0'] : [])],
    defaultViewport: fullWindow ? null : undefined,
  });
  return {
    newPage: async () => {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      return { page, close: () => context.close() };
    },
    close: () => browser.close(),
  };
}

async function playwrightSession({ page }, { url, credentials }) {
  await page.goto(url);
  await page.waitForFunction(READY, null, { timeout: 30_000 });
  await page.click('#username');
  await page.keyboard.type(credentials.username, { delay: 20 });
  await page.click('#password');
  await page.keyboard.type(credentials.password, { delay: 20 });
  await page.click('#submit');
}

async function puppeteerSession({ page }, { url, credentials }) {
  await page.goto(url);
  await page.waitForFunction(READY, { timeout: 30_000 });
  await page.click('#username');
  await page.type('#username', credentials.username, { delay: 20 });
  await page.click('#password');
  await page.type('#password', credentials.password, { delay: 20 });
  await page.click('#submit');
}

/** The best a script author does without OS input: curved moves, human-ish key timing, pauses. */
async function humanlikeSession({ page }, { url, credentials, sid }) {
  const rand = rng(`${sid}/humanlike`);
  const gauss = () => (rand() + rand() + rand() - 1.5) / 1.5; // ~N(0, 0.5), bounded
  const cursor = createCursor(page, { x: rand.int(600, 1400), y: rand.int(600, 950) });
  await page.goto(url);
  await page.waitForFunction(READY, { timeout: 30_000 });
  await sleep(rand.int(600, 1500));
  const typeLikeAPerson = async (text) => {
    for (const ch of text) {
      await page.keyboard.down(ch);
      await sleep(Math.max(35, 95 + 35 * gauss()));
      await page.keyboard.up(ch);
      await sleep(Math.max(20, 140 + 90 * gauss() + (rand() < 0.08 ? rand.int(250, 700) : 0)));
    }
  };
  await cursor.click('#username', { paddingPercentage: 30, hesitate: rand.int(50, 200), waitForClick: rand.int(60, 140) });
  await sleep(rand.int(250, 600));
  await typeLikeAPerson(credentials.username);
  await sleep(rand.int(300, 900));
  await cursor.click('#password', { paddingPercentage: 30, hesitate: rand.int(50, 200), waitForClick: rand.int(60, 140) });
  await sleep(rand.int(250, 600));
  await typeLikeAPerson(credentials.password);
  await sleep(rand.int(400, 1200));
  await cursor.click('#submit', { paddingPercentage: 30, hesitate: rand.int(80, 300), waitForClick: rand.int(60, 140) });
}
