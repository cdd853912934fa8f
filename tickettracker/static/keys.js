// TicketTracker keyboard shortcuts: decides in the browser whether a key is a shortcut, then tells the server.
// Shortcuts never fire while typing in a field or while a dialog has the keyboard; Ctrl/Cmd+K and Esc always work.
(() => {
  if (window.ttKeysInstalled) return;
  window.ttKeysInstalled = true;
  const KEYS = ["/", "n", "j", "k", "Enter", "e", "s", "c", "x", "?"];
  const typing = (el) =>
    !!el && !!el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .q-field');
  const topDialog = () => [...document.querySelectorAll(".q-dialog")].pop();
  const GO_KEYS = ["i"]; // "g" then one of these within a second and a half: "g i" opens Insights
  let goPressed = 0;

  document.addEventListener("keydown", (evt) => {
    const mod = evt.ctrlKey || evt.metaKey;
    if (mod && !evt.altKey && evt.key.toLowerCase() === "k") {
      evt.preventDefault();
      emitEvent("tt_key", { key: "palette", shift: false });
      return;
    }
    if (evt.key === "Escape") {
      // Quasar closes ordinary dialogs itself; persistent ones (forms) close through their Cancel button.
      const dialog = topDialog();
      if (!dialog && typing(document.activeElement)) document.activeElement.blur(); // leave the field for j/k
      if (!dialog || document.querySelector(".q-menu")) return;
      const cancel = [...dialog.querySelectorAll("button")].find((b) =>
        ["Cancel", "Close"].includes(b.textContent.trim()),
      );
      if (cancel) cancel.click();
      return;
    }
    if (mod || evt.altKey || topDialog() || typing(document.activeElement)) return;
    if (goPressed && Date.now() - goPressed < 1500 && GO_KEYS.includes(evt.key)) {
      goPressed = 0;
      evt.preventDefault();
      emitEvent("tt_key", { key: `g ${evt.key}`, shift: false });
      return;
    }
    goPressed = evt.key === "g" ? Date.now() : 0;
    if (!KEYS.includes(evt.key)) return;
    if (evt.key === "Enter" && document.activeElement && document.activeElement.closest("a, button")) return;
    evt.preventDefault();
    emitEvent("tt_key", { key: evt.key, shift: evt.shiftKey });
  });

  // Click a control by its accessible name (aria-label or visible text): how shortcuts reach page buttons.
  window.ttClick = (name) => {
    const candidates = [...document.querySelectorAll("button, a, [role=button]")];
    // a Quasar button's label is its .block span (its icon's ligature text is not part of the name)
    const label = (b) => (b.querySelector(".block") || b).textContent.trim();
    const el = candidates.find((b) => b.getAttribute("aria-label") === name || label(b) === name);
    if (el) el.click();
    return !!el;
  };
  window.ttScrollToCursor = () =>
    setTimeout(() => {
      const row = document.querySelector("tr.tt-cursor");
      if (row) row.scrollIntoView({ block: "nearest" });
    }, 50);
})();
