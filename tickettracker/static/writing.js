// TicketTracker writing helpers (SPEC §19): clickable checklists in rendered Markdown, pasted/dropped files in text
// boxes, ";name" snippet completion. The browser only reports what happened; the server decides and answers.
(() => {
  if (window.ttWriting) return;

  // NiceGUI gives a text box's own <textarea>/<input> the element id (c<id>); look inside too, to be safe.
  const textOf = (id) => {
    const el = document.getElementById(`c${id}`);
    return el && (el.matches("textarea, input") ? el : el.querySelector("textarea, input"));
  };

  const ttWriting = {
    // ----- checklists: which box (0-based, in reading order) of a rendered text was clicked --------------------
    checkbox(evt) {
      const box = evt.target;
      if (!box || !box.matches || !box.matches("input.task-list-item-checkbox")) return null;
      const root = box.closest(".tt-markdown");
      if (!root) return null;
      const boxes = [...root.querySelectorAll("input.task-list-item-checkbox")];
      const wanted = box.checked;
      box.checked = !wanted; // the server's answer (a re-render) shows the new state, not the click itself
      return { index: boxes.indexOf(box), total: boxes.length, checked: wanted };
    },

    // ----- pasted or dropped files ----------------------------------------------------------------------------
    // Files over the limit are refused here, before any byte is sent; the rest go to the hidden uploader.
    files(evt, uploaderId, limit) {
      const source = evt.clipboardData || evt.dataTransfer;
      const files = source ? [...(source.files || [])] : [];
      if (!files.length) return null;
      evt.preventDefault();
      const tooBig = files.filter((f) => f.size > limit);
      if (tooBig.length) return { refused: tooBig.map((f) => ({ name: f.name, size: f.size })) };
      const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
      const named = files.map((f) =>
        // browsers call every pasted screenshot "image.png": give it a name a person can tell apart
        f.name === "image.png" && evt.clipboardData ? new File([f], `screenshot-${stamp}.png`, { type: f.type }) : f,
      );
      const uploader = getElement(uploaderId);
      if (!uploader || !uploader.$refs.qRef) return { refused: [] };
      uploader.$refs.qRef.addFiles(named);
      return { sent: named.map((f) => f.name) };
    },

    // ----- text insertion at the cursor ------------------------------------------------------------------------
    insert(id, text) {
      const el = textOf(id);
      if (!el) return;
      const start = el.selectionStart ?? el.value.length;
      const end = el.selectionEnd ?? start;
      const before = el.value.slice(0, start);
      const lead = before && !before.endsWith("\n") ? "\n" : "";
      el.setRangeText(lead + text + "\n", start, end, "end");
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.focus();
    },

    // ----- ";name" snippets ------------------------------------------------------------------------------------
    trigger(id) {
      const el = textOf(id);
      if (!el || el.selectionStart !== el.selectionEnd) return null;
      const match = /(?:^|\s);([a-z0-9_-]{0,40})$/.exec(el.value.slice(0, el.selectionStart));
      return match ? match[1] : null;
    },

    replaceTrigger(id, text) {
      const el = textOf(id);
      if (!el) return;
      const end = el.selectionStart;
      const match = /(?:^|\s)(;[a-z0-9_-]{0,40})$/.exec(el.value.slice(0, end));
      const start = match ? end - match[1].length : end;
      el.setRangeText(text, start, end, "end");
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.focus();
    },
  };
  window.ttWriting = ttWriting;
})();
