/* Brankas: a private journal and check-in history, encrypted in this browser.
 *
 * Only WebCrypto (no third-party code). A random AES-256-GCM vault key encrypts every
 * record; it is stored twice, wrapped by a key derived from the passphrase
 * (PBKDF2-SHA-256 with the iterations and salt stored with the vault) and by a key
 * derived from the recovery code (HKDF-SHA-256: the code is 160 random bits). The
 * server sees only base64 ciphertext, salts and parameters. The unlocked key lives in
 * this closure only, is not extractable, and is dropped on lock, inactivity, page
 * hide and sign-out. See docs/vault.md.
 *
 * Public API (used by the check-in page): window.RehatVault.offerToSave(scores, box).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var subtle = window.crypto && window.crypto.subtle;
  var encoder = new TextEncoder(), decoder = new TextDecoder();
  var AAD_PASSPHRASE = "rehat-vault/v1/key/passphrase";
  var AAD_RECOVERY = "rehat-vault/v1/key/recovery";
  var AAD_ITEM = "rehat-vault/v1/item/";
  var HKDF_INFO = "rehat-vault/v1/recovery";
  var MIN_PASSPHRASE = 12;
  var BATCH = 100;

  // ---- bytes ------------------------------------------------------------------
  function b64(buffer) {
    var bytes = new Uint8Array(buffer), text = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(text);
  }
  function unb64(text) {
    var raw = atob(text), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function random(n) { return window.crypto.getRandomValues(new Uint8Array(n)); }
  function join(a, b) {
    var out = new Uint8Array(a.byteLength + b.byteLength);
    out.set(new Uint8Array(a), 0);
    out.set(new Uint8Array(b), a.byteLength);
    return out;
  }
  function newId() {
    if (window.crypto.randomUUID) return window.crypto.randomUUID();
    var b = random(16);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" +
      String(d.getDate()).padStart(2, "0");
  }

  // ---- recovery code: 20 random bytes as 32 Crockford base32 characters ------------
  var ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  function newRecoveryCode() {
    var bytes = random(20), bits = 0, value = 0, out = "";
    for (var i = 0; i < bytes.length; i++) {
      value = (value << 8) | bytes[i]; bits += 8;
      while (bits >= 5) { out += ALPHABET[(value >>> (bits - 5)) & 31]; bits -= 5; }
    }
    return out.match(/.{4}/g).join("-");
  }
  function recoveryBytes(code) {
    var text = String(code).toUpperCase().replace(/[^0-9A-Z]/g, "")
      .replace(/O/g, "0").replace(/[IL]/g, "1");
    if (text.length !== 32) return null;
    var bytes = new Uint8Array(20), bits = 0, value = 0, n = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = ALPHABET.indexOf(text[i]);
      if (digit < 0) return null;
      value = ((value << 5) | digit) & 0xffff; bits += 5;
      if (bits >= 8) { bytes[n++] = (value >>> (bits - 8)) & 0xff; bits -= 8; }
    }
    return bytes;
  }

  // ---- keys -------------------------------------------------------------------
  async function passphraseKek(passphrase, salt, iterations) {
    var material = await subtle.importKey(
      "raw", encoder.encode(passphrase.normalize("NFC")), "PBKDF2", false, ["deriveKey"]);
    return subtle.deriveKey(
      { name: "PBKDF2", hash: "SHA-256", salt: unb64(salt), iterations: iterations },
      material, { name: "AES-GCM", length: 256 }, false, ["wrapKey", "unwrapKey"]);
  }
  async function recoveryKek(codeBytes, salt) {
    var material = await subtle.importKey("raw", codeBytes, "HKDF", false, ["deriveKey"]);
    return subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: unb64(salt), info: encoder.encode(HKDF_INFO) },
      material, { name: "AES-GCM", length: 256 }, false, ["wrapKey", "unwrapKey"]);
  }
  async function wrapWith(vaultKey, kek, salt, aad) {
    var iv = random(12);
    var wrapped = await subtle.wrapKey(
      "raw", vaultKey, kek, { name: "AES-GCM", iv: iv, additionalData: encoder.encode(aad) });
    return { salt: salt, wrapped_key: b64(join(iv, wrapped)) };
  }
  /* Rejects (OperationError) when the secret is wrong: AES-GCM authenticates the key. */
  function unwrapWith(wrapping, kek, aad, extractable) {
    var raw = unb64(wrapping.wrapped_key);
    return subtle.unwrapKey(
      "raw", raw.subarray(12), kek,
      { name: "AES-GCM", iv: raw.subarray(0, 12), additionalData: encoder.encode(aad) },
      { name: "AES-GCM" }, extractable, ["encrypt", "decrypt"]);
  }
  async function wrapPassphrase(vaultKey, passphrase, iterations) {
    var salt = b64(random(16));
    return wrapWith(vaultKey, await passphraseKek(passphrase, salt, iterations), salt, AAD_PASSPHRASE);
  }
  async function wrapRecovery(vaultKey, code) {
    var salt = b64(random(16));
    return wrapWith(vaultKey, await recoveryKek(recoveryBytes(code), salt), salt, AAD_RECOVERY);
  }
  /* The stored parameters, never the page's current default, derive the key. */
  async function unlockWithPassphrase(vault, passphrase, extractable) {
    var kek = await passphraseKek(passphrase, vault.kdf.salt, vault.kdf.iterations);
    return unwrapWith(vault, kek, AAD_PASSPHRASE, extractable);
  }
  async function unlockWithRecovery(vault, code) {
    var bytes = recoveryBytes(code);
    if (!bytes) throw new Error("code");
    var kek = await recoveryKek(bytes, vault.recovery.salt);
    return unwrapWith(vault.recovery, kek, AAD_RECOVERY, true);
  }
  async function forUse(extractableKey) {
    var raw = await subtle.exportKey("raw", extractableKey);
    return subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
  }

  // ---- records ----------------------------------------------------------------
  async function seal(key, id, record) {
    var iv = random(12);
    var data = await subtle.encrypt(
      { name: "AES-GCM", iv: iv, additionalData: encoder.encode(AAD_ITEM + id) },
      key, encoder.encode(JSON.stringify(record)));
    return b64(join(iv, data));
  }
  async function unseal(key, id, ciphertext) {
    var raw = unb64(ciphertext);
    var data = await subtle.decrypt(
      { name: "AES-GCM", iv: raw.subarray(0, 12), additionalData: encoder.encode(AAD_ITEM + id) },
      key, raw.subarray(12));
    return JSON.parse(decoder.decode(data));
  }
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  function isText(v, max) { return typeof v === "string" && v.length <= max; }
  function validScore(s) {
    return s && isText(s.instrument, 40) && isText(s.part, 40) && isText(s.band, 120) &&
      typeof s.value === "number" && isFinite(s.value);
  }
  function validRecord(r) {
    if (!r || r.v !== 1 || !isText(r.uid, 64) || !isText(r.date, 10) || !DATE.test(r.date)) return false;
    if (r.type === "journal") {
      return isText(r.text, 4000) && Array.isArray(r.tags) && r.tags.length <= 20 &&
        r.tags.every(function (t) { return isText(t, 40); }) &&
        (r.mood === null || [1, 2, 3, 4, 5].indexOf(r.mood) >= 0);
    }
    if (r.type === "checkin") {
      return Array.isArray(r.scores) && r.scores.length > 0 && r.scores.length <= 20 &&
        r.scores.every(validScore);
    }
    return false;
  }
  function checkinRecord(scores) {
    return {
      v: 1, uid: newId(), type: "checkin", date: today(),
      scores: scores.map(function (s) {
        return { instrument: s.instrument, part: s.part || "", value: s.value, band: s.band || "" };
      }),
    };
  }

  // ---- server -----------------------------------------------------------------
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }
  async function call(url, method, body) {
    var response = await fetch(url, {
      method: method,
      credentials: "same-origin",
      cache: "no-store",
      redirect: "error",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    var data = {};
    if (response.status !== 204) data = await response.json().catch(function () { return {}; });
    if (!response.ok) {
      var error = new Error(data.error || "HTTP " + response.status);
      error.server = Boolean(data.error);
      error.code = data.code;
      throw error;
    }
    return data;
  }

  // ---- the check-in page: "simpan ke brankas saya" ------------------------------
  function offerUrl() {
    return (script && script.dataset.offerUrl) || "/brankas/simpan/";
  }
  async function offerToSave(scores, container) {
    if (!subtle || !Array.isArray(scores) || !scores.length || !scores.every(validScore)) return;
    var response = await fetch(offerUrl(), { credentials: "same-origin", redirect: "error", cache: "no-store" })
      .catch(function () { return null; });
    if (!response || !response.ok) return;
    var holder = document.createElement("div");
    holder.innerHTML = await response.text();
    var box = holder.firstElementChild;
    container.appendChild(box);
    var retry = box.querySelector(".vault-offer-retry");
    if (retry) {
      retry.addEventListener("click", function () { box.remove(); offerToSave(scores, container); });
      return;
    }
    var form = box.querySelector("form"), error = box.querySelector(".form-error");
    var done = box.querySelector(".vault-offer-done"), button = form.querySelector("button");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      error.hidden = true;
      button.disabled = true;
      done.textContent = box.dataset.msgWorking; done.hidden = false;
      var field = form.querySelector("input[type=password]");
      try {
        var state = await call(box.dataset.api, "GET");
        var key;
        try {
          key = await unlockWithPassphrase(state.vault, field.value, false);
        } catch (e) {
          throw Object.assign(new Error(box.dataset.msgWrong), { server: true });
        }
        var id = newId();
        await call(box.dataset.api + "isi/" + id + "/", "PUT",
          { revision: 0, ciphertext: await seal(key, id, checkinRecord(scores)) });
        key = null;
        field.value = "";
        form.querySelector("p").hidden = true;
        button.hidden = true;
        done.textContent = box.dataset.msgSaved;
      } catch (e) {
        done.hidden = true;
        error.textContent = e.server ? e.message : box.dataset.msgNetwork;
        error.hidden = false;
        button.disabled = false;
      }
    });
  }
  window.RehatVault = { offerToSave: offerToSave };

  // ---- the vault page ---------------------------------------------------------
  var root = document.getElementById("vault");
  if (!root) return;
  var msg = root.dataset;
  var legends = JSON.parse(document.getElementById("vault-legends").textContent);
  var state = null;          // {vault, items} as the server returned them (ciphertext)
  var key = null;            // the unlocked, non-extractable vault key
  var records = new Map();   // item id → {revision, record}; only while unlocked
  var editing = null;
  var idleTimer = null;

  function $(id) { return document.getElementById(id); }
  function status(text) { $("vault-status").textContent = text || ""; }
  function show(name) {
    ["create", "recovery", "unlock", "open"].forEach(function (n) {
      $("vault-" + n).hidden = n !== name;
    });
  }
  function fail(form, text) {
    var box = form.querySelector(".form-error");
    box.textContent = text;
    box.hidden = false;
  }
  function clearError(form) { form.querySelector(".form-error").hidden = true; }
  function errorText(e) { return e && e.server ? e.message : msg.msgNetwork; }
  function checkNew(form, passphrase, confirm) {
    if (passphrase.length < MIN_PASSPHRASE) { fail(form, msg.msgShort); return false; }
    if (passphrase !== confirm) { fail(form, msg.msgMismatch); return false; }
    return true;
  }
  async function busy(form, work) {
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    clearError(form);
    status(msg.msgWorking);
    try { await work(); } finally { button.disabled = false; }
  }

  // Locking: the key and every decrypted record leave memory and the page.
  function lock(reason) {
    key = null;
    records = new Map();
    editing = null;
    clearTimeout(idleTimer);
    $("journal-list").replaceChildren();
    $("history-charts").replaceChildren();
    document.querySelectorAll("#vault input[type=password], #journal-text, #journal-search")
      .forEach(function (input) { input.value = ""; });
    if (state && state.vault) show("unlock");
    status(reason || msg.msgLocked);
  }
  function touch() {
    if (!key) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(function () { lock(msg.msgLockedIdle); }, Number(msg.idleSeconds) * 1000);
  }
  ["pointerdown", "keydown", "input", "scroll", "touchstart"].forEach(function (name) {
    document.addEventListener(name, touch, { passive: true, capture: true });
  });
  window.addEventListener("pagehide", function () { lock(); });
  document.addEventListener("submit", function (event) {
    if (/\/keluar\/$/.test(event.target.getAttribute("action") || "")) lock();
  }, true);

  async function openVault(vaultKey) {
    var loaded = new Map();
    for (var i = 0; i < state.items.length; i++) {
      var item = state.items[i];
      try {
        var record = await unseal(vaultKey, item.id, item.ciphertext);
        if (validRecord(record)) loaded.set(item.id, { revision: item.revision, record: record });
      } catch (e) { /* a blob that does not authenticate is skipped, never shown */ }
    }
    key = vaultKey;
    records = loaded;
    state.items = [];
    show("open");
    status("");
    $("journal-date").value = today();
    render();
    touch();
  }

  async function start() {
    if (!subtle) { status(msg.msgNoCrypto); return; }
    try {
      state = await call(msg.api, "GET");
    } catch (e) { status(errorText(e)); return; }
    status("");
    show(state.vault ? "unlock" : "create");
  }

  // ---- create, unlock, recover, change passphrase, destroy ------------------------
  var pendingKey = null;
  function showRecoveryCode(code, vaultKey) {
    pendingKey = vaultKey;
    $("vault-recovery-code").textContent = code;
    $("recovery-saved").checked = false;
    $("vault-recovery-done").disabled = true;
    show("recovery");
    status("");
  }
  $("recovery-saved").addEventListener("change", function (event) {
    $("vault-recovery-done").disabled = !event.target.checked;
  });
  $("vault-recovery-done").addEventListener("click", async function () {
    $("vault-recovery-code").textContent = "";
    var vaultKey = pendingKey;
    pendingKey = null;
    state = await call(msg.api, "GET");
    await openVault(vaultKey);
  });

  $("vault-create-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target, passphrase = $("create-passphrase").value;
    clearError(form);
    if (!checkNew(form, passphrase, $("create-confirm").value)) return;
    if (!$("create-understand").checked) return fail(form, msg.msgUnderstand);
    busy(form, async function () {
      var iterations = Number(msg.iterations);
      var vaultKey = await subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
      var code = newRecoveryCode();
      try {
        await call(msg.api, "POST", {
          iterations: iterations,
          passphrase: await wrapPassphrase(vaultKey, passphrase, iterations),
          recovery: await wrapRecovery(vaultKey, code),
        });
      } catch (e) { status(""); return fail(form, errorText(e)); }
      form.reset();
      showRecoveryCode(code, await forUse(vaultKey));
    });
  });

  $("vault-unlock-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target, field = $("unlock-passphrase");
    busy(form, async function () {
      var vaultKey;
      try {
        state = await call(msg.api, "GET");
      } catch (e) { status(""); return fail(form, errorText(e)); }
      try {
        vaultKey = await unlockWithPassphrase(state.vault, field.value, false);
      } catch (e) {
        status("");
        field.value = "";
        return fail(form, msg.msgWrong);
      }
      field.value = "";
      await openVault(vaultKey);
    });
  });

  $("vault-recover-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target, passphrase = $("recover-passphrase").value;
    clearError(form);
    if (!checkNew(form, passphrase, $("recover-confirm").value)) return;
    busy(form, async function () {
      var extractable;
      try {
        state = await call(msg.api, "GET");
      } catch (e) { status(""); return fail(form, errorText(e)); }
      try {
        extractable = await unlockWithRecovery(state.vault, $("recover-code").value);
      } catch (e) { status(""); return fail(form, msg.msgWrongCode); }
      var iterations = Math.max(state.vault.kdf.iterations, Number(msg.iterations));
      var code = newRecoveryCode();
      var recovery = await wrapRecovery(extractable, code);
      recovery.replaces = state.vault.recovery.id;
      try {
        await call(msg.apiKeys, "POST", {
          version: state.vault.version,
          iterations: iterations,
          passphrase: await wrapPassphrase(extractable, passphrase, iterations),
          recovery: recovery,
        });
      } catch (e) { status(""); return fail(form, errorText(e)); }
      form.reset();
      $("vault-recover").open = false;
      showRecoveryCode(code, await forUse(extractable));
    });
  });

  $("passphrase-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target, passphrase = $("passphrase-new").value;
    clearError(form);
    if (!checkNew(form, passphrase, $("passphrase-confirm").value)) return;
    busy(form, async function () {
      var fresh, extractable;
      try {
        fresh = (await call(msg.api, "GET")).vault;
      } catch (e) { status(""); return fail(form, errorText(e)); }
      try {
        extractable = await unlockWithPassphrase(fresh, $("passphrase-old").value, true);
      } catch (e) { status(""); return fail(form, msg.msgWrong); }
      var iterations = Math.max(fresh.kdf.iterations, Number(msg.iterations));
      try {
        var reply = await call(msg.apiKeys, "POST", {
          version: fresh.version,
          iterations: iterations,
          passphrase: await wrapPassphrase(extractable, passphrase, iterations),
        });
        state.vault = reply.vault;
      } catch (e) { status(""); return fail(form, errorText(e)); }
      form.reset();
      status(msg.msgPassphraseChanged);
    });
  });

  document.querySelectorAll(".vault-destroy-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearError(form);
      if (!form.querySelector(".destroy-confirm").checked) return fail(form, msg.msgUnderstand);
      busy(form, async function () {
        try {
          await call(msg.api, "DELETE", { confirm: true });
        } catch (e) { status(""); return fail(form, errorText(e)); }
        form.reset();
        state = { vault: null, items: [] };
        lock(msg.msgVaultDeleted);
        show("create");
      });
    });
  });

  $("vault-lock").addEventListener("click", function () { lock(); });

  // ---- journal ----------------------------------------------------------------
  var moodFaces = {}, moodNames = {}, tagNames = {};
  document.querySelectorAll("#journal-form input[name=mood]").forEach(function (input) {
    var spans = input.parentNode.querySelectorAll("span");
    moodFaces[input.value] = spans[0].textContent;
    moodNames[input.value] = spans[1].textContent;
  });
  document.querySelectorAll("#journal-form input[name=tag]").forEach(function (input) {
    tagNames[input.value] = input.parentNode.textContent.trim();
  });

  function resetEditor() {
    var form = $("journal-form");
    editing = null;
    form.reset();
    $("journal-date").value = today();
    $("journal-cancel").hidden = true;
    clearError(form);
  }

  async function store(id, revision, record) {
    var reply = await call(msg.apiItems + id + "/", "PUT",
      { revision: revision, ciphertext: await seal(key, id, record) });
    records.set(id, { revision: reply.revision, record: record });
  }

  $("journal-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target, text = $("journal-text").value.trim();
    clearError(form);
    var mood = form.querySelector("input[name=mood]:checked");
    var date = $("journal-date").value;
    if (!text) return fail(form, msg.msgEmptyText);
    var current = editing ? records.get(editing) : null;
    var record = {
      v: 1, uid: current ? current.record.uid : newId(), type: "journal",
      date: DATE.test(date) ? date : today(),
      mood: mood ? Number(mood.value) : null,
      tags: Array.prototype.map.call(form.querySelectorAll("input[name=tag]:checked"),
        function (input) { return input.value; }),
      text: text,
    };
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    store(editing || newId(), current ? current.revision : 0, record).then(function () {
      resetEditor();
      render();
      status(msg.msgSaved);
    }, function (e) { fail(form, errorText(e)); }).finally(function () { button.disabled = false; });
  });
  $("journal-cancel").addEventListener("click", resetEditor);

  function edit(id) {
    var record = records.get(id).record, form = $("journal-form");
    resetEditor();
    editing = id;
    $("journal-date").value = record.date;
    $("journal-text").value = record.text;
    form.querySelectorAll("input[name=mood]").forEach(function (input) {
      input.checked = Number(input.value) === record.mood;
    });
    form.querySelectorAll("input[name=tag]").forEach(function (input) {
      input.checked = record.tags.indexOf(input.value) >= 0;
    });
    $("journal-cancel").hidden = false;
    $("journal-text").focus();
  }

  async function remove(id) {
    if (!window.confirm(msg.msgConfirmDelete)) return;
    try {
      await call(msg.apiItems + id + "/", "DELETE");
    } catch (e) { status(errorText(e)); return; }
    records.delete(id);
    if (editing === id) resetEditor();
    render();
    status(msg.msgDeleted);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function sorted(type) {
    var list = [];
    records.forEach(function (value, id) {
      if (value.record.type === type) list.push({ id: id, record: value.record });
    });
    return list.sort(function (a, b) { return a.record.date < b.record.date ? 1 : a.record.date > b.record.date ? -1 : 0; });
  }

  function matches(record, query) {
    if (!query) return true;
    var haystack = [record.date, record.text, moodNames[record.mood] || ""]
      .concat(record.tags.map(function (t) { return tagNames[t] || t; }), record.tags)
      .join(" ").toLowerCase();
    return query.toLowerCase().split(/\s+/).every(function (word) { return haystack.indexOf(word) >= 0; });
  }

  function renderJournal() {
    var list = $("journal-list"), query = $("journal-search").value.trim();
    var entries = sorted("journal");
    list.replaceChildren();
    entries.filter(function (e) { return matches(e.record, query); }).forEach(function (entry) {
      var r = entry.record, item = el("li", "card journal-entry");
      item.dataset.id = entry.id;
      var head = el("p", "journal-head");
      head.appendChild(el("strong", "", r.date));
      if (r.mood) {
        var face = el("span", "journal-mood", " " + moodFaces[r.mood]);
        face.title = msg.msgMood + ": " + moodNames[r.mood];
        face.setAttribute("aria-label", msg.msgMood + ": " + moodNames[r.mood]);
        head.appendChild(face);
      }
      item.appendChild(head);
      if (r.tags.length) {
        var tags = el("p", "journal-tags muted");
        r.tags.forEach(function (t) { tags.appendChild(el("span", "tag-chip", tagNames[t] || t)); });
        item.appendChild(tags);
      }
      item.appendChild(el("p", "journal-text", r.text));
      var actions = el("div", "actions");
      var editButton = el("button", "secondary", msg.msgEdit);
      editButton.type = "button";
      editButton.addEventListener("click", function () { edit(entry.id); });
      var deleteButton = el("button", "secondary", msg.msgDelete);
      deleteButton.type = "button";
      deleteButton.addEventListener("click", function () { remove(entry.id); });
      actions.append(editButton, deleteButton);
      item.appendChild(actions);
      list.appendChild(item);
    });
    var empty = $("journal-empty");
    empty.textContent = entries.length ? msg.msgNoMatch : empty.dataset.text;
    empty.hidden = list.children.length > 0;
  }
  $("journal-search").addEventListener("input", function () { if (key) renderJournal(); });

  // ---- history chart (SVG drawn here) ----------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function bandOf(legend, key) {
    for (var i = 0; i < legend.bands.length; i++) if (legend.bands[i].key === key) return legend.bands[i];
    return null;
  }
  function format(value) { return String(Math.round(value * 10) / 10); }

  function chart(legend, title, points) {
    var W = 320, H = 180, left = 34, right = 10, top = 10, bottom = 26;
    var span = legend.high - legend.low || 1;
    function y(v) { return top + (legend.high - Math.min(legend.high, Math.max(legend.low, v))) / span * (H - top - bottom); }
    function x(i) { return points.length === 1 ? (left + W - right) / 2 : left + i / (points.length - 1) * (W - left - right); }
    var drawing = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", class: "vault-chart" });
    drawing.appendChild(svg("title", {}, title));
    legend.bands.forEach(function (band, i) {
      var next = legend.bands[i + 1], upper = next ? next.low : legend.high;
      var lower = i === 0 ? legend.low : band.low;
      drawing.appendChild(svg("rect", {
        x: left, width: W - left - right, y: y(upper), height: Math.max(1, y(lower) - y(upper)),
        class: "band level-" + band.level,
      }));
    });
    [legend.low, legend.high].forEach(function (v) {
      drawing.appendChild(svg("text", { x: left - 4, y: y(v) + 4, class: "axis", "text-anchor": "end" }, format(v) + legend.unit));
    });
    drawing.appendChild(svg("text", { x: left, y: H - 6, class: "axis" }, points[0].date));
    if (points.length > 1) {
      drawing.appendChild(svg("text", { x: W - right, y: H - 6, class: "axis", "text-anchor": "end" }, points[points.length - 1].date));
      drawing.appendChild(svg("polyline", {
        class: "line",
        points: points.map(function (p, i) { return x(i) + "," + y(p.value); }).join(" "),
      }));
    }
    points.forEach(function (p, i) {
      var band = bandOf(legend, p.band);
      var dot = svg("circle", { cx: x(i), cy: y(p.value), r: 4, class: "point" });
      dot.appendChild(svg("title", {}, p.date + ": " + format(p.value) + legend.unit + (band ? " · " + band.label : "")));
      drawing.appendChild(dot);
    });
    return drawing;
  }

  function renderHistory() {
    var box = $("history-charts"), series = {};
    box.replaceChildren();
    sorted("checkin").reverse().forEach(function (entry) {
      entry.record.scores.forEach(function (s) {
        if (!legends[s.instrument]) return;
        var name = s.instrument + ":" + s.part;
        (series[name] = series[name] || []).push({ date: entry.record.date, value: s.value, band: s.band });
      });
    });
    var names = Object.keys(series).sort(function (a, b) {
      var order = Object.keys(legends);
      return order.indexOf(a.split(":")[0]) - order.indexOf(b.split(":")[0]) || (a < b ? -1 : 1);
    });
    names.forEach(function (name) {
      var instrument = name.split(":")[0], part = name.split(":")[1];
      var legend = legends[instrument], points = series[name];
      var title = legend.title + (part ? ": " + (legend.parts[part] || part) : "");
      var card = el("section", "card vault-series");
      card.dataset.series = name;
      card.appendChild(el("h3", "", title));
      card.appendChild(chart(legend, title, points));
      var wrap = el("div", "table-wrap"), table = el("table"), head = el("tr");
      [msg.msgDate, msg.msgScore, msg.msgBand].forEach(function (t) { head.appendChild(el("th", "", t)); });
      table.appendChild(head);
      points.slice().reverse().forEach(function (p) {
        var row = el("tr"), band = bandOf(legend, p.band);
        row.append(el("td", "", p.date), el("td", "", format(p.value) + legend.unit),
          el("td", band ? "level-" + band.level : "", band ? band.label : p.band));
        table.appendChild(row);
      });
      wrap.appendChild(table);
      card.appendChild(wrap);
      var explained = el("ul", "vault-bands");
      legend.bands.forEach(function (band) {
        var li = el("li", "level-" + band.level);
        li.appendChild(el("span", "swatch level-" + band.level));
        li.appendChild(el("strong", "", band.range + " · " + band.label));
        if (band.meaning) li.appendChild(el("span", "muted", " " + band.meaning));
        explained.appendChild(li);
      });
      card.appendChild(explained);
      box.appendChild(card);
    });
    $("history-empty").hidden = names.length > 0;
  }

  function render() {
    renderJournal();
    renderHistory();
  }

  // ---- export and import --------------------------------------------------------
  function allRecords() {
    var list = [];
    records.forEach(function (value) { list.push(value.record); });
    return list.sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; });
  }
  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = el("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  function exportJson() {
    return JSON.stringify({ format: "rehat-vault", version: 1, exported: today(), records: allRecords() }, null, 2);
  }
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function exportHtml() {
    var rows = allRecords(), parts = [];
    parts.push("<!DOCTYPE html><html lang=\"" + escapeHtml(document.documentElement.lang) + "\"><head><meta charset=\"utf-8\">",
      "<title>" + escapeHtml(msg.msgExportTitle) + "</title><style>body{font-family:sans-serif;max-width:720px;margin:2em auto;line-height:1.5}",
      "article{border-bottom:1px solid #ccc;padding:.5em 0}p{white-space:pre-wrap}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}</style></head><body>",
      "<h1>" + escapeHtml(msg.msgExportTitle) + "</h1><p><em>" + escapeHtml(msg.msgExportNote) + "</em></p>",
      "<h2>" + escapeHtml(msg.msgJournal) + "</h2>");
    rows.filter(function (r) { return r.type === "journal"; }).forEach(function (r) {
      parts.push("<article><h3>" + escapeHtml(r.date) + (r.mood ? " " + escapeHtml(moodFaces[r.mood] + " " + moodNames[r.mood]) : "") + "</h3>",
        r.tags.length ? "<div>" + escapeHtml(r.tags.map(function (t) { return tagNames[t] || t; }).join(", ")) + "</div>" : "",
        "<p>" + escapeHtml(r.text) + "</p></article>");
    });
    parts.push("<h2>" + escapeHtml(msg.msgHistory) + "</h2><table><tr><th>" + escapeHtml(msg.msgDate) + "</th><th></th><th>" +
      escapeHtml(msg.msgScore) + "</th><th>" + escapeHtml(msg.msgBand) + "</th></tr>");
    rows.filter(function (r) { return r.type === "checkin"; }).forEach(function (r) {
      r.scores.forEach(function (s) {
        var legend = legends[s.instrument], band = legend ? bandOf(legend, s.band) : null;
        var title = legend ? legend.title + (s.part ? ": " + (legend.parts[s.part] || s.part) : "") : s.instrument;
        parts.push("<tr><td>" + escapeHtml(r.date) + "</td><td>" + escapeHtml(title) + "</td><td>" +
          escapeHtml(format(s.value) + (legend ? legend.unit : "")) + "</td><td>" + escapeHtml(band ? band.label : s.band) + "</td></tr>");
      });
    });
    parts.push("</table></body></html>");
    return parts.join("");
  }
  $("export-json").addEventListener("click", function () {
    download("rehat-brankas-" + today() + ".json", "application/json", exportJson());
  });
  $("export-html").addEventListener("click", function () {
    download("rehat-brankas-" + today() + ".html", "text/html", exportHtml());
  });

  async function importRecords(list) {
    var known = new Set(), fresh = [];
    records.forEach(function (value) { known.add(value.record.uid); });
    list.forEach(function (record) {
      if (validRecord(record) && !known.has(record.uid)) { known.add(record.uid); fresh.push(record); }
    });
    for (var i = 0; i < fresh.length; i += BATCH) {
      var chunk = fresh.slice(i, i + BATCH), rows = [];
      for (var j = 0; j < chunk.length; j++) {
        var id = newId();
        rows.push({ id: id, ciphertext: await seal(key, id, chunk[j]), record: chunk[j] });
      }
      var reply = await call(msg.apiItems, "POST", {
        items: rows.map(function (row) { return { id: row.id, ciphertext: row.ciphertext }; }),
      });
      reply.items.forEach(function (item, n) {
        records.set(item.id, { revision: item.revision, record: rows[n].record });
      });
    }
    return { added: fresh.length, skipped: list.length - fresh.length };
  }
  $("import-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target, file = $("import-file").files[0];
    clearError(form);
    if (!file) return fail(form, msg.msgBadFile);
    busy(form, async function () {
      var data;
      try {
        data = JSON.parse(await file.text());
        if (!data || data.format !== "rehat-vault" || data.version !== 1 || !Array.isArray(data.records)) throw new Error();
      } catch (e) { status(""); return fail(form, msg.msgBadFile); }
      try {
        var counts = await importRecords(data.records);
        status(msg.msgImported.replace("%(added)s", counts.added).replace("%(skipped)s", counts.skipped));
      } catch (e) { status(""); fail(form, errorText(e)); }
      form.reset();
      render();
    });
  });

  start();
})();
