// The question editor: the choices only for the kinds that have them.
// Without JavaScript the field always shows and the server ignores it.
(function () {
  "use strict";
  var kind = document.getElementById("kind");
  var choices = document.querySelector("[data-kinds]");
  if (!kind || !choices) return;
  function update() {
    choices.hidden = choices.getAttribute("data-kinds").split(" ").indexOf(kind.value) === -1;
  }
  kind.addEventListener("change", update);
  update();
})();
