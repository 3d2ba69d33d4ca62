/**
 * The live inspector page: one self-contained HTML document (styles and script inline, nothing fetched
 * from anywhere but its own WebSocket), so it works without internet. It draws the actor tree, each
 * machine as nested state boxes with the active states lit, restarts and failures, and the last events with
 * their correlation ids. Everything shown goes through `textContent` (no HTML from the system's data).
 *
 * @example
 * ```ts
 * response.end(liveViewPage({ socketUrl: 'ws://127.0.0.1:4242/live?token=abc', statelyPath: '/stately?token=abc' }));
 * ```
 */
export function liveViewPage(options: { socketUrl: string; statelyPath: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tradestate live inspector</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d232b}
header{display:flex;gap:16px;align-items:baseline;padding:10px 16px;background:#1d232b;color:#fff}
header h1{font-size:16px;margin:0} header a{color:#9cd1ff} #connection{margin-left:auto;font-size:12px}
main{display:grid;grid-template-columns:280px 1fr;gap:12px;padding:12px}
section{background:#fff;border:1px solid #d9dee5;border-radius:6px;padding:8px 10px;margin-bottom:12px}
h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#5b6675;margin:0 0 6px}
ul.tree{list-style:none;padding-left:14px;margin:0} ul.tree li{margin:3px 0}
.badge{display:inline-block;padding:0 6px;border-radius:8px;font-size:12px;background:#e4e8ee}
.s-RUNNING{background:#c9f2d0}.s-FAILED{background:#ffc9c9}.s-STOPPING,.s-INITIALIZING{background:#fff0b3}.s-STOPPED{background:#dde}
.meta{color:#5b6675;font-size:12px} .error{color:#b3261e;font-size:12px}
.diagrams{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:12px}
.state{border:1px solid #c4ccd6;border-radius:6px;padding:3px 6px;margin:4px 0;background:#fff}
.state.active{border:2px solid #1a73e8;background:#eaf2ff}
.state.parallel>.children{display:flex;gap:6px}.state.parallel>.children>.state{flex:1}
.state .key{font-weight:600;font-size:12px} .state.final .key::after{content:" (final)";font-weight:400;color:#5b6675}
.transitions{font-size:11px;color:#5b6675;margin:0;padding-left:12px}
table{border-collapse:collapse;width:100%;font-size:12px} td,th{text-align:left;padding:2px 6px;border-bottom:1px solid #eef0f3}
code{font-size:11px}
</style></head>
<body>
<header><h1>tradestate live inspector</h1><span>works offline; for Stately's inspector (online): <a id="stately" href="${options.statelyPath}">open it here</a></span><span id="connection">connecting…</span></header>
<main>
<div>
<section><h2>Actors</h2><div id="tree"></div></section>
<section><h2>Restarts and failures</h2><ul id="timeline" class="tree"></ul></section>
</div>
<div>
<section><h2>Machines</h2><div id="diagrams" class="diagrams"></div></section>
<section><h2>Last bus events</h2><table><thead><tr><th>time</th><th>event</th><th>correlation id</th><th>about</th></tr></thead><tbody id="events"></tbody></table></section>
<section><h2>Last events to actors</h2><table><thead><tr><th>time</th><th>to</th><th>event</th><th>from</th></tr></thead><tbody id="actorEvents"></tbody></table></section>
</div>
</main>
<script>
(() => {
  const view = { connected: false, updates: 0, actors: [], timeline: [], busEvents: [] };
  window.tradestateInspector = view;
  let machines = {};
  const el = (tag, className, text) => { const node = document.createElement(tag); if (className) node.className = className; if (text !== undefined) node.textContent = text; return node; };
  const time = (at) => new Date(at).toISOString().slice(11, 23);
  // Nested states read better as their active leaves: RUNNING.supervision.SUPERVISING, RUNNING.health.WAITING.
  const label = (actor) => {
    if (!actor.state.startsWith('{')) return actor.state || actor.status;
    const leaves = actor.active.filter((id) => !actor.active.some((other) => other.startsWith(id + '.')));
    return leaves.map((id) => id.slice(actor.machine.length + 1)).join(', ');
  };
  function drawState(node, active) {
    const box = el('div', 'state ' + node.type + (active.has(node.id) ? ' active' : ''));
    box.dataset.id = node.id;
    box.append(el('div', 'key', node.key));
    if (node.description) box.title = node.description;
    if (node.transitions.length) {
      const list = el('ul', 'transitions');
      for (const t of node.transitions) list.append(el('li', '', t.event + ' → ' + t.target));
      box.append(list);
    }
    if (node.children.length) {
      const children = el('div', 'children');
      for (const child of node.children) children.append(drawState(child, active));
      box.append(children);
    }
    return box;
  }
  function drawTree(actors) {
    const byParent = new Map();
    for (const actor of actors) { const key = actor.parent || ''; if (!byParent.has(key)) byParent.set(key, []); byParent.get(key).push(actor); }
    const list = (parent) => {
      const ul = el('ul', 'tree');
      for (const actor of byParent.get(parent) || []) {
        const li = el('li');
        li.dataset.actor = actor.name;
        li.append(el('strong', '', actor.name), ' ', el('span', 'badge s-' + actor.state, label(actor)));
        li.append(el('div', 'meta', actor.machine + ' machine · ' + actor.restarts + ' restart(s) · ' + actor.failures + ' failure(s)'));
        if (actor.error) li.append(el('div', 'error', actor.error));
        if (byParent.has(actor.name)) li.append(list(actor.name));
        ul.append(li);
      }
      return ul;
    };
    const roots = actors.filter((a) => !a.parent || !actors.some((b) => b.name === a.parent)).map((a) => a.parent || '');
    const container = el('div');
    for (const root of new Set(roots)) container.append(list(root));
    return container;
  }
  function render(state) {
    view.actors = state.actors; view.timeline = state.timeline; view.busEvents = state.busEvents; view.updates += 1;
    document.getElementById('tree').replaceChildren(drawTree(state.actors));
    const diagrams = document.getElementById('diagrams');
    diagrams.replaceChildren(...state.actors.filter((a) => machines[a.machine]).map((actor) => {
      const card = el('div'); card.dataset.diagram = actor.name;
      card.append(el('h2', '', actor.name + ' · ' + label(actor)));
      card.append(drawState(machines[actor.machine], new Set(actor.active)));
      return card;
    }));
    document.getElementById('timeline').replaceChildren(...state.timeline.slice().reverse().map((entry) =>
      el('li', entry.kind, time(entry.at) + ' ' + entry.text)));
    document.getElementById('events').replaceChildren(...state.busEvents.slice().reverse().map((event) => {
      const row = el('tr'); row.append(el('td', '', time(event.at)), el('td', '', event.type), el('td', '', event.correlationId), el('td', '', event.detail || '')); return row; }));
    document.getElementById('actorEvents').replaceChildren(...state.actorEvents.slice().reverse().map((event) => {
      const row = el('tr'); row.append(el('td', '', time(event.at)), el('td', '', event.actor), el('td', '', event.type), el('td', '', event.from || '')); return row; }));
  }
  function connect() {
    const socket = new WebSocket(${JSON.stringify(options.socketUrl)});
    socket.onopen = () => { view.connected = true; document.getElementById('connection').textContent = 'live'; };
    socket.onclose = () => { view.connected = false; document.getElementById('connection').textContent = 'disconnected: retrying'; setTimeout(connect, 1000); };
    socket.onmessage = (message) => {
      const data = JSON.parse(message.data);
      if (data.type === 'machines') machines = data.machines;
      else if (data.type === 'state') render(data);
    };
  }
  connect();
})();
</script>
</body></html>`;
}

/**
 * The page that shows the same system in Stately's online inspector: it frames https://stately.ai/inspect
 * and passes on what the relay pushes at `/stately` (needs internet; the live page does not).
 *
 * @example
 * ```ts
 * response.end(statelyBridgePage('ws://127.0.0.1:4242/stately?token=abc'));
 * ```
 */
export function statelyBridgePage(socketUrl: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>tradestate in the Stately inspector</title>
<style>html,body,iframe{margin:0;width:100%;height:100%;border:0}</style></head>
<body><iframe id="inspector" src="https://stately.ai/inspect" referrerpolicy="no-referrer"></iframe><script>
const frame = document.getElementById('inspector'); const buffer = []; let ready = false;
window.addEventListener('message', (e) => { if (e.origin === 'https://stately.ai' && e.data && e.data.type === '@statelyai.connected') {
  ready = true; buffer.splice(0).forEach((d) => frame.contentWindow.postMessage(d, 'https://stately.ai')); } });
const ws = new WebSocket(${JSON.stringify(socketUrl)});
ws.onmessage = (e) => { const d = JSON.parse(e.data); ready ? frame.contentWindow.postMessage(d, 'https://stately.ai') : buffer.push(d); };
</script></body></html>`;
}
