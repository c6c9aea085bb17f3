// Little JavaScript on purpose: htmx for partial updates, Bootstrap for the menu and alerts.
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
});
