/* Obtains this person's anonymous check-in tokens on every signed-in visit.
 *
 * For each open period: check the key against the list the anonymous side publishes,
 * blind a fresh token input (RFC 9578 layout) with @cloudflare/blindrsa-ts, have the
 * identity side sign it blindly, finalize, and keep the token in this browser only.
 * Every employee's browser does this, answering or not, so issuance reveals nothing.
 */
(function () {
  "use strict";
  var STORE = "rehat.token.";
  var body = document.body;
  var directoryUrl = body.dataset.tokenDirectory;
  var keyListUrl = body.dataset.tokenKeys;

  function b64encode(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s);
  }
  function b64decode(text) {
    var s = atob(text), out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  function concat() {
    var total = 0, i, offset = 0;
    for (i = 0; i < arguments.length; i++) total += arguments[i].length;
    var out = new Uint8Array(total);
    for (i = 0; i < arguments.length; i++) { out.set(arguments[i], offset); offset += arguments[i].length; }
    return out;
  }
  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  }
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  var PENDING = "rehat.pending.";
  var VOICE = "rehat.voice.";
  var refused = {};

  async function publishedKey(entry, published) {
    var spki = b64decode(entry.spki);
    var spkiHash = b64encode(await sha256(spki));
    var listed = published.some(function (k) {
      return k.period === entry.period && k.bucket === entry.bucket && k.purpose === entry.purpose &&
        k.token_key_id === entry.token_key_id && k.browser_spki_sha256 === spkiHash;
    });
    if (!listed) {
      refused[entry.period] = true;
      throw new Error("key not in the published list: refused");
    }
    return crypto.subtle.importKey(
      "spki", spki, { name: "RSA-PSS", hash: "SHA-384" }, true, ["verify"]);
  }

  // A blinded request is kept until its signature arrives, so a page closed
  // mid-request can ask again for the very same signature on the next visit.
  async function prepare(entry, publicKey) {
    var keyId = b64decode(entry.token_key_id);
    var type = new Uint8Array([entry.token_type >> 8, entry.token_type & 255]);
    var nonce = crypto.getRandomValues(new Uint8Array(32));
    var input = concat(type, nonce, await sha256(b64decode(entry.challenge)), keyId);
    var blinded = await window.RehatBlindRSA.RSABSSA.SHA384.PSS.Deterministic()
      .blind(publicKey, input);
    return {
      bucket: entry.bucket,
      input: b64encode(input),
      inv: b64encode(blinded.inv),
      request: b64encode(concat(type, keyId.slice(31), blinded.blindedMsg)),
    };
  }

  function pendingName(entry) {
    return PENDING + entry.purpose + "." + entry.period;
  }

  // Requests of one entry still waiting for their signature (a list: voice tokens come
  // several per period; older pages kept a single request).
  function loadPending(entry) {
    var saved = JSON.parse(localStorage.getItem(pendingName(entry)) || "null");
    if (!saved) return [];
    return Array.isArray(saved) ? saved : [saved];
  }

  function savePending(entry, list) {
    if (list.length) localStorage.setItem(pendingName(entry), JSON.stringify(list));
    else localStorage.removeItem(pendingName(entry));
  }

  function dropPending(entry, pending) {
    savePending(entry, loadPending(entry).filter(function (p) {
      return p.request !== pending.request;
    }));
  }

  function voiceTokens(period) {
    return JSON.parse(localStorage.getItem(VOICE + period) || "[]");
  }

  function keep(entry, token) {
    if (entry.purpose === "voice") {
      var tokens = voiceTokens(entry.period);
      tokens.push(token);
      localStorage.setItem(VOICE + entry.period, JSON.stringify(tokens));
    } else {
      localStorage.setItem(STORE + entry.period, JSON.stringify(token));
    }
  }

  async function finish(job, blindSignature) {
    var input = b64decode(job.pending.input);
    var signature = await window.RehatBlindRSA.RSABSSA.SHA384.PSS.Deterministic()
      .finalize(job.publicKey, input, b64decode(blindSignature), b64decode(job.pending.inv));
    keep(job.entry, { bucket: job.pending.bucket, token: b64encode(concat(input, signature)) });
    dropPending(job.entry, job.pending);
  }

  function post(payload) {
    return fetch(directoryUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(payload),
    });
  }

  function requestOf(job) {
    return {
      period: job.entry.period, purpose: job.entry.purpose, token_request: job.pending.request,
    };
  }

  // Every token of the visit in one request (the server signs and records them together).
  async function obtainAll(jobs) {
    var response = await post({ requests: jobs.map(requestOf) });
    if (!response.ok) throw new Error("issuance refused: " + response.status);
    var signatures = (await response.json()).blind_signatures;
    for (var i = 0; i < jobs.length; i++) await finish(jobs[i], signatures[i]);
  }

  // One at a time, when the visit's request as a whole was refused.
  async function obtainOne(job) {
    var response = await post(requestOf(job));
    if (response.status === 409) dropPending(job.entry, job.pending);
    if (!response.ok) throw new Error("issuance refused: " + response.status);
    await finish(job, (await response.json()).blind_signature);
  }

  async function run() {
    if (!directoryUrl || !window.crypto || !crypto.subtle || !window.RehatBlindRSA) return;
    var directory = await (await fetch(directoryUrl, { credentials: "same-origin" })).json();
    var published = (await (await fetch(keyListUrl, { credentials: "omit" })).json()).keys;
    var open = {};
    var jobs = [];
    for (var i = 0; i < directory.periods.length; i++) {
      var entry = directory.periods[i];
      open[STORE + entry.period] = open[VOICE + entry.period] = open[pendingName(entry)] = true;
      try {
        var publicKey = await publishedKey(entry, published);
        // Requests whose reply was lost are sent again first; fresh ones fill up to
        // what the server still gives this person (given to another device: none).
        var pending = loadPending(entry);
        var wanted = 0;
        if (entry.purpose === "voice") wanted = entry.remaining;
        else if (!entry.issued && !localStorage.getItem(STORE + entry.period)) wanted = 1;
        for (var n = pending.length; n < wanted; n++) pending.push(await prepare(entry, publicKey));
        savePending(entry, pending);
        pending.forEach(function (p) {
          jobs.push({ entry: entry, publicKey: publicKey, pending: p });
        });
      } catch (e) { /* no token for this entry this visit */ }
    }
    if (jobs.length) {
      try {
        await obtainAll(jobs);
      } catch (e) {
        for (var j = 0; j < jobs.length; j++) {
          if (!loadPending(jobs[j].entry).some(function (p) {
            return p.request === jobs[j].pending.request;
          })) continue;  // finished before the failure
          try { await obtainOne(jobs[j]); } catch (e2) { /* next visit */ }
        }
      }
    }
    // Tokens of closed periods are useless; do not keep them.
    Object.keys(localStorage).forEach(function (name) {
      var ours = [STORE, PENDING, VOICE].some(function (p) { return name.indexOf(p) === 0; });
      if (ours && !open[name]) localStorage.removeItem(name);
    });
  }

  window.RehatTokens = {
    STORE: STORE,
    VOICE: VOICE,
    refused: refused,
    ready: run().catch(function () { /* offline: try again on the next visit */ }),
  };
})();
