// Progress and cancel for a re-plan started from the page (issue 19, part 3): the
// absence form is sent to the version's jobs (same JSON as /absence), then the job's
// stage, best plan so far and gap are pushed to the page (Server-Sent Events from
// /api/jobs/{job}/events), with a button that cancels it. Without EventSource, or when
// the stream breaks off before its final event, the job is polled instead. Runs before
// desk.js's own handler (capture on the document) and stops it.
(function () {
  "use strict";
  var token = rosterDesk.token, say = rosterDesk.say, message = rosterDesk.message;
  function send(method, url, body) {
    return fetch(url, {
      method: method,
      headers: method === "POST"
        ? { "Content-Type": "application/json", "X-Roster-Token": token }
        : {},
      body: body
    }).then(function (r) {
      return r.text().then(function (t) {
        var j;
        try { j = JSON.parse(t); } catch (e) { j = { error: t }; }
        return { ok: r.ok, status: r.status, body: j };
      });
    });
  }
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form || form.id !== "absence" || !form.dataset.action) { return; }
    ev.preventDefault();
    ev.stopImmediatePropagation();
    var jobs = form.dataset.action.replace(/\/absence$/, "/jobs");
    var button = form.querySelector("button[type=submit]");
    var data = {};
    ["staff", "from", "to", "as_of", "public_reason", "name"].forEach(function (k) {
      var v = form.elements[k].value;
      if (v !== "") { data[k] = v; }
    });
    button.disabled = true;
    say(form.dataset.working);
    var stop = document.createElement("button");
    stop.type = "button";
    stop.id = "cancel";
    stop.textContent = "✕";
    stop.setAttribute("aria-label", "cancel");
    send("POST", jobs, JSON.stringify(data)).then(function (r) {
      if (!r.ok) { say(r.body.error || String(r.status)); button.disabled = false; return; }
      var job = r.body.id;
      stop.title = r.body.cancel || "";
      stop.textContent = "✕ " + (r.body.cancel || "");
      stop.addEventListener("click", function () {
        stop.disabled = true;
        send("POST", "/api/jobs/" + encodeURIComponent(job) + "/cancel", "{}");
      });
      // Shows the job's state; true while it runs.
      function show(b) {
        say(b.said);
        if (b.state === "running") {
          message.appendChild(document.createTextNode(" "));
          message.appendChild(stop);
          return true;
        }
        if (b.state === "done") {
          location.href = "/previews/" + encodeURIComponent(b.preview);
        } else {
          button.disabled = false;
        }
        return false;
      }
      function poll() {
        send("GET", "/api/jobs/" + encodeURIComponent(job)).then(function (s) {
          if (!s.ok) { say(s.body.error || String(s.status)); button.disabled = false; return; }
          if (show(s.body)) { setTimeout(poll, 500); }
        }, function (e) { say(String(e)); button.disabled = false; });
      }
      if (!window.EventSource) { poll(); return; }
      var events = new EventSource("/api/jobs/" + encodeURIComponent(job) + "/events");
      var ended = false;
      function heard(ev) {
        var b;
        try { b = JSON.parse(ev.data); } catch (e) { return; }
        if (ev.type !== "progress") { ended = true; events.close(); }
        show(b);
      }
      ["progress", "done", "failed", "cancelled"].forEach(function (name) {
        events.addEventListener(name, heard);
      });
      events.onerror = function () {
        events.close();
        if (!ended) { ended = true; poll(); }
      };
    }, function (e) { say(String(e)); button.disabled = false; });
  }, true);
})();
