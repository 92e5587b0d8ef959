/* The search index (the largest file a page would load) is fetched only when the reader starts to search.
 *
 * The theme's bundle asks for search/search_index.json as soon as it starts. This file runs just before the bundle
 * and holds that one request back until the reader opens or focuses the search box, or presses a search shortcut.
 * Search then works as before ("Initializing search" shows while the index arrives); a reader who never searches
 * never downloads it. No other request is touched.
 */
(function () {
  "use strict";

  var INDEX = /\/search\/search_index\.json$/;
  var SHORTCUTS = ["/", "s", "S", "f", "F"];
  var wanted = false;
  var waiting = [];
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndex = INDEX.test(new URL(String(url), document.baseURI).pathname);
    return open.apply(this, arguments);
  };

  XMLHttpRequest.prototype.send = function () {
    if (this.searchIndex && !wanted) {
      waiting.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function release() {
    if (wanted) {
      return;
    }
    wanted = true;
    waiting.splice(0).forEach(function (request) {
      send.apply(request[0], request[1]);
    });
  }

  function isSearch(target) {
    return target instanceof Element && Boolean(target.closest(".md-search, [for='__search'], #__search"));
  }

  document.addEventListener("focusin", function (event) {
    if (isSearch(event.target)) {
      release();
    }
  });
  document.addEventListener("pointerdown", function (event) {
    if (isSearch(event.target)) {
      release();
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target instanceof Element && event.target.id === "__search") {
      release();
    }
  });
  document.addEventListener("keydown", function (event) {
    var typing = event.target instanceof Element && event.target.closest("input, textarea, select, [contenteditable]");
    if (!typing && SHORTCUTS.indexOf(event.key) !== -1) {
      release();
    }
  });
})();
