// LRBench's charts drawn on a canvas of their own, for what uPlot does not draw: the timeline of trials per machine,
// and a search's parallel coordinates and slice plots. Loaded before charts.js, which uses them (window.LRBenchCanvas).
// Every label comes from a store and is untrusted: tooltips set it as text (textContent), never as markup.
(() => {
  'use strict';

  /** A number as people read it on a chart: 4 significant digits, exponents for the very small and very large. */
  function fmt(v) {
    if (v == null || !Number.isFinite(v)) return '–';
    const a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e7)) return v.toExponential(3);
    if (Number.isInteger(v)) return String(v);
    return String(Number(v.toPrecision(4)));
  }

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text != null) e.textContent = text;
    return e;
  }

  /** A canvas of CSS size w x h in `host` (sharp on high-density screens), with its 2D context scaled to CSS pixels. */
  function canvasIn(host, w, h) {
    let canvas = host.querySelector('canvas');
    if (!canvas) { canvas = el('canvas'); host.append(canvas); }
    const dpr = window.devicePixelRatio || 1;
    canvas.width = w * dpr; canvas.height = h * dpr;
    canvas.style.width = `${w}px`; canvas.style.height = `${h}px`;
    const ctx = canvas.getContext('2d');
    ctx.scale(dpr, dpr);
    ctx.font = '11px system-ui, sans-serif';
    return { canvas, ctx };
  }

  /** A value's position in [0, 1] on an axis from lo to hi, logarithmic when `log`. */
  const unit = (v, lo, hi, log) => (hi === lo ? 0.5 : log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo));
  const isLog = (values) => { const lo = Math.min(...values), hi = Math.max(...values); return lo > 0 && hi / lo >= 20; };

  /** Shows `shapes` (regions with a text) as a text-only tooltip when the pointer is over one. */
  function hoverTips(host, canvas, shapes) {
    let tip = host.querySelector('.lrb-tip');
    if (!tip) { tip = el('div', { class: 'lrb-tip', role: 'tooltip' }); tip.hidden = true; host.append(tip); }
    canvas.onmousemove = (e) => {
      const r = canvas.getBoundingClientRect();
      const px = e.clientX - r.left, py = e.clientY - r.top;
      const hit = shapes().findLast((s) => px >= s.x0 && px <= s.x1 && py >= s.y0 && py <= s.y1);
      if (!hit) { tip.hidden = true; return; }
      tip.textContent = hit.text;
      tip.hidden = false;
      tip.style.left = `${canvas.offsetLeft + px + 12}px`;
      tip.style.top = `${canvas.offsetTop + py + 12}px`;
    };
    canvas.onmouseleave = () => { tip.hidden = true; };
  }

  /** A colour from light (worst) to dark blue (best) for a score's position q in [0, 1] (1 = best). */
  const shade = (q) => `hsl(215, 60%, ${Math.round(82 - 57 * q)}%)`;

  /**
   * The searched parameters against the score: parallel coordinates (one axis per parameter and one for the score,
   * each trial a line, darker the better) and a slice plot per parameter (its value against the score). Hovering a
   * point or a line's score end names the trial. search: { policy, names, trials: [{ id, label, values, score }] }.
   */
  function searchViews(host, search, scoreLabel, higherIsBetter) {
    const state = { shapes: {} };
    const scores = search.trials.map((t) => t.score);
    const lo = Math.min(...scores), hi = Math.max(...scores);
    const quality = (s) => (hi === lo ? 1 : higherIsBetter ? (s - lo) / (hi - lo) : (hi - s) / (hi - lo));
    const pcHost = el('div', { class: 'lrb-chart lrb-pc', id: 'chart-parallel' });
    pcHost.append(el('div', { class: 'lrb-bar' }, `parallel coordinates: ${search.policy}'s ${search.names.join(', ')} and ${scoreLabel} (darker is better)`));
    const slices = el('div', { class: 'lrb-grid' });
    host.replaceChildren(pcHost, slices);

    // Parallel coordinates.
    const axes = [...search.names.map((n, i) => ({ name: n, values: search.trials.map((t) => t.values[i]) })), { name: scoreLabel, values: scores }];
    axes.forEach((a) => { a.lo = Math.min(...a.values); a.hi = Math.max(...a.values); a.log = isLog(a.values); });
    const W = Math.max(480, host.clientWidth - 24 || 800), H = 300, PAD = 40, TOP = 24, BOTTOM = 28;
    const pc = canvasIn(pcHost, W, H);
    const ax = (i) => PAD + (i * (W - 2 * PAD)) / (axes.length - 1);
    const ay = (a, v) => TOP + (1 - unit(v, a.lo, a.hi, a.log)) * (H - TOP - BOTTOM);
    const order = search.trials.map((t, k) => k).sort((a, b) => quality(scores[a]) - quality(scores[b])); // best drawn last, on top
    state.shapes.pc = [];
    for (const k of order) {
      const t = search.trials[k];
      const values = [...t.values, t.score];
      pc.ctx.strokeStyle = shade(quality(t.score));
      pc.ctx.lineWidth = 1.5;
      pc.ctx.beginPath();
      values.forEach((v, i) => { const x = ax(i), y = ay(axes[i], v); if (i === 0) pc.ctx.moveTo(x, y); else pc.ctx.lineTo(x, y); });
      pc.ctx.stroke();
      const sx = ax(axes.length - 1), sy = ay(axes.at(-1), t.score);
      state.shapes.pc.push({ x0: sx - 6, x1: sx + 6, y0: sy - 4, y1: sy + 4, text: `${t.label}: ${search.names.map((n, i) => `${n} = ${fmt(t.values[i])}`).join(', ')}; ${scoreLabel} ${fmt(t.score)}` });
    }
    axes.forEach((a, i) => {
      const x = ax(i);
      pc.ctx.strokeStyle = '#444'; pc.ctx.lineWidth = 1;
      pc.ctx.beginPath(); pc.ctx.moveTo(x, TOP); pc.ctx.lineTo(x, H - BOTTOM); pc.ctx.stroke();
      pc.ctx.fillStyle = '#222';
      pc.ctx.textAlign = 'center';
      pc.ctx.fillText(`${a.name}${a.log ? ' (log)' : ''}`, x, 12);
      pc.ctx.fillText(fmt(a.hi), x, TOP - 2 + 0);
      pc.ctx.fillText(fmt(a.lo), x, H - BOTTOM + 14);
    });
    hoverTips(pcHost, pc.canvas, () => state.shapes.pc);

    // A slice plot per parameter: every box is placed first, so that each canvas takes its box's final width.
    const boxes = search.names.map((name, i) => {
      const box = el('div', { class: 'lrb-chart', id: `chart-slice-${i}` });
      box.append(el('div', { class: 'lrb-bar' }, `slice: ${name} against ${scoreLabel}`));
      slices.append(box);
      return box;
    });
    search.names.forEach((name, i) => {
      const box = boxes[i];
      const w = Math.max(320, box.clientWidth - 16 || 480), h = 240, L = 56, R = 12, T = 10, B = 34;
      const { canvas, ctx } = canvasIn(box, w, h);
      const xs = search.trials.map((t) => t.values[i]);
      const xlo = Math.min(...xs), xhi = Math.max(...xs), xlog = isLog(xs);
      const px = (v) => L + unit(v, xlo, xhi, xlog) * (w - L - R) * 0.9 + (w - L - R) * 0.05;
      const py = (v) => T + (1 - unit(v, lo, hi, false)) * (h - T - B) * 0.9 + (h - T - B) * 0.05;
      ctx.strokeStyle = '#bbb';
      ctx.strokeRect(L, T, w - L - R, h - T - B);
      ctx.fillStyle = '#333';
      ctx.textAlign = 'center';
      [...new Set(xs)].sort((a, b) => a - b).forEach((v) => ctx.fillText(fmt(v), px(v), h - B + 14));
      ctx.fillText(`${name}${xlog ? ' (log scale)' : ''}`, L + (w - L - R) / 2, h - 4);
      ctx.textAlign = 'right';
      ctx.fillText(fmt(hi), L - 4, py(hi) + 4);
      ctx.fillText(fmt(lo), L - 4, py(lo) + 4);
      const shapes = [];
      search.trials.forEach((t) => {
        const x = px(t.values[i]), y = py(t.score);
        ctx.fillStyle = shade(quality(t.score));
        ctx.beginPath(); ctx.arc(x, y, 4.5, 0, 2 * Math.PI); ctx.fill();
        ctx.strokeStyle = '#223'; ctx.lineWidth = 0.5; ctx.stroke();
        shapes.push({ x0: x - 5, x1: x + 5, y0: y - 5, y1: y + 5, text: `${t.label}: ${name} = ${fmt(t.values[i])}, ${scoreLabel} ${fmt(t.score)}` });
      });
      state.shapes[`slice-${i}`] = shapes;
      hoverTips(box, canvas, () => shapes);
    });
    return { shapes: (id) => state.shapes[id] };
  }

  const STATUS_COLORS = { completed: '#59a14f', running: '#f28e2b', pruned: '#9d9d9d', paused: '#c9c9c9', failed: '#e15759', diverged: '#9c2f31', pending: '#4e79a7' };

  /**
   * A timeline in `host`: one lane per machine, concurrent trials on rows of their own inside it, each trial's last
   * attempt as a bar coloured by its status, and earlier failed attempts as red marks. data: { now, trials: [{ id,
   * label, status, machine, start, end, attempts, failures }], failures: [{ id, label, attempt, machine, at, error }] }
   * with times in ms since the epoch. Hovering a bar or mark shows its trial in a tooltip (text only).
   * Returns { update(data) }.
   */
  function timeline(host, first) {
    host.classList.add('lrb-timeline');
    const canvas = el('canvas');
    const legend = el('div', { class: 'lrb-note lrb-keys' });
    host.replaceChildren(canvas, legend);
    const ROW = 18, GAP = 8, LEFT = 120, RIGHT = 16, TOP = 8, AXIS = 28;
    let shapes = [];
    let data = first;

    function layout() {
      const t0 = Math.min(...data.trials.map((t) => t.start), ...data.failures.map((f) => f.at));
      const t1 = Math.max(...data.trials.map((t) => t.end ?? data.now), ...data.failures.map((f) => f.at), t0 + 1000);
      const lanes = new Map();
      for (const t of [...data.trials].sort((a, b) => a.start - b.start)) {
        if (!lanes.has(t.machine)) lanes.set(t.machine, []);
        const rows = lanes.get(t.machine);
        const end = t.end ?? data.now;
        let row = rows.findIndex((free) => free <= t.start);
        if (row < 0) { row = rows.length; rows.push(0); }
        rows[row] = end;
        t.row = row;
      }
      for (const f of data.failures) if (!lanes.has(f.machine)) lanes.set(f.machine, [0]);
      return { t0, t1, lanes };
    }

    function draw() {
      shapes = [];
      if (data.trials.length === 0) { canvas.hidden = true; legend.textContent = 'No trial has started yet.'; return; }
      canvas.hidden = false;
      const { t0, t1, lanes } = layout();
      const width = Math.max(320, host.clientWidth || 800);
      const laneTop = new Map();
      let y = TOP;
      for (const [machine, rows] of lanes) { laneTop.set(machine, y); y += Math.max(1, rows.length) * ROW + GAP; }
      const height = y + AXIS;
      const { ctx } = canvasIn(host, width, height);
      ctx.font = '12px system-ui, sans-serif';
      const x = (t) => LEFT + ((t - t0) / (t1 - t0)) * (width - LEFT - RIGHT);
      for (const [machine, rows] of lanes) {
        const top = laneTop.get(machine);
        ctx.fillStyle = '#f6f6f6';
        ctx.fillRect(LEFT, top, width - LEFT - RIGHT, Math.max(1, rows.length) * ROW);
        ctx.fillStyle = '#333';
        ctx.fillText(machine.length > 16 ? `${machine.slice(0, 15)}…` : machine, 4, top + 13);
      }
      for (const t of data.trials) {
        const x0 = x(t.start), x1 = Math.max(x0 + 2, x(t.end ?? data.now) - 1); // a pixel apart from the next
        const top = laneTop.get(t.machine) + t.row * ROW + 2;
        ctx.fillStyle = STATUS_COLORS[t.status] || '#777';
        ctx.fillRect(x0, top, x1 - x0, ROW - 4);
        if (t.attempts > 1) { ctx.fillStyle = '#000'; ctx.fillRect(x0, top, 2, ROW - 4); }
        const end = t.end == null ? 'running' : `${((t.end - t.start) / 60000).toFixed(1)} min`;
        shapes.push({ x0, x1, y0: top, y1: top + ROW - 4, text: `${t.label}: ${t.status}, attempt ${t.attempts}${t.failures ? ` (${t.failures} failed before)` : ''}, on ${t.machine}, ${end}` });
      }
      for (const f of data.failures) {
        const fx = x(f.at), top = laneTop.get(f.machine);
        ctx.fillStyle = '#c62828';
        ctx.beginPath(); ctx.moveTo(fx - 5, top); ctx.lineTo(fx + 5, top); ctx.lineTo(fx, top + 7); ctx.fill();
        ctx.fillRect(fx - 1, top, 2, ROW);
        shapes.push({ x0: fx - 5, x1: fx + 5, y0: top - 2, y1: top + ROW, text: `${f.label}: attempt ${f.attempt} failed on ${f.machine}: ${f.error}` });
      }
      // The time axis: minutes since the first start.
      const span = (t1 - t0) / 60000;
      const step = [0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 240, 480].find((s) => span / s <= 10) || 960;
      ctx.fillStyle = '#555'; ctx.strokeStyle = '#ccc';
      for (let k = 0; k * step <= span; k += 1) {
        const m = k * step;
        const tx = x(t0 + m * 60000);
        ctx.beginPath(); ctx.moveTo(tx, y - GAP); ctx.lineTo(tx, y - GAP + 5); ctx.stroke();
        ctx.fillText(String(Number(m.toFixed(2))), tx - 4, y - GAP + 17);
      }
      ctx.fillText('minutes since the first start', LEFT, height - 2);
      legend.replaceChildren(...Object.entries(STATUS_COLORS).map(([status, c]) => {
        const item = el('span', { class: 'lrb-key' }, status);
        const swatch = el('i');
        swatch.style.background = c;
        item.prepend(swatch);
        return item;
      }), el('span', { class: 'lrb-key' }, '| black edge: a later attempt (taken over or resumed)'));
    }

    hoverTips(host, canvas, () => shapes);
    draw();
    window.addEventListener('resize', draw);
    return { update(next) { data = next; draw(); }, shapes: () => shapes };
  }

  window.LRBenchCanvas = { el, fmt, timeline, searchViews };
})();
