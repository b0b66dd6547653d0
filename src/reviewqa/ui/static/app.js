() => {
  // Delegated clicks for the cards' buttons (the chat's HTML is sanitized, so no inline handlers).
  const copyText = async (text) => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      const done = document.execCommand("copy");
      area.remove();
      return done;
    }
  };
  // Collect and the notebook's buttons: the card's chunk id goes into a hidden textbox the app listens to.
  const send = (boxId, text) => {
    const box = document.querySelector(`#${boxId} textarea, #${boxId} input`);
    if (!box) return false;
    box.value = text;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    return true;
  };
  // Type `text` into the question box and press Ask; false when the box is not on the page (yet).
  const ask = (text) => {
    const button = document.querySelector("#rq-send");
    if (!button || !send("rq-question", text)) return false;
    setTimeout(() => button.click(), 50);
    return true;
  };
  // The value of a class `${prefix}…` of an element ('rq-read-s3-p8' -> 's3-p8' for the prefix 'rq-read-').
  const classId = (element, prefix) => {
    const match = element && new RegExp(`\\b${prefix}(\\S+)`).exec(element.getAttribute("class") || "");
    return match ? match[1] : null;
  };
  const chunkOf = (element) => classId(element.closest(".rq-card"), "rq-chunk-");
  // "Collected ✓" follows the current notebook: its passage ids are in the Ask tab's status line (hidden), so a
  // card drawn again after a reload, or a passage removed in the Notebooks tab, shows what the store holds. A
  // click not yet in the store (`collecting`) keeps its ✓ meanwhile.
  const collecting = new Set();
  const markCollect = (button, on) => {
    const label = on ? "Collected ✓" : "Collect";
    if (button.textContent !== label) button.textContent = label;
    if (button.classList.contains("rq-collected") !== on) button.classList.toggle("rq-collected", on);
  };
  const markCollected = () => {
    const list = document.querySelector("#rq-collect-status .rq-collected-ids");
    if (!list) return;
    const kept = new Set(list.textContent.split(/\s+/).filter(Boolean));
    for (const id of kept) collecting.delete(id);
    for (const button of document.querySelectorAll(".rq-card .rq-collect")) {
      const id = chunkOf(button);
      if (id) markCollect(button, kept.has(id) || collecting.has(id));
    }
  };
  const tabButton = (label) => Array.from(document.querySelectorAll('[role="tab"]'))
    .find((tab) => tab.textContent.trim() === label);
  document.addEventListener("click", async (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const copy = target.closest(".rq-copy");
    if (copy) {
      event.preventDefault();
      const quote = copy.parentElement && copy.parentElement.querySelector(".rq-quote");
      const done = await copyText(quote ? quote.textContent : "");
      const label = copy.textContent;
      copy.textContent = done ? "Copied ✓" : "Copy failed";
      copy.classList.add("rq-copied");
      setTimeout(() => { copy.textContent = label; copy.classList.remove("rq-copied"); }, 1500);
      return;
    }
    const download = target.closest(".rq-download");
    if (download) {
      // The file's text is in the page (a hidden textarea beside the button): the browser makes the file.
      event.preventDefault();
      const name = download.getAttribute("data-file");
      const file = Array.from(document.querySelectorAll(".rq-file")).find((f) => f.getAttribute("data-name") === name);
      if (!file) return;
      const type = file.getAttribute("data-type");
      let blob;
      if (file.getAttribute("data-encoding") === "base64") {
        const bytes = Uint8Array.from(atob(file.value.trim()), (c) => c.charCodeAt(0));
        blob = new Blob([bytes], { type });
      } else {
        blob = new Blob([file.value], { type: `${type};charset=utf-8` });
      }
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
      return;
    }
    const collect = target.closest(".rq-collect");
    const chunkId = collect && chunkOf(collect);
    if (chunkId) {
      event.preventDefault();
      if (send("rq-collect-id", chunkId)) {
        collecting.add(chunkId);
        markCollect(collect, true);
      }
      return;
    }
    // A notebook card's buttons: "remove:ID", "up:ID", "down:ID" or "note:ID" goes to the notebook's hidden box.
    const act = target.closest(".rq-uncollect, .rq-up, .rq-down, .rq-note-edit");
    const actOn = act && chunkOf(act);
    if (actOn) {
      event.preventDefault();
      const verb = { "rq-uncollect": "remove", "rq-up": "up", "rq-down": "down", "rq-note-edit": "note" };
      const name = Object.keys(verb).find((c) => act.classList.contains(c));
      send("rq-notebook-action", `${verb[name]}:${actOn}`);
      return;
    }
    const lookup = target.closest(".rq-lookup");
    const number = lookup && /\brq-ref-(\d+)\b/.exec(lookup.className);
    if (number) {
      event.preventDefault();
      ask(`ref ${number[1]}`);
    }
  });

  // The composed answer, the Reader and the section strip (ui/replies.py, ui/reader_view.py, ui/strip.py).
  let lastCard = null; // the card whose "Read in context" opened the Reader, for "Back to the answer"
  // The Reader opens with the tab bar at the top of the window (you see where you are, and the contents beside
  // the text); the passages before the target are folded, so it is right under the bar. Only a target that would
  // still end below the window (a late row of a long table) is scrolled up into view.
  const showReaderAt = (found) => {
    const bar = document.querySelector("#rq-tabs [role=tablist]");
    let top = bar ? bar.getBoundingClientRect().top + window.scrollY - 4 : 0;
    const box = found.getBoundingClientRect();
    if (box.bottom + window.scrollY - top > window.innerHeight) top = box.top + window.scrollY - window.innerHeight / 3;
    window.scrollTo({ top: Math.max(0, top) });
  };
  const scrollWhenThere = (selector, tries = 300) => {
    // The server redraws the target a moment later: look for it every 100 ms for up to 30 s (a busy machine).
    const found = document.querySelector(selector);
    if (found && found.offsetParent !== null) {
      showReaderAt(found);
      return;
    }
    if (tries > 0) setTimeout(() => scrollWhenThere(selector, tries - 1), 100);
  };
  const openReader = (chunkId, card) => {
    lastCard = card || lastCard;
    if (send("rq-reader-id", `${chunkId}|${Date.now()}`)) {
      scrollWhenThere(`#rq-reader .rq-target.rq-at-${CSS.escape(chunkId)}`);
    }
  };
  const pickSection = (segment) => {
    const number = classId(segment, "rq-strip-(?=\\d)");
    if (number) send("rq-strip-section", `${number}|${Date.now()}`);
  };
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const read = target.closest(".rq-read");
    if (read) {
      event.preventDefault();
      const card = read.closest(".rq-card, .rq-answer-item"); // 'Back' returns to it
      const chunkId = classId(read, "rq-read-") || chunkOf(read);
      if (chunkId) openReader(chunkId, card);
      return;
    }
    if (target.closest(".rq-back")) {
      event.preventDefault();
      const tab = tabButton("Ask");
      if (tab) tab.click();
      if (lastCard && lastCard.isConnected) setTimeout(() => lastCard.scrollIntoView({ block: "center" }), 150);
      return;
    }
    const goto = target.closest(".rq-goto");
    if (goto) {
      event.preventDefault();
      const reply = goto.closest(".rq-reply");
      const chunkId = classId(goto, "rq-goto-");
      const card = reply && chunkId && reply.querySelector(`.rq-card.rq-chunk-${CSS.escape(chunkId)}`);
      if (card) {
        card.scrollIntoView({ block: "center" });
        card.classList.add("rq-flash");
        setTimeout(() => card.classList.remove("rq-flash"), 1200);
      }
      return;
    }
    const segment = target.closest(".rq-strip-seg");
    if (segment) {
      event.preventDefault();
      pickSection(segment);
    }
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const segment = target && target.closest(".rq-strip-seg");
    if (segment && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      pickSection(segment);
    }
  });

  // ==== Issue 15 · the chat keeps the newest question and reply in view ====================================
  // A sent question shows at once with a 'searching…' line; when its reply arrives the page scrolls so the
  // question and the top of the reply (its answer) are at the top of the window, not the bottom of the chat.
  const scroller = (element) => {
    for (let e = element.parentElement; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (/(auto|scroll)/.test(style.overflowY) && e.scrollHeight > e.clientHeight + 1) return e;
    }
    return document.scrollingElement || document.documentElement;
  };
  const bringToTop = (botRow) => {
    const question = botRow.previousElementSibling && botRow.previousElementSibling.classList.contains("user-row")
      ? botRow.previousElementSibling : botRow;
    const box = scroller(question);
    const boxTop = box === document.scrollingElement || box === document.documentElement ? 0 : box.getBoundingClientRect().top;
    box.scrollTop += question.getBoundingClientRect().top - boxTop - 8;
  };
  let repliesSeen = 0;
  let searchingSeen = false;
  const followChat = () => {
    const chat = document.querySelector("#rq-chat");
    if (!chat) return;
    const rows = [...chat.querySelectorAll(".bot-row")];
    const replies = rows.filter((row) => row.querySelector(".rq-reply"));
    const searching = rows.find((row) => row.querySelector(".rq-searching"));
    if (searching && !searchingSeen) bringToTop(searching);
    else if (replies.length > repliesSeen) bringToTop(replies[replies.length - 1]);
    searchingSeen = Boolean(searching);
    repliesSeen = replies.length;
  };

  // ==== Issue 15 · on a phone the Ask tab's options start folded, so the chat comes first ==================
  let optionsFolded = false;
  const foldOptionsOnPhones = () => {
    if (optionsFolded) return;
    const label = document.querySelector("#rq-options > .label-wrap");
    if (!label) return;
    optionsFolded = true;
    if (window.matchMedia("(max-width: 480px)").matches && label.classList.contains("open")) label.click();
  };

  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; followChat(); foldOptionsOnPhones(); markCollected(); });
  }).observe(document.body, { childList: true, subtree: true, characterData: true });

  // ==== Issue 15 · quiz: keys 1-4 (or A-D) choose an option when no text box has the focus =================
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target && target.closest("input, textarea, select, [contenteditable='true']")) return;
    const index = "1234".indexOf(event.key) >= 0 ? "1234".indexOf(event.key) : "abcd".indexOf(event.key.toLowerCase());
    if (event.key.length !== 1 || index < 0) return;
    const options = [...document.querySelectorAll("#rq-quiz-options .rq-option")].filter((b) => b.offsetParent !== null);
    if (!options[index]) return;
    event.preventDefault();
    options[index].click();
  });

  // ==== Issue 15 · glossary: the search box filters the rows; an abbreviation asks 'define X' in the chat ====
  document.addEventListener("input", (event) => {
    const box = event.target instanceof Element ? event.target.closest("#rq-glossary-search input, #rq-glossary-search textarea") : null;
    if (!box) return;
    const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of document.querySelectorAll(".rq-gloss-row")) {
      const text = row.getAttribute("data-search") || "";
      const match = words.every((word) => text.includes(word));
      row.hidden = !match;
      shown += match ? 1 : 0;
    }
    const none = document.querySelector(".rq-gloss-none");
    if (none) none.hidden = shown > 0;
  });
  document.addEventListener("click", (event) => {
    const define = event.target instanceof Element ? event.target.closest(".rq-define") : null;
    if (!define) return;
    event.preventDefault();
    const tab = tabButton("Ask");
    if (tab) tab.click();
    const term = define.getAttribute("data-term");
    const waitForBox = (tries) => {
      if (!ask(`define ${term}`) && tries > 0) requestAnimationFrame(() => waitForBox(tries - 1));
    };
    waitForBox(120);
  });
}
