/* Ruang Dengar in the employee's browser.
 *
 * Opening a conversation spends one voice token (obtained blindly by tokens.js) at the
 * anonymous endpoint, without cookies; the server answers with the receipt, shown once.
 * Reading and writing later need only the receipt. The receipt stays in this page's
 * memory, and goes into localStorage only if the person ticks "simpan di perangkat ini":
 * anything in localStorage can be read by whoever uses this browser next, and a shared
 * office computer would hand them the conversation.
 */
(function () {
  "use strict";
  var root = document.getElementById("ruang-dengar");
  if (!root) return;
  var SAVED = "rehat.ruang-dengar.receipt";
  var data = root.dataset;
  var openForm = document.getElementById("ld-open-form");
  var returnForm = document.getElementById("ld-return-form");
  var replyForm = document.getElementById("ld-reply-form");
  var identityForm = document.getElementById("ld-identity-form");
  var sections = {
    start: document.getElementById("ld-start"),
    receipt: document.getElementById("ld-receipt"),
    conversation: document.getElementById("ld-conversation"),
    identity: document.getElementById("ld-identity"),
    back: document.getElementById("ld-return"),
    crisis: document.getElementById("ld-crisis"),
  };
  var remember = document.getElementById("ld-remember");
  var current = null;  // the receipt of the conversation on screen, in memory only

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      headers: {
        "Content-Type": "application/json",
        "Accept-Language": document.documentElement.lang || "id",
      },
      body: JSON.stringify(body),
    });
  }

  function showError(form, message) {
    var box = form.querySelector(".form-error");
    box.textContent = message;
    box.hidden = false;
  }

  function clearError(form) {
    form.querySelector(".form-error").hidden = true;
  }

  // What a person typed ("abcde fghij…") in the shape the receipt was shown in.
  function tidy(receipt) {
    var plain = receipt.toUpperCase().replace(/[^0-9A-Z]/g, "");
    return plain.match(/.{1,5}/g).join("-");
  }

  // Voice tokens --------------------------------------------------------------------

  function voiceToken() {
    var prefix = window.RehatTokens.VOICE;
    var names = Object.keys(localStorage).filter(function (n) { return n.indexOf(prefix) === 0; });
    names.sort();
    for (var i = 0; i < names.length; i++) {
      var list = JSON.parse(localStorage.getItem(names[i]) || "[]");
      if (list.length) return { name: names[i], period: names[i].slice(prefix.length), entry: list[0] };
    }
    return null;
  }

  function dropToken(choice) {
    var list = JSON.parse(localStorage.getItem(choice.name) || "[]").filter(function (t) {
      return t.token !== choice.entry.token;
    });
    if (list.length) localStorage.setItem(choice.name, JSON.stringify(list));
    else localStorage.removeItem(choice.name);
  }

  // A token the server will never accept is dropped; another one may still work.
  var DEAD_TOKEN = { spent: true, closed: true, invalid: true, unknown_key: true };

  async function openConversation(event) {
    event.preventDefault();
    clearError(openForm);
    var button = openForm.querySelector("button[type=submit]");
    button.disabled = true;
    var text = openForm.elements.text.value, topic = openForm.elements.topic.value;
    for (;;) {
      var choice = voiceToken();
      if (!choice) return showError(openForm, data.msgNoToken);
      var response, reply;
      try {
        response = await post(data.openUrl, {
          period: choice.period, bucket: choice.entry.bucket, token: choice.entry.token,
          text: text, topic: topic,
        });
        reply = await response.json();
      } catch (e) {
        button.disabled = false;
        return showError(openForm, data.msgNetwork);
      }
      if (response.ok) {
        dropToken(choice);
        openForm.reset();
        return opened(reply);
      }
      if (DEAD_TOKEN[reply.code]) {
        dropToken(choice);
        if (voiceToken()) continue;
      } else {
        button.disabled = false;
      }
      return showError(openForm, reply.error);
    }
  }

  // The conversation on screen ---------------------------------------------------------

  function show(reply) {
    document.getElementById("ld-thread").innerHTML = reply.html;
    document.getElementById("ld-deadline").textContent = reply.deadline_text;
    sections.conversation.hidden = false;
    sections.identity.hidden = false;
    sections.start.hidden = true;
    sections.back.hidden = true;
    remember.checked = localStorage.getItem(SAVED) === current;
    var receiptField = identityForm.elements.receipt;
    receiptField.value = current;
    receiptField.closest(".field").hidden = true;
    if (reply.urgent) sections.crisis.hidden = false;
  }

  function opened(reply) {
    current = reply.receipt;
    // Groups of five; <wbr> lets a narrow screen wrap between groups, copies nothing.
    var code = document.getElementById("ld-receipt-code");
    code.textContent = "";
    reply.receipt.split("-").forEach(function (group, i) {
      if (i) { code.append("-"); code.appendChild(document.createElement("wbr")); }
      code.append(group);
    });
    sections.receipt.hidden = false;
    show(reply);
    (reply.urgent ? sections.crisis : sections.receipt).focus();
  }

  async function openWithReceipt(receipt, form) {
    var response, reply;
    try {
      response = await post(data.readUrl, { receipt: receipt });
      reply = await response.json();
    } catch (e) {
      return showError(form, data.msgNetwork);
    }
    if (!response.ok) return showError(form, reply.error);
    current = tidy(receipt);
    show(reply);
    document.getElementById("ld-thread").focus();
  }

  function returnWithReceipt(event) {
    event.preventDefault();
    clearError(returnForm);
    var receipt = returnForm.elements.receipt.value.trim();
    if (!receipt) return showError(returnForm, returnForm.elements.receipt.labels[0].textContent);
    returnForm.reset();
    openWithReceipt(receipt, returnForm);
  }

  async function sendReply(event) {
    event.preventDefault();
    clearError(replyForm);
    var status = replyForm.querySelector(".reply-status");
    var text = replyForm.elements.text.value;
    if (!text.trim()) return showError(replyForm, data.msgEmpty);
    var button = replyForm.querySelector("button[type=submit]");
    button.disabled = true;
    var response, reply;
    try {
      response = await post(data.sendUrl, { receipt: current, text: text });
      reply = await response.json();
    } catch (e) {
      button.disabled = false;
      return showError(replyForm, data.msgNetwork);
    }
    button.disabled = false;
    if (!response.ok) return showError(replyForm, reply.error);
    replyForm.reset();
    status.textContent = data.msgSent;
    show(reply);
    if (reply.urgent) sections.crisis.focus();
  }

  // The one request that names the person: it goes to the identity side, on purpose.
  async function revealIdentity(event) {
    event.preventDefault();
    clearError(identityForm);
    var response, reply;
    try {
      response = await fetch(identityForm.action, {
        method: "POST",
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
        body: new FormData(identityForm),
      });
      reply = await response.json();
    } catch (e) {
      return showError(identityForm, data.msgNetwork);
    }
    if (!response.ok) return showError(identityForm, reply.error);
    identityForm.elements.confirm.checked = false;
    identityForm.closest("details").open = false;
    show(reply);
    document.getElementById("ld-thread").focus();
  }

  function leave() {
    current = null;
    document.getElementById("ld-thread").innerHTML = "";
    document.getElementById("ld-receipt-code").textContent = "";
    identityForm.elements.receipt.value = "";
    ["receipt", "conversation", "identity", "crisis"].forEach(function (name) {
      sections[name].hidden = true;
    });
    sections.start.hidden = false;
    sections.back.hidden = false;
    window.scrollTo(0, 0);
  }

  // Keeping the receipt ----------------------------------------------------------------

  function receiptStatus(message) {
    document.getElementById("ld-receipt-status").textContent = message;
  }

  async function copyReceipt() {
    try {
      await navigator.clipboard.writeText(current);
      receiptStatus(data.msgCopied);
    } catch (e) {
      var range = document.createRange();
      range.selectNodeContents(document.getElementById("ld-receipt-code"));
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      receiptStatus(data.msgCopyFailed);
    }
  }

  function downloadReceipt() {
    var text = [
      data.downloadTitle, "", data.downloadCode + " " + current, "",
      data.downloadWhere, data.pageUrl, "", data.downloadWarning, "",
    ].join("\r\n");
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    link.download = data.downloadName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function toggleRemember() {
    if (remember.checked && current) localStorage.setItem(SAVED, current);
    else localStorage.removeItem(SAVED);
    document.getElementById("ld-remember-status").textContent =
      remember.checked ? data.msgSaved : data.msgForgotten;
  }

  // Start ------------------------------------------------------------------------------

  returnForm.addEventListener("submit", returnWithReceipt);
  replyForm.addEventListener("submit", sendReply);
  identityForm.addEventListener("submit", revealIdentity);
  document.getElementById("ld-leave").addEventListener("click", leave);
  document.getElementById("ld-copy").addEventListener("click", copyReceipt);
  document.getElementById("ld-download").addEventListener("click", downloadReceipt);
  remember.addEventListener("change", toggleRemember);

  var saved = localStorage.getItem(SAVED);
  if (saved) openWithReceipt(saved, returnForm);

  var status = openForm.querySelector(".token-status");
  if (!window.RehatTokens) {
    status.textContent = data.msgNoToken;
    return;
  }
  window.RehatTokens.ready.then(function () {
    var button = openForm.querySelector("button[type=submit]");
    if (voiceToken()) {
      status.textContent = data.msgReady;
      button.disabled = false;
    } else if (Object.keys(window.RehatTokens.refused).length) {
      status.textContent = data.msgKeyRefused;
    } else {
      status.textContent = data.msgNoToken;
    }
    openForm.addEventListener("submit", openConversation);
  });
})();
