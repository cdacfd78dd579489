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

  // Input provenance, summarised: counts only, never coordinates or keys.
  var counts = { mm: 0, kd: 0, ck: 0, sc: 0, tc: 0, ut: 0 };
  function counter(name) {
    return function (e) {
      if (e.isTrusted) counts[name]++; else counts.ut++;
    };
  }
  var listen = { mousemove: 'mm', keydown: 'kd', click: 'ck', scroll: 'sc', touchstart: 'tc' };
  Object.keys(listen).forEach(function (type) {
    window.addEventListener(type, counter(listen[type]), { capture: true, passive: true });
  });

  function collect() {
    var s = {}, errors = 0;
    function take(name, fn) {
      try { var v = fn(); if (v !== undefined && v !== null) s[name] = v; } catch (e) { errors++; }
    }
    var n = navigator;
    take('wd', function () { return n.webdriver === true; });
    take('ua', function () { return String(n.userAgent).slice(0, 256); });
    take('pl', function () { return n.plugins ? n.plugins.length : undefined; });
    take('lg', function () { return n.languages ? n.languages.length : undefined; });
    take('hc', function () { return n.hardwareConcurrency; });
    take('sw', function () { return screen.width; });
    take('sh', function () { return screen.height; });
    take('ow', function () { return window.outerWidth; });
    take('oh', function () { return window.outerHeight; });
    take('tz', function () { return Intl.DateTimeFormat().resolvedOptions().timeZone; });
    take('tp', function () { return n.maxTouchPoints; });
    take('ch', function () { return typeof window.chrome === 'object' && window.chrome !== null; });
    Object.keys(counts).forEach(function (k) { s[k] = counts[k]; });
    s.el = Math.round(performance.now() - loadedAt);
    s.er = errors;
    return s;
  }

  // A token the server will read as BROWSER_ERROR: the request failed before any server saw it.
  function errorToken(siteKey, action, code) {
    var raw = JSON.stringify({ k: siteKey, a: action, c: code });
    return 'err.' + btoa(raw).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function execute(siteKey, options) {
    var key = siteKey || renderKey;
    var action = (options && options.action) || '';
    if (!key) return Promise.reject(new Error('grecaptcha.enterprise.execute: no site key'));
    var body = JSON.stringify({ a: action, s: collect() });
    return fetch(base + '/recaptcha/enterprise/token?k=' + encodeURIComponent(key), {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      cache: 'no-store',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: body
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
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else setTimeout(start, 0);
})();
