/* Sends a check-in with its token to the anonymous endpoint, without cookies, and
 * shows the result the server computed. Nothing is sent to the identity side. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.checkin-form");
  if (!forms.length || !window.RehatTokens) return;
  var resultBox = document.getElementById("checkin-result");
  var helpBox = document.getElementById("checkin-help");

  function stored(period) {
    var raw = localStorage.getItem(window.RehatTokens.STORE + period);
    return raw ? JSON.parse(raw) : null;
  }

  function collect(form) {
    var answers = {}, complete = true;
    form.querySelectorAll("fieldset.instrument").forEach(function (set) {
      var include = set.querySelector("input.include-instrument");
      if (include && !include.checked) return;
      var values = [];
      set.querySelectorAll("fieldset.item").forEach(function (item) {
        var chosen = item.querySelector("input[type=radio]:checked");
        if (chosen) values.push(parseInt(chosen.value, 10)); else complete = false;
      });
      answers[set.dataset.instrument] = values;
    });
    var help = form.querySelector("input[name$='-help']:checked");
    return { answers: answers, complete: complete, help: help ? help.value : "" };
  }

  function showError(form, message) {
    var box = form.querySelector(".form-error");
    box.textContent = message;
    box.hidden = false;
  }

  async function submit(event) {
    event.preventDefault();
    var form = event.target, period = form.dataset.period, token = stored(period);
    form.querySelector(".form-error").hidden = true;
    var data = collect(form);
    if (!Object.keys(data.answers).length) return showError(form, form.dataset.msgEmpty);
    if (!data.complete) return showError(form, form.dataset.msgIncomplete);
    if (!token) return showError(form, form.dataset.msgNoToken);
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    var response;
    try {
      response = await fetch(form.dataset.redeemUrl, {
        method: "POST",
        credentials: "omit",
        cache: "no-store",
        referrerPolicy: "no-referrer",
        headers: {
          "Content-Type": "application/json",
          "Accept-Language": document.documentElement.lang || "id",
        },
        body: JSON.stringify({
          period: period, bucket: token.bucket, token: token.token,
          answers: data.answers, help: data.help,
        }),
      });
    } catch (e) {
      button.disabled = false;
      return showError(form, form.dataset.msgNetwork);
    }
    var reply = await response.json();
    if (!response.ok) {
      if (reply.code === "spent" || reply.code === "closed") {
        localStorage.removeItem(window.RehatTokens.STORE + period);
      } else {
        button.disabled = false;
      }
      return showError(form, reply.error);
    }
    localStorage.removeItem(window.RehatTokens.STORE + period);
    form.hidden = true;
    resultBox.innerHTML = reply.html;
    helpBox.hidden = false;
    if (reply.safety) resultBox.parentNode.insertBefore(helpBox, resultBox);
    resultBox.focus();
    if (window.RehatVault && reply.scores) window.RehatVault.offerToSave(reply.scores, resultBox);
  }

  window.RehatTokens.ready.then(function () {
    forms.forEach(function (form) {
      var status = form.querySelector(".token-status");
      var button = form.querySelector("button[type=submit]");
      if (stored(form.dataset.period)) {
        status.textContent = form.dataset.msgReady;
        button.disabled = false;
      } else if (window.RehatTokens.refused[form.dataset.period]) {
        status.textContent = form.dataset.msgKeyRefused;
      } else {
        status.textContent = form.dataset.msgNoToken;
      }
      form.addEventListener("submit", submit);
    });
  });
})();
