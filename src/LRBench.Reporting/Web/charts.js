// LRBench's interactive charts, drawn with uPlot (bundled into LRBench.Reporting from npm; see its csproj).
// Used by the dashboard's pages, which fetch their data from the dashboard's JSON endpoints, and by report.html,
// which carries its data inline (LRBench.Reporting.PageLayout: one layout for both). Every label comes from a
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
  const { el, fmt, timeline, searchViews } = window.LRBenchCanvas; // canvas-charts.js, loaded first
  // An axis label: uPlot gives null for the ticks of a log axis it leaves unlabelled.
  const tick = (v) => (v == null ? '' : fmt(v));

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

  /**
   * Draws the early stops (an x at a curve's last point), the anneal probes of fair rungs (a hollow diamond at the
   * rung's step, at the score the annealed fork reached) and vertical lines (rungs) over the plot.
   */
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
    let probes = 0;
    spec.series.forEach((s, i) => {
      if (!s.probes || !u.series[i + 1].show) return;
      for (const p of s.probes) {
        const x = u.valToPos(p.step, 'x', true);
        const y = u.valToPos(p.score, 'y', true);
        if (!Number.isFinite(x) || !Number.isFinite(y) || x < left || x > left + width || y < top || y > top + height) continue;
        const r = 5 * devicePixelRatio;
        ctx.strokeStyle = color(i);
        ctx.lineWidth = 1.5 * devicePixelRatio;
        ctx.beginPath();
        ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath();
        ctx.stroke();
        probes += 1;
      }
    });
    u.lrbProbes = probes; // what was drawn, for tests
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
   * A line chart in <div> `host`. spec: { id, title, xLabel, yLabel, logToggle, log, xLog (a log x axis), points,
   * series: [{ key, label, x: [], y: [], mark: "why it stopped" | null, stepped, pointsOnly, color, dashed }], vlines: [{ x, text }] }
   * (LRBench.Reporting.WebChart is this shape).
   * Returns { u, update(spec) }: update keeps the zoom, the hidden series and the log setting.
   */
  /**
   * A log scale's range: the data's, widened by 3% of its span in log terms on each side. uPlot's own snaps to whole
   * decades, which leaves most of a chart empty when the data span less than one (an LR between 0.002 and 0.05).
   */
  function logRange(u, min, max) {
    if (!(min > 0) || !(max > 0)) return [min, max];
    if (min === max) return [min / 2, max * 2];
    const pad = Math.pow(max / min, 0.03);
    return [min / pad, max * pad];
  }

  /**
   * A linear y scale's range: the data's, widened by 3% of its span on each side, so the highest and lowest points
   * (a best-so-far line at its top) are not drawn on the chart's frame; uPlot's own rounds to a tick, which can fall
   * on the data's edge.
   */
  function linearRange(u, min, max) {
    if (min == null || max == null || !isFinite(min) || !isFinite(max)) return [min, max];
    const pad = min === max ? Math.abs(min) * 0.05 || 1 : (max - min) * 0.03;
    return [min - pad, max + pad];
  }

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
        scales: { x: { time: false, distr: s.xLog ? 3 : 1, range: s.xLog ? logRange : undefined }, y: { distr: state.log ? 3 : 1, range: state.log ? logRange : linearRange } },
        axes: [{ label: s.xLabel, values: s.xLog ? (u, ticks) => ticks.map(tick) : undefined }, { label: s.yLabel, size: 64, values: (u, ticks) => ticks.map(tick) }],
        series: [
          { label: s.xLabel, value: (u, v) => fmt(v) },
          ...s.series.map((c, i) => ({
            label: c.mark ? `${c.label} (${c.mark})` : c.label,
            stroke: c.color || color(i),
            dash: c.dashed ? [6, 4] : undefined,
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

  /** Rows of the trial table per page: a large study's table is paged in the browser, never sent as HTML (StudyCurves.TablePage). */
  const TABLE_PAGE = 100;

  /** The table's rows (trials in study order whose label contains `text`), its page count and the trials of its page `state.page`. */
  function tablePage(trials, text, state) {
    const rows = text ? trials.filter((t) => t.label.toLowerCase().includes(text)) : trials;
    const pages = Math.max(1, Math.ceil(rows.length / TABLE_PAGE));
    state.page = Math.min(state.page, pages - 1);
    const first = state.page * TABLE_PAGE;
    return { rows, pages, first, shown: rows.slice(first, first + TABLE_PAGE) };
  }

  /**
   * The trial table of a study page in `host` (table#trials, one row per trial in study order, paged): the trials
   * held by the page, those whose label contains `text` only. Each row carries data-trial, data-status and
   * data-points; its first cell is the compare tick (input.lrb-pick) and every store value is set as text.
   */
  function trialTable(host, trials, text, picked, meta, state) {
    const { rows, pages, first, shown } = tablePage(trials, text, state);
    const headers = ['compare', '#', 'trial', 'method', 'seed', 'status', 'attempts', 'worker', 'progress', `best ${meta.scoreLabel}`, 'last error'];
    const table = el('table', { id: 'trials' });
    const head = el('tr');
    const left = new Set(['trial', 'method', 'status', 'worker', 'last error']);
    headers.forEach((h) => head.append(el('th', left.has(h) ? { class: 'l' } : {}, h)));
    table.append(el('thead'), el('tbody'));
    table.tHead.append(head);
    const cell = (text, cls) => el('td', cls ? { class: cls } : {}, text);
    for (const t of shown) {
      const row = el('tr', { 'data-trial': String(t.id), 'data-status': t.status, 'data-points': String(t.evaluated) });
      const tick = el('input', { type: 'checkbox', class: 'lrb-pick', value: String(t.id), 'aria-label': 'compare' });
      tick.checked = picked.has(t.id);
      const pick = el('td');
      pick.append(tick);
      const name = el('td', { class: 'l' });
      name.append(state.trialUrl == null ? document.createTextNode(t.label) : el('a', { href: `${state.trialUrl}${t.id}` }, t.label));
      const r = t.row;
      const best = t.best == null ? '' : fmt(t.best);
      const progress = r.total > 0 ? `${r.step}/${r.total} (${Math.round((100 * r.step) / r.total)}%)` : String(r.step);
      row.append(pick, cell(String(r.ordinal)), name, cell(r.method, 'l'), cell(String(r.seed)), cell(t.status, `l status-${t.status}`),
        cell(String(r.attempts)), cell(r.worker || '', 'l'), cell(progress), cell(best), cell(r.error || '', 'l'));
      table.tBodies[0].append(row);
    }
    const pager = el('p', { class: 'lrb-pager muted' });
    const prev = el('button', { type: 'button' }, 'previous');
    const next = el('button', { type: 'button' }, 'next');
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    prev.addEventListener('click', () => { state.page -= 1; state.redraw(); });
    next.addEventListener('click', () => { state.page += 1; state.redraw(); });
    const span = rows.length === 0 ? 'no trials' : `trials ${first + 1}-${Math.min(first + TABLE_PAGE, rows.length)} of ${rows.length}`;
    pager.append(prev, next, document.createTextNode(` ${span}${text ? ` matching the filter (${trials.length} in all)` : ''}`));
    host.replaceChildren(table, pager);
  }

  /**
   * A study page's charts in `host`: intermediate values (score and test loss per evaluation, rungs drawn, early
   * stops marked), the optimisation history and the learning rates. `source` is { curves: url, lr: url } for the
   * dashboard, and optionally { tableHost, countsHost, trial: url prefix } for the trial table and the counts line,
   * { ranking: url, rankingHost, onRanking(host) } for the ranking (an HTML fragment the server escaped, fetched
   * again when trials changed, at most every 10 s) and { timeline: url, timelineHost } (a first read of the curves
   * carries the timeline; the url is asked when trials changed). The table's ticks
   * (input.lrb-pick, value = trial id) choose trials to compare; the filter box keeps the trials whose label contains
   * its text, in the charts and the table. Returns { refresh() }, which polls what changed; the page calls it every 1.5 s.
   * A self-contained page (report.html) gives { data: { curves, lr, timeline } } instead of the URLs, one read of what
   * the endpoints answer, and `trial: null` (no trial pages): it is drawn once, and nothing is fetched.
   * At most `curveLimit` (from the data) trials are drawn together: when more are chosen, the charts draw those of the
   * table's page. A large study's first read holds every trial but only some curves (a trial without one has
   * `steps: null`); the page asks for the curves it draws and lacks with `curves?trials=...`.
   */
  function studyPage(host, source) {
    const fixed = source.data || null;
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
    let lrKey = '';
    const MAX_LR = 50;
    // The trials held so far, by id: the first read brings all, each poll after it the ones that changed (by cursor),
    // and `curves?trials=` the curves of trials drawn whose curve the first read left out. Each carries `at`, the
    // cursor of the read it came from, so that an older answer arriving late never replaces a newer one.
    const held = new Map();
    let cursor = null;
    let rungs = [];
    let asked = '';
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

    /** Keeps `t` (read at cursor `at`) unless a newer read of it is held; a curve it lacks is kept from `before` while its evaluations are the same. */
    function merge(t, at, before) {
      const old = before.get(t.id);
      if (old && at < old.at) { held.set(t.id, old); return; }
      if (t.steps == null && old && old.steps != null && old.evaluated === t.evaluated) Object.assign(t, { steps: old.steps, score: old.score, loss: old.loss });
      t.at = at;
      held.set(t.id, t);
    }

    function rebuild() {
      const all = [...held.values()].sort((a, b) => a.id - b.id);
      data = { ...meta, rungs, trials: all.filter((t) => t.evaluated > 0), history: history(all, meta.higherIsBetter) };
    }

    /** Asks for the curves of `ids` (drawn, not held); the same list is asked once until something changes. */
    function fetchCurves(ids) {
      const key = ids.join(',');
      if (fixed || key === asked) return;
      asked = key;
      load(`${source.curves}?trials=${key}`).then((answer) => {
        for (const t of answer.trials) merge(t, answer.cursor, held);
        rebuild();
        draw();
      }).catch((e) => { shown.textContent = `curves not read: ${e.message}`; });
    }

    const table = { page: 0, trialUrl: 'trial' in source ? source.trial : '/trial/', redraw: () => { drawTable(); draw(); } };
    function drawTable() {
      if (!meta) return;
      const all = [...held.values()].sort((a, b) => a.row.ordinal - b.row.ordinal || a.id - b.id);
      if (source.countsHost) {
        const counts = new Map();
        all.forEach((t) => counts.set(t.status, (counts.get(t.status) || 0) + 1));
        source.countsHost.textContent = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
      }
      if (source.tableHost) trialTable(source.tableHost, all, filter.value.trim().toLowerCase(), picked, meta, table);
    }

    let rankingAt = -Infinity;
    let rankingStale = true;
    async function ranking() {
      if (!source.ranking || !rankingStale || performance.now() - rankingAt < 10000) return;
      rankingAt = performance.now();
      rankingStale = false;
      const r = await fetch(source.ranking, { cache: 'no-store' });
      if (!r.ok) throw new Error(await failure(source.ranking, r));
      source.rankingHost.innerHTML = await r.text(); // the server's own fragment: every store value in it is escaped
      if (source.onRanking) source.onRanking(source.rankingHost);
    }

    function draw() {
      if (!data) return;
      const trials = chosen(data.trials);
      // More trials chosen than can be drawn together: those of the table's page.
      const limit = data.curveLimit || Infinity;
      const text = filter.value.trim().toLowerCase();
      const drawn = trials.length <= limit ? trials
        : tablePage([...held.values()].sort((a, b) => a.row.ordinal - b.row.ordinal || a.id - b.id), text, table).shown
          .filter((t) => t.evaluated > 0 && (picked.size === 0 || picked.has(t.id)));
      const missing = drawn.filter((t) => t.steps == null).map((t) => t.id);
      if (missing.length > 0) fetchCurves(missing);
      const what = picked.size > 0 ? `comparing ${trials.length} ticked trials` : `${trials.length} of ${data.trials.length} trials`;
      shown.textContent = drawn.length < trials.length
        ? `${what}: the curves of the ${drawn.length} on the table's page are drawn; filter or tick at most ${limit} to draw them together.`
        : `${what}; tick trials in the table to compare them.`;
      const curves = (pick, probes) => drawn.filter((t) => t.steps != null).map((t) => ({ key: t.id, label: t.label, x: t.steps, y: pick(t), mark: t.stop, probes: probes && t.probes.length > 0 ? t.probes : null }));
      const probed = drawn.some((t) => t.probes.length > 0);
      const rungs = data.rungs.map((x, i) => ({ x, text: `rung ${i + 1}` }));
      const specs = {
        score: {
          id: 'score', title: `intermediate values: ${data.scoreLabel}`, xLabel: 'step', yLabel: data.scoreLabel, series: curves((t) => t.score, true), vlines: rungs, logToggle: !data.higherIsBetter,
          note: probed ? '\u25c7 anneal probe: the score the pruner judged at a fair rung (the LR annealed from that step)' : '',
        },
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
      // Learning rates: the traces of the finished trials shown, fetched for those trials only (at most MAX_LR: an
      // overlay of more is unreadable, and a large study's traces are tens of MB).
      const finished = trials.filter((t) => t.finished != null).map((t) => t.id);
      const wanted = finished.length <= MAX_LR ? finished.join(',') : null;
      if (wanted != null && wanted !== lrKey && wanted !== '') {
        lrKey = wanted;
        (fixed ? Promise.resolve(fixed.lr) : load(`${source.lr}?trials=${wanted}`)).then((traces) => { if (lrKey === wanted) { lr = traces; draw(); } }).catch(() => {});
      }
      const lrSeries = wanted == null || lr == null ? [] : lr.filter((t) => finished.includes(t.id)).map((t) => ({ key: t.id, label: t.label, x: t.steps, y: t.lr }));
      const lrSpec = { id: 'lr', title: 'learning rate (finished trials)', xLabel: 'step', yLabel: 'learning rate', logToggle: true, points: false, series: lrSeries,
        empty: wanted == null ? `${finished.length} finished trials: filter or tick at most ${MAX_LR} to draw their learning rates.` : 'No finished trial yet.' };
      if (charts.lr) charts.lr.update(lrSpec); else charts.lr = lineChart(boxes[3], lrSpec);
    }

    async function load(url) {
      const r = await fetch(url, { cache: 'no-store' });
      if (!r.ok) throw new Error(await failure(url, r));
      return r.json();
    }

    /** What a failed answer says (the dashboard's error page names a damaged store), as text: parsed inertly, never shown as markup. */
    async function failure(url, r) {
      const said = new DOMParser().parseFromString(await r.text(), 'text/html').querySelector('body p:last-of-type');
      return `${url}: ${r.status}${said ? ` ${said.textContent}` : ''}`;
    }

    let busy = false;
    async function refresh() {
      if (busy || (fixed && meta)) return; // a slow answer (a large study's first read) is not asked for again while it comes; fixed data is drawn once
      busy = true;
      try {
        // A search's views are recomputed by the server on a full read: one every 20 polls (30 s) while it runs.
        if (meta && meta.searched && ++polls % 20 === 0) cursor = null;
        // The page's first refresh asks for the ranking while the curves come (it does not depend on them);
        // settled here, awaited below, so that a failure is reported like the curves'. The timeline comes with a
        // first read of the curves (from the same read of the trials); later ones are asked for when trials change.
        const settle = (p) => p.then((value) => ({ value }), (error) => ({ error }));
        const early = meta || fixed ? null : { ranking: settle(ranking()) };
        const answer = fixed ? fixed.curves : await load(cursor == null ? source.curves : `${source.curves}?since=${cursor}`);
        const before = answer.full ? new Map(held) : held;
        if (answer.full) {
          held.clear();
          meta = { scoreLabel: answer.scoreLabel, higherIsBetter: answer.higherIsBetter, searched: answer.searched, curveLimit: answer.curveLimit };
        }
        for (const t of answer.trials) merge(t, answer.cursor, before);
        cursor = answer.cursor;
        rungs = answer.rungs;
        rebuild();
        window.lrbench.lastPoll = { full: answer.full, trials: answer.trials.length, curves: answer.trials.filter((t) => t.steps != null).length };
        const changed = answer.full || answer.trials.length > 0;
        if (changed) {
          asked = '';
          draw();
          drawTable();
          if (!early) rankingStale = true;
        }
        const unwrap = async (settled) => { const s = await settled; if (s.error) throw s.error; return s.value; };
        if ((source.timeline || (fixed && fixed.timeline)) && (changed || !charts.timeline)) {
          const t = fixed ? fixed.timeline : answer.timeline || await load(source.timeline);
          if (charts.timeline) charts.timeline.update(t); else charts.timeline = timeline(source.timelineHost, t);
        }
        await (early ? unwrap(early.ranking) : ranking());
        window.lrbench.refreshes += 1;
      } catch (e) {
        shown.textContent = `charts not updated: ${e.message}`;
      } finally {
        busy = false;
      }
    }

    filter.addEventListener('input', () => { table.page = 0; draw(); drawTable(); });
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

  /**
   * Every chart of a JSON data element (a list of LRBench.Reporting.WebChart) drawn into `host`, each in its own box
   * (div#chart-ID), its handle in window.lrbench.charts[ID]: the range test, and a tradeoff study's charts.
   */
  function fromData(host, dataElement) {
    window.lrbench = window.lrbench || { charts: {} };
    for (const spec of JSON.parse(dataElement.textContent)) {
      const box = el('div', { id: `chart-${spec.id}` });
      host.append(box);
      window.lrbench.charts[spec.id] = lineChart(box, spec);
    }
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

  window.LRBenchCharts = { lineChart, studyPage, trialPage, fromData, timeline, fmt };
})();
