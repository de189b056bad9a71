// LRBench's interactive charts, drawn with uPlot (bundled into LRBench.Reporting from npm; see its csproj).
// Used by the dashboard's pages, which fetch their data from the dashboard's JSON endpoints. Every label comes from a
// store and is untrusted: it is only ever set as text (uPlot's legend sets textContent), never as markup.
//
// What a user can do on every chart: hover to read each series' value at that step in the legend (which sits below
// the plot, never on it); drag to zoom, double-click to reset; click a legend entry to hide or show its series; tick
// "log scale" where the values span decades (loss, learning rate).
(() => {
  'use strict';

  // Colours that stay apart for the first ten series (Tableau 10), then repeat in a darker tone.
  const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
  const DARK = ['#2b4a6b', '#a85c12', '#9c2f31', '#3f7a75', '#336b2d', '#9c8420', '#6f4a66', '#b5636b', '#62493a', '#7a726f'];
  const color = (i) => (Math.floor(i / PALETTE.length) % 2 === 0 ? PALETTE : DARK)[i % PALETTE.length];

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

  /**
   * Series aligned on one x axis, as uPlot takes them: [xs, ys of series 1, ...], null where a series has no value.
   * Non-finite values, and on a log scale values that are not positive, become gaps.
   */
  function align(series, log) {
    const xs = [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
    const at = new Map(xs.map((x, i) => [x, i]));
    const ys = series.map((s) => {
      const y = new Array(xs.length).fill(null);
      s.x.forEach((x, i) => {
        const v = s.y[i];
        y[at.get(x)] = v == null || !Number.isFinite(v) || (log && v <= 0) ? null : v;
      });
      return y;
    });
    return [xs, ...ys];
  }

  /** Draws the early stops (an x at a curve's last point) and vertical lines (rungs) over the plot. */
  function overlays(u, spec) {
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    for (const line of spec.vlines || []) {
      const x = Math.round(u.valToPos(line.x, 'x', true));
      if (x < left || x > left + width) continue;
      ctx.strokeStyle = '#888';
      ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
      ctx.lineWidth = devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#666';
      ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
      ctx.fillText(line.text, x + 3 * devicePixelRatio, top + 12 * devicePixelRatio);
    }
    spec.series.forEach((s, i) => {
      if (!s.mark || !u.series[i + 1].show) return;
      const last = s.x.length - 1;
      const yv = s.y[last];
      if (last < 0 || yv == null || !Number.isFinite(yv)) return;
      const x = u.valToPos(s.x[last], 'x', true);
      const y = u.valToPos(yv, 'y', true);
      const r = 5 * devicePixelRatio;
      ctx.strokeStyle = color(i);
      ctx.lineWidth = 2 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r);
      ctx.moveTo(x - r, y + r); ctx.lineTo(x + r, y - r);
      ctx.stroke();
    });
    ctx.restore();
  }

  /**
   * A line chart in <div> `host`. spec: { id, title, xLabel, yLabel, logToggle, log, points,
   * series: [{ key, label, x: [], y: [], mark: "why it stopped" | null, stepped, pointsOnly }], vlines: [{ x, text }] }.
   * Returns { u, update(spec) }: update keeps the zoom, the hidden series and the log setting.
   */
  function lineChart(host, spec) {
    const state = { log: !!spec.log, hidden: new Set(), zoomed: false, spec, u: null, keys: '' };
    host.classList.add('lrb-chart');
    host.dataset.chart = spec.id;
    const bar = el('div', { class: 'lrb-bar' });
    bar.append(el('span', { class: 'lrb-title' }, spec.title));
    if (spec.logToggle) {
      const label = el('label', { class: 'lrb-log' });
      const box = el('input', { type: 'checkbox' });
      box.checked = state.log;
      box.addEventListener('change', () => { state.log = box.checked; build(); });
      label.append(box, document.createTextNode(' log scale'));
      bar.append(label);
    }
    const reset = el('button', { type: 'button', class: 'lrb-reset' }, 'reset zoom');
    reset.addEventListener('click', () => { state.zoomed = false; build(); });
    bar.append(reset);
    const note = el('span', { class: 'lrb-note' });
    bar.append(note);
    const plot = el('div', { class: 'lrb-plot' });
    host.replaceChildren(bar, plot);

    function options() {
      const s = state.spec;
      const many = s.series.length > 20;
      return {
        width: Math.max(320, plot.clientWidth || host.clientWidth || 640),
        height: s.height || 320,
        scales: { x: { time: false }, y: { distr: state.log ? 3 : 1 } },
        axes: [{ label: s.xLabel }, { label: s.yLabel, size: 64, values: (u, ticks) => ticks.map(fmt) }],
        series: [
          { label: s.xLabel, value: (u, v) => fmt(v) },
          ...s.series.map((c, i) => ({
            label: c.mark ? `${c.label} (${c.mark})` : c.label,
            stroke: color(i),
            width: many ? 1 : 1.5,
            spanGaps: !c.pointsOnly,
            show: !state.hidden.has(String(c.key)),
            points: { show: c.pointsOnly || (s.points !== false && !many), size: c.pointsOnly ? 7 : 5 },
            paths: c.pointsOnly ? () => null : c.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
            value: (u, v) => fmt(v),
          })),
        ],
        legend: { live: true },
        cursor: { drag: { x: true, y: false }, focus: { prox: 24 } },
        focus: { alpha: 0.35 },
        hooks: {
          draw: [(u) => overlays(u, state.spec)],
          setSelect: [(u) => { if (u.select.width > 0) state.zoomed = true; }],
          setSeries: [(u, i) => {
            if (i == null || i === 0) return;
            const key = String(state.spec.series[i - 1].key);
            if (u.series[i].show) state.hidden.delete(key); else state.hidden.add(key);
          }],
        },
      };
    }

    function build() {
      if (state.u) state.u.destroy();
      const s = state.spec;
      state.keys = s.series.map((c) => `${c.key}\u0000${c.label}\u0000${c.mark || ''}`).join('\u0001');
      note.textContent = s.note || '';
      plot.replaceChildren();
      if (s.series.length === 0) {
        plot.append(el('p', { class: 'muted' }, s.empty || 'Nothing to draw yet.'));
        state.u = null;
        return;
      }
      state.u = new uPlot(options(), align(s.series, state.log), plot);
      state.u.root.addEventListener('dblclick', () => { state.zoomed = false; });
      handle.u = state.u;
    }

    const handle = {
      u: null,
      spec: () => state.spec,
      update(next) {
        const keys = next.series.map((c) => `${c.key}\u0000${c.label}\u0000${c.mark || ''}`).join('\u0001');
        state.spec = next;
        if (keys !== state.keys || !state.u) { build(); return; }
        note.textContent = next.note || '';
        state.u.setData(align(next.series, state.log), !state.zoomed);
      },
    };
    build();
    window.addEventListener('resize', () => { if (state.u) state.u.setSize({ width: Math.max(320, plot.clientWidth), height: state.spec.height || 320 }); });
    return handle;
  }

  /**
   * A study page's charts in `host`: intermediate values (score and test loss per evaluation, rungs drawn, early
   * stops marked), the optimisation history and the learning rates. `source` is { curves: url, lr: url } for the
   * dashboard. The trial table's checkboxes (input.lrb-pick, value = trial id) choose trials to compare; the filter
   * box keeps the trials whose label contains its text. Returns { refresh() } to call after the table is replaced.
   */
  function studyPage(host, source) {
    const picked = new Set();
    const controls = el('div', { class: 'lrb-controls' });
    const filter = el('input', { type: 'search', placeholder: 'filter trials by label', class: 'lrb-filter', 'aria-label': 'filter trials by label' });
    const clear = el('button', { type: 'button' }, 'clear comparison');
    const shown = el('span', { class: 'lrb-note' });
    controls.append(filter, clear, shown);
    const grid = el('div', { class: 'lrb-grid' });
    const boxes = ['score', 'loss', 'history', 'lr'].map((id) => { const d = el('div', { id: `chart-${id}` }); grid.append(d); return d; });
    const searchHost = el('div', { class: 'lrb-search' });
    host.replaceChildren(controls, grid, searchHost);
    let searchKey = '';
    let data = null;
    let lr = null;
    // The trials held so far, by id: the first read brings all, each poll after it the ones that changed (by cursor).
    const held = new Map();
    let cursor = null;
    let meta = null;
    let polls = 0;
    const charts = {};
    window.lrbench = { charts, refreshes: 0 };

    function chosen(trials) {
      const text = filter.value.trim().toLowerCase();
      return trials.filter((t) => (picked.size === 0 || picked.has(t.id)) && (!text || t.label.toLowerCase().includes(text)));
    }

    /** The optimisation history from the trials held: finished ones in the order they finished, compute summed. */
    function history(all, higher) {
      const done = all.filter((t) => t.finished != null).sort((a, b) => (a.finished < b.finished ? -1 : a.finished > b.finished ? 1 : a.id - b.id));
      const out = { compute: [], score: [], best: [] };
      let spent = 0, best = null;
      for (const t of done) {
        spent += t.compute || 0;
        if (t.result != null && (best == null || (higher ? t.result > best : t.result < best))) best = t.result;
        out.compute.push(Math.round(spent * 1000) / 1000);
        out.score.push(t.result);
        out.best.push(best);
      }
      return out;
    }

    function draw() {
      if (!data) return;
      const trials = chosen(data.trials);
      const what = picked.size > 0 ? `comparing ${trials.length} ticked trials` : `${trials.length} of ${data.trials.length} trials`;
      shown.textContent = `${what}; tick trials in the table to compare them.`;
      const curves = (pick) => trials.map((t) => ({ key: t.id, label: t.label, x: t.steps, y: pick(t), mark: t.stop }));
      const rungs = data.rungs.map((x, i) => ({ x, text: `rung ${i + 1}` }));
      const specs = {
        score: { id: 'score', title: `intermediate values: ${data.scoreLabel}`, xLabel: 'step', yLabel: data.scoreLabel, series: curves((t) => t.score), vlines: rungs, logToggle: !data.higherIsBetter },
        loss: { id: 'loss', title: 'test loss', xLabel: 'step', yLabel: 'loss', series: curves((t) => t.loss), vlines: rungs, logToggle: true },
        history: {
          id: 'history', title: 'optimisation history', xLabel: 'compute (s)', yLabel: `best ${data.scoreLabel}`, points: true,
          series: data.history.compute.length === 0 ? [] : [
            { key: 'best', label: 'best so far', x: data.history.compute, y: data.history.best, stepped: true },
            { key: 'trial', label: 'each completed trial', x: data.history.compute, y: data.history.score, pointsOnly: true },
          ],
          empty: 'No finished trial yet.', note: 'x: compute spent by all finished trials (pruned ones included) when each finished',
        },
      };
      for (const id of ['score', 'loss', 'history']) {
        if (charts[id]) charts[id].update(specs[id]); else charts[id] = lineChart(boxes[['score', 'loss', 'history'].indexOf(id)], specs[id]);
      }
      // The search views, redrawn only when the set of scored settings changes.
      const key = data.searched ? JSON.stringify(data.searched.trials.map((t) => [t.id, t.score])) : '';
      if (key !== searchKey) {
        searchKey = key;
        if (data.searched && data.searched.trials.length > 0) {
          searchHost.replaceChildren(el('h3', {}, `Search: ${data.searched.policy}`));
          const box = el('div');
          searchHost.append(box);
          charts.search = searchViews(box, data.searched, data.scoreLabel, data.higherIsBetter);
        } else {
          searchHost.replaceChildren();
          delete charts.search;
        }
      }
      if (lr) {
        const ids = new Set(trials.map((t) => t.id));
        const spec = { id: 'lr', title: 'learning rate (finished trials)', xLabel: 'step', yLabel: 'learning rate', logToggle: true, points: false,
          series: lr.filter((t) => ids.has(t.id)).map((t) => ({ key: t.id, label: t.label, x: t.steps, y: t.lr })) };
        if (charts.lr) charts.lr.update(spec); else charts.lr = lineChart(boxes[3], spec);
      }
    }

    async function load(url) {
      const r = await fetch(url, { cache: 'no-store' });
      if (!r.ok) throw new Error(`${url}: ${r.status}`);
      return r.json();
    }

    async function refresh() {
      document.querySelectorAll('input.lrb-pick').forEach((box) => { box.checked = picked.has(Number(box.value)); });
      try {
        // A search's views are recomputed by the server on a full read: one every 20 polls (30 s) while it runs.
        if (meta && meta.searched && ++polls % 20 === 0) cursor = null;
        const answer = await load(cursor == null ? source.curves : `${source.curves}?since=${cursor}`);
        if (answer.full) {
          held.clear();
          meta = { scoreLabel: answer.scoreLabel, higherIsBetter: answer.higherIsBetter, searched: answer.searched };
        }
        for (const t of answer.trials) held.set(t.id, t);
        cursor = answer.cursor;
        const all = [...held.values()].sort((a, b) => a.id - b.id);
        data = {
          ...meta, rungs: answer.rungs, trials: all.filter((t) => t.steps.length > 0), history: history(all, meta.higherIsBetter),
        };
        window.lrbench.lastPoll = { full: answer.full, trials: answer.trials.length };
        if (!lr && source.lr) lr = await load(source.lr);
        draw();
        if (source.timeline) {
          const t = await load(source.timeline);
          if (charts.timeline) charts.timeline.update(t); else charts.timeline = timeline(source.timelineHost, t);
        }
        window.lrbench.refreshes += 1;
      } catch (e) {
        shown.textContent = `charts not updated: ${e.message}`;
      }
    }

    filter.addEventListener('input', draw);
    clear.addEventListener('click', () => { picked.clear(); document.querySelectorAll('input.lrb-pick').forEach((b) => { b.checked = false; }); draw(); });
    document.addEventListener('change', (e) => {
      const box = e.target;
      if (!(box instanceof HTMLInputElement) || !box.classList.contains('lrb-pick')) return;
      if (box.checked) picked.add(Number(box.value)); else picked.delete(Number(box.value));
      draw();
    });
    refresh();
    return { refresh };
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
    const tip = el('div', { class: 'lrb-tip', role: 'tooltip' });
    tip.hidden = true;
    const legend = el('div', { class: 'lrb-note lrb-keys' });
    host.replaceChildren(canvas, tip, legend);
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
      const dpr = window.devicePixelRatio || 1;
      canvas.width = width * dpr; canvas.height = height * dpr;
      canvas.style.width = `${width}px`; canvas.style.height = `${height}px`;
      const ctx = canvas.getContext('2d');
      ctx.scale(dpr, dpr);
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

    canvas.addEventListener('mousemove', (e) => {
      const r = canvas.getBoundingClientRect();
      const px = e.clientX - r.left, py = e.clientY - r.top;
      const hit = shapes.findLast((s) => px >= s.x0 && px <= s.x1 && py >= s.y0 && py <= s.y1);
      if (!hit) { tip.hidden = true; return; }
      tip.textContent = hit.text;
      tip.hidden = false;
      tip.style.left = `${px + 12}px`;
      tip.style.top = `${py + 12}px`;
    });
    canvas.addEventListener('mouseleave', () => { tip.hidden = true; });
    draw();
    window.addEventListener('resize', draw);
    return { update(next) { data = next; draw(); }, shapes: () => shapes };
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

  /** A trial page's charts: its learning rate and training loss at every traced step. */
  function trialPage(host, url) {
    fetch(url, { cache: 'no-store' }).then((r) => r.json()).then((t) => {
      const lrBox = el('div', { id: 'chart-trial-lr' });
      const lossBox = el('div', { id: 'chart-trial-loss' });
      host.replaceChildren(el('div', { class: 'lrb-grid' }));
      host.firstChild.append(lrBox, lossBox);
      const charts = {
        lr: lineChart(lrBox, { id: 'trial-lr', title: 'learning rate', xLabel: 'step', yLabel: 'learning rate', logToggle: true, points: false, series: [{ key: 'lr', label: 'learning rate', x: t.steps, y: t.lr }] }),
        loss: lineChart(lossBox, { id: 'trial-loss', title: 'training loss', xLabel: 'step', yLabel: 'loss', logToggle: true, points: false, series: [{ key: 'loss', label: 'training loss', x: t.steps, y: t.loss }] }),
      };
      window.lrbench = { charts };
    });
  }

  window.LRBenchCharts = { lineChart, studyPage, trialPage, timeline, fmt };
})();
