// Little JavaScript on purpose: htmx for partial updates, Bootstrap for the menu and alerts.
// The Content-Security-Policy forbids inline scripts and handlers, so pages ask for behaviour
// with data attributes: data-confirm (on a form or a submit button), data-print, data-autosubmit.
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
});

document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-confirm]:not(form), [data-print]");
  if (!target) { return; }
  if (target.hasAttribute("data-print")) {
    event.preventDefault();
    window.print();
  } else if (!window.confirm(target.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});

document.addEventListener("submit", function (event) {
  var form = event.target;
  var submitter = event.submitter;
  // A button with its own question has asked already (click handler above).
  if (submitter && submitter.hasAttribute("data-confirm")) { return; }
  if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});

document.addEventListener("change", function (event) {
  if (event.target.hasAttribute("data-autosubmit") && event.target.form) {
    event.target.form.requestSubmit ? event.target.form.requestSubmit() : event.target.form.submit();
  }
});

// A page re-shown with errors: bring the summary into view (it links to each field), and open the
// collapsed section that holds a field it links to when that link is followed.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); summary.scrollIntoView(); }
});
document.addEventListener("click", function (event) {
  var link = event.target.closest("#error-summary a[href^='#']");
  if (!link) { return; }
  var field = document.getElementById(link.getAttribute("href").slice(1));
  var section = field && field.closest(".collapse:not(.show)");
  if (section) { section.classList.add("show"); }
  if (field) { event.preventDefault(); field.scrollIntoView({block: "center"}); field.focus(); }
});

// data-busy on an export form or link: the button shows a spinner and cannot be pressed twice until
// the file arrives (the answer sets the cookie sx_download to the token sent; common/downloads.py).
// A large export goes to its job page instead, which replaces this page anyway.
function busyToken() {
  var bytes = new Uint8Array(12);
  window.crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
}
function busyStart(control, label, token) {
  control.dataset.busyHtml = control.innerHTML;
  control.classList.add("disabled");
  control.setAttribute("aria-disabled", "true");
  control.innerHTML = '<span class="spinner-border spinner-border-sm me-2" role="status" aria-hidden="true"></span>';
  control.appendChild(document.createTextNode(label));
  var started = Date.now();
  var timer = window.setInterval(function () {
    var arrived = document.cookie.indexOf("sx_download=" + token) !== -1;
    if (arrived || Date.now() - started > 600000) {
      window.clearInterval(timer);
      busyEnd(control);
    }
  }, 400);
}
function busyEnd(control) {
  if (control.dataset.busyHtml === undefined) { return; }
  control.innerHTML = control.dataset.busyHtml;
  delete control.dataset.busyHtml;
  control.classList.remove("disabled");
  control.removeAttribute("aria-disabled");
  if (control.tagName === "BUTTON") { control.disabled = false; }
}
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute("data-busy") || event.defaultPrevented) { return; }
  var button = event.submitter || form.querySelector("[type=submit]");
  if (button && button.dataset.busyHtml !== undefined) { event.preventDefault(); return; }
  var token = busyToken();
  var field = form.querySelector("input[name=download_token]");
  if (!field) {
    field = document.createElement("input");
    field.type = "hidden";
    field.name = "download_token";
    form.appendChild(field);
  }
  field.value = token;
  if (button) {
    // After this event the browser has read the form: disabling now keeps the button's own value.
    window.setTimeout(function () { button.disabled = true; busyStart(button, form.getAttribute("data-busy"), token); }, 0);
  }
}, false);
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-busy]");
  if (!link || event.defaultPrevented) { return; }
  if (link.dataset.busyHtml !== undefined) { event.preventDefault(); return; }
  var token = busyToken();
  var url = new URL(link.href, window.location.href);
  url.searchParams.set("download_token", token);
  link.href = url.toString();
  busyStart(link, link.getAttribute("data-busy"), token);
});
// Back from a job page: the browser may show this page from its cache with the spinner still on.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("[data-busy] [type=submit], a[data-busy]").forEach(busyEnd);
});
