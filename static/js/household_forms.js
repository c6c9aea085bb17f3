// Household edit: a new member form is the formset's empty form with the next index (Django
// formset protocol). Visit form: one button marks every 保障 question as secure.
(function () {
  var addMember = document.getElementById("add-member");
  if (addMember) {
    addMember.addEventListener("click", function () {
      var total = document.getElementById("id_members-TOTAL_FORMS");
      var html = document.getElementById("empty-member").innerHTML.replace(/__prefix__/g, total.value);
      document.getElementById("members").insertAdjacentHTML("beforeend", html);
      total.value = parseInt(total.value, 10) + 1;
    });
  }
  var allSecure = document.getElementById("all-secure");
  if (allSecure) {
    allSecure.addEventListener("click", function () {
      document.querySelectorAll("#visit-form input.btn-check[value=secure]").forEach(function (el) {
        el.checked = true;
      });
    });
  }
})();
