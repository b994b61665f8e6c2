// Behaviour for every page, kept out of the templates: the Content-Security-Policy (core/csp.py)
// runs no inline script or event handler.

// A select marked data-submit-on-change (the footer's language choice) submits its form when
// changed; without JavaScript the form's own button does it.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (select.matches && select.matches("select[data-submit-on-change]")) select.form.submit();
});
