/* Inside the comments frame on another site's page: tells the page how tall the comments
 * are (see embed.js) and where the reader is after a reply link or a sent comment. The
 * frame works without it. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var main = document.getElementById("main");
  var last = 0;

  function tell(message) {
    // The height and an offset are no secret: any page that frames this may hear them.
    window.parent.postMessage(message, "*");
  }

  function sendHeight() {
    var height = Math.ceil(main.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      tell({ type: "dateline-comments-height", height: height });
    }
  }

  function sendPlace() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target) tell({ type: "dateline-comments-scroll", top: target.getBoundingClientRect().top });
  }

  sendHeight();
  if (window.ResizeObserver) {
    new ResizeObserver(sendHeight).observe(main);
  } else {
    window.setInterval(sendHeight, 500);
  }
  window.addEventListener("load", function () {
    sendHeight();
    sendPlace();
  });
  window.addEventListener("hashchange", sendPlace);
})();
