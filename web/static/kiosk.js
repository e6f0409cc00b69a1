// The counter kiosk (web/kiosk.go). Each screen says on <body> how many seconds it waits
// (data-reset-after) before reloading or going back to the start (data-reset-url). The wait
// starts again on every touch, click, key press or input, so a citizen who is still choosing a
// reason or typing a comment is never cut off (WCAG 2.2.1). Without this script a <noscript>
// meta refresh in the head does the reloading, without that grace.
// The script also asks the browser for full screen on the first touch (where the device's kiosk
// mode has not already done so) and ignores long presses, which would otherwise open the
// tablet's context menu.
(function () {
  "use strict";
  var root = document.documentElement;
  document.addEventListener("pointerdown", function () {
    if (!document.fullscreenElement && root.requestFullscreen) {
      root.requestFullscreen().catch(function () {});
    }
  }, { once: true });
  document.addEventListener("contextmenu", function (e) { e.preventDefault(); });

  var body = document.body;
  var url = body.getAttribute("data-reset-url");
  var after = parseInt(body.getAttribute("data-reset-after"), 10);
  if (!url || !(after > 0)) {
    return;
  }
  var timer = 0;
  function restart() {
    clearTimeout(timer);
    // replace: the kiosk's history stays one entry deep, as the back button must lead nowhere.
    timer = setTimeout(function () { location.replace(url); }, after * 1000);
  }
  ["pointerdown", "touchstart", "keydown", "input", "wheel"].forEach(function (type) {
    document.addEventListener(type, restart, { capture: true, passive: true });
  });
  restart();
})();
