() => {
  // Delegated clicks for the cards' buttons (the chat's HTML is sanitized, so no inline handlers).
  const ask = (text) => {
    const box = document.querySelector("#rq-question textarea");
    const send = document.querySelector("#rq-send");
    if (!box || !send) return;
    box.value = text;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    setTimeout(() => send.click(), 50);
  };
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
  const chunkOf = (element) => {
    const card = element.closest(".rq-card");
    const match = card && /\brq-chunk-(\S+)/.exec(card.className);
    return match ? match[1] : null;
  };
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
        collect.textContent = "Collected ✓";
        collect.classList.add("rq-collected");
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
}
