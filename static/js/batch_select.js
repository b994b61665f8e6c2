// 批量审批 on 待办 and 可领取: once a task is ticked, tasks of other steps cannot be ticked with it
// (the server refuses a mixed batch anyway; this says so before the click). Kept out of the
// template: the Content-Security-Policy runs no inline script.
(function () {
  var form = document.getElementById("batch-form");
  if (!form) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[type=checkbox][form="batch-form"]'));
  var status = form.querySelector("[data-batch-status]");
  var template = status ? (status.getAttribute("data-template") || "") : "";

  function refresh() {
    var ticked = boxes.filter(function (box) { return box.checked; });
    var step = ticked.length ? ticked[0].getAttribute("data-step") : null;
    boxes.forEach(function (box) {
      var other = step !== null && box.getAttribute("data-step") !== step;
      box.disabled = other;
      box.closest("tr").classList.toggle("batch-other", other);
    });
    if (status) status.textContent = ticked.length ? template.replace("{n}", ticked.length) : "";
  }

  boxes.forEach(function (box) { box.addEventListener("change", refresh); });
  refresh();
})();
