// The desk's only script: posts the absence form and the decision buttons as JSON
// (a type a plain form cannot send; the session's token goes along), then opens the
// page the answer names, or shows the answer's sentence as text.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="roster-token"]');
  var token = meta ? meta.content : "";
  var message = document.getElementById("message");
  function say(text) {
    message.textContent = text;
    message.hidden = false;
  }
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
