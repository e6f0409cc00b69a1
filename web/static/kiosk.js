// The counter kiosk works without this script; it only asks the browser for full screen on the
// first touch (where the device's kiosk mode has not already done so) and ignores long presses,
// which would otherwise open the tablet's context menu.
(function () {
  "use strict";
  var root = document.documentElement;
  document.addEventListener("pointerdown", function () {
    if (!document.fullscreenElement && root.requestFullscreen) {
      root.requestFullscreen().catch(function () {});
    }
  }, { once: true });
  document.addEventListener("contextmenu", function (e) { e.preventDefault(); });
})();
