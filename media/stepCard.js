// Step card webview script: turns clicks into messages for the extension. Loaded with a nonce.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const target = /** @type {HTMLElement | null} */ (event.target instanceof Element ? event.target : null);
    if (!target) return;
    const actionEl = target.closest('[data-action]');
    if (actionEl instanceof HTMLElement) {
      event.preventDefault();
      if (actionEl instanceof HTMLButtonElement && actionEl.disabled) return;
      // A row's action names its row with its other data-* attributes (a step, a walkthrough, a
      // reference: the import review's and the landing report's rows).
      const { action, ...row } = actionEl.dataset;
      vscode.postMessage({ ...row, type: action });
      return;
    }
    const link = target.closest('a[href]');
    if (link instanceof HTMLAnchorElement) {
      event.preventDefault();
      vscode.postMessage({ type: 'openLink', href: link.getAttribute('href') });
    }
  });
  // A page drawn again after each action (the landing report) keeps where the user was reading.
  if (document.body.hasAttribute('data-keep-scroll')) {
    const saved = vscode.getState();
    if (saved && typeof saved.scrollY === 'number') window.scrollTo(0, saved.scrollY);
    let pending = false;
    window.addEventListener('scroll', () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        vscode.setState({ ...(vscode.getState() || {}), scrollY: window.scrollY });
      });
    });
  }
  // Practice: keys 1–4 rate, Space reveals, U undoes, - buries, @ suspends (Anki's keys; buttons
  // carry data-key); not while typing in a field.
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
    const key = event.key;
    if (!/^[1-4 u@-]$/.test(key)) return;
    const button = document.querySelector(`button[data-key="${key}"]`);
    if (button instanceof HTMLButtonElement && !button.disabled) {
      event.preventDefault();
      button.click();
    }
  });
  // Practice: the answer timer counts up from the time already spent when the card was drawn.
  const timer = document.querySelector('.timer[data-elapsed-ms]');
  if (timer instanceof HTMLElement) {
    const shown = Date.now() - Number(timer.dataset.elapsedMs || 0);
    const target = Number(timer.dataset.targetMs || 0);
    const format = (/** @type {number} */ ms) => {
      const s = Math.round(ms / 1000);
      return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
    };
    const tick = () => {
      const elapsed = Date.now() - shown;
      timer.textContent = format(elapsed);
      timer.classList.toggle('over', target > 0 && elapsed > target);
    };
    tick();
    setInterval(tick, 1000);
  }
})();
