// The event's own questions on the registration and edit forms: each shows
// only to the roles it is asked of, and only when the earlier answer its
// condition names is given. Without JavaScript every question shows and the
// server ignores the answers to those that do not apply.
(function () {
  "use strict";
  var section = document.getElementById("questions-section");
  if (!section) return;
  var form = section.closest("form");
  var blocks = Array.prototype.slice.call(section.querySelectorAll("[data-question]"));

  function selectedRole() {
    var checked = form.querySelector('input[name="role"]:checked');
    return checked ? checked.value : "";
  }

  function answersTo(questionId) {
    var inputs = form.querySelectorAll('[name="answers-' + questionId + '"]:checked');
    return Array.prototype.map.call(inputs, function (input) { return input.value; });
  }

  function update() {
    var shown = {};
    var any = false;
    blocks.forEach(function (block) {
      var visible = true;
      var roles = block.getAttribute("data-roles");
      if (roles) visible = roles.split(" ").indexOf(selectedRole()) !== -1;
      var condition = block.getAttribute("data-show-if");
      if (visible && condition) {
        var wanted = JSON.parse(block.getAttribute("data-show-values"));
        visible = shown[condition] === true && answersTo(condition).some(function (value) {
          return wanted.indexOf(value) !== -1;
        });
      }
      shown[block.getAttribute("data-question")] = visible;
      block.hidden = !visible;
      any = any || visible;
    });
    section.hidden = !any;
  }

  form.addEventListener("change", update);
  update();
})();
