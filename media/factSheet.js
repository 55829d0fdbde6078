// The fact sheet's page script. It builds everything from the JSON the extension posts, with DOM
// calls and textContent only (never innerHTML), and posts back requests to open a claim, a source or
// the registry entry; the extension checks each request against what it sent.
// @ts-check
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const root = /** @type {HTMLElement} */ (document.getElementById('sheet'));
  /** @type {any} */
  let current;
  /** Translated labels, keyed by their English text; the extension sends them with the data. @type {Record<string, string>} */
  let labels = {};
  /** A label in the display language, with {0}, {1}… filled in. @param {string} en @param {...(string|number)} args */
  const L = (en, ...args) => (labels[en] || en).replace(/\{(\d+)\}/g, (whole, i) => (Number(i) < args.length ? String(args[Number(i)]) : whole));

  // ---- DOM helpers -------------------------------------------------------------------------

  /** @param {string} tag @param {Record<string,string>} [attrs] @param {(Node|string|null|undefined)[]} [children] */
  function h(tag, attrs, children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
    for (const c of children || []) if (c !== null && c !== undefined) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
    return el;
  }

  /** @param {string} tag @param {Record<string,string|number>} [attrs] @param {string} [text] */
  function s(tag, attrs, text) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /** Makes an element act as a link: click, Enter and Space run `action`. @param {Element} el @param {() => void} action */
  function actionable(el, action) {
    el.setAttribute('tabindex', '0');
    el.setAttribute('role', 'link');
    el.addEventListener('click', (event) => {
      event.preventDefault();
      action();
    });
    el.addEventListener('keydown', (event) => {
      const key = /** @type {KeyboardEvent} */ (event).key;
      if (key === 'Enter' || key === ' ') {
        event.preventDefault();
        action();
      }
    });
    return el;
  }

  /** @param {any} claim */
  function openClaim(claim) {
    vscode.postMessage({ type: 'open', path: claim.path, line: claim.line, character: claim.character });
  }

  const { makeScale, tickText } = /** @type {any} */ (window).FactLedgerChart;

  // ---- the chart ---------------------------------------------------------------------------

  /** @param {any} data */
  function chart(data) {
    const plotted = data.claims.filter((/** @type {any} */ c) => c.kind);
    /** @type {number[]} */
    const values = [];
    for (const c of plotted) for (const v of [c.min, c.max]) if (typeof v === 'number' && Number.isFinite(v)) values.push(v);
    if (data.interval) for (const v of [data.interval.min, data.interval.max]) if (typeof v === 'number') values.push(v);
    if (values.length === 0) return h('p', { class: 'muted' }, [L('No claim can be placed on a common axis with this fact’s unit.')]);

    const scale = makeScale(values, data.unit);
    /** @type {Map<string, any[]>} */
    const rows = new Map();
    for (const c of plotted) {
      if (!rows.has(c.path)) rows.set(c.path, []);
      rows.get(c.path)?.push(c);
    }
    const width = Math.max(480, Math.min(root.clientWidth || 800, 1100));
    const labelWidth = Math.min(240, Math.round(width * 0.3));
    const left = labelWidth + 12;
    const right = width - 24;
    const top = 30;
    const rowHeight = 30;
    const plotHeight = Math.max(rows.size, 1) * rowHeight;
    const height = top + plotHeight + 40;
    const x = (/** @type {number} */ v) => left + scale.at(v) * (right - left);
    const clampX = (/** @type {number|null} */ v, /** @type {number} */ edge) => (v === null || v === undefined ? edge : Math.max(left, Math.min(right, x(v))));

    const svg = s('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': L('Claimed values of {0}', data.id) });
    svg.append(s('title', {}, L('Values claimed for {0} in each article, against the registry’s {1}', data.id, data.value)));

    // Grid and axis.
    for (const t of scale.ticks()) {
      const tx = x(t);
      if (tx < left - 0.5 || tx > right + 0.5) continue;
      svg.append(s('line', { class: 'grid', x1: tx, x2: tx, y1: top - 4, y2: top + plotHeight }));
      svg.append(s('text', { class: 'tick-label', x: tx, y: top + plotHeight + 16, 'text-anchor': 'middle' }, tickText(t, data.unit)));
    }
    svg.append(s('text', { class: 'axis-note', x: right, y: top + plotHeight + 34, 'text-anchor': 'end' }, scale.log ? L('logarithmic scale') : data.unit === 'date' ? L('date') : L('linear scale')));

    // The registry's interval, across every row.
    if (data.interval) {
      const x1 = clampX(data.interval.min, left);
      const x2 = clampX(data.interval.max, right);
      // A single value (or day) still shows as a narrow band.
      const bandWidth = Math.max(Math.abs(x2 - x1), 6);
      svg.append(s('rect', { class: 'band', x: (x1 + x2) / 2 - bandWidth / 2, y: top - 4, width: bandWidth, height: plotHeight + 4 }));
      const labelX = Math.min(Math.max((x1 + x2) / 2, left + 60), right - 60);
      svg.append(s('text', { class: 'band-label', x: labelX, y: top - 10, 'text-anchor': 'middle' }, L('registry: {0}', data.value)));
    }

    let row = 0;
    for (const [, claims] of rows) {
      const mid = top + row * rowHeight + rowHeight / 2;
      if (row > 0) svg.append(s('line', { class: 'row-rule', x1: 0, x2: right, y1: top + row * rowHeight, y2: top + row * rowHeight }));
      const file = claims[0].file;
      const maxChars = Math.floor(labelWidth / 7);
      const shown = file.length > maxChars ? '…' + file.slice(file.length - maxChars + 1) : file;
      const label = s('text', { class: 'row-label', x: labelWidth, y: mid + 4, 'text-anchor': 'end' }, shown);
      label.append(s('title', {}, `${file}: open the first claim (line ${claims[0].line + 1})`));
      svg.append(actionable(label, () => openClaim(claims[0])));
      claims.forEach((/** @type {any} */ c, /** @type {number} */ i) => {
        const dy = claims.length > 1 ? (i - (claims.length - 1) / 2) * Math.min(10, 20 / (claims.length - 1)) : 0;
        const y = mid + dy;
        const state = c.conflict ? 'conflict' : c.agrees ? 'agree' : 'neutral';
        const tip = `${c.file}:${c.line + 1} — ${c.text} → ${c.value}${c.conflict ? ` (${L('conflict')})` : ''}`;
        /** @type {SVGElement} */
        let mark;
        if (c.kind === 'point') {
          mark = s('circle', { class: `mark ${state}`, cx: clampX(c.min, left), cy: y, r: 5 });
        } else {
          const x1 = clampX(c.min, left);
          const x2 = clampX(c.max, right);
          mark = s('g', { class: `mark ${state}` });
          mark.append(s('rect', { class: `mark ${state}`, x: Math.min(x1, x2), y: y - 4, width: Math.max(Math.abs(x2 - x1), 3), height: 8, rx: 2 }));
          // Open ends run to the edge of the axis and end in an arrow.
          if (c.min === null) mark.append(s('polygon', { class: `mark ${state}`, points: `${left - 6},${y} ${left},${y - 6} ${left},${y + 6}` }));
          if (c.max === null) mark.append(s('polygon', { class: `mark ${state}`, points: `${right + 6},${y} ${right},${y - 6} ${right},${y + 6}` }));
        }
        mark.append(s('title', {}, tip));
        mark.setAttribute('aria-label', tip);
        svg.append(actionable(mark, () => openClaim(c)));
      });
      row++;
    }

    const legend = h('div', { class: 'legend' }, [
      data.interval ? h('span', {}, [h('span', { class: 'swatch band' }), L('registry interval')]) : null,
      h('span', {}, [h('span', { class: 'swatch agree' }), L('agrees')]),
      h('span', {}, [h('span', { class: 'swatch conflict' }), L('conflict')]),
      h('span', {}, [h('span', { class: 'swatch neutral' }), L('no registry value to compare')]),
      h('span', {}, [L('● stated value · ▬ range or bound')]),
    ]);
    const wrap = h('div', { class: 'chart-wrap' });
    wrap.append(svg, legend);
    return wrap;
  }

  // ---- the sheet ---------------------------------------------------------------------------

  /** @param {any} data */
  function render(data) {
    current = data;
    const edit = h('button', { type: 'button' }, [L('Edit Entry')]);
    edit.addEventListener('click', () => vscode.postMessage({ type: 'editEntry' }));

    const facts = h('dl', { class: 'facts' }, [
      h('dt', {}, [L('Registry value')]),
      h('dd', {}, [h('span', { class: 'value' }, [data.value])]),
      h('dt', {}, [L('Status')]),
      h('dd', {}, [h('span', { class: `status status-${data.status}` }, [data.statusName || data.status])]),
      h('dt', {}, [L('Unit · bound')]),
      h('dd', {}, [`${data.unit} · ${data.bound}`]),
      h('dt', {}, [L('Registry')]),
      h('dd', {}, [data.registry, ' ', edit]),
    ]);
    if (data.note) facts.append(h('dt', {}, [L('Note')]), h('dd', {}, [data.note]));

    const sources = h('ul', { class: 'sources' });
    for (const src of data.sources) {
      const title = src.url ? actionable(h('a', { href: src.url, title: src.url }, [src.title]), () => vscode.postMessage({ type: 'openSource', url: src.url })) : h('span', {}, [src.title]);
      if (src.url) title.setAttribute('role', 'link');
      sources.append(h('li', {}, [title, src.date ? h('span', { class: 'muted' }, [` (${src.date})`]) : null, src.quote ? h('blockquote', {}, [src.quote]) : null]));
    }

    const table = h('table', { class: 'claims' }, [h('thead', {}, [h('tr', {}, [L('Where'), L('Text'), L('Value'), L('State')].map((t) => h('th', {}, [t])))])]);
    const body = h('tbody');
    for (const c of data.claims) {
      const where = actionable(h('a', { href: '#' }, [`${c.file}:${c.line + 1}`]), () => openClaim(c));
      const state = c.conflict ? L('conflict') : c.agrees ? L('agrees') : c.agrees === false ? L('disagrees') : '—';
      const problems = c.problems.map((/** @type {string} */ p) => h('div', { class: 'problem' }, [p]));
      body.append(h('tr', { class: c.conflict ? 'conflict' : c.agrees ? 'agree' : '' }, [h('td', {}, [where]), h('td', {}, [c.text]), h('td', {}, [c.value]), h('td', { class: 'state' }, [state, ...problems])]));
    }
    table.append(body);

    const conflicts = data.claims.filter((/** @type {any} */ c) => c.conflict).length;
    root.replaceChildren(
      h('h1', {}, [data.id]),
      data.claim ? h('p', { class: 'claim-text' }, [data.claim]) : h('p', { class: 'muted' }, [L('No claim text.')]),
      facts,
      h('h2', {}, [conflicts ? L('Claims across the workspace ({0}, {1} in conflict)', data.claims.length, conflicts) : L('Claims across the workspace ({0})', data.claims.length)]),
      data.claims.length ? chart(data) : h('p', { class: 'muted' }, [L('No article claims this fact yet.')]),
      data.claims.length ? table : null,
      h('h2', {}, [L('Sources')]),
      data.sources.length ? sources : h('p', { class: 'muted' }, [L('No sources recorded.')]),
    );
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.labels && typeof message.labels === 'object') labels = message.labels;
    // Which fact this is, so that VS Code can bring the sheet back after a reload (the extension's
    // WebviewPanelSerializer gets this state and checks it).
    if (message.state && typeof message.state === 'object') vscode.setState(message.state);
    if (message.type === 'update') render(message.data);
    else if (message.type === 'missing') root.replaceChildren(h('p', { class: 'muted' }, [L('The fact {0} is no longer in the registry.', String(message.id))]));
  });

  let pending = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => current && render(current));
  });

  vscode.postMessage({ type: 'ready' });
})();
