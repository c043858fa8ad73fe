// Ask before a form that deletes something is sent; the question is in the
// form's data-confirm attribute, already in the reader's language.
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
  });
});
