"""The page's script (Gradio runs it once the page has loaded): everything a reader does with a digest
without asking the server. One listener for the whole page, so that it works on fragments the server
replaces while a digest streams in:

- a key point (a link, so Tab and Enter reach it) highlights its source sentences and scrolls to the first;
  hovering or focusing one highlights them lightly;
- "Show the Chinese" shows or hides every Chinese piece (one setting for the page, kept across updates);
- the copy buttons copy the English key points or the translation (with the Chinese when it is shown);
- "Correct" beside a glossary name puts ``中文 = English`` in the corrections box, ready to edit;
- after Run, the digest is brought into view when it starts to arrive, and "You waited" is measured here,
  from the click, which is what the visitor waited.
"""

from __future__ import annotations

SOURCE_JS = """(text, file) => {
  const max = %(max)d, n = [...(text || '')].length, fmt = k => k.toLocaleString('en');
  const esc = s => String(s).replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'})[c]);
  if (file) return `<p>Run digests the uploaded file <b>${esc(file.orig_name || 'file')}</b>. Typing in the box ` +
    `or picking an example removes it.</p>`;
  if (!n) return `<p>Paste an article of up to ${fmt(max)} characters, or upload a file.</p>`;
  if (n > max) return `<p class='over' role='alert'>${fmt(n)} characters: over this demo's limit of ${fmt(max)} ` +
    `characters. Paste a shorter article, or a part of it.</p>`;
  return `<p>${fmt(n)} of ${fmt(max)} characters</p>`;
}"""

PAGE_JS = r"""() => {
  const root = document.documentElement, run = {t0: 0, waited: null, scroll: false};
  const zhShown = () => root.hasAttribute('data-zh');
  const rows = a => (a.dataset.src || '').split(' ').map(id => document.getElementById(id)).filter(Boolean);
  const clean = el => { const c = el.cloneNode(true);
    c.querySelectorAll('.src, mark.note, .live-label').forEach(x => x.remove());
    return c.textContent.replace(/\s+/g, ' ').trim(); };
  function trace(a) {
    document.querySelectorAll('#results tr.hl').forEach(r => r.classList.remove('hl'));
    document.querySelectorAll('#results a.trace[aria-current]').forEach(x => x.removeAttribute('aria-current'));
    const found = rows(a);
    found.forEach(r => r.classList.add('hl'));
    a.setAttribute('aria-current', 'true');
    if (found.length) { found[0].scrollIntoView({block: 'center'}); found[0].focus({preventScroll: true}); }
  }
  function hover(a, on) { rows(a).forEach(r => r.classList.toggle('hv', on)); }
  function copyText(what) {
    const both = zhShown(), out = [];
    if (what === 'points') {
      document.querySelectorAll('#points .points-en li').forEach((li, k) => out.push(`${k + 1}. ${clean(li)}`));
      const zh = [...document.querySelectorAll('#points .points-zh li')].map((li, k) => `${k + 1}. ${clean(li)}`);
      if (both && zh.length) out.push('', ...zh);
    } else {
      document.querySelectorAll('#translation tbody tr:not(.pending)').forEach(tr => {
        if (tr.classList.contains('para') && out.length) out.push('');
        out.push(clean(tr.querySelector('td.en')));
        if (both) out.push(clean(tr.querySelector('td.zh')));
      });
    }
    return out.join('\n');
  }
  async function copy(button) {
    const text = copyText(button.dataset.copy);
    try { await navigator.clipboard.writeText(text); } catch (err) {
      const area = Object.assign(document.createElement('textarea'), {value: text});
      document.body.append(area); area.select(); document.execCommand('copy'); area.remove();
    }
    const label = button.textContent;
    button.textContent = 'Copied'; setTimeout(() => { button.textContent = label; }, 1500);
  }
  function correct(button) {
    const box = document.querySelector('#corrections textarea');
    if (!box) return;
    const zh = button.dataset.zh, en = button.dataset.en;
    const lines = box.value.split('\n').filter(l => l.trim() && !l.trim().startsWith(zh + ' ='));
    lines.push(`${zh} = ${en}`);
    box.value = lines.join('\n');
    box.dispatchEvent(new Event('input', {bubbles: true}));
    box.scrollIntoView({block: 'center'}); box.focus();
    box.setSelectionRange(box.value.length - en.length, box.value.length);
  }
  function sync() {
    document.querySelectorAll('#results .zh-toggle').forEach(b => {
      const label = zhShown() ? 'Hide the Chinese' : 'Show the Chinese (中文)';
      if (b.getAttribute('aria-pressed') !== String(zhShown())) b.setAttribute('aria-pressed', String(zhShown()));
      if (b.textContent !== label) b.textContent = label;
    });
    const waited = document.querySelector('#status .done:not([data-old]) .waited');
    if (waited && run.t0) {
      if (run.waited === null) run.waited = (performance.now() - run.t0) / 1000;
      const text = `${run.waited.toFixed(1)} s`;
      if (waited.textContent !== text) waited.textContent = text;
    }
    if (run.scroll && document.querySelector(
        '#points .digest-points:not([data-old]), #status .error:not([data-old]), #status .done:not([data-old])')) {
      run.scroll = false;
      document.getElementById('status').scrollIntoView({block: 'start'});
    }
  }
  function started() {
    document.querySelectorAll('#points .digest-points, #status .digest-status').forEach(x => { x.dataset.old = '1'; });
    Object.assign(run, {t0: performance.now(), waited: null, scroll: true});
  }
  document.addEventListener('click', ev => {
    const t = ev.target, a = t.closest('a.trace'), b = t.closest('button');
    if (a) { ev.preventDefault(); trace(a); return; }
    if (t.closest('#run, #rerun')) started();
    if (!b) return;
    if (b.classList.contains('zh-toggle')) { root.toggleAttribute('data-zh'); sync(); }
    else if (b.classList.contains('copy')) copy(b);
    else if (b.classList.contains('correct')) correct(b);
  }, true);
  for (const [name, on] of [['mouseover', true], ['mouseout', false], ['focusin', true], ['focusout', false]]) {
    document.addEventListener(name, ev => { const a = ev.target.closest && ev.target.closest('a.trace');
      if (a) hover(a, on); });
  }
  new MutationObserver(sync).observe(document.body, {childList: true, subtree: true});
}"""


def source_js(max_chars: int) -> str:
    """The line under the article box: what Run will digest, and its size against the one limit."""
    return SOURCE_JS % {"max": max_chars}
