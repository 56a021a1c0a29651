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
      vscode.postMessage({ type: actionEl.dataset.action });
      return;
    }
    const link = target.closest('a[href]');
    if (link instanceof HTMLAnchorElement) {
      event.preventDefault();
      vscode.postMessage({ type: 'openLink', href: link.getAttribute('href') });
    }
  });
})();
