/* Forms that undo something printed (reissuing a badge) ask first; the
   question is the form's data-confirm, already in the reader's language. */
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
  });
});
