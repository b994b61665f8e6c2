// Behaviour for every page, kept out of the templates: the Content-Security-Policy (core/csp.py)
// runs no inline script or event handler.

// A select marked data-submit-on-change (the footer's language choice) submits its form when
// changed; without JavaScript the form's own button does it.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (select.matches && select.matches("select[data-submit-on-change]")) select.form.submit();
});

// A button marked data-print prints the page (the 审批单's 打印).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[data-print]");
  if (button) window.print();
});
