/* "Download or send" panel (overrides/partials/download-panel.html): progressive enhancement, no libraries.
 *
 * Every button starts `hidden`; this script shows the ones this browser can do and wires them up:
 *   [data-share-copy]    copy the address in the attribute to the clipboard
 *   [data-share-native]  open the phone's or computer's share sheet with this page's address
 *   [data-share-file]    share the page's PDF itself (A4, or US Letter where that is the local paper size)
 *   [data-share-print]   print the page
 * Messages go to the panel's [data-share-status] live region, so screen readers announce them too.
 */
(function () {
  "use strict";

  // Countries that use US Letter paper; everyone else gets A4.
  var LETTER_REGIONS = ["US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "PR", "SV"];

  function say(panel, message) {
    var status = panel.querySelector("[data-share-status]");
    if (!status) {
      return;
    }
    // Empty it first so the same message is announced again on a second click.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  function show(buttons) {
    buttons.forEach(function (button) {
      button.hidden = false;
    });
  }

  function canCopy() {
    return Boolean(window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText);
  }

  function canShareFiles() {
    var supported = typeof navigator.share === "function" && typeof navigator.canShare === "function";
    if (!supported || typeof File !== "function") {
      return false;
    }
    try {
      return navigator.canShare({ files: [new File(["%PDF-"], "test.pdf", { type: "application/pdf" })] });
    } catch (error) {
      return false;
    }
  }

  function copy(panel, button) {
    var address = button.getAttribute("data-share-copy");
    navigator.clipboard.writeText(address).then(
      function () {
        say(panel, "Link copied: " + address);
      },
      function () {
        say(panel, "Your browser did not allow copying. The address is " + address);
      }
    );
  }

  function shareLink(panel, button) {
    navigator
      .share({
        title: button.getAttribute("data-share-title"),
        text: button.getAttribute("data-share-text"),
        url: button.getAttribute("data-share-url")
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          say(panel, "Sharing did not work here. Try Copy link or E-mail a link instead.");
        }
      });
  }

  function paperFor(button) {
    var region = (navigator.language || "").split("-")[1] || "";
    var letter = LETTER_REGIONS.indexOf(region.toUpperCase()) !== -1;
    var paper = letter && button.hasAttribute("data-share-file-letter") ? "letter" : "a4";
    return button.hasAttribute("data-share-file-" + paper) ? paper : "letter";
  }

  // The PDF is fetched on the first click; if that took too long for the browser to still count the click,
  // the file is kept and a second click shares it at once.
  function shareFile(panel, button) {
    var address = button.getAttribute("data-share-file-" + paperFor(button));
    var name = decodeURIComponent(address.split("/").pop());
    var ready = button.sharedFile
      ? Promise.resolve(button.sharedFile)
      : fetch(address)
          .then(function (response) {
            if (!response.ok) {
              throw new Error("HTTP " + response.status);
            }
            return response.blob();
          })
          .then(function (blob) {
            button.sharedFile = new File([blob], name, { type: "application/pdf" });
            return button.sharedFile;
          });
    say(panel, "Preparing the PDF…");
    ready
      .then(function (file) {
        if (!navigator.canShare({ files: [file] })) {
          throw new Error("This browser cannot share this file.");
        }
        return navigator.share({ files: [file], title: button.getAttribute("data-share-title") });
      })
      .then(function () {
        say(panel, "");
      })
      .catch(function (error) {
        if (error.name === "AbortError") {
          say(panel, "");
        } else if (error.name === "NotAllowedError" && button.sharedFile) {
          say(panel, "The PDF is ready. Press Share the PDF again to send it.");
        } else {
          say(panel, "The PDF could not be shared from here. Use the download links instead.");
        }
      });
  }

  function enhance(panel) {
    var copyButtons = Array.prototype.slice.call(panel.querySelectorAll("[data-share-copy]"));
    var nativeButtons = Array.prototype.slice.call(panel.querySelectorAll("[data-share-native]"));
    var fileButtons = Array.prototype.slice.call(panel.querySelectorAll("[data-share-file]"));
    var printButtons = Array.prototype.slice.call(panel.querySelectorAll("[data-share-print]"));

    if (canCopy()) {
      show(copyButtons);
    }
    if (typeof navigator.share === "function") {
      show(nativeButtons);
    }
    if (canShareFiles()) {
      show(fileButtons);
    }
    if (typeof window.print === "function") {
      show(printButtons);
    }

    panel.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !panel.contains(button)) {
        return;
      }
      if (button.hasAttribute("data-share-copy")) {
        copy(panel, button);
      } else if (button.hasAttribute("data-share-native")) {
        shareLink(panel, button);
      } else if (button.hasAttribute("data-share-file")) {
        shareFile(panel, button);
      } else if (button.hasAttribute("data-share-print")) {
        window.print();
      }
    });
  }

  document.querySelectorAll("[data-share-panel]").forEach(enhance);
})();
