// The desk's only script: posts the absence form and the decision buttons as JSON
// (a type a plain form cannot send; the session's token goes along), then opens the
// page the answer names, or shows the answer's sentence as text.

// What every part of the script shares: the session's token (sent with every change)
// and the line where an answer is said as text.
var rosterDesk = (function () {
  "use strict";
  var meta = document.querySelector('meta[name="roster-token"]');
  var message = document.getElementById("message");
  return {
    token: meta ? meta.content : "",
    message: message,
    say: function (text) {
      message.textContent = text;
      message.hidden = false;
    }
  };
})();
(function () {
  "use strict";
  var token = rosterDesk.token, say = rosterDesk.say;
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Roster-Token": token },
      body: body
    }).then(function (r) {
      return r.text().then(function (t) {
        var j;
        try { j = JSON.parse(t); } catch (e) { j = { error: t }; }
        return { ok: r.ok, status: r.status, body: j };
      });
    });
  }
  var form = document.getElementById("absence");
  if (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var button = form.querySelector("button");
      var data = {};
      ["staff", "from", "to", "as_of", "public_reason", "name"].forEach(function (k) {
        var v = form.elements[k].value;
        if (v !== "") { data[k] = v; }
      });
      button.disabled = true;
      say(form.dataset.working);
      post(form.dataset.action, JSON.stringify(data)).then(function (r) {
        if (r.ok) {
          location.href = "/previews/" + encodeURIComponent(r.body.id);
        } else {
          say(r.body.error || String(r.status));
          button.disabled = false;
        }
      }, function (e) { say(String(e)); button.disabled = false; });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-post]"), function (b) {
    b.addEventListener("click", function () {
      b.disabled = true;
      post(b.dataset.post, "{}").then(function (r) {
        if (r.ok) {
          location.href = b.dataset.next + encodeURIComponent(r.body.id);
        } else {
          say(r.body.error || String(r.status));
          b.disabled = false;
        }
      }, function (e) { say(String(e)); b.disabled = false; });
    });
  });
})();
// Issue 19, part 2: a swap chosen among the ranked candidates, and the other decision
// forms, posted as JSON the same way; the answer opens its preview or is said as text.
(function () {
  "use strict";
  var token = rosterDesk.token, say = rosterDesk.say;
  function send(url, data, button, working) {
    button.disabled = true;
    say(working || "");
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Roster-Token": token },
      body: JSON.stringify(data)
    }).then(function (r) {
      return r.text().then(function (t) {
        var j;
        try { j = JSON.parse(t); } catch (e) { j = { error: t }; }
        if (r.ok) {
          location.href = "/previews/" + encodeURIComponent(j.id);
        } else {
          say(j.error || String(r.status));
          button.disabled = false;
        }
      });
    }, function (e) { say(String(e)); button.disabled = false; });
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.swap"), function (b) {
    b.addEventListener("click", function () {
      var data = { date: b.dataset.date };
      if (b.dataset.kind === "exchange") {
        data.exchange = [b.dataset.from, b.dataset["with"]];
      } else {
        data.replace = b.dataset.from;
        data["with"] = b.dataset["with"];
      }
      send(b.dataset.action, data, b, b.dataset.working);
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("form.decision"), function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var data = { form: form.dataset.form, values: {} };
      ["as_of", "name", "public_reason"].forEach(function (k) {
        if (form.elements[k].value !== "") { data[k] = form.elements[k].value; }
      });
      Array.prototype.forEach.call(form.querySelectorAll("[data-field]"), function (i) {
        if (i.value !== "") { data.values[i.name] = i.value; }
      });
      send(form.dataset.action, data, form.querySelector("button"), form.dataset.working);
    });
  });
})();
