/**
 * The Get-help page: one self-contained document (no external assets: it must work when the
 * PC's network is the problem). Everything from the server is inserted as text, never as HTML.
 */
export const GET_HELP_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Get help — Deskside</title>
<link rel="icon" href="data:,">
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
  main { max-width: 720px; margin: 0 auto; padding: 24px 16px; }
  h1 { font-size: 24px; margin: 0 0 16px; } h2 { font-size: 18px; margin: 28px 0 8px; }
  form, .card { background: #fff; border: 1px solid #d9dce3; border-radius: 8px; padding: 16px; }
  label { display: block; font-weight: 600; margin: 12px 0 4px; }
  input, textarea, select, button { font: inherit; }
  input, textarea, select { width: 100%; box-sizing: border-box; padding: 8px; border: 1px solid #b8bdc8; border-radius: 6px; }
  textarea { min-height: 110px; }
  button { margin-top: 14px; padding: 9px 16px; border: 0; border-radius: 6px; background: #2456c9; color: #fff; cursor: pointer; }
  button.secondary { background: #e7eaf0; color: #1d2330; margin-top: 6px; }
  #suggestions .card { margin-top: 8px; } .muted { color: #5d6575; font-size: 13px; }
  .ticket { margin-top: 8px; } .status { font-weight: 600; text-transform: capitalize; }
  #sessions .card { border: 2px solid #c27c0e; background: #fff8e6; margin-bottom: 16px; }
  #sessions .card.active { border-color: #2456c9; background: #eef3ff; }
  #sessions button { margin-right: 8px; } button.danger { background: #b42318; }
  .waiting { margin: 6px 0 0; font-weight: 600; color: #8a4b00; }
  .reply p, .reply ul, .reply ol, .reply pre { margin: 2px 0; } .reply .author { font-weight: 600; } .reply pre { background: #f4f5f7; padding: 6px; overflow-x: auto; }
  .verdict { margin-top: 12px; padding-top: 8px; border-top: 1px solid #d9dce3; } .verdict button { margin-right: 8px; }
  #message { margin-top: 12px; font-weight: 600; } .reply { margin-top: 6px; padding-left: 10px; border-left: 3px solid #d9dce3; }
</style>
</head>
<body>
<main>
  <h1>Get help</h1>
  <div id="sessions" aria-live="assertive"></div>
  <form id="help">
    <label for="summary">What is wrong?</label>
    <input id="summary" name="summary" maxlength="200" required minlength="3" autocomplete="off">
    <div id="suggestions" aria-live="polite"></div>
    <label for="details">Details (optional)</label>
    <textarea id="details" name="details" maxlength="20000"></textarea>
    <label for="urgency">How urgent is it?</label>
    <select id="urgency" name="urgency">
      <option value="low">Low: it can wait</option>
      <option value="normal" selected>Normal</option>
      <option value="high">High: I cannot work properly</option>
      <option value="critical">Critical: I cannot work at all</option>
    </select>
    <button type="submit">Send to IT</button>
    <div id="message" role="status"></div>
  </form>
  <h2>Your requests from this PC</h2>
  <div id="tickets" class="muted">Loading…</div>
</main>
<script>
const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
const api = async (path, body) => {
  const res = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new Error((data && data.error && data.error.message) || 'request failed');
  return data;
};
let timer;
$('summary').addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const q = $('summary').value.trim();
    const box = $('suggestions');
    box.replaceChildren();
    if (q.length < 3) return;
    try {
      for (const a of await api('/api/faq?q=' + encodeURIComponent(q))) {
        const card = el('div', undefined, 'card');
        card.append(el('strong', a.title), el('p', a.body));
        const solved = el('button', 'This solved it', 'secondary');
        solved.type = 'button';
        solved.addEventListener('click', async () => {
          await api('/api/faq/' + a.id + '/solved', {});
          $('help').reset(); box.replaceChildren();
          $('message').textContent = 'Glad it is solved. No request was sent.';
        });
        card.append(solved);
        box.append(card);
      }
    } catch { /* suggestions are optional */ }
  }, 250);
});
$('help').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('message').textContent = 'Collecting diagnostics and sending…';
  try {
    const r = await api('/api/help', { summary: $('summary').value, details: $('details').value, urgency: $('urgency').value });
    $('message').textContent = r.ticketId ? 'Request #' + r.ticketId + ' sent. A technician will get back to you.' : 'Saved. It will be sent as soon as the server can be reached.';
    $('help').reset(); $('suggestions').replaceChildren();
    loadTickets();
  } catch (e) { $('message').textContent = e.message; }
});
// Replies arrive as a tree of text and a few shapes (the agent read their Markdown): built as
// DOM nodes with text content, so nothing anyone typed can become markup here.
const inline = (nodes) => nodes.map((n) => {
  if (n.t === 'text') return document.createTextNode(n.v);
  if (n.t === 'br') return el('br');
  if (n.t === 'code') return el('code', n.v);
  const e = el(n.t === 'link' ? 'a' : n.t === 'strong' ? 'strong' : 'em');
  if (n.t === 'link' && /^(https?:|mailto:)/i.test(n.href)) { e.href = n.href; e.rel = 'noopener noreferrer'; e.target = '_blank'; }
  e.append(...inline(n.c || []));
  return e;
});
const blocks = (bs) => bs.map((b) => {
  if (b.t === 'pre') return el('pre', b.v);
  if (b.t === 'ul' || b.t === 'ol') { const list = el(b.t); for (const item of b.items) { const li = el('li'); li.append(...inline(item)); list.append(li); } return list; }
  const e = el(b.t === 'h' ? 'h' + (b.level + 2) : 'p');
  e.append(...inline(b.c));
  return e;
});
// Replies being typed survive a reload of the list (a live update may come while typing).
const drafts = {};
async function loadTickets() {
  const box = $('tickets');
  const open = new Set([...box.querySelectorAll('details[open]')].map((d) => d.dataset.id));
  try {
    const list = await api('/api/tickets');
    box.replaceChildren();
    box.className = '';
    if (list.length === 0) box.append(el('p', 'No requests yet.', 'muted'));
    for (const t of list) {
      const card = el('details', undefined, 'card ticket');
      card.dataset.id = String(t.id);
      const head = el('summary');
      head.append(el('span', '#' + t.id + ' ' + t.summary + ' — '), el('span', t.status, 'status'));
      const due = t.responseDueAt || t.resolveDueAt;
      if (t.status === 'waiting') head.append(el('p', 'IT is waiting for your answer: reply below to carry on.', 'waiting'));
      else if (due && t.status !== 'resolved' && t.status !== 'closed') head.append(el('span', ' · expected by ' + new Date(due).toLocaleString(), 'muted'));
      card.append(head);
      card.addEventListener('toggle', async () => {
        if (!card.open || card.dataset.loaded) return;
        card.dataset.loaded = '1';
        const d = await api('/api/tickets/' + t.id);
        for (const c of d.comments) { const r = el('div', undefined, 'reply'); r.append(el('span', c.author.username + ':', 'author'), ...blocks(c.blocks || [{ t: 'p', c: [{ t: 'text', v: c.body }] }])); card.append(r); }
        const input = el('textarea'); input.setAttribute('aria-label', 'Your reply');
        input.value = drafts[t.id] || '';
        input.addEventListener('input', () => { drafts[t.id] = input.value; });
        const send = el('button', 'Reply'); send.type = 'button';
        send.addEventListener('click', async () => { await api('/api/tickets/' + t.id + '/comments', { body: input.value }); card.append(el('div', 'You: ' + input.value, 'reply')); input.value = ''; delete drafts[t.id]; });
        card.append(input, send);
        const note = el('p', '', 'muted'); note.setAttribute('role', 'status');
        const act = (fn) => async () => { try { await fn(); delete drafts[t.id]; loadTickets(); } catch (e) { note.textContent = e.message; } };
        if (d.status === 'resolved') {
          const ask = el('div', undefined, 'verdict');
          ask.append(el('p', 'IT marked this as resolved. Is it fixed?'));
          const yes = el('button', 'Yes, it is fixed'); yes.type = 'button';
          const no = el('button', 'No, it is not fixed', 'secondary'); no.type = 'button';
          yes.addEventListener('click', act(() => api('/api/tickets/' + t.id + '/confirm', { fixed: true })));
          no.addEventListener('click', act(async () => {
            if (!input.value.trim()) { input.focus(); throw new Error('Say in the reply box what is still wrong, then press "No, it is not fixed" again.'); }
            await api('/api/tickets/' + t.id + '/confirm', { fixed: false, comment: input.value });
          }));
          ask.append(yes, no);
          card.append(ask);
        }
        if (d.rating) card.append(el('p', 'You rated this ' + d.rating.score + ' out of 5. Thank you.', 'muted'));
        else if (d.status === 'resolved' || d.status === 'closed') {
          const rate = el('div', undefined, 'verdict');
          const score = el('select'); score.setAttribute('aria-label', 'How well was it handled?');
          for (const [v, label] of [['5', '5 — excellent'], ['4', '4 — good'], ['3', '3 — fair'], ['2', '2 — poor'], ['1', '1 — very poor']]) { const o = el('option', label); o.value = v; score.append(o); }
          const remark = el('input'); remark.setAttribute('aria-label', 'Anything to add? (optional)'); remark.maxLength = 2000;
          const rateIt = el('button', 'Rate'); rateIt.type = 'button';
          rateIt.addEventListener('click', act(() => api('/api/tickets/' + t.id + '/rating', { score: Number(score.value), comment: remark.value })));
          rate.append(el('p', 'How well was your request handled?'), score, remark, rateIt);
          card.append(rate);
        }
        card.append(note);
      });
      box.append(card);
      if (open.has(card.dataset.id)) card.open = true;
    }
  } catch (e) { box.textContent = e.message; }
}
// A technician's reply or a status change is pushed here: the list and open threads are read again.
const news = new EventSource('/api/events');
news.addEventListener('ticket', () => loadTickets());
loadTickets();
// Remote sessions: requests waiting for this person's answer, and who is connected now.
async function loadSessions() {
  const box = $('sessions');
  let s;
  try { s = await api('/api/sessions'); } catch { return; }
  box.replaceChildren();
  for (const p of s.pending) {
    const card = el('div', undefined, 'card');
    const left = Math.max(0, Math.round((new Date(p.expiresAt) - Date.now()) / 1000));
    card.append(el('strong', p.technician + (p.kind === 'files' ? ' from IT asks to transfer files on this PC' : ' from IT asks to open a remote session on this PC')));
    if (p.reason) card.append(el('p', 'Reason: ' + p.reason));
    if (p.ticketId) card.append(el('p', 'About request #' + p.ticketId));
    card.append(el('p', (p.kind === 'files' ? 'They will be able to read and write your files for 15 minutes.' : 'They will be able to run commands as you.') + ' Answer within ' + left + ' s, or it is refused.', 'muted'));
    const allow = el('button', 'Allow'); allow.type = 'button'; allow.dataset.action = 'allow';
    const refuse = el('button', 'Refuse', 'secondary'); refuse.type = 'button'; refuse.dataset.action = 'refuse';
    allow.addEventListener('click', () => api('/api/sessions/answer', { sessionId: p.sessionId, accept: true }).finally(loadSessions));
    refuse.addEventListener('click', () => api('/api/sessions/answer', { sessionId: p.sessionId, accept: false }).finally(loadSessions));
    card.append(allow, refuse);
    box.append(card);
  }
  for (const a of s.active) {
    const card = el('div', undefined, 'card active');
    card.append(el('strong', a.technician + ' from IT is connected to this PC'));
    card.append(el('p', 'Since ' + new Date(a.startedAt).toLocaleTimeString() + (a.ticketId ? ' · request #' + a.ticketId : '') + (a.reason ? ' · ' + a.reason : ''), 'muted'));
    const end = el('button', 'End session', 'danger'); end.type = 'button'; end.dataset.action = 'end';
    end.addEventListener('click', () => api('/api/sessions/end', { sessionId: a.sessionId }).finally(loadSessions));
    card.append(end);
    box.append(card);
  }
}
loadSessions();
setInterval(loadSessions, 2000);
</script>
</body>
</html>
`;
