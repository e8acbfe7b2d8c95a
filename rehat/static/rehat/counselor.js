// Ruang Dengar, counselor side: a suggested phrase goes into the reply box at the
// cursor, for the counselor to adapt. Nothing is ever sent from here.
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-phrase]");
  if (!button) return;
  const box = document.getElementById(button.dataset.target);
  if (!box) return;
  const phrase = button.dataset.phrase;
  const start = box.selectionStart ?? box.value.length;
  const end = box.selectionEnd ?? box.value.length;
  const before = box.value.slice(0, start);
  const after = box.value.slice(end);
  const gap = before && !/\s$/.test(before) ? " " : "";
  box.value = before + gap + phrase + after;
  const cursor = (before + gap + phrase).length;
  box.focus();
  box.setSelectionRange(cursor, cursor);
});
