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
