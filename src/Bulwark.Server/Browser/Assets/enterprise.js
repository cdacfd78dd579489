/*! Bulwark enterprise.js: a drop-in for reCAPTCHA Enterprise's script. No cookies, no dependencies. */
(function () {
  'use strict';
  if (window.grecaptcha && window.grecaptcha.__bulwark) return;

  var script = document.currentScript;
  var src = new URL(script ? script.src : '/recaptcha/enterprise.js', location.href);
  var base = src.origin;
  var renderKey = src.searchParams.get('render');
  var onloadName = src.searchParams.get('onload');
  var loadedAt = performance.now();
  var readyQueue = [];
  var isReady = false;

  var errors = 0;
  var CHALLENGE_REFRESH_MS = 20 * 60 * 1000;
  var PROBE_WAIT_MS = 300;
  var CHALLENGE_WAIT_MS = 1500;

  // Every probe is wrapped: a collector that throws would break the customer's page.
  function attempt(fn, fallback) {
    try { return fn(); } catch (e) { errors++; return fallback; }
  }

  // ---- Input provenance and behaviour -------------------------------------------------------
  // Counts, plus bounded rings of trusted event times and pointer positions (never which key).
  var counts = { mm: 0, kd: 0, ck: 0, sc: 0, tc: 0, ut: 0, pd: 0, pz: 0, ik: 0, fc: 0 };
  var moves = [], buttons = [], keys = [];
  var firstAt = null, lastKeyAt = -Infinity, automation = 0;
  var DRIVER_STACK = /pptr:|UtilityScript|__puppeteer_evaluation_script__|__playwright/;

  function stamp() { return Math.round(performance.now() * 10) / 10; }
  function push(ring, item, cap) {
    ring.push(item);
    if (ring.length > cap) ring.splice(0, ring.length - cap);
  }
  function interacted(t) { if (firstAt === null) firstAt = t; }

  // A synthetic event dispatched from a driver's evaluate() carries the driver's frames.
  function inspectUntrusted() {
    if (automation & 32) return;
    var limit = Error.stackTraceLimit, settable = typeof limit === 'number';
    try {
      if (settable) Error.stackTraceLimit = 50;
      if (DRIVER_STACK.test(String(new Error().stack || ''))) automation |= 32;
    } finally {
      if (settable) Error.stackTraceLimit = limit;
    }
  }

  function on(type, fn) {
    window.addEventListener(type, function (e) {
      try {
        if (!e.isTrusted) { inspectUntrusted(); if (fn.counted) counts.ut++; return; }
        fn(e);
      } catch (x) { errors++; }
    }, { capture: true, passive: true });
  }
  function counted(fn) { fn.counted = true; return fn; }

  on('mousemove', counted(function (e) {
    var t = stamp();
    counts.mm++;
    interacted(t);
    push(moves, [t, e.clientX, e.clientY], 400);
    var dpr = window.devicePixelRatio;
    if (dpr === Math.round(dpr) && (e.clientX % 1 !== 0 || e.clientY % 1 !== 0)) counts.fc++;
  }));
  on('keydown', counted(function (e) {
    var t = stamp();
    counts.kd++;
    lastKeyAt = performance.now();
    interacted(t);
    if (!e.repeat) push(keys, [t, 1], 128);
  }));
  on('keyup', function () { push(keys, [stamp(), 0], 128); });
  on('click', counted(function () { counts.ck++; }));
  on('scroll', counted(function () { counts.sc++; }));
  on('touchstart', counted(function () { counts.tc++; interacted(stamp()); }));
  on('mousedown', function () { var t = stamp(); interacted(t); push(buttons, [t, 1], 64); });
  on('mouseup', function () { push(buttons, [stamp(), 0], 64); });
  on('pointerdown', function (e) {
    if (e.pointerType !== 'mouse') return;
    counts.pd++;
    if (e.pressure === 0) counts.pz++;
  });
  // Text that arrives with no key pressed just before: fill(), paste, autofill, dictation.
  var INSERTS = /^insert(Text|FromPaste|ReplacementText|FromDrop|FromYank)$/;
  on('input', function (e) {
    if (INSERTS.test(e.inputType || '') && performance.now() - lastKeyAt > 1000) counts.ik++;
  });

  // ---- Probes that run in this page ---------------------------------------------------------

  // CDP Runtime domain: while a client with Runtime enabled is attached, logging an Error makes
  // V8 build its stack (calling Error.prepareStackTrace) and read its name again. Nothing of the
  // page is left changed: the hook lives for one synchronous call.
  function cdpProbe() {
    var hit = false, reads = 0, E = Error;
    var had = Object.prototype.hasOwnProperty.call(E, 'prepareStackTrace'), old = E.prepareStackTrace;
    try {
      E.prepareStackTrace = function (err, frames) {
        hit = true;
        return typeof old === 'function' ? old(err, frames) : 'Error';
      };
      var err = new E('');
      Object.defineProperty(err, 'name', { configurable: true, get: function () { reads++; return 'Error'; } });
      console.debug(err);
    } finally {
      if (had) E.prepareStackTrace = old; else delete E.prepareStackTrace;
    }
    return hit || reads > 1;
  }

  function webglRenderer(canvas) {
    var gl = canvas.getContext('webgl') || canvas.getContext('experimental-webgl');
    if (!gl) return '';
    var info = gl.getExtension('WEBGL_debug_renderer_info');
    var renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) || '');
    var lose = gl.getExtension('WEBGL_lose_context');
    if (lose) lose.loseContext();
    return renderer.slice(0, 128);
  }

  var mainRenderer;
  function pageRenderer() {
    if (mainRenderer === undefined) mainRenderer = attempt(function () { return webglRenderer(document.createElement('canvas')); }, '');
    return mainRenderer;
  }

  function languageList(n) {
    return n.languages ? Array.prototype.slice.call(n.languages, 0, 5).join(',') : undefined;
  }

  // Automation frameworks' globals, attributes and user agents.
  function artefacts() {
    var bits = automation, names = [];
    attempt(function () { names = names.concat(Object.getOwnPropertyNames(window)); });
    attempt(function () { names = names.concat(Object.getOwnPropertyNames(document)); });
    for (var i = 0; i < names.length; i++) {
      var name = names[i];
      if (/^\$?cdc_|^\$wdc_|^\$chrome_asyncScriptInfo$/.test(name)) bits |= 1;
      else if (/^__pwInitScripts$|^__playwright/.test(name)) bits |= 2;
      else if (/^puppeteer_|^__puppeteer/.test(name)) bits |= 4;
      else if (/^__(webdriver|selenium|driver|fxdriver)_|^_Selenium_IDE_Recorder$|^_?selenium$|^calledSelenium$|^domAutomation(Controller)?$|^__lastWatirAlert$|^__webdriverFunc$/.test(name)) bits |= 8;
      else if (/^(callPhantom|_phantom|phantom|__nightmare|__phantomas)$/.test(name)) bits |= 16;
    }
    attempt(function () {
      var html = document.documentElement;
      if (html.getAttribute('webdriver') !== null || html.getAttribute('selenium') !== null || html.getAttribute('driver') !== null) bits |= 8;
    });
    attempt(function () {
      var p = window.process;
      if (p && p.versions && p.versions.electron) bits |= 16;
    });
    attempt(function () { if (/HeadlessChrome|PhantomJS|Electron\//.test(navigator.userAgent)) bits |= 64; });
    return bits;
  }

  // Native-function lie tests (research row 2). Each reads only; the one test that must write
  // (the prototype cycle) restores the prototype in a finally block.
  var NATIVE_TEXT = /^function (get |set )?[\w$]*\(\) \{\s*\[native code\]\s*\}$/;
  var toStringOf = Function.prototype.toString;

  function isLie(fn) {
    var text = toStringOf.call(fn);
    if (!NATIVE_TEXT.test(text)) return true;
    if ('prototype' in fn) return true;
    var own = Object.getOwnPropertyNames(fn).sort().join(',');
    if (own !== 'length,name') return true;
    if (Object.getOwnPropertySymbols && Object.getOwnPropertySymbols(fn).length) return true;
    return prototypeCycleLie(fn);
  }

  // A native function refuses a cyclic prototype (TypeError); a Proxy forwards the write to its
  // target, so the cycle goes through and a later lookup recurses until RangeError.
  function prototypeCycleLie(fn) {
    var proto = Object.getPrototypeOf(fn), accepted = false;
    try {
      Object.setPrototypeOf(fn, Object.create(fn));
      accepted = true;
    } catch (e) {
      return !(e instanceof TypeError);
    } finally {
      if (accepted) Object.setPrototypeOf(fn, proto);
    }
    return true;
  }

  // Object.create(native).toString() throws a TypeError from the native itself; a patched
  // Function.prototype.toString throws from the patch (or not at all).
  function toStringErrorLie(fn) {
    function you() { return Object.create(fn).toString(); }
    function cant() { return you(); }
    function hide() { return cant(); }
    try {
      hide();
      return true;
    } catch (e) {
      if (!(e instanceof TypeError)) return true;
      var lines = String(e.stack || '').split('\n');
      // V8 only, and only when the page left enough stack frames to compare.
      if (typeof Error.captureStackTrace !== 'function' || lines.length < 5 || !/^TypeError/.test(lines[0])) return false;
      return /at (Object|Function)\.apply|at Reflect\./.test(lines[1]) || !/at you/.test(lines[2]) || !/at cant/.test(lines[3]) || !/at hide/.test(lines[4]);
    }
  }

  function protoOf(name) { var C = window[name]; return C && C.prototype; }
  function method(owner, name) { return owner && owner[name]; }
  function getter(owner, name) {
    var d = owner && Object.getOwnPropertyDescriptor(owner, name);
    return d ? d.get : undefined;
  }

  function tamper() {
    var found = [], count = 0;
    function mark(code) {
      count++;
      if (found.indexOf(code) < 0 && found.length < 16) found.push(code);
    }
    function check(code, fn) {
      if (typeof fn !== 'function') return;
      try { if (isLie(fn)) mark(code); } catch (e) { mark(code); }
    }
    var nav = protoOf('Navigator');
    check('fts', Function.prototype.toString);
    check('pq', method(protoOf('Permissions'), 'query'));
    check('gp', method(protoOf('WebGLRenderingContext'), 'getParameter'));
    check('gp2', method(protoOf('WebGL2RenderingContext'), 'getParameter'));
    var navs = [['nwd', 'webdriver', 1], ['nhc', 'hardwareConcurrency', 1], ['nlg', 'languages', 1], ['npl', 'plugins', 1],
      ['nua', 'userAgent', 1], ['npf', 'platform', 1], ['nvd', 'vendor', 1], ['ndm', 'deviceMemory', 0]];
    for (var i = 0; i < navs.length; i++) {
      var fn = getter(nav, navs[i][1]);
      if (fn === undefined && navs[i][2] && nav) mark(navs[i][0]); else check(navs[i][0], fn);
      // A getter defined on the navigator instance shadows the prototype's: the spoofer's shortcut.
      if (attempt(function () { return Object.getOwnPropertyDescriptor(navigator, navs[i][1]); })) mark(navs[i][0]);
    }
    if (attempt(function () { return Object.getOwnPropertyNames(navigator).length > 0; }, false)) mark('nio');
    check('cpt', method(protoOf('HTMLMediaElement'), 'canPlayType'));
    check('icw', getter(protoOf('HTMLIFrameElement'), 'contentWindow'));
    check('tdu', method(protoOf('HTMLCanvasElement'), 'toDataURL'));
    check('gid', method(protoOf('CanvasRenderingContext2D'), 'getImageData'));
    check('gcd', method(protoOf('AudioBuffer'), 'getChannelData'));
    check('gcr', method(protoOf('Element'), 'getClientRects'));
    check('gbr', method(protoOf('Element'), 'getBoundingClientRect'));
    check('tzo', Date.prototype.getTimezoneOffset);
    check('dro', window.Intl && Intl.DateTimeFormat && Intl.DateTimeFormat.prototype.resolvedOptions);
    check('ntp', getter(window.Notification, 'permission'));
    check('scr', getter(protoOf('Screen'), 'width'));
    check('scr', getter(protoOf('Screen'), 'height'));
    try { if (toStringErrorLie(Function.prototype.toString)) mark('fts'); } catch (e) { mark('fts'); }
    return { tm: count, tn: found };
  }

  // ---- Probes in other contexts (asynchronous, started once the page is idle) -----------------

  // Runs in a dedicated worker; receives cdpProbe's source as its argument.
  function workerMain(probe) {
    var n = navigator, r = {};
    function take(k, f) { try { var v = f(); if (v !== undefined && v !== null) r[k] = v; } catch (e) { /* absent */ } }
    take('ua', function () { return String(n.userAgent).slice(0, 256); });
    take('pf', function () { return n.platform; });
    take('hc', function () { return n.hardwareConcurrency; });
    take('dm', function () { return n.deviceMemory; });
    take('ls', function () { return n.languages ? Array.prototype.slice.call(n.languages, 0, 5).join(',') : undefined; });
    take('tz', function () { return Intl.DateTimeFormat().resolvedOptions().timeZone; });
    take('wd', function () { return n.webdriver === true; });
    take('gl', function () {
      if (typeof OffscreenCanvas !== 'function') return undefined;
      var gl = new OffscreenCanvas(1, 1).getContext('webgl');
      if (!gl) return '';
      var info = gl.getExtension('WEBGL_debug_renderer_info');
      return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) || '').slice(0, 128);
    });
    take('cdp', probe);
    postMessage(r);
  }

  var context = { wk: undefined, fr: undefined, tamper: undefined };
  var probes = null;

  function workerProbe() {
    return new Promise(function (resolve) {
      var url, worker, timer;
      function finish(data) {
        clearTimeout(timer);
        attempt(function () { if (worker) worker.terminate(); if (url) URL.revokeObjectURL(url); });
        if (data && typeof data === 'object') {
          var wk = {};
          ['ua', 'pf', 'hc', 'dm', 'ls', 'tz', 'wd', 'gl', 'cdp'].forEach(function (k) {
            if (data[k] !== undefined) wk[k] = data[k];
          });
          context.wk = wk;
        }
        resolve();
      }
      try {
        var source = '(' + workerMain.toString() + ')(' + cdpProbe.toString() + ');';
        url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
        worker = new Worker(url);
        worker.onmessage = function (e) { finish(e.data); };
        worker.onerror = function (e) { if (e && e.preventDefault) e.preventDefault(); finish(null); };
        timer = setTimeout(function () { finish(null); }, 3000);
      } catch (e) {
        // CSP (worker-src) or a privacy tool: no worker, no wk.
        finish(null);
      }
    });
  }

  function frameProbe() {
    var fr = {};
    // stealth's iframe.contentWindow evasion: a detached iframe with srcdoc must have no window.
    attempt(function () {
      var detached = document.createElement('iframe');
      detached.srcdoc = '<!doctype html>';
      fr.px = !!detached.contentWindow;
    });
    var frame;
    try {
      frame = document.createElement('iframe');
      frame.setAttribute('aria-hidden', 'true');
      frame.tabIndex = -1;
      frame.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
      (document.body || document.documentElement).appendChild(frame);
      var w = frame.contentWindow, n = w.navigator;
      fr.ua = String(n.userAgent).slice(0, 256);
      fr.pf = n.platform;
      fr.hc = n.hardwareConcurrency;
      if (n.deviceMemory !== undefined) fr.dm = n.deviceMemory;
      fr.ls = languageList(n);
      fr.tz = w.Intl.DateTimeFormat().resolvedOptions().timeZone;
      fr.wd = n.webdriver === true;
    } catch (e) {
      errors++;
    } finally {
      if (frame && frame.parentNode) frame.parentNode.removeChild(frame);
    }
    context.fr = fr;
  }

  function startProbes() {
    if (probes) return probes;
    context.tamper = attempt(tamper, undefined);
    attempt(pageRenderer);
    attempt(frameProbe);
    probes = workerProbe();
    return probes;
  }

  // ---- The collector challenge ----------------------------------------------------------------
  var challenges = {};

  function challengeFor(key) {
    var entry = challenges[key];
    if (entry && entry.pending) return entry.pending;
    if (entry && entry.c && Date.now() - entry.at < CHALLENGE_REFRESH_MS) return Promise.resolve(entry);
    var pending = fetch(base + '/recaptcha/enterprise/challenge?k=' + encodeURIComponent(key), {
      method: 'GET',
      mode: 'cors',
      credentials: 'omit',
      cache: 'no-store'
    }).then(function (res) {
      return res.ok ? res.json() : null;
    }).then(function (json) {
      challenges[key] = json && typeof json.c === 'string' ? { c: json.c, at: Date.now() } : undefined;
      return challenges[key];
    }, function () {
      challenges[key] = undefined;
      return undefined;
    });
    challenges[key] = { pending: pending };
    return pending;
  }

  function within(promise, ms) {
    return new Promise(function (resolve) {
      var timer = setTimeout(resolve, ms);
      promise.then(function () { clearTimeout(timer); resolve(); }, function () { clearTimeout(timer); resolve(); });
    });
  }

  // cyrb53 (bryc, public domain): a 53-bit string hash. Bulwark.Core.Signals.PayloadProof is its twin.
  function cyrb53(str) {
    var h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (var i = 0; i < str.length; i++) {
      var ch = str.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
  }

  // ---- The payload ----------------------------------------------------------------------------
  function collect(key) {
    var s = { v: 2 };
    function take(name, fn) {
      try { var v = fn(); if (v !== undefined && v !== null) s[name] = v; } catch (e) { errors++; }
    }
    var n = navigator;
    take('wd', function () { return n.webdriver === true; });
    take('ua', function () { return String(n.userAgent).slice(0, 256); });
    take('pf', function () { return n.platform; });
    take('pl', function () { return n.plugins ? n.plugins.length : undefined; });
    take('lg', function () { return n.languages ? n.languages.length : undefined; });
    take('ls', function () { return languageList(n); });
    take('hc', function () { return n.hardwareConcurrency; });
    take('dm', function () { return n.deviceMemory; });
    take('sw', function () { return screen.width; });
    take('sh', function () { return screen.height; });
    take('aw', function () { return screen.availWidth; });
    take('ah', function () { return screen.availHeight; });
    take('ow', function () { return window.outerWidth; });
    take('oh', function () { return window.outerHeight; });
    take('iw', function () { return window.innerWidth; });
    take('ih', function () { return window.innerHeight; });
    take('pr', function () { return window.devicePixelRatio; });
    take('tz', function () { return Intl.DateTimeFormat().resolvedOptions().timeZone; });
    take('tp', function () { return n.maxTouchPoints; });
    take('ch', function () { return typeof window.chrome === 'object' && window.chrome !== null; });
    take('el2', function () { return eval.toString().length; });
    var uad = n.userAgentData;
    if (uad) {
      take('uab', function () {
        return Array.prototype.map.call(uad.brands || [], function (b) { return b.brand + '/' + b.version; }).join(',');
      });
      take('uam', function () { return uad.mobile === true; });
      take('uap', function () { return uad.platform; });
    }
    take('gl', pageRenderer);
    take('np', function () { return window.Notification ? Notification.permission : undefined; });
    take('pdf', function () { return n.pdfViewerEnabled; });
    take('au', artefacts);
    take('cdp', cdpProbe);
    var t = context.tamper;
    if (t) { s.tm = t.tm; s.tn = t.tn; }
    if (context.wk) s.wk = context.wk;
    if (context.fr) s.fr = context.fr;
    Object.keys(counts).forEach(function (k) { s[k] = counts[k]; });
    var now = performance.now();
    take('b', function () {
      return BulwarkBehaviour.summarise({
        moves: moves.slice(), buttons: buttons.slice(), keys: keys.slice(),
        loadedAt: loadedAt, now: now, firstAt: firstAt
      });
    });
    s.el = Math.round(now - loadedAt);
    var ch = challenges[key];
    if (ch && ch.c) {
      s.cn = ch.c;
      s.ca = Math.max(0, Date.now() - ch.at);
    }
    s.er = errors;
    return s;
  }

  // A token the server will read as BROWSER_ERROR: the request failed before any server saw it.
  function errorToken(siteKey, action, code) {
    var raw = JSON.stringify({ k: siteKey, a: action, c: code });
    return 'err.' + btoa(raw).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // The body's text is assembled by hand so that the proof covers exactly the bytes of "s" sent.
  function tokenBody(key, action) {
    var signals = JSON.stringify(collect(key));
    var ch = challenges[key];
    var proof = ch && ch.c ? ',"p":"' + cyrb53(ch.c + '|' + signals) + '"' : '';
    return '{"a":' + JSON.stringify(action) + ',"s":' + signals + proof + '}';
  }

  function execute(siteKey, options) {
    var key = siteKey || renderKey;
    var action = (options && options.action) || '';
    if (!key) return Promise.reject(new Error('grecaptcha.enterprise.execute: no site key'));
    var waits = Promise.all([within(challengeFor(key), CHALLENGE_WAIT_MS), within(startProbes(), PROBE_WAIT_MS)]);
    return waits.then(function () {
      return fetch(base + '/recaptcha/enterprise/token?k=' + encodeURIComponent(key), {
        method: 'POST',
        mode: 'cors',
        credentials: 'omit',
        cache: 'no-store',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        body: tokenBody(key, action)
      });
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (json) {
        if (res.ok && json.token) return json.token;
        if (res.status >= 500 || res.status === 429) return errorToken(key, action, 'http-' + res.status);
        throw new Error('Bulwark: ' + (json.error || ('HTTP ' + res.status)));
      });
    }, function () {
      return errorToken(key, action, 'network');
    });
  }

  function ready(cb) {
    if (isReady) { setTimeout(cb, 0); } else { readyQueue.push(cb); }
  }

  // Invisible widgets: <button class="g-recaptcha" data-sitekey data-callback data-action>.
  var widgets = [];
  function render(container, params) {
    var el = typeof container === 'string' ? document.getElementById(container) : container;
    params = params || {};
    var id = widgets.length;
    var widget = {
      el: el,
      sitekey: params.sitekey || (el && el.getAttribute('data-sitekey')),
      action: params.action || (el && el.getAttribute('data-action')) || 'submit',
      callback: params.callback || (el && el.getAttribute('data-callback')),
      response: ''
    };
    widgets.push(widget);
    if (el && el.tagName === 'BUTTON' || (el && el.tagName === 'INPUT')) {
      el.addEventListener('click', function (e) {
        e.preventDefault();
        execute(widget.sitekey, { action: widget.action }).then(function (token) {
          widget.response = token;
          var form = el.form || el.closest('form');
          if (form) {
            var field = form.querySelector('textarea[name="g-recaptcha-response"]');
            if (!field) {
              field = document.createElement('textarea');
              field.name = 'g-recaptcha-response';
              field.style.display = 'none';
              form.appendChild(field);
            }
            field.value = token;
          }
          var cb = typeof widget.callback === 'function' ? widget.callback : window[widget.callback];
          if (typeof cb === 'function') cb(token); else if (form) form.submit();
        });
      });
    }
    return id;
  }

  function widget(id) { return widgets[id === undefined ? 0 : id]; }
  var api = {
    __bulwark: true,
    ready: ready,
    execute: execute,
    render: render,
    reset: function (id) { var w = widget(id); if (w) w.response = ''; },
    getResponse: function (id) { var w = widget(id); return w ? w.response : ''; }
  };
  var g = window.grecaptcha = window.grecaptcha || {};
  g.enterprise = api;
  // reCAPTCHA v3 spelling, so pages written for api.js work too.
  g.ready = g.ready || ready;
  g.execute = g.execute || execute;
  g.render = g.render || render;

  function start() {
    var auto = document.querySelectorAll('.g-recaptcha[data-sitekey]');
    for (var i = 0; i < auto.length; i++) render(auto[i]);
    isReady = true;
    readyQueue.splice(0).forEach(function (cb) { try { cb(); } catch (e) { setTimeout(function () { throw e; }); } });
    if (onloadName && typeof window[onloadName] === 'function') window[onloadName]();
    // The slower probes and the challenge wait for the page to be idle, never blocking it.
    function later() {
      attempt(startProbes);
      var first = renderKey || (widgets[0] && widgets[0].sitekey);
      if (first) challengeFor(first);
    }
    if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(later, { timeout: 1000 }); else setTimeout(later, 50);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else setTimeout(start, 0);
})();
