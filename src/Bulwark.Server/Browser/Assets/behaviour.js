/*
 * Bulwark behaviour summary: turns bounded rings of recent trusted input events into a few
 * numbers (BehaviourSummary in Bulwark.Core). The same function summarises the recorded human
 * data and the generated bot traces the behaviour model is trained on (training/extract.mjs),
 * so the browser and the trainer cannot drift apart. Never raw streams, never key identity.
 *
 * summarise({ moves: [[t, x, y], ...], buttons: [[t, 1 down | 0 up], ...],
 *             keys: [[t, 1 down | 0 up], ...], loadedAt, now }) -> { mn: ..., st: ..., ... }
 * Times are milliseconds on one clock (performance.now). Garbage in gives fewer fields out.
 */
var BulwarkBehaviour = (function () {
  'use strict';

  var MAX_MOVES = 400;
  var MAX_BUTTONS = 64;
  var MAX_KEYS = 128;
  var STROKE_GAP = 300; // ms without a move (or a button press) ends a stroke
  var MIN_MOVES = 10;
  var MIN_STROKE_POINTS = 5;
  var MIN_KEYS = 4;
  var TINY = 10; // ms: holds and clicks shorter than this are not made by fingers
  var APPROACH_WINDOW = 500;
  var APPROACH_MOVES = 3;

  function finite(v) {
    return typeof v === 'number' && v === v && v !== Infinity && v !== -Infinity;
  }

  function round(v) {
    if (Math.abs(v) < 1e-9) return 0;
    return Number(v.toPrecision(4));
  }

  function put(out, name, v) {
    if (finite(v)) out[name] = round(v);
  }

  // The last `max` well-formed rows with non-decreasing times; anything else is dropped.
  // Positions are rounded to whole pixels, so the summary does not depend on whether the
  // browser (or the recording) reports fractional coordinates.
  function clean(rows, width, max) {
    var out = [];
    if (!rows || typeof rows.length !== 'number') return out;
    var start = rows.length > max * 4 ? rows.length - max * 4 : 0;
    var last = -Infinity;
    for (var i = start; i < rows.length; i++) {
      var r = rows[i];
      if (!r || typeof r.length !== 'number' || r.length < width) continue;
      var ok = true;
      for (var j = 0; j < width; j++) if (!finite(r[j])) { ok = false; break; }
      if (!ok || r[0] < last) continue;
      last = r[0];
      out.push(width === 3 ? [r[0], Math.round(r[1]), Math.round(r[2])] : r);
    }
    return out.length > max ? out.slice(out.length - max) : out;
  }

  function median(a) {
    if (a.length === 0) return NaN;
    var s = a.slice().sort(function (p, q) { return p - q; });
    var m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  function meanOf(a) {
    if (a.length === 0) return NaN;
    var s = 0;
    for (var i = 0; i < a.length; i++) s += a[i];
    return s / a.length;
  }

  function cv(a) {
    if (a.length < 2) return NaN;
    var m = meanOf(a);
    if (m === 0) return NaN;
    var s = 0;
    for (var i = 0; i < a.length; i++) s += (a[i] - m) * (a[i] - m);
    return Math.sqrt(s / a.length) / Math.abs(m);
  }

  function share(count, total) {
    return total > 0 ? count / total : NaN;
  }

  function mouse(out, moves, presses) {
    var n = moves.length;
    if (n < MIN_MOVES) return;
    put(out, 'mn', n);

    var intervals = [], speeds = [], accels = [];
    var turns = 0, turnSum = 0, reversals = 0;
    var eqPairs = 0, eqSame = 0;
    var strokes = 0, straightSum = 0, peakSum = 0, peakStrokes = 0;
    var p = 0; // next press to consider as a stroke boundary

    var s = 0;
    while (s < n) {
      // A stroke: moves s..e-1 with no gap over STROKE_GAP and no press in between.
      var e = s + 1;
      while (p < presses.length && presses[p] <= moves[s][0]) p++;
      while (e < n) {
        var gap = moves[e][0] - moves[e - 1][0];
        if (gap > STROKE_GAP) break;
        if (p < presses.length && presses[p] <= moves[e][0]) break;
        e++;
      }

      var path = 0, prevDx = 0, prevDy = 0, prevV = NaN, prevMid = 0, hasPrev = false;
      var peakV = -1, peakT = 0;
      for (var i = s + 1; i < e; i++) {
        var dt = moves[i][0] - moves[i - 1][0];
        var dx = moves[i][1] - moves[i - 1][1];
        var dy = moves[i][2] - moves[i - 1][2];
        var d = Math.sqrt(dx * dx + dy * dy);
        intervals.push(dt);
        path += d;
        if (dt > 0) {
          var v = d / dt, mid = (moves[i][0] + moves[i - 1][0]) / 2;
          speeds.push(v);
          if (prevV === prevV && mid > prevMid) accels.push(Math.abs(v - prevV) / (mid - prevMid));
          prevV = v;
          prevMid = mid;
          if (v > peakV) { peakV = v; peakT = mid; }
        }
        if (d > 0) {
          if (hasPrev) {
            var a = Math.atan2(prevDx * dy - prevDy * dx, prevDx * dx + prevDy * dy);
            a = Math.abs(a);
            turnSum += a;
            turns++;
            if (a > Math.PI / 2) reversals++;
            eqPairs++;
            if (dx === prevDx && dy === prevDy) eqSame++;
          }
          prevDx = dx;
          prevDy = dy;
          hasPrev = true;
        }
      }

      if (e - s >= MIN_STROKE_POINTS) {
        strokes++;
        if (path > 0) {
          var cx = moves[e - 1][1] - moves[s][1], cy = moves[e - 1][2] - moves[s][2];
          straightSum += Math.min(1, Math.sqrt(cx * cx + cy * cy) / path);
        }
        var span = moves[e - 1][0] - moves[s][0];
        if (span > 0 && peakV > 0) {
          peakSum += (peakT - moves[s][0]) / span;
          peakStrokes++;
        }
      }
      s = e;
    }

    put(out, 'ms', strokes);
    if (strokes > 0) put(out, 'st', straightSum / strokes);
    var vm = meanOf(speeds);
    put(out, 'vm', vm);
    put(out, 'vc', cv(speeds));
    if (peakStrokes > 0) put(out, 'vp', peakSum / peakStrokes);
    put(out, 'am', meanOf(accels));
    if (turns > 0) {
      put(out, 'ta', turnSum / turns);
      put(out, 'tr', reversals / turns);
    }
    put(out, 'dtm', median(intervals));
    put(out, 'dtc', cv(intervals));
    put(out, 'eq', share(eqSame, eqPairs));
  }

  function clicks(out, buttons, moves) {
    var dwell = [], approach = 0, pressAt = NaN;
    for (var i = 0; i < buttons.length; i++) {
      var t = buttons[i][0];
      if (buttons[i][1]) {
        pressAt = t;
        // Moves in the APPROACH_WINDOW before this press.
        var c = 0;
        for (var j = moves.length - 1; j >= 0 && c < APPROACH_MOVES; j--) {
          if (moves[j][0] > t) continue;
          if (moves[j][0] < t - APPROACH_WINDOW) break;
          c++;
        }
        if (c >= APPROACH_MOVES) approach++;
      } else if (pressAt === pressAt) {
        dwell.push(t - pressAt);
        pressAt = NaN;
      }
    }
    if (dwell.length === 0) return;
    var tiny = 0;
    for (var k = 0; k < dwell.length; k++) if (dwell[k] < TINY) tiny++;
    put(out, 'cn', dwell.length);
    put(out, 'cdm', median(dwell));
    put(out, 'cdz', tiny / dwell.length);
    put(out, 'cmv', Math.min(1, approach / dwell.length));
  }

  // Without key identity, releases are paired with the oldest key still down (first in, first out).
  function keyboard(out, keys) {
    var downs = [], ups = [], pending = [], rollover = 0, presses = 0;
    for (var i = 0; i < keys.length; i++) {
      var t = keys[i][0];
      if (keys[i][1]) {
        if (pending.length > 0 && presses > 0) rollover++;
        presses++;
        pending.push(downs.length);
        downs.push(t);
        ups.push(NaN);
      } else if (pending.length > 0) {
        ups[pending.shift()] = t;
      }
    }
    if (presses < MIN_KEYS) return;
    var holds = [], flights = [], gaps = [], tiny = 0;
    for (var k = 0; k < downs.length; k++) {
      if (ups[k] === ups[k]) {
        var h = ups[k] - downs[k];
        holds.push(h);
        if (h < TINY) tiny++;
        if (k + 1 < downs.length) flights.push(downs[k + 1] - ups[k]);
      }
      if (k > 0) gaps.push(downs[k] - downs[k - 1]);
    }
    put(out, 'kn', presses);
    put(out, 'khm', median(holds));
    put(out, 'khc', cv(holds));
    put(out, 'kfm', median(flights));
    put(out, 'kfc', cv(gaps));
    put(out, 'kro', rollover / (presses - 1));
    if (holds.length > 0) put(out, 'khz', tiny / holds.length);
  }

  function summarise(input) {
    var out = {};
    if (!input || typeof input !== 'object') return out;
    var moves = clean(input.moves, 3, MAX_MOVES);
    var buttons = clean(input.buttons, 2, MAX_BUTTONS);
    var keys = clean(input.keys, 2, MAX_KEYS);

    var presses = [];
    for (var i = 0; i < buttons.length; i++) if (buttons[i][1]) presses.push(buttons[i][0]);

    mouse(out, moves, presses);
    clicks(out, buttons, moves);
    keyboard(out, keys);

    var first = Infinity, last = -Infinity;
    var lists = [moves, buttons, keys];
    for (var l = 0; l < lists.length; l++) {
      if (lists[l].length === 0) continue;
      first = Math.min(first, lists[l][0][0]);
      last = Math.max(last, lists[l][lists[l].length - 1][0]);
    }
    if (first !== Infinity) {
      if (finite(input.loadedAt) && first >= input.loadedAt) put(out, 'tfi', first - input.loadedAt);
      if (finite(input.now) && input.now >= last) put(out, 'tli', input.now - last);
    }
    return out;
  }

  return { summarise: summarise };
})();
if (typeof module === 'object' && module.exports) module.exports = BulwarkBehaviour;
