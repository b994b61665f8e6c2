// The item page's 流程图: on a narrow screen the chart scrolls sideways, so keep the current step
// in view.
function showCurrentStep() {
  document.querySelectorAll(".chart-scroll").forEach(function (box) {
    var current = box.querySelector("g.current");
    if (!current || box.scrollWidth <= box.clientWidth) return;
    var boxRect = box.getBoundingClientRect(), rect = current.getBoundingClientRect();
    box.scrollLeft += rect.left - boxRect.left - (box.clientWidth - rect.width) / 2;
  });
}
showCurrentStep();
window.addEventListener("resize", showCurrentStep);
