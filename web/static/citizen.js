// Upload progress for the citizen's file forms (form[data-upload]). Without this file the forms
// post as usual and everything works; with it, the same POST goes through XMLHttpRequest so that
// a progress bar shows how much of a slow phone upload has been sent.
"use strict";
(function () {
  function wire(root) {
    var forms = root.querySelectorAll("form[data-upload]");
    for (var i = 0; i < forms.length; i++) enhance(forms[i]);
  }

  function chosenFiles(form) {
    var inputs = form.querySelectorAll("input[type=file]");
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].files && inputs[i].files.length > 0) return true;
    }
    return false;
  }

  function enhance(form) {
    var box = form.querySelector(".upload-progress");
    if (!box || !window.FormData || !window.XMLHttpRequest || !window.DOMParser || !window.URL) return;
    var bar = box.querySelector("progress");
    var status = box.querySelector(".upload-status");
    var clicked = null;
    form.addEventListener("click", function (ev) {
      var b = ev.target.closest ? ev.target.closest("button[type=submit]") : null;
      if (b && b.form === form) clicked = b;
    });
    form.addEventListener("submit", function (ev) {
      if (!chosenFiles(form)) return; // nothing to upload: an ordinary post is as fast
      ev.preventDefault();
      var submitter = ev.submitter || clicked;
      var data = new FormData(form);
      if (submitter && submitter.name) data.append(submitter.name, submitter.value);
      var buttons = form.querySelectorAll("button");
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
      box.hidden = false;
      bar.value = 0;
      status.textContent = "0%";
      // Not form.action: the buttons are named "action", and form.action would be one of them.
      var target = new URL(form.getAttribute("action"), window.location.href).href;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", target);
      xhr.upload.onprogress = function (e) {
        if (!e.lengthComputable) return;
        var pct = Math.round((e.loaded * 100) / e.total);
        bar.value = pct;
        status.textContent = pct + "%";
      };
      xhr.onload = function () {
        // Success ends in a redirect to the next page: go there.
        if (xhr.status < 300 && xhr.responseURL && xhr.responseURL !== target) {
          window.location.assign(xhr.responseURL);
          return;
        }
        // The same page with the errors next to the fields: show it in place of this one.
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        document.title = doc.title;
        document.body.replaceWith(document.importNode(doc.body, true));
        wire(document);
        var summary = document.querySelector(".error-summary");
        if (summary) summary.focus();
      };
      xhr.onerror = function () {
        for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
        status.textContent = form.getAttribute("data-upload-error") || "!";
      };
      xhr.send(data);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { wire(document); });
})();
