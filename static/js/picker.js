// 选人 (workflows/web/picker.py): every "choose a person" form renders the people the service
// allows as a <select data-picker="one"> or a list of checkboxes (div.picker-many). Without
// JavaScript those are the choice. Here a search box takes their place: typing part of a name (or of
// an organisation or post: "王", "和平 审核") lists the matching people of the very options the
// page rendered, so it can offer nobody the server did not; picking one sets the select or ticks
// the box, which the form posts as before. Texts come from <body data-picker-*> (translated there).

(function () {
  "use strict";

  var texts = document.body.dataset;
  var SHOWN = 50; // the most matches listed at once: type more to narrow
  var counter = 0;

  function words(text) {
    return (text || "").toLowerCase().split(/\s+/).filter(Boolean);
  }

  function matches(text, wanted) {
    text = text.toLowerCase();
    return wanted.every(function (word) { return text.indexOf(word) >= 0; });
  }

  function searchBox(label) {
    var input = document.createElement("input");
    input.type = "search";
    input.autocomplete = "off";
    input.placeholder = texts.pickerSearch || "";
    if (label) input.setAttribute("aria-label", label);
    return input;
  }

  // One person: the select hides behind a combobox (its label now names the input).
  function one(select) {
    var id = select.id || "picker-" + (++counter);
    var box = document.createElement("div");
    var input = searchBox();
    var list = document.createElement("ul");
    var options = Array.prototype.filter.call(select.options, function (o) { return o.value !== ""; });
    var shown = [];
    var active = -1;

    box.className = "picker";
    select.id = id + "-select";
    input.id = id;
    list.id = id + "-list";
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    // The hidden select cannot show the browser's "required" message: the box does, until someone is picked.
    var required = select.required;
    select.required = false;
    function validate() {
      input.setCustomValidity(required && select.value === "" ? (texts.pickerPick || "") : "");
    }
    if (select.selectedIndex > 0 || (select.value && select.value !== "")) {
      input.value = select.options[select.selectedIndex].text;
    }
    select.hidden = true;
    select.tabIndex = -1;
    select.parentNode.insertBefore(box, select);
    box.appendChild(input);
    box.appendChild(list);
    box.appendChild(select);
    validate();

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function mark(index) {
      var items = list.querySelectorAll("[role=option]");
      active = index;
      Array.prototype.forEach.call(items, function (li, i) { li.setAttribute("aria-selected", String(i === index)); });
      if (items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({block: "nearest"});
      }
    }

    function choose(option) {
      select.value = option.value;
      input.value = option.text;
      validate();
      select.dispatchEvent(new Event("change", {bubbles: true}));
      close();
    }

    function render() {
      var wanted = words(input.value);
      shown = options.filter(function (o) { return matches(o.text, wanted); });
      list.textContent = "";
      shown.slice(0, SHOWN).forEach(function (option, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.textContent = option.text;
        li.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
          choose(option);
        });
        list.appendChild(li);
      });
      if (!shown.length) {
        var none = document.createElement("li");
        none.className = "picker-none";
        none.textContent = texts.pickerNone || "";
        list.appendChild(none);
      } else if (shown.length > SHOWN) {
        var more = document.createElement("li");
        more.className = "picker-none";
        more.textContent = texts.pickerMore || "";
        list.appendChild(more);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      mark(shown.length === 1 ? 0 : -1);
    }

    input.addEventListener("input", function () {
      select.value = ""; // typing again undoes the choice until a person is picked
      validate();
      render();
    });
    input.addEventListener("focus", render);
    input.addEventListener("blur", function () {
      // A name typed out in full counts as picking it.
      var exact = options.filter(function (o) { return o.text === input.value; });
      if (exact.length === 1) select.value = exact[0].value;
      validate();
      close();
    });
    input.addEventListener("keydown", function (event) {
      var count = Math.min(shown.length, SHOWN);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) render();
        if (!count) return;
        if (event.key === "ArrowDown") mark(active < 0 ? 0 : (active + 1) % count);
        else mark(active <= 0 ? count - 1 : active - 1);
      } else if (event.key === "Enter" && !list.hidden) {
        if (active >= 0 && shown[active]) {
          event.preventDefault();
          choose(shown[active]);
        } else if (select.value === "") {
          event.preventDefault(); // nobody picked yet: do not post an empty choice
        }
      } else if (event.key === "Escape") {
        close();
      }
    });
  }

  // Several people: a search box above the checkboxes hides the rows that do not match (ticked
  // rows stay, so what is chosen is always in sight).
  function many(container) {
    var rows = Array.prototype.filter.call(container.children, function (row) {
      return row.querySelector && row.querySelector("input[type=checkbox]");
    });
    var legend = container.closest("fieldset") && container.closest("fieldset").querySelector("legend");
    var input = searchBox(legend ? legend.textContent : "");
    var none = document.createElement("p");
    none.className = "hint picker-none";
    none.textContent = texts.pickerNone || "";
    none.hidden = true;
    input.className = "picker-filter";
    input.setAttribute("aria-controls", container.id || "");
    if (!rows.length) return;
    if (container.tagName === "FIELDSET") {
      // The checkboxes sit in the fieldset itself (a page that lays the choices out): the box goes under its legend.
      container.insertBefore(input, rows[0]);
      container.insertBefore(none, rows[rows.length - 1].nextSibling);
    } else {
      container.parentNode.insertBefore(input, container);
      container.parentNode.insertBefore(none, container.nextSibling);
    }
    if (rows.length > 8 && container.tagName !== "FIELDSET") container.classList.add("picker-scroll");

    input.addEventListener("input", function () {
      var wanted = words(input.value);
      var visible = 0;
      rows.forEach(function (row) {
        var box = row.querySelector("input");
        var hit = (box && box.checked) || matches(row.textContent, wanted);
        row.classList.toggle("picker-out", !hit); // a class, not [hidden]: a row's own display would win
        if (hit) visible += 1;
      });
      none.hidden = visible > 0;
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // searching, not posting
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("select[data-picker=one]"), one);
  // The widget's own container, or, where a page lays the choices out itself, their fieldset.
  var lists = [];
  Array.prototype.forEach.call(document.querySelectorAll("input.picker-many"), function (box) {
    var list = box.closest("div.picker-many") || box.closest("fieldset");
    if (list && lists.indexOf(list) < 0) lists.push(list);
  });
  lists.forEach(many);
})();
