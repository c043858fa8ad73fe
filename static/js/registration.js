// Registration form: products only for exhibitors, and product rows added
// without a round trip. Without JavaScript the form still works: every
// section shows and "Add another product" posts the form back.
(function () {
  "use strict";
  var form = document.querySelector("form");
  var section = document.getElementById("products-section");
  var rows = document.getElementById("product-rows");
  var addButton = document.getElementById("add-product");
  if (!form || !section || !rows) return;

  // After a failed submit, start at the summary of what to correct: its
  // links lead to each field (on a phone the errors are far down the page).
  var summary = document.getElementById("form-errors");
  if (summary) summary.focus();

  function selectedRole() {
    var checked = form.querySelector('input[name="role"]:checked');
    return checked ? checked.value : "";
  }

  function toggleProducts() {
    section.hidden = selectedRole() !== "exhibitor";
  }

  form.querySelectorAll('input[name="role"]').forEach(function (input) {
    input.addEventListener("change", toggleProducts);
  });
  toggleProducts();

  if (addButton) {
    addButton.addEventListener("click", function (event) {
      event.preventDefault();
      var all = rows.querySelectorAll(".product-row");
      var template = all[all.length - 1];
      var index = all.length;
      var copy = template.cloneNode(true);
      copy.querySelectorAll("[name], [id], label[for], [aria-describedby]").forEach(function (element) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
          var value = element.getAttribute(attribute);
          if (value) element.setAttribute(attribute, value.replace(/products-\d+-/g, "products-" + index + "-"));
        });
        if (element.matches("input, textarea")) element.value = "";
        element.classList.remove("is-invalid");
      });
      copy.querySelectorAll(".invalid-feedback").forEach(function (element) { element.remove(); });
      rows.appendChild(copy);
      copy.querySelector("input:not([type=hidden])").focus();
    });
  }
})();
